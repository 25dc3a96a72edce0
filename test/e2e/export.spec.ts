/**
 * "Export a bundle that works the first time", driven like a person in Chromium against the real
 * backend (see harness.ts). The native save dialog is the only fake: it answers with a temp path.
 *
 * An mTLS pair → "Export client bundle" → a .zip with its snippets and a real handshake proof in the
 * wizard → the test unzips what main wrote and runs `openssl verify` and `openssl pkey` on it → the
 * server bundle as a PKCS#12 for older systems (a blank password refused with the reason), opened by
 * `openssl pkcs12 -legacy`. No private key byte reaches the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findKeyMaterial } from '../support/key-material.js';
import { confirmFromRoot, createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'export bundles, e2e passphrase';

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('export a client bundle as zip with its snippets and a handshake proof, then a legacy PKCS#12 of the server', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-export-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Export Root CA');

    // ---- An mTLS pair for "billing" -------------------------------------------------------------------
    await page.getByRole('article').getByRole('button', { name: 'mTLS pair' }).click();
    await page.getByLabel('Service name').fill('billing');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('billing.acme.internal');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    await confirmFromRoot(page); // issued from the root: its confirmation (issue 17)
    const pair = page.getByRole('region', { name: 'Issued pair' });
    await expect(pair.getByRole('region', { name: /billing/ })).toHaveCount(2);

    // ---- Export the client bundle: where it goes, not which cipher --------------------------------------
    await pair.getByRole('button', { name: 'Export client bundle…' }).click();
    await expect(page.getByRole('heading', { name: 'Export billing' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Where is it going?' })).toBeVisible();
    await page.getByRole('radio', { name: 'One .zip to hand over' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/key\.pem is written unencrypted \(mode 0600\)/)).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();

    // The snippets for this exact bundle, with copy buttons.
    const snippets = page.getByRole('region', { name: 'Configuration for this bundle' });
    await expect(snippets.getByRole('tab')).toHaveCount(9);
    await snippets.getByRole('tab', { name: 'Go HTTPS server with client certificates (net/http)' }).click();
    await expect(snippets.getByRole('tabpanel')).toContainText('ClientAuth: tls.RequireAndVerifyClientCert');
    await expect(snippets.getByRole('tabpanel')).toContainText('MinVersion: tls.VersionTLS12');
    await snippets.getByRole('tab', { name: 'Kubernetes TLS Secret' }).click();
    await expect(snippets.getByRole('tabpanel')).toContainText('never shown on screen');
    await snippets.getByRole('tab', { name: 'Go HTTPS client with a client certificate' }).click();
    await expect(snippets.getByRole('tabpanel')).toContainText('RootCAs');
    await snippets.getByRole('button', { name: 'Copy Go HTTPS client with a client certificate' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('tls.LoadX509KeyPair');

    // Prove it: this client against the server it was issued with, a real handshake in main.
    const proof = page.getByRole('region', { name: 'Prove it' });
    await proof.getByRole('button', { name: 'Run the handshake' }).click();
    await expect(proof.getByRole('status')).toContainText('mTLS handshake completed');
    await expect(proof.getByRole('status')).toContainText(/TLSv1\.3, TLS_\w+\. Server CN=billing, client CN=billing: both verified/);
    await page.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(page, '350-export-snippets-and-proof');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The save dialog closed: nothing written, and the wizard says so.
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByText('Nothing was written: the save dialog was closed.')).toBeVisible();
    expect(await readdir(dir)).toEqual([]);

    const zipPath = join(dir, 'billing-client.zip');
    app.dialogAnswers.push(zipPath);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('list', { name: 'Files written' })).toHaveText(zipPath);
    expect(app.dialogRequests.at(-1)).toEqual({ kind: 'file', title: 'Export billing', defaultName: 'billing.zip' });
    await screenshot(page, '351-export-done');
    expect((await stat(zipPath)).mode & 0o777).toBe(0o600);

    // What main wrote is what outside tools accept.
    const unzipped = join(dir, 'unzipped');
    run('unzip', ['-q', zipPath, '-d', unzipped], dir);
    const files = await readdir(unzipped);
    for (const name of ['cert.pem', 'key.pem', 'ca.pem', 'fullchain.pem', 'README.txt', 'snippets']) expect(files).toContain(name);
    expect(run('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'ca.pem', 'cert.pem'], unzipped).trim()).toBe('cert.pem: OK');
    expect(run('openssl', ['pkey', '-in', 'key.pem', '-pubout'], unzipped)).toBe(run('openssl', ['x509', '-in', 'cert.pem', '-noout', '-pubkey'], unzipped));
    expect(await readdir(join(unzipped, 'snippets'))).toContain('client.go');

    // ---- The server's bundle as a keystore for older systems --------------------------------------------
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Certificates' }).click();
    await page.getByRole('row', { name: /billing.*Server/ }).click();
    await page.getByRole('article').getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('radio', { name: 'A keystore for older systems' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/A PKCS#12 file needs a password: Java 8 keytool/)).toBeVisible();
    await page.getByLabel('PKCS#12 password').fill('legacy keystore password');
    await page.getByLabel('Repeat the password').fill('legacy keystore password');
    await page.getByRole('button', { name: 'Next' }).click();
    // A server bundle is proven as the server, a throwaway client from the same CA dialling its name.
    await page.getByRole('region', { name: 'Prove it' }).getByRole('button', { name: 'Run the handshake' }).click();
    await expect(page.getByRole('region', { name: 'Prove it' }).getByRole('status')).toContainText(/Server CN=billing, client CN=certwright-proof-client \(throwaway\)/);
    const p12Path = join(dir, 'billing-server.p12');
    app.dialogAnswers.push(p12Path);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('list', { name: 'Files written' })).toHaveText(p12Path);
    const info = run('openssl', ['pkcs12', '-in', p12Path, '-passin', 'pass:legacy keystore password', '-nodes', '-legacy'], dir);
    expect(info).toContain('friendlyName: billing');
    expect(info).toContain('-----BEGIN PRIVATE KEY-----');

    // No private key — CA or leaf — ever reached the page.
    const keys = await app.privateKeys(PASSPHRASE, { certificates: true });
    expect(keys).toHaveLength(3);
    const haystacks = [...app.recorded(), { where: 'page DOM', bytes: new TextEncoder().encode(await page.content()) }];
    expect(findKeyMaterial(haystacks, keys)).toEqual([]);
    for (const key of keys) key.fill(0);
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
