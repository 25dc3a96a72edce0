/**
 * 10,000 certificates (issue 14, "Scale"): the Certificates view asks main for windows of rows.
 *
 * A vault is seeded with a root and 10,000 real certificates before the app starts
 * (test/support/inventory.ts: a few seconds), then unlocked as a person does. The list then shows
 * the count main gives, scrolls to its very end (the last row main lists is there, and only a few
 * dozen rows are ever in the page), filters by a name, sorts by expiry and back, and what shows is
 * what the whole list would have shown (test/support/list-reference.ts, the list as the renderer
 * computed it before). No answer carries more than a window: the biggest IPC output is checked.
 */
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import * as reference from '../support/list-reference.js';
import { seedLargeVault, unlock } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'scale spec passphrase';
const COUNT = 10_000;

test('10,000 certificates: counted, scrolled to the end, filtered and sorted in main, a window at a time', async ({ certwright: app }) => {
  test.setTimeout(60_000);
  const started = Date.now();
  const list = await seedLargeVault(app, PASSPHRASE, COUNT);
  expect(list).toHaveLength(COUNT);
  const seededMs = Date.now() - started;
  const now = new Date();
  const shown = (view: Partial<reference.TableView>, sort: reference.SortState = reference.DEFAULT_SORT): CertificateSummary[] =>
    reference.selectRows(reference.sortRows(reference.indexCertificates(list), sort), { query: '', status: 'all', showRetired: false, now, ...view });

  const page = await app.launch();
  await unlock(page, PASSPHRASE);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Certificates' }).click();

  const table = page.getByRole('table', { name: 'Certificates' });
  const count = page.locator('.table-count');
  /** A row's name as every list shows it: "CN · profile" (renderer/app/format.ts certificateLabel). */
  const label = (c: CertificateSummary) => `${c.subject.commonName} · ${c.profile}`;
  const name = (row: number) => table.locator(`tbody tr[aria-rowindex="${row + 2}"] .row-open`);
  const scroller = page.locator('.table-scroll');
  /** Every row of `want` in order: those in view at the top, then scrolled down a screenful at a time. */
  async function expectRows(want: readonly CertificateSummary[]) {
    await scroller.evaluate((s) => (s.scrollTop = 0));
    for (let i = 0; i < want.length; i++) {
      if (i > 0 && i % 8 === 0) await name(i).scrollIntoViewIfNeeded();
      await expect(name(i)).toHaveText(label(want[i]!));
    }
  }

  // ---- The whole inventory, counted in main; the first rows in expiry order -------------------------
  const all = shown({});
  const retired = list.filter(reference.isRetired).length;
  expect(retired).toBeGreaterThan(0);
  await expect(count).toHaveText(`${all.length.toLocaleString('en-US')} of 10,000 certificates`);
  await expect(page.getByLabel(`Show expired and revoked (${retired.toLocaleString('en-US')})`)).not.toBeChecked();
  await expect(table).toHaveAttribute('aria-rowcount', String(all.length + 1));
  await expect(name(0)).toHaveText(label(all[0]!));
  await expect(name(1)).toHaveText(label(all[1]!));

  // ---- Scrolled to the end: the last row is there, fetched as its page came into view -----------------
  await scroller.evaluate((s) => (s.scrollTop = s.scrollHeight));
  await expect(name(all.length - 1)).toHaveText(label(all.at(-1)!));
  await expect(name(all.length - 2)).toHaveText(label(all.at(-2)!));
  expect(await table.locator('tbody tr[data-index]').count()).toBeLessThan(80); // virtualized: a screenful and the overscan
  await name(all.length - 1).scrollIntoViewIfNeeded();
  await screenshot(page, '420-certificates-10k-end');

  // ---- Filtered by a name: the count and the rows main matched ------------------------------------------
  const filter = page.getByLabel('Filter certificates');
  await filter.fill('svc-42');
  const byName = shown({ query: 'svc-42' });
  expect(byName.length).toBeGreaterThan(10); // svc-42, svc-420…, svc-4200…
  await expect(count).toHaveText(`${byName.length} of 10,000 certificates`);
  await expectRows(byName);

  // ---- Sorted by expiry, latest first, then soonest first again --------------------------------------------
  const expires = table.getByRole('columnheader', { name: 'Expires' });
  await expect(expires).toHaveAttribute('aria-sort', 'ascending');
  await expires.getByRole('button').click();
  await expect(expires).toHaveAttribute('aria-sort', 'descending');
  const latest = shown({ query: 'svc-42' }, { key: 'notAfter', direction: 'descending' });
  await expect(count).toHaveText(`${latest.length} of 10,000 certificates`);
  await expectRows(latest);

  // With the retired shown too, and by name: still main's order, the count takes them in.
  await page.getByLabel(`Show expired and revoked (${retired.toLocaleString('en-US')})`).check();
  const withRetired = shown({ query: 'svc-42', showRetired: true }, { key: 'notAfter', direction: 'descending' });
  await expect(count).toHaveText(`${withRetired.length} of 10,000 certificates`);
  await expectRows(withRetired);
  await scroller.evaluate((s) => (s.scrollTop = 0));
  await screenshot(page, '421-certificates-10k-filtered-sorted');

  // ---- Cleared again: the whole list, the latest expiry first, scrolled to its end ------------------------
  await filter.fill('');
  const everything = shown({ showRetired: true }, { key: 'notAfter', direction: 'descending' });
  await expect(count).toHaveText('10,000 certificates');
  await expect(name(0)).toHaveText(label(everything[0]!));
  await scroller.evaluate((s) => (s.scrollTop = s.scrollHeight));
  await expect(name(COUNT - 1)).toHaveText(label(everything.at(-1)!));

  // No answer was the list: the largest IPC output is a window of rows (or the 10,000 ids of a selection, never asked here).
  const largest = Math.max(...app.outputs.map((o) => o.length));
  expect(largest).toBeLessThan(600_000);
  expect(app.problems).toEqual([]);
  test.info().annotations.push({ type: 'timing', description: `seeded ${COUNT} in ${seededMs} ms; whole test ${Date.now() - started} ms; largest IPC output ${largest} bytes` });
});
