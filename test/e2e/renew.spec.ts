/**
 * Renewal and rekeying, and the Certificates list that finds what to renew, driven like a person in
 * Chromium against the real backend (see harness.ts): a root and an intermediate, 20 client
 * certificates bulk-issued → tick five in the list → "Renew 5 selected…" (same key, the old ones
 * revoked as superseded at once) → a real progress bar → the result → the new certificates listed,
 * the old ones hidden until "Show expired and revoked", then Revoked (Superseded). OpenSSL checks a
 * renewed certificate chains to the root and certifies the same public key; a rekey gives a new one.
 * Then the list's filter, status filter, sorting and its CSV export (the save dialog is the only fake).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { runPeer } from '../support/peers.js';
import { createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'renewal e2e passphrase';
const NAMES = Array.from({ length: 20 }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`);
const CSV_HEADER = 'id,common_name,profile,issuer,status,serial,not_before,not_after,effective_not_after,sans,key,sha256,revoked_at,revocation_reason,replaces,replaced_by';

/** The open certificate's PEM, from its detail pane. */
async function detailPem(page: Page): Promise<string> {
  const pem = page.getByRole('article').getByLabel('Certificate PEM', { exact: true });
  await expect(pem).toContainText('BEGIN CERTIFICATE');
  return `${((await pem.textContent()) ?? '').trim()}\n`;
}

/** The public key a PEM certificate certifies, as `openssl x509 -pubkey` prints it. */
async function publicKey(dir: string, name: string, pem: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, pem);
  const out = await runPeer('openssl', ['x509', '-in', path, '-pubkey', '-noout']);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain('BEGIN PUBLIC KEY');
  return out.stdout;
}

