/**
 * Bulk issue cancelled from the window (issue 14), in Chromium against the real backend: 10,000
 * names pasted, the bar moving, "Cancel issuing" pressed while the first batches are signed. Main
 * stops between batches: the result says "Issued N of 10,000 …; cancelled", N whole batches, and
 * exactly those N are in the Certificates view — and in the audit log.
 *
 * The backend runs in the test process, which also carries the window's calls: a cancel can wait a
 * batch or two for its turn on a busy machine (a CI run with 4,000 names once saw all of them issued
 * first), so there are ten batches to cancel in.
 */
import { confirmFromRoot, createVaultAndRoot, ipc } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'bulk cancel, e2e passphrase';

const TOTAL = 10_000;
const total = TOTAL.toLocaleString('en-US');

test('bulk issue of 10,000 cancelled partway: the batches stored stay, the count is said and reachable', async ({ certwright: app }) => {
  test.setTimeout(180_000);
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Acme Root CA');
  await page.getByRole('article').getByRole('button', { name: 'Bulk issue' }).click();
  await expect(page.getByRole('heading', { name: 'Bulk issue', level: 1 })).toBeVisible();
  const names = Array.from({ length: TOTAL }, (_, i) => `svc-${String(i).padStart(5, '0')}`);
  // Pasted at once (Playwright's fill inserts text as typing would: slow for 5,000 lines).
  await page.getByLabel('Service names').evaluate((area: HTMLTextAreaElement, text: string) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, text);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, names.join('\n'));
  await expect(page.getByText(`${total} names`, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Issue ${total} certificates` }).click();
  await confirmFromRoot(page); // issued from the root: its confirmation (issue 17)

  const bar = page.getByRole('progressbar', { name: 'Issuing certificates' });
  await expect(bar).toBeVisible();
  await expect.poll(() => bar.evaluate((b: HTMLProgressElement) => b.value), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
  // Main stops after the batch it is on (the window's bar trails main's events a little).
  const cancel = page.getByRole('button', { name: 'Cancel issuing' });
  await cancel.click();
  await expect(page.getByRole('button', { name: 'Cancelling…' })).toBeVisible();
  await screenshot(page, '333-bulk-cancelling');

  const result = page.getByRole('region', { name: 'Bulk issue result' });
  await expect(result).toContainText(new RegExp(`Issued [\\d,]+ of ${total} client certificates under Acme Root CA; cancelled`), { timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  const issued = Number(/Issued ([\d,]+) of/.exec(text)![1]!.replace(/,/g, ''));
  expect(issued % 1000, `${issued}: whole batches`).toBe(0);
  expect(issued).toBeGreaterThanOrEqual(1000);
  expect(issued).toBeLessThan(TOTAL);
  await expect(result).toContainText(`the other ${(TOTAL - issued).toLocaleString('en-US')} were not made`);
  await screenshot(page, '334-bulk-cancelled');

  // What was said is what is stored, each issuance audited.
  expect((await ipc(page, 'audit.list', { filter: { kinds: ['certificate.issued'] }, offset: 0, limit: 1 })).total).toBe(issued);
  await result.getByRole('button', { name: 'Show certificates' }).click();
  await expect(page.getByText(`${issued.toLocaleString('en-US')} certificates`, { exact: true })).toBeVisible();
  expect(app.problems).toEqual([]);
});
