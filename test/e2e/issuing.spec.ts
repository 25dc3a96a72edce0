/**
 * "Issue certificates", driven like a person in Chromium against the real backend (see harness.ts):
 * root CA → its settings → an intermediate with name constraints (clamped to the root) → an mTLS pair
 * in ≤ 6 actions → a server certificate with an IDN SAN and the validity rules → a CSR made by
 * `openssl req` (refused under the constrained intermediate, signed by the root) → a CSR asking to be a
 * CA (offered only as a sub-CA) → the Certificates view: filter, sort, detail, chain. Then an offline intermediate:
 * its CSR signed by an outside openssl CA, a wrong certificate refused, the right one imported.
 *
 * What the screen shows is checked by outside peers: the PEMs read from the detail panes must pass
 * `openssl verify -x509_strict` with the right purpose.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { confirmFromRoot, createVaultAndRoot } from './flows.js';
import { expect, REPO_ROOT, screenshot, test } from './harness.js';

const PASSPHRASE = 'issuing certificates, e2e passphrase';
const DAY = 86_400_000;

function openssl(args: readonly string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `openssl verify -x509_strict`: its verdict line, or the whole complaint. */
function verify(cwd: string, purpose: 'sslclient' | 'sslserver', root: string, untrusted: string | null, leaf: string): string {
  const args = ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', root, ...(untrusted ? ['-untrusted', untrusted] : []), leaf];
  try {
    return openssl(args, cwd).trim();
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
  }
}

function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => `${m[0]}\n`);
}

/** YYYY-MM-DD in UTC (the harness runs the page in UTC). */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}


