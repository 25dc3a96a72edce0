/**
 * "Inspect anything, explain what is wrong with it", driven like a person in Chromium against the
 * real backend (see harness.ts):
 *
 *  1. a leaf pasted with its root but not its intermediate, checked against a host name it does not
 *     cover → the diagnosis says the intermediate is missing and that it is in the vault, and what Go
 *     and OpenSSL say about the name (asked of them here, with the same certificates);
 *  2. a PKCS#12 made by openssl, dropped onto the view → a password prompt, a wrong password, the
 *     right one → its certificate, its key matching it, the self-signed diagnosis, an ASN.1 tree —
 *     and no private key on the page or in any IPC answer;
 *  3. a live mTLS endpoint (a Node TLS server here) → what it asks for and from which CAs, refused
 *     without a client certificate, accepted with one picked from the vault, its chain diagnosed.
 *
 * openssl runs through runPeer (asynchronously): main runs inside this very process.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { findKeyMaterial } from '../support/key-material.js';
import { asOpensslQuote, goJudge, goPeer, opensslJudge, pemFile } from '../support/peer-verdicts.js';
import { runPeer } from '../support/peers.js';
import { confirmFromRoot, createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'inspect anything, e2e passphrase';

/** Go's error (crypto/x509 Verify) and OpenSSL's (`openssl verify -verify_hostname`) for `host`, as Certwright quotes them. */
async function hostVerdicts(leafPem: string, issuingPem: string, rootPem: string, host: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-inspect-peers-'));
  try {
    const [[go], openssl] = await Promise.all([
      goJudge([{ kind: 'verify', leaf: leafPem, intermediates: [issuingPem], roots: [rootPem], usage: 'any', dnsName: host }]),
      (async () => {
        const [leaf, untrusted, caFile] = await Promise.all([pemFile(join(dir, 'leaf.pem'), [leafPem]), pemFile(join(dir, 'issuing.pem'), [issuingPem]), pemFile(join(dir, 'root.pem'), [rootPem])]);
        return opensslJudge({ caFile, untrusted, leaf: leaf!, usage: 'any', host });
      })(),
    ]);
    expect(go?.ok, `Go accepts ${host}`).toBe(false);
    expect(openssl.errors.length, `OpenSSL accepts ${host}:\n${openssl.output}`).toBeGreaterThan(0);
    return [go!.error, ...openssl.errors.map(asOpensslQuote)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a pasted chain without its intermediate: the diagnosis finds it in the vault, and checks the host name', async ({ certwright: app }) => {
  const peerReady = goPeer(); // built (once, cached) while the UI work goes on
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Inspect Root CA');
  const detail = page.getByRole('article');
  const rootPem = (await detail.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
  expect(rootPem).toContain('BEGIN CERTIFICATE');

  // ---- An intermediate under the root, and a server certificate from the intermediate ----------------
  await detail.getByRole('button', { name: 'New intermediate' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Common name').fill('Inspect Issuing CA');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create intermediate CA' }).click();
  await expect(detail.getByRole('heading', { name: 'Inspect Issuing CA' })).toBeVisible();
  const issuingPem = (await detail.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
  expect(issuingPem).toContain('BEGIN CERTIFICATE');
  expect(issuingPem).not.toBe(rootPem);
  await detail.getByRole('button', { name: 'mTLS pair' }).click();
  await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Inspect Issuing CA/);
  await page.getByLabel('Service name').fill('orders');
  await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.acme.internal');
  await page.getByRole('button', { name: 'Issue pair' }).click();
  await page.getByRole('region', { name: 'Issued pair' }).getByRole('button', { name: 'Open server certificate' }).click();
  await expect(page.getByRole('article').getByRole('heading', { name: 'orders' })).toBeVisible();
  const leafPem = (await page.getByRole('article').getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
  expect(leafPem).toContain('BEGIN CERTIFICATE');

  // What Go and OpenSSL say about shop.acme.internal for this leaf, asked of them here (this test
  // runs in Node) with the page's question: its chain, the vault's root trusted, any purpose.
  await peerReady;
  const peerSays = await hostVerdicts(leafPem, issuingPem, rootPem, 'shop.acme.internal');

  // ---- Inspect: leaf + root pasted, the intermediate left out, a host name the leaf does not cover ----
  await page.getByRole('navigation').getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByRole('tab', { name: 'File or text' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Paste PEM — any number of blocks').fill(`${leafPem.trim()}\n${rootPem.trim()}\n`);
  await page.getByLabel(/^Check host name/).fill('shop.acme.internal');

  const diagnosis = page.getByRole('region', { name: 'Diagnosis' });
  await expect(diagnosis.getByRole('heading', { name: /The intermediate .* is missing — it is in your vault/ })).toBeVisible();
  await expect(diagnosis.getByRole('heading', { name: /The intermediate .* is missing/ })).toHaveText(/Inspect Issuing CA/);
  const host = diagnosis.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'shop.acme.internal is not covered by this certificate' }) });
  await expect(host).toContainText('Error');
  await expect(host).toContainText('What to do:');
  const seenAs = host.getByRole('list', { name: 'Seen as' });
  await expect(seenAs).toBeHidden();
  await host.locator('summary', { hasText: 'Seen as' }).click();
  await expect(seenAs).toBeVisible();
  for (const said of peerSays) await expect(seenAs).toContainText(said);
  // Errors come before warnings.
  await expect(diagnosis.getByRole('list', { name: 'Findings' }).getByRole('listitem').first()).toHaveClass(/finding-error/);

  // The chain, leaf → root, with the intermediate found in the vault.
  const chain = page.getByRole('region', { name: 'Chain' });
  const path = chain.getByRole('list', { name: 'Certification path' });
  await expect(path.locator(':scope > li')).toHaveText([/Leaf\s*orders.*From the input/, /Intermediate CA\s*Inspect Issuing CA.*In your vault/, /Root CA\s*Inspect Root CA.*From the input/]);
  await expect(chain).toContainText('Chain expires');
  // A Go client that trusts the root refuses this input (nobody gives it the intermediate): an error,
  // and never "Trusted" beside it (issue 17).
  await expect(diagnosis.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /The intermediate .* is missing/ }) })).toContainText('Error');
  await expect(chain).toContainText('Refused by clients');
  await expect(chain).not.toContainText('Trusted up to');
  await expect(path.locator(':scope > li').nth(1)).toContainText('Missing from the input');
  await chain.scrollIntoViewIfNeeded();
  await screenshot(page, '1705-inspect-missing-intermediate-refused');

  // The objects, in input order: the leaf, and the root the vault already holds (no Add to vault for it).
  const objects = page.getByRole('region', { name: 'Objects' });
  await expect(objects.getByRole('article')).toHaveCount(2);
  const rootCard = objects.getByRole('article', { name: 'Inspect Root CA' });
  await expect(rootCard).toContainText('In your vault');
  await expect(rootCard.getByRole('button', { name: 'Add to vault' })).toHaveCount(0);
  const leafCard = objects.getByRole('article', { name: 'orders' });
  await expect(leafCard.getByRole('table', { name: 'Subject of orders' })).toContainText('Common Name');
  await expect(leafCard.getByRole('table', { name: 'Issuer of orders' })).toContainText('Inspect Issuing CA');
  await expect(leafCard).toContainText('DNS: orders.acme.internal');
  await expect(leafCard).toContainText(/\d+ days left/);

  await page.setViewportSize({ width: 1280, height: 1500 });
  await diagnosis.scrollIntoViewIfNeeded();
  await screenshot(page, '370-inspect-missing-intermediate');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The role is an option too: a server certificate checked as a client's.
  await page.getByRole('group', { name: 'Role' }).getByRole('button', { name: 'Client' }).click();
  await expect(page.getByRole('group', { name: 'Role' }).getByRole('button', { name: 'Client' })).toHaveAttribute('aria-pressed', 'true');
  await expect(diagnosis.getByRole('list', { name: 'Findings' }).getByRole('listitem').filter({ hasText: /client/i }).first()).toBeVisible();

  // A host name that is no host name: said next to the field, the report stays.
  await page.getByLabel(/^Check host name/).fill('not a host');
  await expect(page.getByText('Type a DNS name (api.example.com) or an IP address')).toBeVisible();
  await expect(diagnosis).toBeVisible();

  // Something that is not X.509 at all: said in words, no crash.
  await page.getByLabel(/^Check host name/).fill('');
  await page.getByLabel('Paste PEM — any number of blocks').fill('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk2Jf0dH7bKqg8n4S3Vb1+6lq8QyZq9kHf0m3a1b2c3 user@host');
  await expect(page.getByRole('alert')).toContainText('The input could not be inspected');
  await expect(page.getByRole('alert').locator('.alert-message')).toHaveText(/^This looks like an SSH public key, not X\.509/); // no "content:" prefix
  await expect(diagnosis).toHaveCount(0);
  expect(app.problems).toEqual([]);
});

