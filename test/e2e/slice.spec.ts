/**
 * The first user slice, driven like a person in Chromium against the real backend (see harness.ts):
 * set a vault passphrase → create a root CA in the wizard → see it listed → quit → reopen (locked)
 * → a wrong passphrase shows an error → unlock → it is still there. Then: no private key byte in any
 * IPC output, event, vault file or the page itself.
 */
import { X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/protocol/app-protocol.js';
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';
import { filesBelow, findKeyMaterial } from '../support/key-material.js';
import { readDoc } from '../support/vault-fixtures.js';
import { expect, screenshot, test, type CertwrightApp } from './harness.js';
import type { Page } from '@playwright/test';

const PASSPHRASE = 'correct horse battery staple 42';

async function createVault(app: CertwrightApp, passphrase: string) {
  const page = app.page;
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  // The dashboard is home; these tests start from the Authorities view.
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await openView(page, 'Authorities');
  await expect(page.getByRole('heading', { name: 'Certificate authorities', exact: true })).toBeVisible();
}

async function openView(page: CertwrightApp['page'], name: string) {
  await page.getByRole('navigation').getByRole('button', { name }).or(page.getByRole('navigation').getByRole('link', { name })).first().click();
}

async function expectNoLeaks(app: CertwrightApp, passphrase: string, expectedAuthorities: number) {
  const keys = await app.privateKeys(passphrase);
  expect(keys).toHaveLength(expectedAuthorities);
  const haystacks = [...app.recorded(), ...(await filesBelow(app.vaultDir))];
  if (!app.page.isClosed()) haystacks.push({ where: 'page DOM', bytes: new TextEncoder().encode(await app.page.content()) });
  expect(app.outputs.length).toBeGreaterThan(0);
  expect(findKeyMaterial(haystacks, keys)).toEqual([]);
  for (const key of keys) key.fill(0);
}

/**
 * The CA page has read its CRL, publication server and ACME server states (every tab's panel loads at
 * once): no call is in flight when the vault locks. One that is would rightly answer VAULT_LOCKED (the
 * window is on the unlock screen by then anyway), but this test counts every refusal.
 */
async function detailReadsDone(page: Page): Promise<void> {
  const detail = page.getByRole('article');
  await detail.getByRole('tab', { name: 'Revocation' }).click();
  await expect(page.getByText(/No CRL published yet/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Publication server' }).getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  await detail.getByRole('tab', { name: 'Certificates' }).click();
  await expect(page.getByRole('status', { name: 'ACME server state' })).toHaveText('Off.');
  await detail.getByRole('tab', { name: 'Overview' }).click();
}

test('first run, root CA wizard, quit and reopen, wrong and right passphrase', async ({ certwright: app }) => {
  app.scryptN = undefined; // this vault is made at the app's own KDF cost (the others' cheaper one: harness.ts E2E_SCRYPT_N)
  let page = await app.launch();

  // ---- First run: a passphrase, confirmed ------------------------------------------------------
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await expect(page.getByRole('banner')).toHaveCount(0); // no app chrome before the vault exists
  // index.html carries the app's policy too (all but frame-ancestors, which a <meta> cannot set).
  const metaPolicy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(metaPolicy).toBe(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; '));
  await screenshot(page, '01-first-run');

  const passphrase = page.getByLabel('Passphrase', { exact: true });
  await passphrase.fill('short');
  await expect(page.getByText('Strength: too short')).toBeVisible();
  await passphrase.fill(PASSPHRASE);
  await expect(page.getByText(/Strength: (fair|strong)/)).toBeVisible();
  await page.getByLabel('Confirm passphrase').fill(`${PASSPHRASE}!`);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByText('The two passphrases do not match')).toBeVisible();
  await expect(page.getByLabel('Confirm passphrase')).toBeFocused();
  await screenshot(page, '02-first-run-mismatch');

  await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();

  // ---- An empty vault -----------------------------------------------------------------------------
  await expect(page.getByRole('heading', { name: 'No certificate authorities yet' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Certwright');
  expect((await readDoc(app.vaultDir, 'vault')).kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  await screenshot(page, '03-authorities-empty');

  // ---- Wizard, step 1: identity, validated as you type ----------------------------------------------
  await page.getByRole('button', { name: 'New root CA' }).click();
  await expect(page.getByRole('heading', { name: 'Who is this authority?' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Common name is required')).toBeVisible();
  await expect(page.getByLabel('Common name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Common name').fill('Acme Internal Root CA');
  await expect(page.getByText('Common name is required')).toHaveCount(0);
  await page.getByLabel(/^Organization( \(optional\))?$/).fill('Acme Corp');
  const country = page.getByLabel(/^Country/);
  await country.fill('Deu');
  await expect(page.getByText('Country must be a two-letter ISO 3166 code, such as DE or US')).toBeVisible();
  await screenshot(page, '04-wizard-identity-error');
  await country.fill('de');
  await expect(page.getByText(/two-letter ISO 3166 code, such as/)).toHaveCount(0);
  await expect(page.getByText('CN=Acme Internal Root CA,O=Acme Corp,C=DE')).toBeVisible();
  await screenshot(page, '05-wizard-identity');
  await page.getByRole('button', { name: 'Next' }).click();

  // ---- Step 2: key and validity ---------------------------------------------------------------------
  await expect(page.getByRole('heading', { name: 'Key and validity' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /ECDSA P-256/ })).toBeChecked(); // the default
  await expect(page.getByLabel('Validity (days)')).toHaveValue('3650');
  const tenYears = new Date(Date.now() + 3650 * 86_400_000).getUTCFullYear();
  await expect(page.getByText(/^Expires \d{4}-\d\d-\d\d\. Roots/)).toContainText(String(tenYears));
  await page.getByRole('radio', { name: /ECDSA P-384/ }).check();
  await page.getByLabel('Validity (days)').fill('abc');
  await expect(page.getByText('Validity must be a whole number of days')).toBeVisible();
  await page.getByRole('button', { name: '20 years' }).click();
  await expect(page.getByLabel('Validity (days)')).toHaveValue('7300');
  await page.getByLabel(/Path length constraint/).fill('1');
  await screenshot(page, '06-wizard-key');
  await page.getByRole('button', { name: 'Next' }).click();

  // ---- Step 3: review -------------------------------------------------------------------------------
  await expect(page.getByRole('heading', { name: 'Review', exact: true })).toBeVisible();
  const review = page.getByRole('form');
  await expect(review).toContainText('CN=Acme Internal Root CA,O=Acme Corp,C=DE');
  await expect(review).toContainText('ECDSA P-384');
  await expect(review).toContainText('7,300 days');
  await expect(review.locator('.fact', { hasText: 'Path length' }).getByRole('definition')).toHaveText('1');
  await screenshot(page, '07-wizard-review');

  // ---- Step 4: create ------------------------------------------------------------------------------
  await page.getByRole('button', { name: 'Create root CA' }).click();
  const list = page.getByRole('list', { name: 'Certificate authorities' });
  const item = list.getByRole('button', { name: /Acme Internal Root CA/ });
  await expect(item).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'was created' })).toBeVisible();
  await expect(item).toContainText(/ECDSA P-384 · 7,29\d days left/);
  await expect(item).toContainText(/Expires 20\d\d-\d\d-\d\d/);
  await screenshot(page, '08-authorities-list');

  // ---- The details, and the PEM the screen shows ------------------------------------------------------
  await item.click();
  const detail = page.getByRole('article');
  await expect(detail.getByRole('heading', { name: 'Acme Internal Root CA' })).toBeVisible();
  const pem = (await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/);
  const cert = new X509Certificate(pem);
  expect(cert.subject).toContain('CN=Acme Internal Root CA');
  expect(cert.ca).toBe(true);
  // The fingerprint shown is the one of the certificate shown, in the detail and (shortened) in the list.
  const fingerprint = cert.fingerprint256;
  const facts = page.getByRole('definition');
  await expect(detail.getByText('SHA-256 fingerprint').locator('..')).toContainText(fingerprint.split(':').slice(0, 16).join(':'));
  await expect(item.locator('[title]')).toHaveAttribute('title', `SHA-256 ${fingerprint}`);
  await expect(item).toContainText(fingerprint.split(':').slice(0, 4).join(':'));
  const subjectDn = detail.locator('.fact', { hasText: 'Subject' }).first().getByRole('definition');
  for (const rdn of ['CN=Acme Internal Root CA', 'O=Acme Corp', 'C=DE']) await expect(subjectDn).toContainText(rdn);
  await expect(facts.filter({ hasText: cert.serialNumber })).toHaveCount(1);
  await expect(detail.locator('.fact', { hasText: 'Path length' }).getByRole('definition')).toHaveText('1');
  await expect(detail.getByText('ecdsa-with-SHA384')).toBeVisible();

  // List and details, tall enough to show the PEM; then the same in dark.
  await page.setViewportSize({ width: 1280, height: 1120 });
  await screenshot(page, '09-authority-detail');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '10-authority-detail-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Copy certificate PEM' }).click();
  await expect(page.getByRole('button', { name: 'Copy certificate PEM' })).toContainText('Copied');
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(pem.trim());
  await screenshot(page, '11-pem-copied');

  // ---- The other views say what will come --------------------------------------------------------------
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Certificates' }).click();
  await expect(page.getByRole('heading', { name: 'No certificates yet' })).toBeVisible();
  await nav.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByText(/PKCS#12/)).toBeVisible();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Lock vault now' })).toBeVisible();
  await screenshot(page, '12-settings');
  await nav.getByRole('button', { name: 'Authorities' }).click();
  await expect(item).toBeVisible();
  await detailReadsDone(page);

  // ---- Quit, reopen: locked ------------------------------------------------------------------------
  await app.quit();
  page = await app.launch();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await screenshot(page, '13-unlock');

  await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('That passphrase is not correct; the vault stays locked');
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeFocused();
  await screenshot(page, '14-unlock-wrong-passphrase');

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // It reopens on the view it was left on (issue 18): Authorities.
  await expect(page.getByRole('heading', { name: 'Certificate authorities', exact: true })).toBeVisible();
  await openView(page, 'Authorities');
  await expect(page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Acme Internal Root CA/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Certificate authorities' })).toContainText(fingerprint.split(':').slice(0, 4).join(':'));
  await screenshot(page, '15-unlocked-again');
  await detailReadsDone(page);

  // ---- Lock from the header ------------------------------------------------------------------------
  await page.getByRole('banner').getByRole('button', { name: 'Lock vault' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();

  // ---- Security: no key material anywhere it must not be, and a clean console ----------------------------
  await expectNoLeaks(app, PASSPHRASE, 1);
  const wrong = app.outputs.map((o, i) => ({ channel: app.outputChannels[i], ...(JSON.parse(o) as { ok: boolean; error?: { code: string } }) })).filter((r) => !r.ok);
  expect(wrong.map((r) => `${r.channel}: ${r.error?.code}`)).toEqual(['vault.unlock: WRONG_PASSPHRASE']);
  expect(app.problems).toEqual([]);
});

test('an RSA 4096 root shows real progress while its key is generated', async ({ certwright: app }) => {
  const page = await app.launch();
  await createVault(app, PASSPHRASE);

  await page.getByRole('button', { name: 'New root CA' }).click();
  await page.getByLabel('Common name').fill('Slow RSA Root');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /RSA 4096/ }).check();
  await expect(page.getByText('Large and slow; generation can take several seconds.')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('form')).toContainText('generation can take a few seconds');
  await page.getByRole('button', { name: 'Create root CA' }).click();

  const progress = page.getByRole('progressbar', { name: 'Creating root CA' });
  await expect(progress).toBeVisible();
  await expect(page.getByText('Generating RSA 4096 key')).toBeVisible();
  await screenshot(page, '20-rsa-progress');

  const item = page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Slow RSA Root/ });
  await expect(item).toBeVisible({ timeout: 45_000 });
  await expect(item).toContainText('RSA 4096');
  await expect(progress).toHaveCount(0);

  // The bar was fed by real events for this operation, in order, ending complete.
  const steps = app.events.map((e) => JSON.parse(e) as { event: string; payload: { operationId: string; step: Msg; done: number; total: number } });
  expect(steps.every((s) => s.event === 'operation.progress')).toBe(true);
  expect(new Set(steps.map((s) => s.payload.operationId)).size).toBe(1);
  expect(steps.map((s) => s.payload.done)).toEqual([0, 1, 2, 3]);
  // The step crosses as data (a catalog key and its parameters); the window words it.
  expect(english(steps[0]!.payload.step)).toBe('Generating RSA 4096 key');

  await expectNoLeaks(app, PASSPHRASE, 1);
  expect(app.problems).toEqual([]);
});

test('the harness serves dist/renderer only, with the app\'s CSP', async ({ staticServer }) => {
  const get = (path: string, method = 'GET') =>
    new Promise<{ status: number; csp: string | undefined }>((done, fail) => {
      // node:http sends the path exactly as given: no URL normalization hides a traversal attempt.
      const req = request(`${staticServer.origin}/`, { path, method }, (res) => {
        res.resume();
        done({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined });
      });
      req.on('error', fail);
      req.end();
    });
  expect(await get('/index.html')).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY });
  expect((await get('/')).status).toBe(200);
  for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/app.js%00.map', '/nope.js']) {
    expect([400, 403, 404], path).toContain((await get(path)).status);
  }
  expect((await get('/index.html', 'POST')).status).toBe(405);
});
