/**
 * Bring your own PKI, as a person does it in Chromium against the real backend (harness.ts): from
 * the first screen of a new vault, an OpenSSL-made intermediate is imported as PKCS#12 (a key that
 * does not match and a missing password are refused with their reasons first); an `openssl req`
 * sub-CA request is signed with a path length and name constraints chosen here and the CA's name
 * typed to confirm; the intermediate is exported for Istio. OpenSSL judges what comes out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'bring your own pki, e2e passphrase';

function openssl(args: readonly string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** openssl's verdict: its output, whether it exits 0 or not. */
function verdict(args: readonly string[], cwd: string): string {
  try {
    return openssl(args, cwd).trim();
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
  }
}

/** An outside PKI made by OpenSSL: a root, an issuing intermediate under it, and a PKCS#12 of the intermediate with the root. */
function outsidePki(dir: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'root.key'], dir);
  openssl(['req', '-new', '-x509', '-key', 'root.key', '-subj', '/CN=Corp Root/O=Corp', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.pem'], dir);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'issuing.key'], dir);
  openssl(['req', '-new', '-key', 'issuing.key', '-subj', '/CN=Corp Issuing CA/O=Corp', '-out', 'issuing.csr'], dir);
  openssl(['x509', '-req', '-in', 'issuing.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '1800', '-extfile', 'ca.ext', '-out', 'issuing.pem'], dir);
  openssl(['pkcs12', '-export', '-in', 'issuing.pem', '-inkey', 'issuing.key', '-certfile', 'root.pem', '-name', 'Corp Issuing CA', '-passout', 'pass:p12 secret', '-out', 'issuing.p12'], dir);
}

test('import a CA from the empty state, sign an outside sub-CA with typed confirmation, export for Istio', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-byo-e2e-'));
  try {
    await writeFile(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    outsidePki(dir);
    await writeFile(join(dir, 'mismatch.pem'), `${await readFile(join(dir, 'issuing.pem'), 'utf8')}${await readFile(join(dir, 'root.key'), 'utf8')}`);

    const page = await app.launch();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();

    // ---- The first screen: an existing CA is a way in, beside a new root -------------------------------
    const importButton = page.getByRole('button', { name: 'Import an existing CA' });
    await expect(importButton).toBeVisible();
    await expect(page.getByRole('button', { name: 'New root CA' })).toBeVisible();
    await screenshot(page, '1701-byo-empty-state-import');
    await importButton.click();
    await expect(page.getByRole('heading', { name: 'Import an existing CA' })).toBeVisible();

    // A key that belongs to another certificate: said so, nothing imported.
    await page.getByLabel('Open PKCS#12 or PEM file…').setInputFiles(join(dir, 'mismatch.pem'));
    await page.getByRole('button', { name: 'Import CA' }).click();
    await expect(page.getByText('The private key does not match the certificate Corp Issuing CA')).toBeVisible();
    await screenshot(page, '1702-byo-import-key-mismatch');

    // The PKCS#12 without its password, then with it.
    await page.getByLabel('Open PKCS#12 or PEM file…').setInputFiles(join(dir, 'issuing.p12'));
    await expect(page.getByText('Read from issuing.p12 (binary, sent as it is).')).toBeVisible();
    await page.getByRole('button', { name: 'Import CA' }).click();
    await expect(page.getByText('This PKCS#12 keystore is protected by a password: enter it')).toBeVisible();
    await page.getByLabel(/^Password/).fill('wrong one');
    await page.getByRole('button', { name: 'Import CA' }).click();
    await expect(page.getByText('The password is wrong for this PKCS#12 keystore')).toBeVisible();
    await screenshot(page, '1703-byo-import-wrong-password');
    await page.getByLabel(/^Password/).fill('p12 secret');
    await page.getByRole('button', { name: 'Import CA' }).click();
    await expect(page.getByText('Imported “Corp Issuing CA” with its private key, sealed in the vault: it can sign now.')).toBeVisible();
    const detail = page.getByRole('article');
    await expect(detail.getByRole('heading', { name: 'Corp Issuing CA' })).toBeVisible();
    // The chain it came with is kept: the path reaches Corp Root.
    await expect(detail.getByRole('list', { name: 'Certification path' })).toContainText('Corp Root');
    await screenshot(page, '1704-byo-imported');

    // ---- An outside sub-CA's request: its own extensions shown, nothing copied, the name typed --------
    openssl(
      [
        'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'istiod.key', '-subj', '/CN=istiod-plugin-ca/O=Mesh',
        '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:3', '-addext', 'keyUsage=critical,keyCertSign,digitalSignature,keyEncipherment', '-addext', 'subjectAltName=DNS:istiod.istio-system.svc', '-out', 'istiod.csr',
      ],
      dir,
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Certificates/ }).click();
    await page.getByRole('button', { name: 'Sign CSR' }).click();
    await page.getByLabel('Open request file…').setInputFiles(join(dir, 'istiod.csr'));
    await page.getByRole('button', { name: 'Inspect request' }).click();
    await expect(page.getByRole('region', { name: 'Requested extensions' })).toContainText(/Basic Constraints/i);
    await expect(page.getByText(/This request asks to be a CA with path length 3/)).toBeVisible();
    await page.getByLabel('Signing CA').selectOption({ label: 'Corp Issuing CA (intermediate)' });
    await page.getByLabel('Path length').fill('0');
    await page.getByLabel(/^Permitted DNS domains/).fill('mesh.internal');
    await page.getByLabel(/^Excluded IP ranges/).fill('10.99.0.0/16');
    await expect(page.getByText('Name Constraints (critical): permitted mesh.internal; excluded 10.99.0.0/16')).toBeVisible();
    const signButton = page.getByRole('button', { name: 'Sign sub-CA' });
    await page.getByLabel("Type the requested CA's common name to confirm").fill('istiod-plugin');
    await expect(signButton).toBeDisabled();
    await expect(page.getByText('Sign sub-CA is enabled once this reads “istiod-plugin-ca”.')).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 1700 });
    await screenshot(page, '1705-byo-sign-subca-unconfirmed');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel("Type the requested CA's common name to confirm").fill('istiod-plugin-ca');
    await expect(signButton).toBeEnabled();
    await page.setViewportSize({ width: 1280, height: 1700 });
    await screenshot(page, '1706-byo-sign-subca-confirmed');
    await page.setViewportSize({ width: 1280, height: 800 });
    await signButton.click();
    await expect(page.getByText('Signed the request as a sub-CA: “istiod-plugin-ca”, issued by Corp Issuing CA.', { exact: false })).toBeVisible();
    await expect(page.getByText(/istiod\.istio-system\.svc\) were not copied/)).toBeVisible();
    await screenshot(page, '1707-byo-subca-signed');

    // What was signed, judged by openssl: a CA under Corp Issuing CA with the constraints chosen here.
    const subCaPem = `${((await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '').trim()}\n`;
    await writeFile(join(dir, 'istiod-ca.pem'), subCaPem);
    expect(verdict(['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'istiod-ca.pem'], dir)).toBe('istiod-ca.pem: OK');
    const text = openssl(['x509', '-in', 'istiod-ca.pem', '-noout', '-text'], dir);
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Permitted:\s+DNS:mesh\.internal\s+Excluded:\s+IP:10\.99\.0\.0\/255\.255\.0\.0/);
    expect(text).not.toMatch(/istiod\.istio-system\.svc|Key Encipherment/);

    // ---- Export for Istio, from the intermediate's page --------------------------------------------------
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Authorities/ }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Corp Issuing CA/ }).click();
    await detail.getByRole('button', { name: 'Export for Istio…' }).click();
    await expect(page.getByText("This writes the CA's private key to disk, unencrypted")).toBeVisible();
    await screenshot(page, '1708-byo-istio-warning');
    const out = join(dir, 'cacerts');
    app.dialogAnswers.push(out);
    await page.getByRole('button', { name: 'Choose a folder and export' }).click();
    await expect(page.getByText('Wrote ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem, kubectl.txt and README.md')).toBeVisible();
    await expect(page.getByLabel('kubectl command', { exact: true })).toHaveText('kubectl create secret generic cacerts -n istio-system --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem');
    await screenshot(page, '1709-byo-istio-exported');

    expect(verdict(['verify', '-CAfile', 'cacerts/root-cert.pem', '-untrusted', 'cacerts/cert-chain.pem', 'cacerts/ca-cert.pem'], dir)).toBe('cacerts/ca-cert.pem: OK');
    expect(openssl(['pkey', '-in', 'cacerts/ca-key.pem', '-pubout'], dir)).toBe(openssl(['x509', '-in', 'cacerts/ca-cert.pem', '-noout', '-pubkey'], dir));
    expect(openssl(['x509', '-in', 'cacerts/root-cert.pem', '-noout', '-subject'], dir).trim()).toBe('subject=CN = Corp Root, O = Corp');
    expect((await stat(join(out, 'ca-key.pem'))).mode & 0o777).toBe(0o600);

    // ---- The root, imported from the Authorities view with its key: no Istio export from a root --------
    await writeFile(join(dir, 'root-with-key.pem'), `${await readFile(join(dir, 'root.pem'), 'utf8')}${await readFile(join(dir, 'root.key'), 'utf8')}`);
    await page.getByRole('button', { name: 'Import an existing CA' }).click();
    await page.getByLabel('Open PKCS#12 or PEM file…').setInputFiles(join(dir, 'root-with-key.pem'));
    await page.getByRole('button', { name: 'Import CA' }).click();
    await expect(page.getByText('Imported “Corp Root” with its private key, sealed in the vault: it can sign now.')).toBeVisible();
    await expect(detail.getByRole('heading', { name: 'Corp Root' })).toBeVisible();
    await expect(detail.getByRole('button', { name: 'Export for Istio…' })).toBeDisabled();
    const reason = detail.getByText("Istio's plug-in CA should be an intermediate");
    await reason.scrollIntoViewIfNeeded();
    await expect(reason).toBeVisible();
    await screenshot(page, '1710-byo-istio-refused-for-root');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