/** The certificate and chain PEMs the open certificate detail pane shows. */
async function detailPems(page: Page): Promise<{ leaf: string; chain: string[] }> {
  const leaf = (await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
  const chain = pemBlocks((await page.getByLabel('Chain PEM', { exact: true }).textContent()) ?? '');
  return { leaf: `${leaf.trim()}\n`, chain };
}

test('intermediate, mTLS pair, issue, sign CSRs and the certificates view, verified by openssl', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-issuing-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Acme Root CA');
    const tree = page.getByRole('list', { name: 'Certificate authorities' });
    const detail = page.getByRole('article');

    // ---- The root's settings: URLs validated as http(s), blank = not set -------------------------------
    await expect(detail.getByRole('heading', { name: 'Acme Root CA' })).toBeVisible();
    await expect(detail.getByRole('group', { name: 'Authority actions' })).toBeVisible();
    await detail.getByRole('tab', { name: 'Settings' }).click();
    await expect(detail.getByLabel('Default validity (days)')).toHaveValue('30');
    await detail.getByLabel(/^CRL distribution point/).fill('ftp://pki.acme.internal/root.crl');
    await detail.getByRole('button', { name: 'Save settings' }).click();
    await expect(detail.getByText('CRL distribution point must be an http:// or https:// URL')).toBeVisible();
    await detail.getByLabel(/^CRL distribution point/).fill('http://pki.acme.internal/root.crl');
    await detail.getByLabel('Default validity (days)').fill('45');
    await detail.getByRole('button', { name: 'Save settings' }).click();
    await expect(detail.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await detail.getByRole('tab', { name: 'Overview' }).click();
    await expect(detail.getByRole('list', { name: 'Certification path' })).toContainText('Acme Root CA');
    await page.setViewportSize({ width: 1280, height: 1900 });
    await screenshot(page, '301-root-detail-settings');
    await page.setViewportSize({ width: 1280, height: 800 });

    // ---- New intermediate under the root: clamped, path length 0, name constraints ----------------------
    await detail.getByRole('button', { name: 'New intermediate' }).click();
    await expect(page.getByRole('heading', { name: 'Who signs this intermediate?' })).toBeVisible();
    await expect(page.getByLabel('Parent CA').locator('option:checked')).toHaveText('Acme Root CA'); // preselected
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Acme Issuing CA');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Validity (days)')).toHaveValue('1825');
    await expect(page.getByText(/will be clamped/)).toHaveCount(0);
    await page.getByLabel('Validity (days)').fill('4000'); // the root lives 3650 days
    const rootEnd = new Date(Date.now() + 3650 * DAY);
    await expect(page.getByText(/This will be clamped to .*, when Acme Root CA expires/)).toContainText(String(rootEnd.getUTCFullYear()));
    await screenshot(page, '302-intermediate-clamped');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Path length constraint')).toHaveValue('0');
    await page.getByLabel('Restrict the names it may certify (name constraints)').check();
    await page.getByLabel(/^Permitted DNS domains/).fill('acme.internal, bad..name');
    await expect(page.getByText('A DNS name cannot have an empty label (two dots in a row)', { exact: true })).toBeVisible();
    await page.getByLabel(/^Permitted DNS domains/).fill('acme.internal');
    await page.getByLabel(/^Permitted IP ranges/).fill('10.0.0.0/33');
    await expect(page.getByText('The prefix length of 10.0.0.0/33 is above 32', { exact: true })).toBeVisible();
    await page.getByLabel(/^Permitted IP ranges/).fill('10.0.0.0/8');
    await expect(page.getByRole('list', { name: 'Understood from Permitted IP ranges' })).toContainText('10.0.0.0/8');
    await screenshot(page, '303-intermediate-constraints');
    await page.getByRole('button', { name: 'Next' }).click();
    const review = page.getByRole('form');
    await expect(review).toContainText('Permitted DNS domains: acme.internal');
    await expect(review).toContainText('(clamped to the parent)');
    await page.getByRole('button', { name: 'Create intermediate CA' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Intermediate CA “Acme Issuing CA” was created, signed by Acme Root CA' })).toContainText(
      /Its validity was clamped to .*, when Acme Root CA expires/,
    );
    const issuing = tree.getByRole('list', { name: 'Signed by Acme Root CA' }).getByRole('button', { name: /Acme Issuing CA/ });
    await expect(issuing).toHaveAttribute('aria-current', 'true');
    await expect(issuing).toContainText('0 issued · 0 revoked · 0 expiring');
    await expect(detail.locator('.fact', { hasText: 'Name constraints' })).toContainText('Permitted DNS: acme.internal');
    await expect(detail.getByRole('region', { name: 'Extensions' })).toContainText(/Name Constraints/i);
    await expect(detail.getByRole('list', { name: 'Certification path' }).getByRole('listitem')).toHaveText([/Intermediate CA\s*Acme Issuing CA/, /Root CA\s*Acme Root CA/]);
    await expect(detail.getByRole('button', { name: 'New intermediate' })).toBeDisabled(); // path length 0
    await screenshot(page, '304-authority-tree');

    // ---- mTLS pair from the intermediate: count what the user does --------------------------------------
    await detail.getByRole('button', { name: 'mTLS pair' }).click();
    await expect(page.getByRole('heading', { name: 'mTLS pair for a service' })).toBeVisible();
    await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Acme Issuing CA/); // preselected
    let actions = 0;
    const act = async (action: () => Promise<void>) => {
      actions++;
      await action();
    };
    await act(() => page.getByLabel('Service name').fill('orders'));
    await act(() => page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.acme.internal, orders\n10.1.2.3 10.1.2.300'));
    const understood = page.getByRole('list', { name: 'Understood from DNS names and IP addresses' });
    await expect(understood.getByRole('listitem')).toHaveText([/DNS\s*orders\.acme\.internal/, /DNS\s*orders/, /IP\s*10\.1\.2\.3/, /!\s*10\.1\.2\.300/]);
    await act(() => page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.acme.internal, 10.1.2.3'));
    await act(() => page.getByLabel(/^Client URI SAN/).fill('spiffe://acme.internal/orders'));
    await screenshot(page, '305-mtls-pair-form');
    await act(() => page.getByRole('button', { name: 'Issue pair' }).click());
    // Service, names, (a correction), URI, Issue: 5 actions; without the optional URI and the typo it is 3.
    expect(actions).toBeLessThanOrEqual(6);
    const pair = page.getByRole('region', { name: 'Issued pair' });
    await expect(pair.getByRole('region', { name: /orders/ })).toHaveCount(2);
    await expect(pair).toContainText('DNS: orders.acme.internal');
    await expect(pair).toContainText('IP: 10.1.2.3');
    await expect(pair).toContainText('URI: spiffe://acme.internal/orders');
    await screenshot(page, '306-mtls-pair-issued');
    const [serverSerial, clientSerial] = await pair.locator('.fact', { hasText: 'Serial number' }).getByRole('definition').allTextContents();
    expect(serverSerial).toMatch(/^[0-9A-F:]+$/i);

    // Open the client certificate: its detail, its chain, and openssl's verdict on the PEMs shown.
    await pair.getByRole('button', { name: 'Open client certificate' }).click();
    const certDetail = page.getByRole('article');
    await expect(certDetail.getByRole('heading', { name: 'orders' })).toBeVisible();
    await expect(certDetail).toContainText('Client certificate');
    await expect(certDetail.locator('.fact', { hasText: 'Serial number' }).getByRole('definition')).toContainText(clientSerial ?? 'missing');
    await expect(certDetail.getByRole('list', { name: 'Certification path' }).getByRole('listitem')).toHaveText([/Leaf\s*orders/, /Intermediate CA\s*Acme Issuing CA/, /Root CA\s*Acme Root CA/]);
    await expect(certDetail.getByRole('region', { name: 'Extensions' })).toContainText(/TLS Web Client Authentication/i);
    const client = await detailPems(page);
    expect(client.chain).toHaveLength(2);
    const [intermediatePem, rootPem] = client.chain as [string, string];
    await writeFile(join(dir, 'client.pem'), client.leaf);
    await writeFile(join(dir, 'intermediate.pem'), intermediatePem);
    await writeFile(join(dir, 'root.pem'), rootPem);
    expect(new X509Certificate(client.leaf).serialNumber.toLowerCase()).toBe((clientSerial ?? '').replace(/:/g, '').toLowerCase());
    expect(verify(dir, 'sslclient', 'root.pem', 'intermediate.pem', 'client.pem')).toBe('client.pem: OK');
    expect(verify(dir, 'sslserver', 'root.pem', 'intermediate.pem', 'client.pem')).not.toContain(': OK'); // a client is no server
    await page.setViewportSize({ width: 1280, height: 1400 });
    await screenshot(page, '307-certificate-detail');
    await page.setViewportSize({ width: 1280, height: 800 });

    // ---- Issue certificate: root, server profile, IDN SAN, validity rules ------------------------------------
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await expect(page.getByRole('heading', { name: 'Who signs it, and what is it for?' })).toBeVisible();
    // Two CAs: the intermediate is preselected (roots should sign only CAs); this leaf is the root's on purpose.
    await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Acme Issuing CA/);
    await page.getByLabel('Issuing CA').selectOption({ label: 'Acme Root CA (root)' });
    await expect(page.getByRole('radio', { name: /^Server/ })).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Bücher shop');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('A server certificate needs at least one DNS name or IP address')).toBeVisible();
    const sanInput = page.getByLabel('Add a name');
    await sanInput.fill('10.0.0.300');
    await expect(page.getByText('"10.0.0.300" looks like an IP address; add it as an IP SAN')).toBeVisible();
    await sanInput.fill('bücher.example');
    await expect(page.getByText('bücher.example → xn--bcher-kva.example')).toBeVisible();
    await expect(page.getByLabel('SAN type')).toHaveValue('dns'); // guessed
    await sanInput.press('Enter');
    await sanInput.fill('192.0.2.7');
    await expect(page.getByLabel('SAN type')).toHaveValue('ip');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const chips = page.getByRole('list', { name: 'Subject alternative names' });
    await expect(chips.getByRole('listitem')).toHaveText([/DNS\s*bücher\.example → xn--bcher-kva\.example/, /IP\s*192\.0\.2\.7/]);
    await screenshot(page, '308-issue-san-editor');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('button', { name: /45 days/ })).toHaveAttribute('aria-pressed', 'true'); // the root's default, set above
    await page.getByRole('button', { name: 'Expires on…' }).click();
    await page.getByLabel('Expires on').fill(isoDay(new Date(Date.now() + 3700 * DAY)));
    await expect(page.getByText(/The issuing CA is valid only until /)).toBeVisible();
    // 500 days: above the public CAs' 398, but this is a private root — no warning; above Apple's 825, one.
    await page.getByLabel('Expires on').fill(isoDay(new Date(Date.now() + 500 * DAY)));
    await expect(page.getByText(/is above/)).toHaveCount(0);
    await page.getByLabel('Expires on').fill(isoDay(new Date(Date.now() + 900 * DAY)));
    await expect(page.getByText(/is above 825: Apple platforms/)).toBeVisible();
    await screenshot(page, '309-issue-validity-warning');
    await page.getByRole('button', { name: 'Next' }).click(); // a warning does not block
    await expect(page.getByRole('form')).toContainText('DNS: bücher.example → xn--bcher-kva.example');
    await expect(page.getByRole('form')).toContainText(/90[01] days, from /);
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await confirmFromRoot(page); // the root signs a leaf: its confirmation (issue 17)
    await expect(page.getByRole('status').filter({ hasText: 'Server certificate “Bücher shop” was issued by Acme Root CA' })).toBeVisible();
    // main's own warning about the long validity comes back with the certificate and is shown.
    await expect(page.getByRole('status').filter({ hasText: 'Warning' })).toContainText(/above 825 days/);
    await expect(page.getByRole('heading', { name: 'Bücher shop', level: 2 })).toBeVisible(); // selected, detail open
    await expect(page.getByRole('article').locator('.fact', { hasText: 'Subject alternative names' })).toContainText('bücher.example (xn--bcher-kva.example)');
    const shop = await detailPems(page);
    await writeFile(join(dir, 'shop.pem'), shop.leaf);
    expect(shop.chain).toHaveLength(1);
    expect(verify(dir, 'sslserver', 'root.pem', null, 'shop.pem')).toBe('shop.pem: OK');
    expect(new X509Certificate(shop.leaf).subjectAltName).toContain('DNS:xn--bcher-kva.example');

    // ---- Sign a CSR from openssl: outside the intermediate's constraints, then by the root ----------------------
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'billing.key', '-subj', '/CN=billing-service', '-addext', 'subjectAltName=DNS:billing.internal', '-out', 'billing.csr'], dir);
    const billingCsr = await readFile(join(dir, 'billing.csr'), 'utf8');
    await page.getByRole('button', { name: 'Sign CSR' }).click();
    await page.getByRole('button', { name: 'Inspect request' }).click();
    await expect(page.getByText('Paste the request (PEM) or open its file')).toBeVisible();
    await page.getByLabel('Request (PEM)').fill(rootPem); // the wrong thing: main says what it is
    await page.getByRole('button', { name: 'Inspect request' }).click();
    await expect(page.getByText('This is a certificate, not a certificate signing request', { exact: true })).toBeVisible();
    await page.getByLabel('Request (PEM)').fill(billingCsr);
    await page.getByRole('button', { name: 'Inspect request' }).click();
    const asks = page.getByRole('region', { name: 'What the request asks for' });
    await expect(asks).toContainText('CN=billing-service');
    await expect(asks).toContainText('DNS: billing.internal');
    await expect(asks).toContainText('ECDSA P-256');
    await expect(asks).toContainText('Valid: the requester holds the private key');
    await expect(page.getByRole('textbox', { name: 'Common name' })).toHaveValue('billing-service');
    await expect(page.getByRole('list', { name: 'Subject alternative names' })).toContainText('billing.internal');
    await page.getByRole('radio', { name: /^Client/ }).check();
    const issuerSelect = page.getByLabel('Issuing CA');
    await issuerSelect.selectOption((await issuerSelect.locator('option', { hasText: 'Acme Issuing CA' }).getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Sign certificate' }).click();
    await expect(page.getByText('billing.internal is outside the name constraints of Acme Issuing CA: it permits only acme.internal')).toBeVisible();
    await screenshot(page, '310-sign-csr-constraint-refused');
    await expect(page.getByRole('button', { name: 'Sign certificate' })).toBeDisabled(); // while main's refusal stands
    await page.getByLabel('Issuing CA').selectOption({ label: 'Acme Root CA (root)' });
    await page.getByRole('button', { name: 'Sign certificate' }).click();
    await confirmFromRoot(page);
    await expect(page.getByRole('status').filter({ hasText: 'Signed the request: client certificate “billing-service”, issued by Acme Root CA' })).toBeVisible();
    const billing = await detailPems(page);
    await expect(page.getByRole('article')).toContainText('Signed from a CSR');
    await writeFile(join(dir, 'billing.pem'), billing.leaf);
    expect(verify(dir, 'sslclient', 'root.pem', null, 'billing.pem')).toBe('billing.pem: OK');
    // The certificate carries the key of the CSR: the one only the requester holds.
    expect(openssl(['x509', '-in', 'billing.pem', '-noout', '-pubkey'], dir)).toBe(openssl(['pkey', '-in', 'billing.key', '-pubout'], dir));

    // ---- A CSR that asks to be a CA: never a leaf, only a sub-CA -----------------------------------------------------
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'rogue.key', '-subj', '/CN=rogue', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', 'rogue.csr'], dir);
    openssl(['req', '-in', 'rogue.csr', '-outform', 'DER', '-out', 'rogue.der'], dir);
    await page.getByRole('button', { name: 'Sign CSR' }).click();
    // Opened as a binary DER file: read as bytes, sent as base64.
    await page.getByLabel('Open request file…').setInputFiles(join(dir, 'rogue.der'));
    await expect(page.getByText('Read from rogue.der (binary DER, sent as base64).')).toBeVisible();
    await expect(page.getByLabel('Request (PEM)')).toHaveValue((await readFile(join(dir, 'rogue.der'))).toString('base64'));
    await page.getByRole('button', { name: 'Inspect request' }).click();
    // Never a leaf: it is offered only as a sub-CA, signed once its name is typed (byo-pki.spec.ts signs one).
    await expect(page.getByText(/This request asks to be a CA/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Requested extensions' })).toContainText(/Basic Constraints/i);
    await expect(page.getByRole('button', { name: 'Sign certificate' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign sub-CA' })).toBeDisabled();
    await screenshot(page, '311-sign-csr-ca-request');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // ---- The certificates view: filter, status, sort, detail --------------------------------------------------------
    const table = page.getByRole('table', { name: 'Certificates' });
    await expect(table.getByRole('row')).toHaveCount(1 + 4); // header + server, client, shop, billing
    await page.getByLabel('Filter certificates').fill('spiffe://acme');
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Filter certificates').fill((clientSerial ?? '').slice(0, 11)); // serials match with or without colons
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Filter certificates').fill('xn--bcher');
    await expect(table.getByRole('row').nth(1)).toContainText('Bücher shop');
    await page.getByLabel('Filter certificates').fill('');
    await page.getByLabel('Status').selectOption('expired');
    await expect(page.getByText('No certificate matches the filter.')).toBeVisible();
    await page.getByLabel('Status').selectOption('valid');
    await expect(table.getByRole('row')).toHaveCount(5);
    const cnHeader = table.getByRole('columnheader', { name: 'Common name' });
    await cnHeader.getByRole('button').click();
    await expect(cnHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.getByRole('row').nth(1)).toContainText('billing-service');
    await cnHeader.getByRole('button').click();
    await expect(cnHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(table.getByRole('row').nth(1)).toContainText('orders');
    await page.getByLabel('Filter certificates').fill('billing');
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('billing.internal');
    await expect(table.getByRole('row').nth(1)).toContainText('Client');
    await expect(table.getByRole('row').nth(1)).toContainText('Valid');
    await screenshot(page, '312-certificates-filtered');
    await page.getByLabel('Filter certificates').fill('orders');
    await table.getByRole('row').filter({ hasText: 'Server' }).click();
    await expect(page.getByRole('article')).toContainText('Server certificate');
    await expect(page.getByRole('article').getByRole('list', { name: 'Certification path' }).getByRole('listitem')).toHaveText([/Leaf\s*orders/, /Intermediate CA\s*Acme Issuing CA/, /Root CA\s*Acme Root CA/]);
    const server = await detailPems(page);
    await writeFile(join(dir, 'server.pem'), server.leaf);
    expect(new X509Certificate(server.leaf).serialNumber.toLowerCase()).toBe((serverSerial ?? '').replace(/:/g, '').toLowerCase());
    expect(verify(dir, 'sslserver', 'root.pem', 'intermediate.pem', 'server.pem')).toBe('server.pem: OK');
    await page.getByRole('article').getByRole('heading', { name: 'Chain', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, '313-certificates-chain');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('table', { name: 'Certificates' }).scrollIntoViewIfNeeded();
    await screenshot(page, '314-certificates-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The tree counts what the CAs issued.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Authorities' }).click();
    await expect(tree.getByRole('button', { name: /Acme Issuing CA/ })).toContainText('2 issued · 0 revoked · 2 expiring'); // the pair lives 30 days, the CA's default
    await expect(tree.getByRole('button', { name: /Acme Root CA/ })).toContainText(/[23] issued/); // two leaves (and the intermediate, if counted)

    // The picture for the README: the tree with its intermediate and their counts, the intermediate's details.
    await tree.getByRole('button', { name: /Acme Issuing CA/ }).click();
    await expect(detail.getByRole('heading', { name: 'Acme Issuing CA' })).toBeVisible();
    await expect(detail.getByRole('list', { name: 'Certification path' })).toBeVisible();
    await screenshot(page, '315-authority-tree-counts');
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await mkdir(join(REPO_ROOT, 'assets'), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, 'assets/screenshot.png'), clip: { x: 0, y: 0, width: 1280, height: 800 }, animations: 'disabled', caret: 'hide' });
    }

    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an offline intermediate: CSR out, a wrong certificate refused, the signed one imported', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-offline-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Local Root CA');
    const tree = page.getByRole('list', { name: 'Certificate authorities' });
    const localRootPem = (await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';

    await page.getByRole('button', { name: 'Intermediate for an outside CA' }).click();
    await expect(page.getByRole('radio', { name: /Offline intermediate/ })).toBeChecked();
    await expect(page.getByLabel('Parent CA')).toHaveCount(0);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Partner Issuing CA');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('The outside CA decides how long the intermediate is valid')).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create key and CSR' }).click();
    const csrPem = (await page.getByLabel('CSR PEM', { exact: true }).textContent()) ?? '';
    expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    await screenshot(page, '320-offline-intermediate-csr');
    await page.getByRole('button', { name: 'Done' }).click();

    const pendingItem = tree.getByRole('button', { name: /Partner Issuing CA/ });
    await expect(pendingItem).toContainText('Waiting for signed certificate');
    await expect(pendingItem).toHaveAttribute('aria-current', 'true');
    const detail = page.getByRole('article');
    await expect(detail.getByLabel('CSR PEM', { exact: true })).toHaveText(csrPem.trim());
    await expect(detail.getByRole('button', { name: 'Issue certificate' })).toHaveCount(0);

    // A certificate for another key is refused, with main's words.
    await detail.getByLabel('Signed certificate (PEM)').fill(localRootPem);
    await detail.getByRole('button', { name: 'Import signed certificate' }).click();
    await expect(detail.getByRole('alert')).toContainText('The certificate was not imported');
    await screenshot(page, '321-offline-intermediate-mismatch');

    // The outside CA (openssl) signs the CSR as a CA; the file goes in through the file input.
    await writeFile(join(dir, 'partner.csr'), csrPem);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'outside.key', '-subj', '/CN=Outside Root', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'outside.pem'], dir);
    await writeFile(join(dir, 'ext.cnf'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    openssl(['x509', '-req', '-in', 'partner.csr', '-CA', 'outside.pem', '-CAkey', 'outside.key', '-CAcreateserial', '-days', '730', '-extfile', 'ext.cnf', '-out', 'partner.pem'], dir);
    // The certificate and the chain above it, as an outside CA hands them out.
    await writeFile(join(dir, 'partner-chain.pem'), `${await readFile(join(dir, 'partner.pem'), 'utf8')}${await readFile(join(dir, 'outside.pem'), 'utf8')}`);
    await detail.getByLabel('Open certificate file…').setInputFiles(join(dir, 'partner-chain.pem'));
    await expect(detail.getByLabel('Signed certificate (PEM)')).toHaveValue(/^-----BEGIN CERTIFICATE-----/);
    await detail.getByRole('button', { name: 'Import signed certificate' }).click();

    await expect(pendingItem).not.toContainText('Waiting for signed certificate');
    await expect(pendingItem).toContainText('Intermediate CA, signed outside');
    await expect(detail.getByRole('button', { name: 'Issue certificate' })).toBeVisible();
    await expect(detail.getByLabel('Certificate PEM', { exact: true })).toHaveText((await readFile(join(dir, 'partner.pem'), 'utf8')).trim());
    await screenshot(page, '322-offline-intermediate-active');

    // It issues: an mTLS pair whose client openssl accepts under the outside root.
    await detail.getByRole('button', { name: 'mTLS pair' }).click();
    await page.getByLabel('Service name').fill('partner-api');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('api.partner.example');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    await page.getByRole('region', { name: 'Issued pair' }).getByRole('button', { name: 'Open client certificate' }).click();
    const pems = await detailPems(page);
    await writeFile(join(dir, 'client.pem'), pems.leaf);
    expect(verify(dir, 'sslclient', 'outside.pem', 'partner.pem', 'client.pem')).toBe('client.pem: OK');

    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bulk issue: 300 client certificates, a duplicate caught by its line, a real progress bar', async ({ certwright: app }) => {
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Acme Root CA');
  const detail = page.getByRole('article');
  await detail.getByRole('button', { name: 'Bulk issue' }).click();
  await expect(page.getByRole('heading', { name: 'Bulk issue', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Acme Root CA/); // preselected
  await expect(page.getByRole('radio', { name: /^Client/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: /ECDSA P-256/ })).toBeChecked();
  await expect(page.getByRole('button', { name: /30 days/ })).toHaveAttribute('aria-pressed', 'true'); // the CA's default

  // Pasted with one name twice: the line and the first occurrence, as it is typed.
  const names = Array.from({ length: 300 }, (_, i) => `svc-${i}`);
  const list = page.getByLabel('Service names');
  await list.fill([...names.slice(0, 120), 'svc-17', ...names.slice(120)].join('\n'));
  await expect(page.getByText('Line 121: svc-17 is listed twice (first on line 18)')).toBeVisible();
  await expect(list).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('301 names, 1 with a problem')).toBeVisible();
  await page.getByRole('button', { name: 'Show line 121' }).click();
  expect(await list.evaluate((area: HTMLTextAreaElement) => area.value.slice(area.selectionStart, area.selectionEnd))).toBe('svc-17');
  await page.getByRole('button', { name: 'Issue 301 certificates' }).click(); // refused here, nothing sent
  await expect(page.getByText('Line 121: svc-17 is listed twice (first on line 18)')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.getByRole('heading', { name: 'Bulk issue', level: 1 }).scrollIntoViewIfNeeded();
  await screenshot(page, '330-bulk-form');
  await page.setViewportSize({ width: 1280, height: 800 });

  await list.fill(names.join('\n'));
  await expect(page.getByText('300 names', { exact: true })).toBeVisible();
  await expect(list).not.toHaveAttribute('aria-invalid', 'true');

  // Every value the bar shows, as the page renders it.
  await page.evaluate(() => {
    const seen: Array<[number, number]> = [];
    (window as unknown as { bulkProgress: typeof seen }).bulkProgress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('progress');
      const last = seen.at(-1);
      if (bar && (last?.[0] !== bar.value || last[1] !== bar.max)) seen.push([bar.value, bar.max]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
  });
  const eventsBefore = app.events.length;
  await page.getByRole('button', { name: 'Issue 300 certificates' }).click();
  await confirmFromRoot(page); // the only CA is the root: its confirmation (issue 17)
  const bar = page.getByRole('progressbar', { name: 'Issuing certificates' });
  await expect(bar).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Issuing 300 client certificates under Acme Root CA' })).toBeVisible();
  await expect.poll(() => bar.evaluate((b: HTMLProgressElement) => b.value)).toBeGreaterThan(0);
  await screenshot(page, '331-bulk-progress');

  const result = page.getByRole('region', { name: 'Bulk issue result' });
  await expect(result).toContainText('300 client certificates issued under Acme Root CA', { timeout: 45_000 });
  await expect(bar).toHaveCount(0);
  await screenshot(page, '332-bulk-done');

  // The bar moved through values short of the end, never back, and reached it.
  const seen = await page.evaluate(() => (window as unknown as { bulkProgress: Array<[number, number]> }).bulkProgress);
  const values = seen.filter(([, max]) => max === 300).map(([value]) => value);
  expect(values.some((v) => v > 0 && v < 300), JSON.stringify(values)).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(values.at(-1)).toBe(300);
  // …fed by main's events for this one operation: "Issuing 25 of 300" and on, done counting up to total.
  const progress = app.events.slice(eventsBefore).map((e) => (JSON.parse(e) as { payload: { operationId: string; step: { key: string; params?: Record<string, number> }; done: number; total: number } }).payload);
  expect(new Set(progress.map((p) => p.operationId)).size).toBe(1);
  expect(progress.length).toBeGreaterThan(10);
  // Each step is main's catalog message, worded by the window ("Issuing 25 of 300").
  expect(progress.map((p) => p.step)).toContainEqual({ key: 'issue:progress.issuingOf', params: { done: 25, total: 300 } });
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);

  // The Certificates view lists them all.
  await result.getByRole('button', { name: 'Show certificates' }).click();
  await expect(page.getByRole('status').filter({ hasText: '300 client certificates issued under Acme Root CA.' })).toBeVisible();
  await expect(page.getByText('300 certificates', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Bulk issue' })).toBeVisible(); // the other way in
  const table = page.getByRole('table', { name: 'Certificates' });
  await page.getByLabel('Filter certificates').fill('svc-29');
  await expect(table.getByRole('row')).toHaveCount(1 + 11); // svc-29, svc-290 … svc-299
  await expect(page.getByText('11 of 300 certificates')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'svc-295' })).toContainText('Client');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Authorities' }).click();
  await expect(page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Acme Root CA/ })).toContainText('300 issued');

  expect(app.problems).toEqual([]);
});
