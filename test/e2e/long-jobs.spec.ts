/**
 * Long jobs and forms (issue 17), in Chromium against the real backend:
 * - a renewal of a couple of thousand certificates cancelled partway: the bar shows at once, Cancel
 *   stops it between certificates, the result says how many of how many, and exactly those are stored;
 * - "Export all" after a bulk issue: one zip (the harness answers the save dialog), opened by `unzip`,
 *   every certificate verified by `openssl verify` against its chain, every key opened by openssl
 *   with the password only;
 * - settings: "Unsaved changes", Save only when there is something to save, Discard, and leaving asks;
 * - a pending intermediate's CSR: its SHA-256 as `openssl req -outform DER | sha256sum` prints it,
 *   and "Save as…" writing the PEM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultAndRoot, ipc, seedLargeVault, unlock } from './flows.js';
import { expect, screenshot, SCREENSHOT_DIR, test } from './harness.js';

const PASSPHRASE = 'long jobs, e2e passphrase';
const ZIP_PASSWORD = 'zip password for the keys';

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('a renewal of thousands cancelled partway: activity at once, whole renewals only, counted', async ({ certwright: app }) => {
  test.setTimeout(180_000);
  await seedLargeVault(app, PASSPHRASE, 10_000, 'Renew Root CA');
  const page = await app.launch();
  await unlock(page, PASSPHRASE);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await page.getByRole('list', { name: 'Expiring certificates' }).getByRole('button', { name: /^Expiring within 90 days/ }).click();
  await page.getByRole('button', { name: 'Renew all expiring within 90 days…' }).click();
  await expect(page.getByText(/^[\d,]+ certificates expire within 90 days: svc-/)).toBeVisible({ timeout: 30_000 });
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
  const start = page.getByRole('button', { name: /^Renew [\d,]+ certificates$/ });
  const asked = Number(/Renew ([\d,]+) certificates/.exec((await start.textContent()) ?? '')![1]!.replace(/,/g, ''));
  expect(asked).toBeGreaterThan(1000);
  await start.click();

  // The bar is there before the first certificate is done, with Cancel beside it.
  const bar = page.getByRole('progressbar', { name: 'Renewing' });
  await expect(bar).toBeVisible();
  const cancel = page.getByRole('button', { name: 'Cancel renewing' });
  await expect(cancel).toBeVisible();
  // The backend runs in this test process and holds its event loop for a batch at a time, so each of
  // Playwright's round trips (a poll, the steps of a click) waits for a batch: on a slow machine the
  // renewal could end before a poll-then-click landed. The window presses Cancel itself, the moment
  // the bar moves: one call to main, as a user's click is.
  await page.evaluate(
    ({ barLabel, cancelLabel }) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const look = () => {
          const moving = document.querySelector<HTMLProgressElement>(`progress[aria-label="${barLabel}"]`);
          const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === cancelLabel);
          if (moving && moving.value > 0 && button) {
            button.click();
            resolve();
          } else if (Date.now() - started > 60_000) reject(new Error('The bar did not move within a minute'));
          else setTimeout(look, 5);
        };
        look();
      }),
    { barLabel: 'Renewing', cancelLabel: 'Cancel renewing' },
  );
  await expect(page.getByRole('button', { name: 'Cancelling…' })).toBeVisible();

  const result = page.getByRole('region', { name: 'Renewal result' });
  await expect(result).toContainText(new RegExp(`Renewed [\\d,]+ of ${asked.toLocaleString('en-US')} certificates; cancelled`), { timeout: 60_000 });
  const renewed = Number(/Renewed ([\d,]+) of/.exec((await result.textContent()) ?? '')![1]!.replace(/,/g, ''));
  expect(renewed).toBeGreaterThanOrEqual(1);
  expect(renewed).toBeLessThan(asked);
  await expect(result.getByRole('list', { name: 'Skipped certificates' }).getByText(/not renewed: the renewal was cancelled before it/).first()).toBeVisible();
  await screenshot(page, '590-renew-cancelled');

  // What was said is what is stored: each renewal whole (the old one linked to its new one).
  const all = await ipc(page, 'certificate.list', {});
  expect(all.filter((c) => c.replacedById !== null)).toHaveLength(renewed);
  expect(all).toHaveLength(10_000 + renewed);
  expect(app.problems).toEqual([]);
});

test('export all after a bulk issue: one zip, a folder each, verified by openssl, keys only with the password', async ({ certwright: app }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-export-all-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Export Root CA');
    const root = (await ipc(page, 'authority.list', {}))[0]!;
    await ipc(page, 'authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Export Issuing CA' } });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Dashboard' }).click();
    await nav.getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Export Issuing CA/ }).click();
    await page.getByRole('article').getByRole('button', { name: 'Bulk issue' }).click();
    await page.getByLabel('Service names').fill('orders\nbilling\nstock');
    await page.getByRole('button', { name: 'Issue 3 certificates' }).click();
    const result = page.getByRole('region', { name: 'Bulk issue result' });
    await expect(result).toContainText('3 client certificates issued under Export Issuing CA');

    await result.getByRole('button', { name: 'Export all…' }).click();
    const panel = result.getByRole('region', { name: 'Export all' });
    await panel.getByRole('button', { name: 'Export 3 certificates…' }).click();
    await expect(panel.getByText('Give a password: every key in the zip is encrypted with it')).toBeVisible();
    await panel.getByLabel('Password for the keys').fill(ZIP_PASSWORD);
    await panel.getByLabel('Repeat the password').fill(ZIP_PASSWORD);
    await screenshot(page, '591-export-all-form');
    const zipPath = join(dir, 'bulk.zip');
    app.dialogAnswers.push(zipPath);
    await panel.getByRole('button', { name: 'Export 3 certificates…' }).click();
    // At once, with Cancel: each key's PBKDF2 runs on the thread pool meanwhile. Taken straight away,
    // not through screenshot(), whose overflow check resizes the window twice (the export is over by then).
    await expect(panel.getByRole('progressbar', { name: 'Exporting certificates' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Cancel export' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, '592-export-all-running.png'), animations: 'disabled', caret: 'hide' });
    await expect(result.getByText(`3 certificates in ${zipPath}, 3 with their keys encrypted.`)).toBeVisible({ timeout: 60_000 });
    expect(app.dialogRequests.at(-1)).toEqual({ kind: 'file', title: 'Export 3 certificates', defaultName: 'certificates-3.zip' });
    await screenshot(page, '593-export-all-done');
    expect((await stat(zipPath)).mode & 0o777).toBe(0o600);

    const out = join(dir, 'unzipped');
    run('unzip', ['-q', zipPath, '-d', out], dir);
    const folders = (await readdir(out)).sort();
    expect(folders).toEqual(['billing-client', 'orders-client', 'stock-client']);
    for (const folder of folders) {
      const at = join(out, folder);
      const files = await readdir(at);
      expect(files).not.toContain('key.pem');
      expect(run('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'ca.pem', '-untrusted', 'chain.pem', 'cert.pem'], at).trim()).toBe('cert.pem: OK');
      expect(run('openssl', ['pkey', '-in', 'key.enc.pem', '-passin', `pass:${ZIP_PASSWORD}`, '-pubout'], at)).toBe(run('openssl', ['x509', '-in', 'cert.pem', '-noout', '-pubkey'], at));
      expect(() => run('openssl', ['pkey', '-in', 'key.enc.pem', '-passin', 'pass:', '-noout'], at)).toThrow();
    }
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('settings mark unsaved changes, save only then, discard, and leaving asks', async ({ certwright: app }) => {
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Settings Root CA');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  const card = page.locator('form', { has: page.getByRole('heading', { name: 'Security' }) });
  const save = card.getByRole('button', { name: 'Save security settings' });
  await expect(save).toBeDisabled();
  await expect(card.getByText('Unsaved changes')).toHaveCount(0);

  const reminder = card.getByLabel('Backup reminder (days)');
  const before = await reminder.inputValue();
  await reminder.fill('14');
  await expect(card.getByText('Unsaved changes')).toBeVisible();
  await expect(save).toBeEnabled();
  await screenshot(page, '594-settings-unsaved');

  // Leaving asks; "Cancel" stays, with the edit kept.
  const questions: string[] = [];
  page.once('dialog', (d) => void (questions.push(d.message()), d.dismiss()));
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  expect(questions).toEqual(['Security settings: your changes are not saved. Leave and discard them?']);
  await expect(reminder).toHaveValue('14');

  // Discard puts back what main holds.
  await card.getByRole('button', { name: 'Discard changes' }).click();
  await expect(reminder).toHaveValue(before);
  await expect(card.getByText('Unsaved changes')).toHaveCount(0);
  await expect(save).toBeDisabled();

  // Saved: nothing unsaved, leaving asks nothing.
  await reminder.fill('21');
  await save.click();
  await expect(card.getByText('Saved', { exact: true })).toBeVisible();
  await expect(card.getByText('Unsaved changes')).toHaveCount(0);
  expect((await ipc(page, 'settings.get', {})).security.backupReminderDays).toBe(21);

  // Edited again, leaving agreed: the edit is dropped.
  await reminder.fill('30');
  page.once('dialog', (d) => void d.accept());
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  expect((await ipc(page, 'settings.get', {})).security.backupReminderDays).toBe(21);

  // A CA's settings: the same marker and Discard.
  await nav.getByRole('button', { name: 'Authorities' }).click();
  const detail = page.getByRole('article');
  await detail.getByRole('tab', { name: 'Settings' }).click();
  const validity = detail.getByLabel('Default validity (days)');
  await validity.fill('45');
  await expect(detail.getByText('Unsaved changes')).toBeVisible();
  await expect(detail.getByText('Not saved', { exact: true })).toBeVisible(); // beside the title, above the fold
  await screenshot(page, '596-ca-settings-unsaved');
  await detail.getByRole('button', { name: 'Discard changes' }).click();
  await expect(validity).toHaveValue('30');
  await expect(detail.getByText('Unsaved changes')).toHaveCount(0);
  await expect(detail.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  expect(app.problems).toEqual([]);
});

test("a pending intermediate's CSR: its SHA-256 is openssl's, and Save as… writes it", async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-csr-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Local Root CA');
    await ipc(page, 'authority.createPending', { subject: { commonName: 'Partner Issuing CA' } });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Dashboard' }).click();
    await nav.getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Partner Issuing CA/ }).click();
    const detail = page.getByRole('article');
    const csrPem = ((await detail.getByLabel('CSR PEM', { exact: true }).textContent()) ?? '').trim();
    expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);

    // The peer's fingerprint of the DER, as colon hex.
    const der = execFileSync('openssl', ['req', '-outform', 'DER'], { input: `${csrPem}\n` });
    const sha = execFileSync('sha256sum', [], { input: der, encoding: 'utf8' });
    const expected = sha.split(' ')[0]!.toUpperCase().match(/../g)!.join(':');
    const fingerprint = detail.getByRole('definition').filter({ hasText: /^[0-9A-F]{2}(:[0-9A-F]{2}){31}/ });
    await expect(fingerprint).toContainText(expected);

    const path = join(dir, 'partner.csr');
    app.dialogAnswers.push(path);
    await detail.getByRole('button', { name: 'Save as…' }).click();
    await expect(detail.getByText(`Saved to ${path}`)).toBeVisible();
    expect(app.dialogRequests.at(-1)).toEqual({ kind: 'file', title: 'Save the request of Partner Issuing CA', defaultName: 'Partner-Issuing-CA.csr' });
    expect((await readFile(path, 'utf8')).trim()).toBe(csrPem);
    run('openssl', ['req', '-in', path, '-verify', '-noout'], dir);
    await screenshot(page, '595-csr-fingerprint-saved');
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an RSA 4096 key generation cancelled: the root is not created, nothing is stored', async ({ certwright: app }) => {
  test.setTimeout(90_000);
  const page = await createVaultAndRoot(app, PASSPHRASE, 'First Root CA');
  await page.getByRole('button', { name: 'New root CA' }).click();
  await page.getByLabel('Common name').fill('Abandoned RSA Root');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /RSA 4096/ }).check();
  const create = page.getByRole('button', { name: 'Create root CA' });
  while (!(await create.isVisible())) await page.getByRole('button', { name: 'Next' }).click();
  await create.click();

  // An RSA 4096 key takes seconds (1.4 s at the least on this machine under load): Cancel lands while it is made.
  await expect(page.getByText('Generating RSA 4096 key')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel key generation' }).click();
  await expect(page.getByText('Cancelled while the RSA 4096 key was being generated: no root CA was created')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'The root CA was not created' })).toBeVisible();
  await screenshot(page, '597-rsa-keygen-cancelled');
  expect((await ipc(page, 'authority.list', {})).map((a) => a.subject.commonName)).toEqual(['First Root CA']);
  expect((await ipc(page, 'audit.list', { filter: { kinds: ['authority.created'] }, offset: 0, limit: 10 })).total).toBe(1);
  expect(app.problems).toEqual([]);
});
