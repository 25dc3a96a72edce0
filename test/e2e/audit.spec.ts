/**
 * The Audit view, driven like a person in Chromium against the real backend (see harness.ts): a root
 * made in the wizard, certificates issued (one by one and 120 in a batch), one revoked and a CRL
 * published through the real channels → the log lists them newest first in words, with the authority's
 * name → "Load more" pages past 100 → filters by kind (one kind, a whole group), authority and date,
 * with an empty state → Verify log says intact → Export JSON and CSV (the save dialog is the only fake),
 * read back.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../shared/domain/audit.js';
import { createVaultAndRoot, ipc } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'audit view e2e passphrase';

/** A date input's value for `days` from today, in the page's (UTC) calendar. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('audit: what the CA keys did, in words; paging, filters, verify, export', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-audit-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Audit Root CA');
    const [root] = await ipc(page, 'authority.list', {});
    const issued = await ipc(page, 'certificate.issue', { authorityId: root!.id, profile: 'server', subject: { commonName: 'orders.audit.internal' }, sans: [{ type: 'dns', value: 'orders.audit.internal' }], validity: { days: 30 } });
    await ipc(page, 'certificate.issueBulk', { authorityId: root!.id, profile: 'client', serviceNames: Array.from({ length: 120 }, (_, i) => `batch-${String(i).padStart(3, '0')}`) });
    await ipc(page, 'certificate.revoke', { ids: [issued.certificate.id], reason: 'keyCompromise' });
    await ipc(page, 'authority.publishCrl', { id: root!.id });
    const all = await ipc(page, 'audit.list', { filter: { kinds: [] }, offset: 0, limit: 500 });
    expect(all.total).toBeGreaterThan(123);

    // ---- The log, newest first, in words ------------------------------------------------------------------
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Audit' }).click();
    await expect(nav.getByRole('button', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name: 'Audit log', exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: 'Audit log' });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(100);
    await expect(page.getByText(`Showing 100 of ${all.total.toLocaleString('en-US')} entries, newest first`)).toBeVisible();
    // The revocation published CRL 1, then CRL 2 was published by hand.
    await expect(rows.nth(0)).toContainText('CRL published');
    await expect(rows.nth(0)).toContainText('Audit Root CA');
    await expect(rows.nth(0).locator('.audit-details')).toContainText('number: 2');
    await expect(rows.nth(1).locator('.audit-details')).toContainText('number: 1');
    await expect(rows.nth(2)).toContainText('Certificate revoked');
    await expect(rows.nth(2).locator('.audit-details')).toContainText('reason: keyCompromise');
    await expect(rows.nth(2).locator('.cell-serial')).toHaveText(new RegExp(`${issued.certificate.serialNumberHex.replace(/:/g, '').slice(-8)}$`, 'i'));
    await screenshot(page, '407-audit-log');

    // ---- Load more: the next page, then the whole log -----------------------------------------------------
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(rows).toHaveCount(Math.min(200, all.total));
    while (await page.getByRole('button', { name: 'Load more' }).isVisible()) await page.getByRole('button', { name: 'Load more' }).click();
    await expect(rows).toHaveCount(all.total);
    await expect(page.getByText(`${all.total.toLocaleString('en-US')} entries, newest first`, { exact: true })).toBeVisible();
    // The oldest: the vault's creation, then the root's.
    await expect(rows.last()).toContainText('Vault created');
    await expect(table.getByRole('row', { name: /Authority created/ })).toContainText('Audit Root CA');

    // ---- Filters: one kind, a group, an authority, dates ---------------------------------------------------
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    const kind = filters.getByLabel('What happened');
    await kind.selectOption({ label: 'Certificate revoked' });
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('reason: keyCompromise');
    await kind.selectOption({ label: 'All revocation, CRL and OCSP' });
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('CRL published');
    await expect(rows.nth(2)).toContainText('Certificate revoked');
    await kind.selectOption({ label: 'Certificate issued' });
    await expect(page.getByText('Showing 100 of 121 entries, newest first')).toBeVisible();
    await filters.getByLabel('Authority').selectOption({ label: 'Audit Root CA' });
    await expect(page.getByText('Showing 100 of 121 entries, newest first')).toBeVisible();

    // Today only: the same; from tomorrow: nothing, with an empty state.
    await filters.getByLabel('From').fill(dayFromToday(0));
    await filters.getByLabel('To').fill(dayFromToday(0));
    await expect(page.getByText('Showing 100 of 121 entries, newest first')).toBeVisible();
    await filters.getByLabel('To').fill(dayFromToday(-1));
    await expect(filters.getByText('The end is before the start')).toBeVisible();
    await filters.getByLabel('To').fill('');
    await filters.getByLabel('From').fill(dayFromToday(1));
    await expect(page.getByRole('heading', { name: 'No entries match' })).toBeVisible();
    await expect(table).toHaveCount(0);
    await screenshot(page, '409-audit-empty');
    await page.getByRole('main').getByRole('button', { name: 'Clear filters' }).last().click();
    await expect(rows).toHaveCount(100);
    await expect(kind).toHaveValue('all');

    // ---- Verify log -------------------------------------------------------------------------------------------
    await kind.selectOption({ label: 'All revocation, CRL and OCSP' });
    await expect(rows).toHaveCount(3);
    await page.getByRole('button', { name: 'Verify log' }).click();
    const intact = page.getByRole('status').filter({ hasText: 'Intact' });
    await expect(intact).toHaveText(/^Intact: [\d,]+ entries, hash chain and signatures check out\.$/);
    const verified = Number((await intact.textContent())!.match(/Intact: ([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(verified).toBeGreaterThanOrEqual(all.total);
    await screenshot(page, '408-audit-verified-filtered');

    // ---- Export: JSON of what the filter shows, then CSV of everything ---------------------------------------
    const jsonPath = join(dir, 'audit.json');
    app.dialogAnswers.push(jsonPath);
    await page.getByRole('button', { name: 'Export JSON…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the filtered audit log as JSON' })).toContainText(jsonPath);
    const exported = JSON.parse(await readFile(jsonPath, 'utf8')) as AuditEntry[];
    expect(exported.map((e) => e.kind)).toEqual(['crl.published', 'crl.published', 'certificate.revoked']);
    const revoked = exported.find((e) => e.kind === 'certificate.revoked')!;
    expect(revoked.authorityId).toBe(root!.id);
    expect(revoked.serial?.toUpperCase()).toBe(issued.certificate.serialNumberHex.replace(/:/g, '').toUpperCase());
    expect(revoked.details.reason).toBe('keyCompromise');

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    const csvPath = join(dir, 'audit.csv');
    app.dialogAnswers.push(csvPath);
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the audit log as CSV' })).toContainText(csvPath);
    const csv = (await readFile(csvPath, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^seq,at,kind,/);
    expect(csv.length - 1).toBeGreaterThanOrEqual(all.total);

    // A closed dialog: nothing written, nothing said.
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect(page.getByRole('button', { name: 'Export CSV…' })).toBeEnabled();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the audit log' })).toHaveCount(0);

    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
