/**
 * "A vault you can trust a production CA to", the window side, driven like a person in Chromium against
 * the real backend (see harness.ts). The native file dialogs are the only fake: they answer with temp paths.
 *
 * - Backup from the dashboard and from Settings (path, size and SHA-256 shown and checked against the
 *   file) → a second installation with an empty vault restores it through First run: a wrong
 *   passphrase, a truncated backup and a closed dialog change nothing; the right one opens the same
 *   authorities.
 * - Passphrase change in Settings (a wrong current passphrase and a mismatch refused at their fields)
 *   → lock → the old passphrase is refused, the new one opens the vault.
 * - Auto-lock: "Never" warns; after N idle minutes on the harness's clock the window shows the unlock
 *   screen saying why; a call answering VAULT_LOCKED anywhere does the same.
 * - A tampered vault (the audit log cut short) → the full-screen refusal naming the file → the folder
 *   moved aside → restored from the backup.
 */
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultAndRoot, ipc } from './flows.js';
import { CertwrightApp, expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'vault security e2e passphrase';
const NEW_PASSPHRASE = 'a different, longer vault passphrase';

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

/** The vault's authorities by common name, sorted, as the Authorities view lists them. */
async function authorityNames(page: Page): Promise<string[]> {
  return (await ipc(page, 'authority.list', {})).map((a) => a.subject.commonName).sort();
}

test('back up from the dashboard and Settings; restore into an empty vault through First run, refusing a wrong passphrase and a truncated file', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-backup-e2e-'));
  const second = new CertwrightApp(app.context, app.origin, await mkdtemp(join(tmpdir(), 'certwright-restore-e2e-')));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Backup Root CA');
    await ipc(page, 'authority.createRoot', { subject: { commonName: 'Second Root CA' } });
    const names = await authorityNames(page);
    expect(names).toEqual(['Backup Root CA', 'Second Root CA']);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // ---- The dashboard: no backup yet, in the warning tone; Back up now… --------------------------------
    await nav.getByRole('button', { name: 'Dashboard' }).click();
    const panel = page.getByRole('region', { name: 'Backup', exact: true });
    await expect(panel.getByText('No backup yet')).toBeVisible();
    await expect(panel.locator('.dash-backup')).toHaveClass(/dash-tone-warning/);
    await screenshot(page, '400-dashboard-no-backup');

    const backupPath = join(dir, 'vault.cwbackup');
    app.dialogAnswers.push(backupPath);
    await panel.getByRole('button', { name: 'Back up now…' }).click();
    const written = panel.getByRole('status').filter({ hasText: 'Backup written' });
    await expect(written).toContainText(backupPath);
    const info = await stat(backupPath);
    expect(info.size).toBeGreaterThan(0);
    await expect(written).toContainText(await sha256(backupPath));
    await expect(panel.getByText('Last backup today')).toBeVisible();
    await expect(panel.locator('.dash-backup')).not.toHaveClass(/dash-tone-warning/);
    await screenshot(page, '401-dashboard-backed-up');

    // ---- Settings → Backup…: a closed dialog writes nothing and says nothing; then a second file --------
    await nav.getByRole('button', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Backup', exact: true });
    await card.getByRole('button', { name: 'Backup…' }).click();
    await expect(card.getByRole('button', { name: 'Backup…' })).toBeEnabled();
    await expect(card.getByRole('status')).toHaveCount(0);
    await expect(card.getByRole('alert')).toHaveCount(0);
    const secondPath = join(dir, 'again.cwbackup');
    app.dialogAnswers.push(secondPath);
    await card.getByRole('button', { name: 'Backup…' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Backup written' })).toContainText(secondPath);
    await expect(card.getByRole('status').filter({ hasText: 'Backup written' })).toContainText(await sha256(secondPath));

    // ---- Settings → Restore…: the backup restored into another empty folder (a drill); this vault untouched --
    const drill = page.getByRole('region', { name: 'Restore', exact: true });
    await drill.getByLabel('Backup passphrase').fill('not the passphrase');
    app.dialogAnswers.push(secondPath, join(dir, 'drill'));
    await drill.getByRole('button', { name: 'Choose backup and folder…' }).click();
    await expect(drill.getByRole('alert')).toContainText('Wrong passphrase for this backup');
    await drill.getByLabel('Backup passphrase').fill(PASSPHRASE);
    app.dialogAnswers.push(secondPath, join(dir, 'drill'));
    await drill.getByRole('button', { name: 'Choose backup and folder…' }).click();
    await expect(drill.getByRole('status')).toContainText(`Restored into ${join(dir, 'drill')}`);
    await expect(drill.getByRole('status')).toContainText('2 authorities');
    await screenshot(page, '410-settings-restore-drill');
    expect(await readdir(join(dir, 'drill'))).toContain('vault.cwv');

    // A backup cut in half.
    const truncatedPath = join(dir, 'truncated.cwbackup');
    const bytes = await readFile(backupPath);
    await writeFile(truncatedPath, bytes.subarray(0, Math.floor(bytes.length / 2)));

    // ---- A second installation, empty: First run → Restore from a backup… ------------------------------
    const other = await second.launch();
    await expect(other.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
    await other.getByRole('button', { name: 'Restore from a backup…' }).click();
    await expect(other.getByRole('heading', { name: 'Restore from a backup' })).toBeVisible();
    const restore = other.getByRole('form', { name: 'Restore from a backup' });

    // Nothing typed: the field says so and nothing is asked of main.
    await restore.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    await expect(restore.getByText('Enter the passphrase of the backup')).toBeVisible();
    expect(second.dialogRequests).toHaveLength(0);

    // A wrong passphrase for a good backup.
    second.dialogAnswers.push(backupPath);
    await restore.getByLabel('Backup passphrase').fill('not the passphrase it had');
    await restore.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    await expect(restore.getByRole('alert')).toContainText('Wrong passphrase for this backup: nothing was restored');
    await expect(restore.getByLabel('Backup passphrase')).toHaveValue('');

    // The right passphrase for a truncated backup: refused with main's reason.
    second.dialogAnswers.push(truncatedPath);
    await restore.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await restore.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    const refused = restore.getByRole('alert');
    await expect(refused).toContainText('This backup cannot be restored: nothing was written');
    await expect(refused.locator('.alert-message')).not.toBeEmpty();
    await screenshot(other, '402-restore-refused');

    // The dialog closed: nothing happens, nothing is said.
    await restore.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    await expect(restore.getByRole('button', { name: 'Choose backup file and restore…' })).toBeEnabled();
    await expect(restore.getByRole('alert')).toHaveCount(0);
    await expect(other.getByRole('heading', { name: 'Restore from a backup' })).toBeVisible();

    // The good backup with its passphrase: straight into the unlocked app, the same authorities.
    second.dialogAnswers.push(backupPath);
    await restore.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    await expect(other.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
    await other.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Authorities' }).click();
    const list = other.getByRole('list', { name: 'Certificate authorities' });
    for (const name of names) await expect(list.getByRole('button', { name: new RegExp(name) })).toBeVisible();
    expect(await authorityNames(other)).toEqual(names);

    expect(app.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  } finally {
    await second.quit();
    await rm(second.vaultDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
});

test('change the passphrase in Settings; the old one no longer unlocks, the new one does', async ({ certwright: app }) => {
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Passphrase Root CA');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const card = page.getByRole('region', { name: 'Passphrase', exact: true });
  await card.getByRole('button', { name: 'Change passphrase…' }).click();
  const form = card.getByRole('form', { name: 'Change passphrase' });
  await expect(form.getByLabel('Current passphrase')).toBeFocused();

  // Checked in the window first: the new one typed differently.
  await form.getByLabel('Current passphrase').fill(PASSPHRASE);
  await form.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
  await expect(form.getByText(/Strength: (fair|strong)\./)).toBeVisible();
  await form.getByLabel('Confirm new passphrase').fill(`${NEW_PASSPHRASE}!`);
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(form.getByText('The two passphrases do not match')).toBeVisible();
  await expect(form.getByLabel('Confirm new passphrase')).toBeFocused();

  // A wrong current passphrase: main refuses it, at its field.
  await form.getByLabel('Confirm new passphrase').fill(NEW_PASSPHRASE);
  await form.getByLabel('Current passphrase').fill('not the current passphrase');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(form.getByLabel('Current passphrase')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Current passphrase')).toHaveValue('');
  await expect(form.getByLabel('Current passphrase')).toBeFocused();
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, '403-passphrase-wrong-current');

  await form.getByLabel('Current passphrase').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(card.getByRole('status')).toContainText('The passphrase was changed');
  await expect(card.getByRole('form', { name: 'Change passphrase' })).toHaveCount(0);

  // Lock, then: the old passphrase is refused, the new one opens the vault.
  await page.getByRole('button', { name: 'Lock vault', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
  await page.getByLabel('Passphrase').fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The window opens on the view it was left on (issue 18: the last view is remembered).
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();

  // And it survives quitting: the next start opens with the new one, on the last view.
  await app.quit();
  const again = await app.launch();
  await again.getByLabel('Passphrase').fill(NEW_PASSPHRASE);
  await again.getByRole('button', { name: 'Unlock' }).click();
  await expect(again.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  expect(app.problems).toEqual([]);
});

test('auto-lock: Never warns, the idle time locks the window with the reason, a VAULT_LOCKED answer anywhere shows Unlock', async ({ certwright: app }) => {
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Idle Root CA');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  const security = page.getByRole('form', { name: 'Security' });
  await expect(security.getByRole('radio', { name: /After a time without use/ })).toBeChecked();
  await expect(security.getByLabel('Minutes without use')).toHaveValue('15');
  await expect(security.getByLabel('Backup reminder (days)')).toHaveValue('7');
  await expect(security.getByRole('button', { name: 'Save security settings' })).toBeDisabled();

  // Never: a visible warning, and the vault stays open however long nobody touches it.
  await security.getByRole('radio', { name: /Never/ }).check();
  await expect(security.getByText('The vault stays unlocked until you lock it or the computer sleeps.')).toBeVisible();
  await security.getByRole('button', { name: 'Save security settings' }).click();
  await expect(security.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await security.scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '404-security-never-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect((await ipc(page, 'settings.get', {})).security).toEqual({ autoLockMinutes: null, backupReminderDays: 7 });
  expect(await app.advanceIdle(6 * 3_600_000)).toBeNull();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();

  // Out-of-range minutes: main's words at the field. Then 5 minutes.
  await security.getByRole('radio', { name: /After a time without use/ }).check();
  await security.getByLabel('Minutes without use').fill('0');
  await security.getByRole('button', { name: 'Save security settings' }).click();
  await expect(security.getByLabel('Minutes without use')).toHaveAttribute('aria-invalid', 'true');
  await expect(security.getByText('At least 1 minute')).toBeVisible();
  await security.getByLabel('Minutes without use').fill('5');
  await security.getByRole('button', { name: 'Save security settings' }).click();
  await expect(security.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // Four idle minutes: still open. Two more: locked, and the window says why.
  expect(await app.advanceIdle(4 * 60_000)).toBeNull();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  expect(await app.advanceIdle(2 * 60_000)).toBe('idle');
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByText(/^Locked after .*without use\.$/)).toBeVisible();
  await screenshot(page, '405-unlock-after-idle');

  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  // The reason went with the unlock screen (Settings itself says "…without use" in its Security card).
  await expect(page.getByText(/^Locked after .*without use\.$/)).toHaveCount(0);

  // Locked behind the window's back (no event): the next call from any view answers VAULT_LOCKED.
  await page.evaluate(() => (window as unknown as { certwright: Record<string, (input: unknown) => Promise<unknown>> }).certwright['vault.lock']!({}));
  await nav.getByRole('button', { name: 'Certificates' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  expect(app.problems).toEqual([]);
});

test('a tampered vault: a full screen that names the file and refuses; moved aside, restored from a backup', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-tamper-e2e-'));
  const aside = `${app.vaultDir}-aside`;
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Tamper Root CA');
    const backupPath = join(dir, 'before.cwbackup');
    app.dialogAnswers.push(backupPath);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Backup', exact: true });
    await card.getByRole('button', { name: 'Backup…' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Backup written' })).toContainText(backupPath);
    await app.quit();

    // Cut the audit log's last entry off while Certwright is closed.
    const log = join(app.vaultDir, 'audit.log');
    const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    await writeFile(log, `${lines.slice(0, -1).join('\n')}\n`);

    const reopened = await app.launch();
    await reopened.getByLabel('Passphrase').fill(PASSPHRASE);
    await reopened.getByRole('button', { name: 'Unlock' }).click();
    await expect(reopened.getByRole('heading', { name: 'The vault failed its integrity check' })).toBeVisible();
    await expect(reopened.getByText('Certwright will not sign, publish or export from this vault.', { exact: true })).toBeVisible();
    const what = reopened.getByRole('alert');
    await expect(what).toContainText('audit.log');
    await expect(what).toContainText(app.vaultDir);
    await expect(reopened.getByRole('heading', { name: 'What to do' })).toBeVisible();
    await screenshot(reopened, '406-vault-tampered');

    // Check again while the folder is still there: the same screen, saying so.
    await reopened.getByRole('button', { name: 'Check again' }).click();
    await expect(reopened.getByText('The vault is still at that location.')).toBeVisible();
    await expect(reopened.getByRole('heading', { name: 'The vault failed its integrity check' })).toBeVisible();

    // Move the folder aside; Check again finds an empty location and offers the restore.
    await rename(app.vaultDir, aside);
    await reopened.getByRole('button', { name: 'Check again' }).click();
    const first = reopened;
    await expect(first.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
    await first.getByRole('button', { name: 'Restore from a backup…' }).click();
    app.dialogAnswers.push(backupPath);
    await first.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await first.getByRole('button', { name: 'Choose backup file and restore…' }).click();
    // The window's preferences outlive the vault's folder: it opens on Settings, where it was left.
    await expect(first.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
    expect(await authorityNames(first)).toEqual(['Tamper Root CA']);
    expect(app.problems).toEqual([]);
  } finally {
    await rm(aside, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
});
