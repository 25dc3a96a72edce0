/**
 * Bulk issue cancelled from the window (issue 14), in Chromium against the real backend: 4,000 names
 * pasted, the bar moving, "Cancel issuing" pressed while the first batches are signed. Main
 * stops between batches: the result says "Issued N of 4,000 …; cancelled", N whole batches, and
 * exactly those N are in the Certificates view — and in the audit log.
 */
import { ipc, createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'bulk cancel, e2e passphrase';

test('bulk issue of 4,000 cancelled partway: the batches stored stay, the count is said and reachable', async ({ certwright: app }) => {
  test.setTimeout(180_000);
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Acme Root CA');
  await page.getByRole('article').getByRole('button', { name: 'Bulk issue' }).click();
  await expect(page.getByRole('heading', { name: 'Bulk issue', level: 1 })).toBeVisible();
  const names = Array.from({ length: 4000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
  // Pasted at once (Playwright's fill inserts text as typing would: slow for 5,000 lines).
  await page.getByLabel('Service names').evaluate((area: HTMLTextAreaElement, text: string) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, text);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, names.join('\n'));
  await expect(page.getByText('4,000 names', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Issue 4,000 certificates' }).click();

  const bar = page.getByRole('progressbar', { name: 'Issuing certificates' });
  await expect(bar).toBeVisible();
  await expect.poll(() => bar.evaluate((b: HTMLProgressElement) => b.value), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
  // Main stops after the batch it is on (the window's bar trails main's events a little).
  const cancel = page.getByRole('button', { name: 'Cancel issuing' });
  await cancel.click();
  await expect(page.getByRole('button', { name: 'Cancelling…' })).toBeVisible();
  await screenshot(page, '333-bulk-cancelling');

  const result = page.getByRole('region', { name: 'Bulk issue result' });
  await expect(result).toContainText(/Issued [\d,]+ of 4,000 client certificates under Acme Root CA; cancelled/, { timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  const issued = Number(/Issued ([\d,]+) of/.exec(text)![1]!.replace(/,/g, ''));
  expect(issued % 1000, `${issued}: whole batches`).toBe(0);
  expect(issued).toBeGreaterThanOrEqual(1000);
  expect(issued).toBeLessThan(4000);
  await expect(result).toContainText(`the other ${(4000 - issued).toLocaleString('en-US')} were not made`);
  await screenshot(page, '334-bulk-cancelled');

  // What was said is what is stored, each issuance audited.
  expect((await ipc(page, 'audit.list', { filter: { kinds: ['certificate.issued'] }, offset: 0, limit: 1 })).total).toBe(issued);
  await result.getByRole('button', { name: 'Show certificates' }).click();
  await expect(page.getByText(`${issued.toLocaleString('en-US')} certificates`, { exact: true })).toBeVisible();
  expect(app.problems).toEqual([]);
});