test('a PKCS#12 dropped onto the view: the password asked for, its certificate and key explained', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-inspect-e2e-'));
  try {
    const key = join(dir, 'k.pem');
    const cert = join(dir, 'c.pem');
    const p12 = join(dir, 'drop.p12');
    // A self-signed LEAF (CA:FALSE; openssl's default for req -x509 would be CA:TRUE).
    const made = await runPeer('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-subj', '/CN=drop.example', '-addext', 'subjectAltName=DNS:drop.example', '-addext', 'basicConstraints=critical,CA:FALSE', '-days', '30',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const exported = await runPeer('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-passout', 'pass:drop-secret', '-out', p12]);
    expect(exported.code, exported.stderr).toBe(0);
    const pkcs8 = new Uint8Array(Buffer.from((await readFile(key, 'utf8')).replace(/-----[^-]+-----|\s/g, ''), 'base64'));

    const page = await createVaultAndRoot(app, PASSPHRASE, 'Drop Root CA');
    await page.getByRole('navigation').getByRole('button', { name: 'Inspect' }).click();

    // ---- A file above 10 MiB is refused in the window: nothing crosses IPC --------------------------------
    const zone = page.getByRole('region', { name: 'Inspect', exact: true });
    const sent = app.outputs.length;
    const huge = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(11 * 1024 * 1024)], 'huge.der'));
      return transfer;
    });
    await zone.dispatchEvent('drop', { dataTransfer: huge });
    await expect(page.getByRole('alert')).toContainText('huge.der is 11 MiB, over the 10 MiB Certwright inspects; nothing was sent.');
    expect(app.outputs.length).toBe(sent);

    // ---- A real drop: a DataTransfer holding the file, dragged in and dropped on the view -----------
    const bytes = [...(await readFile(p12))];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'drop.p12', { type: 'application/x-pkcs12' }));
      return transfer;
    }, bytes);
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await expect(page.getByText('Drop the file to inspect it')).toBeVisible();
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByText('Drop the file to inspect it')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);

    // ---- The password: asked for, a wrong one, then the right one ---------------------------------------
    const prompt = page.getByRole('form', { name: 'Password prompt' });
    await expect(prompt).toContainText('This is a PKCS#12 keystore protected by a password');
    await expect(page.getByLabel('Inspected file')).toContainText('drop.p12');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await screenshot(page, '371-inspect-p12-password');
    await page.getByLabel('Password', { exact: true }).fill('not-the-secret');
    await prompt.getByRole('button', { name: 'Open' }).click();
    await expect(prompt).toContainText('the password is wrong');
    await page.getByLabel('Password', { exact: true }).fill('drop-secret');
    await prompt.getByRole('button', { name: 'Open' }).click();
    await expect(prompt).toHaveCount(0);

    const objects = page.getByRole('region', { name: 'Objects' });
    const container = objects.getByRole('article').filter({ hasText: 'PKCS#12' }).first();
    await expect(container).toContainText('1 certificate and 1 private key');
    const certificate = objects.getByRole('article', { name: 'drop.example' });
    await expect(certificate).toContainText('PKCS#12 certificate 1');
    await expect(certificate).toContainText('DNS: drop.example');
    await expect(certificate).toContainText('Self-signed');
    const privateKey = objects.getByRole('article').filter({ hasText: 'PKCS#12 private key' });
    await expect(privateKey).toContainText('ECDSA P-256');
    await expect(privateKey).toContainText('It matches drop.example');
    const diagnosis = page.getByRole('region', { name: 'Diagnosis' });
    await expect(diagnosis.getByRole('heading', { name: 'drop.example is self-signed' })).toBeVisible();

    // The raw ASN.1, fetched when asked for (the password goes along; the tree comes back).
    await certificate.locator('summary', { hasText: 'Show ASN.1' }).click();
    const tree = certificate.getByRole('list', { name: 'ASN.1 of drop.example' });
    await expect(tree).toContainText('SEQUENCE');
    await expect(tree).toContainText('2.5.4.3 (CN)');

    // No private key on the page, nor in anything main sent it.
    expect(await page.content()).not.toContain('PRIVATE KEY');
    expect(findKeyMaterial(app.recorded(), [pkcs8])).toEqual([]);
    await certificate.scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.getByRole('heading', { name: 'Inspect', level: 1 }).scrollIntoViewIfNeeded();
    await screenshot(page, '372-inspect-p12-opened');
    // The objects in the dark theme: the certificate's fields, the key that matches it.
    await page.emulateMedia({ colorScheme: 'dark' });
    await privateKey.scrollIntoViewIfNeeded();
    await screenshot(page, '375-inspect-p12-objects-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // ---- An outside CA pasted: added to the vault as trusted (no key came with it), the badges follow --
    const caMade = await runPeer('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-subj', '/CN=Outside Partner CA', '-days', '365']);
    expect(caMade.code, caMade.stderr).toBe(0);
    await page.getByLabel('Paste PEM — any number of blocks').fill(await readFile(join(dir, 'ca.pem'), 'utf8'));
    await expect(page.getByLabel('Inspected file')).toHaveCount(0);
    const outside = objects.getByRole('article', { name: 'Outside Partner CA' });
    await expect(diagnosis).toContainText('Outside Partner CA is a root this vault does not trust');
    await outside.getByRole('button', { name: 'Add to vault' }).click();
    await expect(outside).toContainText('Trusted for chains (no key): Outside Partner CA.');
    await expect(outside.getByText('Trusted by your vault')).toBeVisible();
    await expect(outside.getByRole('button', { name: 'Add to vault' })).toHaveCount(0);
    await expect(diagnosis).toContainText('Nothing wrong found: the chain verifies up to Outside Partner CA (in your vault).');
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a live endpoint that wants a client certificate: what it asks for, refused, then accepted', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-inspect-endpoint-e2e-'));
  let server: Server | null = null;
  try {
    const key = join(dir, 'server.key');
    const cert = join(dir, 'server.pem');
    const made = await runPeer('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-subj', '/CN=endpoint.example', '-addext', 'subjectAltName=DNS:endpoint.example,IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE', '-days', '30',
    ]);
    expect(made.code, made.stderr).toBe(0);

    const page = await createVaultAndRoot(app, PASSPHRASE, 'Endpoint Root CA');
    const rootPem = (await page.getByRole('article').getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
    await page.getByRole('article').getByRole('button', { name: 'mTLS pair' }).click();
    await page.getByLabel('Service name').fill('payments');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('payments.acme.internal');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    await confirmFromRoot(page); // issued from the root: its confirmation (issue 17)
    await expect(page.getByRole('region', { name: 'Issued pair' })).toBeVisible();

    // A server that requires a client certificate issued by the vault's root.
    const tlsServer = createServer({ key: await readFile(key), cert: await readFile(cert), ca: [rootPem], requestCert: true, rejectUnauthorized: true }, (socket) => socket.end('hello\n'));
    tlsServer.on('tlsClientError', () => undefined);
    server = tlsServer;
    await new Promise<void>((done) => tlsServer.listen(0, '127.0.0.1', () => done()));
    const { port } = tlsServer.address() as AddressInfo;

    await page.getByRole('navigation').getByRole('button', { name: 'Inspect' }).click();
    await page.getByRole('tab', { name: 'Live endpoint' }).click();
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(port));
    await expect(page.getByLabel(/^SNI name/)).toHaveAttribute('placeholder', 'defaults to the host');
    await page.getByRole('button', { name: 'Inspect endpoint' }).click();

    const endpoint = page.getByRole('region', { name: 'Endpoint' });
    await expect(endpoint).toBeVisible({ timeout: 30_000 });
    await expect(endpoint.locator('.fact', { hasText: 'Server asked for a client certificate' })).toContainText('Yes');
    await expect(endpoint.getByRole('list', { name: 'Acceptable CA names' })).toContainText('CN=Endpoint Root CA');
    await expect(endpoint.getByRole('alert')).toBeVisible();
    const panel = page.getByRole('tabpanel', { name: 'Live endpoint' });
    await expect(panel.getByRole('region', { name: 'Objects' }).getByRole('article', { name: 'endpoint.example' })).toBeVisible();
    await expect(panel.getByRole('region', { name: 'Diagnosis' }).getByRole('heading', { name: 'endpoint.example is self-signed' })).toBeVisible();
    await screenshot(page, '373-inspect-endpoint-refused');

    // With the vault's client certificate: accepted.
    const client = page.getByLabel('Client certificate');
    await client.selectOption({ label: (await client.locator('option', { hasText: /^payments — client/ }).textContent()) ?? '' });
    await page.getByRole('button', { name: 'Inspect endpoint' }).click();
    await expect(endpoint.getByRole('status').filter({ hasText: 'Client certificate payments: accepted' })).toBeVisible({ timeout: 30_000 });
    await expect(endpoint.getByRole('alert')).toHaveCount(0);
    await expect(endpoint.locator('.fact', { hasText: 'Protocol' })).toContainText('TLSv1.3');
    await endpoint.scrollIntoViewIfNeeded();
    await screenshot(page, '374-inspect-endpoint-accepted');
    expect(app.problems).toEqual([]);
  } finally {
    const open = server;
    if (open) await new Promise<void>((done) => open.close(() => done()));
    await rm(dir, { recursive: true, force: true });
  }
});