test('renew five ticked in the list, rekey one from its detail pane, filter, sort and export the list', async ({ certwright: app }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-renew-e2e-'));
  try {
    // ---- A root, an intermediate, 20 client certificates ---------------------------------------------
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Renew Root CA');
    const detail = page.getByRole('article');
    await writeFile(join(dir, 'root.pem'), await detailPem(page));
    await detail.getByRole('button', { name: 'New intermediate' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Renew Issuing CA');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create intermediate CA' }).click();
    await expect(detail.getByRole('heading', { name: 'Renew Issuing CA' })).toBeVisible();
    await writeFile(join(dir, 'intermediate.pem'), await detailPem(page));

    await detail.getByRole('button', { name: 'Bulk issue' }).click();
    await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Renew Issuing CA/);
    await page.getByLabel('Service names').fill(NAMES.join('\n'));
    await page.getByRole('button', { name: 'Issue 20 certificates' }).click();
    const issued = page.getByRole('region', { name: 'Bulk issue result' });
    await expect(issued).toContainText('20 client certificates issued under Renew Issuing CA', { timeout: 30_000 });
    await issued.getByRole('button', { name: 'Show certificates' }).click();

    // ---- The list: tick five, keep svc-01's and svc-02's certificates to compare with later ------------
    const table = page.getByRole('table', { name: 'Certificates' });
    const filter = page.getByLabel('Filter certificates');
    await expect(page.getByText('20 certificates', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Show expired and revoked (0)')).not.toBeChecked();
    await table.getByRole('row').filter({ hasText: 'svc-01' }).getByRole('button', { name: 'svc-01' }).click();
    const oldPem = await detailPem(page);
    const oldKey = await publicKey(dir, 'old-svc-01.pem', oldPem);
    for (const name of NAMES.slice(0, 5)) await table.getByRole('checkbox', { name: new RegExp(`^Select ${name} `) }).check();
    await expect(page.getByRole('button', { name: 'Revoke 5 selected…' })).toBeVisible();
    await page.getByRole('button', { name: 'Renew 5 selected…' }).click();

    // ---- The wizard: renew (same key), the CA's default, revoke the old ones at once -------------------
    await expect(page.getByRole('heading', { name: 'Renew 5 certificates', level: 1 })).toBeVisible();
    await expect(page.getByRole('radio', { name: /^Renew/ })).toBeChecked();
    await expect(page.getByText(/each deployment only swaps the certificate file/)).toBeVisible();
    await expect(page.getByText(/when the key may have been exposed/)).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('radio', { name: /The CA's default/ })).toBeChecked();
    await expect(page.getByText("30 days (Renew Issuing CA's default)")).toBeVisible();
    await page.getByRole('radio', { name: /A number of days/ }).check();
    await page.getByLabel('Validity (days)').fill('99999');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Validity can be at most 3650 days')).toBeVisible();
    await page.getByRole('radio', { name: /The CA's default/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('radio', { name: /Keep it until it expires/ })).toBeChecked(); // a renewal keeps them by default
    await page.getByRole('radio', { name: /Revoke it as superseded after an overlap/ }).check();
    await expect(page.getByLabel('Overlap (days)')).toHaveValue('7');
    await page.getByLabel('Overlap (days)').fill('91');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('The overlap can be at most 90 days')).toBeVisible();
    await page.getByRole('button', { name: 'At once' }).click();
    await expect(page.getByLabel('Overlap (days)')).toHaveValue('0');
    await expect(page.getByText('Revoked at once, as soon as the new certificate is issued.')).toBeVisible();
    await screenshot(page, '390-renew-options');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('5 certificates will be renewed.')).toBeVisible();
    const review = page.getByLabel('Renewal', { exact: true });
    await expect(review).toContainText('svc-01 · client, svc-02 · client, svc-03 · client, svc-04 · client, svc-05 · client');
    await expect(review).toContainText('Kept: each new certificate certifies the key already in use');
    await expect(review).toContainText('The old certificates are revoked as superseded at once');

    // Every value the bar shows, as the page renders it.
    await page.evaluate(() => {
      const seen: Array<[number, number]> = [];
      (window as unknown as { renewProgress: typeof seen }).renewProgress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('progress');
        if (bar && (seen.at(-1)?.[0] !== bar.value || seen.at(-1)?.[1] !== bar.max)) seen.push([bar.value, bar.max]);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
    });
    const eventsBefore = app.events.length;
    await page.getByRole('button', { name: 'Renew 5 certificates' }).click();
    const result = page.getByRole('region', { name: 'Renewal result' });
    await expect(result).toContainText('Renewed 5 certificates', { timeout: 30_000 });
    await expect(result).toContainText('The old certificates were revoked as superseded, and the CRL was published.');
    const links = result.getByRole('list', { name: 'New certificates' });
    await expect(links.getByRole('listitem')).toHaveCount(5);
    await screenshot(page, '391-renew-progress-or-result');
    // The bar was fed by main's events for this one operation, and reached its end.
    const progress = app.events.slice(eventsBefore).map((e) => (JSON.parse(e) as { payload: { operationId: string; step: { key: string; params?: Record<string, number> }; done: number; total: number } }).payload);
    expect(new Set(progress.map((p) => p.operationId)).size).toBe(1);
    // Batches grow (1, 2, 4 …) so a cancel can land early; the last one ends at the fifth certificate.
    // Each step is main's catalog message ("Renewing 4–5 of 5"), worded by the window.
    expect(progress.map((p) => p.step)).toContainEqual({ key: 'renew:progress.renewingRange', params: expect.objectContaining({ to: 5, total: 5 }) });
    expect(progress.at(-1)).toMatchObject({ step: { key: 'renew:progress.done' }, done: 5, total: 5 });
    const bar = await page.evaluate(() => (window as unknown as { renewProgress: Array<[number, number]> }).renewProgress);
    expect(bar.length, JSON.stringify(bar)).toBeGreaterThan(0);
    expect(bar.map(([value]) => value)).toEqual([...bar.map(([value]) => value)].sort((a, b) => a - b));

    // ---- The list: the new ones in, the old ones hidden until asked for, then Revoked (Superseded) ------
    await result.getByRole('button', { name: 'Show certificates' }).click();
    // The flash, not its copy in the screen-reader announcer.
    await expect(page.locator('#content').getByText('Renewed 5 certificates.')).toBeVisible();
    await expect(page.getByText('20 of 25 certificates')).toBeVisible();
    await filter.fill('svc-01');
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('Renewal');
    await expect(table.getByRole('row').nth(1)).toContainText('Valid');
    const toggle = page.getByLabel('Show expired and revoked (5)');
    await toggle.check();
    await expect(table.getByRole('row')).toHaveCount(3);
    const superseded = table.getByRole('row').filter({ hasText: 'Superseded' });
    await expect(superseded).toHaveCount(1);
    await expect(superseded).toContainText('Revoked');
    await toggle.uncheck();
    await filter.fill('');
    await expect(page.getByText('20 of 25 certificates')).toBeVisible();
    await page.getByLabel('Status').selectOption('revoked'); // asking for revoked ones shows them
    await expect(table.getByRole('row')).toHaveCount(1 + 5);
    await expect(table.getByRole('row').filter({ hasText: 'Superseded' })).toHaveCount(5);
    await page.getByLabel('Status').selectOption('all');

    // The renewed svc-01 chains to the root through the intermediate, and certifies the same key.
    await filter.fill('svc-01');
    await table.getByRole('row').nth(1).getByRole('button', { name: 'svc-01' }).click();
    const newPem = await detailPem(page);
    expect(newPem).not.toBe(oldPem);
    await writeFile(join(dir, 'new-svc-01.pem'), newPem);
    const verified = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'intermediate.pem'), join(dir, 'new-svc-01.pem')]);
    expect(`${verified.stdout}${verified.stderr}`.trim()).toBe(`${join(dir, 'new-svc-01.pem')}: OK`);
    expect(await publicKey(dir, 'new-svc-01.pem', newPem)).toBe(oldKey);

    // ---- Rekey svc-02 from its detail pane: a new key pair; the old one revoked after the overlap --------
    await filter.fill('svc-02');
    await table.getByRole('row').nth(1).getByRole('button', { name: 'svc-02' }).click();
    const renewedPem = await detailPem(page);
    const renewedKey = await publicKey(dir, 'renewed-svc-02.pem', renewedPem);
    const rekeyButton = page.getByRole('article').getByRole('button', { name: 'Rekey…' });
    if ((await rekeyButton.count()) > 0) {
      await rekeyButton.click();
    } else {
      // The detail pane has no Rekey… yet: the list, with one ticked.
      await table.getByRole('checkbox', { name: /^Select svc-02 / }).check();
      await page.getByRole('button', { name: 'Renew 1 selected…' }).click();
      await page.getByRole('radio', { name: /^Rekey/ }).check();
    }
    await expect(page.getByRole('heading', { name: 'Rekey svc-02', level: 1 })).toBeVisible();
    await expect(page.getByRole('radio', { name: /^Rekey/ })).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('radio', { name: /Revoke it as superseded after an overlap/ })).toBeChecked(); // a rekey revokes by default
    await expect(page.getByLabel('Overlap (days)')).toHaveValue('7');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Renewal', { exact: true })).toContainText('A new key pair of the same type for each');
    await page.getByRole('button', { name: 'Rekey 1 certificate' }).click();
    const rekeyed = page.getByRole('region', { name: 'Renewal result' });
    await expect(rekeyed).toContainText('Rekeyed “svc-02 · client”', { timeout: 30_000 });
    await expect(rekeyed).toContainText('will be revoked as superseded on');
    await rekeyed.getByRole('list', { name: 'New certificates' }).getByRole('button', { name: 'svc-02' }).click();
    const rekeyedPem = await detailPem(page);
    expect(await publicKey(dir, 'rekeyed-svc-02.pem', rekeyedPem)).not.toBe(renewedKey);
    await writeFile(join(dir, 'rekeyed-svc-02.pem'), rekeyedPem);
    const rekeyedVerified = await runPeer('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'intermediate.pem'), join(dir, 'rekeyed-svc-02.pem')]);
    expect(rekeyedVerified.stdout.trim()).toBe(`${join(dir, 'rekeyed-svc-02.pem')}: OK`);
    // The renewed svc-02 it replaced is still valid for the overlap, but out of the list until asked for.
    await expect(page.getByText('20 of 26 certificates')).toBeVisible();
    await page.getByLabel('Show expired and revoked (6)').check();
    await filter.fill('svc-02');
    await expect(table.getByRole('row')).toHaveCount(1 + 3);
    await expect(table.getByRole('row').filter({ hasText: /Replaced; revoked on/ })).toContainText('Valid');
    await page.getByLabel('Show expired and revoked (6)').uncheck();

    // ---- Filter, sort, the hide toggle ------------------------------------------------------------------
    await filter.fill('svc-1');
    await expect(table.getByRole('row')).toHaveCount(1 + 10);
    await expect(page.getByText('10 of 26 certificates')).toBeVisible();
    const cn = table.getByRole('columnheader', { name: 'Common name' });
    await cn.getByRole('button').click();
    await expect(cn).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.getByRole('row').nth(1)).toContainText('svc-10');
    await cn.getByRole('button').click();
    await expect(cn).toHaveAttribute('aria-sort', 'descending');
    await expect(table.getByRole('row').nth(1)).toContainText('svc-19');
    const serial = (await table.getByRole('row').nth(1).locator('.cell-serial').getAttribute('title')) ?? '';
    await filter.fill(serial.slice(0, 14).replace(/:/g, ' ')); // serials match with spaces for colons
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('svc-19');
    await filter.fill('svc-0');
    await expect(table.getByRole('row')).toHaveCount(1 + 9); // svc-01 … svc-09, the replaced ones hidden
    await expect(table.getByRole('columnheader', { name: 'Expires' })).toBeVisible();
    await expect(table.getByRole('row').nth(1)).toContainText(/expires in (29|30) days/);
    await page.getByLabel('Show expired and revoked (6)').check();
    await expect(table.getByRole('row')).toHaveCount(1 + 9 + 6);
    await screenshot(page, '392-certificates-filtered');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '393-certificates-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Show expired and revoked (6)').uncheck();

    // ---- Export what is shown: cancelled (nothing happens), then CSV ------------------------------------
    await filter.fill('svc-1');
    await expect(table.getByRole('row')).toHaveCount(1 + 10);
    const asked = app.dialogRequests.length;
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(() => app.dialogRequests.length).toBe(asked + 1);
    await expect(page.getByRole('button', { name: 'Export JSON' })).toBeEnabled();
    await expect(page.getByText(/^Saved \d+ certificates/)).toHaveCount(0);
    const csvPath = join(dir, 'certificates.csv');
    app.dialogAnswers.push(csvPath);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.locator('#content').getByText(`Saved 10 certificates as CSV to ${csvPath}`)).toBeVisible();
    expect(app.dialogRequests.at(-1)).toEqual({ kind: 'file', title: 'Save 10 certificates as CSV', defaultName: 'certificates.csv' });
    const lines = (await readFile(csvPath, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(1 + 10);
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(NAMES.slice(9, 19));

    // ---- The dashboard's filter arrives as a removable chip; "Renew all expiring…" takes it along ----------
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('list', { name: 'Expiring certificates' }).getByRole('button', { name: /^Expiring within 30 days/ }).click();
    const chip = page.getByRole('button', { name: 'Remove the filter: Expiring within 30 days' });
    await expect(chip).toBeVisible();
    await expect(page.getByText('20 of 26 certificates')).toBeVisible(); // every one in service: they live 30 days
    await page.getByRole('button', { name: 'Renew all expiring within 30 days…' }).click();
    await expect(page.getByRole('heading', { name: 'Renew certificates expiring within 30 days', level: 1 })).toBeVisible();
    await expect(page.getByText(/^20 certificates expire within 30 days: svc-/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await nav.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('list', { name: 'Expiring certificates' }).getByRole('button', { name: /^Expiring within 30 days/ }).click();
    await page.getByLabel('Show expired and revoked (6)').check(); // the chip still keeps to those in service
    await filter.fill('svc-02');
    await expect(table.getByRole('row')).toHaveCount(1 + 1);
    await chip.click();
    await expect(chip).toHaveCount(0);
    await expect(table.getByRole('row')).toHaveCount(1 + 3);
    await expect(page.getByText('3 of 26 certificates')).toBeVisible();

    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
