/**
 * The overflow check that every screenshot runs (overflow-check.ts) finds what it should and
 * nothing else: a button spilling out of its card, a cell cut off, and a card that only overflows
 * at 1024×768 fail; a scrolling box and an ellipsis pass; the viewport is put back.
 */
import { expect, test } from '@playwright/test';
import { assertNoOverflow, findOverflows } from './overflow-check.js';

const PAGE = (body: string) => `<!doctype html><html><head><style>
  body { margin: 0; font: 14px sans-serif; }
  .card { border: 1px solid #999; padding: 8px; }
  button { white-space: nowrap; }
</style></head><body>${body}</body></html>`;

test('a button wider than its card is named, with its text and where it is', async ({ page }) => {
  await page.setContent(PAGE('<div class="card" id="result" style="width: 160px"><button class="btn">Open server certificate and much more</button></div>'));
  const found = await findOverflows(page);
  expect(found.map((o) => o.selector)).toEqual(['div#result.card']);
  expect(found[0]!.text).toBe('Open server certificate and much more');
  await expect(assertNoOverflow(page, 'spill')).rejects.toThrow(/at 1280×800: “Open server certificate and much more” \(div#result\.card\) is \d+px wide in a \d+px box/);
});

test('a table cell that cuts its text off fails; one ending in an ellipsis passes', async ({ page }) => {
  await page.setContent(
    PAGE(`<table style="table-layout: fixed; width: 200px"><tr>
      <td id="cut" style="width: 100px; overflow: hidden; white-space: nowrap">AB:CD:EF:01:23:45:67:89:AB:CD</td>
      <td id="ellipsis" style="width: 100px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">AB:CD:EF:01:23:45:67:89:AB:CD</td>
    </tr></table>`),
  );
  expect((await findOverflows(page)).map((o) => o.selector)).toEqual(['table > tbody > tr > td#cut']);
});

test('a box that scrolls passes, and so does a page where everything fits', async ({ page }) => {
  await page.setContent(PAGE('<div class="table-card" style="width: 200px; overflow-x: auto"><table style="width: 600px"><tr><td>wide</td></tr></table></div><div class="card"><button>Fits</button></div>'));
  expect(await findOverflows(page)).toEqual([]);
  await assertNoOverflow(page, 'fits');
});

test('the main area may scroll down, never sideways', async ({ page }) => {
  await page.setContent(PAGE('<main class="content" style="overflow: auto; width: 400px; height: 200px"><div style="height: 900px">tall is fine</div></main>'));
  expect(await findOverflows(page)).toEqual([]);
  await page.setContent(PAGE('<main class="content" style="overflow: auto; width: 400px"><header style="display: flex; white-space: nowrap"><h1>Certificate authorities</h1><span>Import an existing CA · New root CA</span></header></main>'));
  expect((await findOverflows(page)).map((o) => o.selector)).toEqual(['main.content']);
});

test('what only overflows at 1024×768 fails, and the viewport is put back', async ({ page }) => {
  await page.setContent(PAGE('<div class="card" style="width: calc(100vw - 200px)"><button style="width: 1000px">Next</button></div>'));
  expect(await findOverflows(page)).toEqual([]); // 1080 px wide at 1280
  await expect(assertNoOverflow(page, 'narrow')).rejects.toThrow(/at 1024×768: “Next”/);
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
});
