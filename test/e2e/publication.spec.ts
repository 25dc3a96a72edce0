/**
 * Revocation that reaches clients, driven like a person in Chromium against the real backend: the
 * root wizard asks for the CRL distribution point, OCSP and CA Issuers URLs and previews what issued
 * certificates will carry → the CA's Revocation tab publishes the CRL and certificate to a folder
 * (the folder dialog is the only fake; OpenSSL reads what was written) → the publication server
 * starts on the address the URLs name → "Check what clients see" fetches each URL.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPeer } from '../support/peers.js';
import { expect, screenshot, test } from './harness.js';
import { freePort } from '../support/servers.js';

const PASSPHRASE = 'publication e2e passphrase';

test('the root wizard takes the revocation URLs; publish to a folder, serve them, check what clients see', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-publication-e2e-'));
  try {
    const port = await freePort();
    const page = await app.launch();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('button', { name: 'New root CA' }).click();
    await page.getByLabel('Common name').fill('Publication Root');
    await page.getByRole('button', { name: 'Next' }).click();

    // ---- Key & validity: the URLs, suggested for the publication server, with the preview ---------------
    const preview = page.getByRole('region', { name: 'What issued certificates will carry' });
    await expect(preview).toContainText('No revocation URLs');
    await page.getByRole('button', { name: "Use Certwright's publication server" }).click();
    await expect(page.getByLabel('CRL distribution point')).toHaveValue('http://127.0.0.1:8080/publication-root.crl');
    // This machine may have 8080 taken: the port is the one free now.
    for (const [label, path] of [
      ['CRL distribution point', '/publication-root.crl'],
      ['OCSP URL', '/publication-root/ocsp'],
      ['CA Issuers URL', '/publication-root.crt'],
    ] as const) {
      await page.getByLabel(label).fill(`http://127.0.0.1:${port}${path}`);
    }
    const lines = preview.getByLabel('Extension preview');
    await expect(lines).toContainText('X509v3 CRL Distribution Points:');
    await expect(lines).toContainText(`URI:http://127.0.0.1:${port}/publication-root.crl`);
    await expect(lines).toContainText(`OCSP - URI:http://127.0.0.1:${port}/publication-root/ocsp`);
    await expect(lines).toContainText(`CA Issuers - URI:http://127.0.0.1:${port}/publication-root.crt`);
    // Centred: the wizard's sticky actions cover the bottom of the step.
    await preview.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '1780-root-wizard-urls-preview');
    await page.getByLabel('OCSP URL').fill('ldap://directory/ocsp');
    await page.getByLabel('OCSP URL').blur();
    await expect(page.getByText('OCSP URL must be an http:// or https:// URL')).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('OCSP URL')).toBeVisible(); // held on the step
    await page.getByLabel('OCSP URL').fill(`http://127.0.0.1:${port}/publication-root/ocsp`);
    await page.getByRole('button', { name: 'Next' }).click();
    const review = page.getByRole('region', { name: 'Revocation' });
    await expect(review).toContainText(`URI:http://127.0.0.1:${port}/publication-root.crl`);
    await screenshot(page, '1781-root-wizard-review-urls');
    await page.getByRole('button', { name: 'Create root CA' }).click();
    await expect(page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Publication Root/ })).toBeVisible();

    // ---- Revocation tab: publish to a folder ------------------------------------------------------------
    const article = page.getByRole('article');
    await article.getByRole('tab', { name: 'Revocation' }).click();
    const crl = page.getByRole('region', { name: 'Certificate revocation list' });
    const folder = join(dir, 'www');
    app.dialogAnswers.push(folder);
    await crl.getByRole('button', { name: 'Publish to folder…' }).click();
    await expect(crl.getByText(/CRL #1 and the CA certificate to .*www: publication-root\.crl, publication-root\.crl\.pem, publication-root\.crt, publication-root\.pem/)).toBeVisible();
    expect(app.dialogRequests.at(-1)).toMatchObject({ kind: 'folder', title: 'Publish the CRL and certificate of Publication Root' });
    expect((await readdir(folder)).sort()).toEqual(['publication-root.crl', 'publication-root.crl.pem', 'publication-root.crt', 'publication-root.pem']);
    const read = await runPeer('openssl', ['crl', '-inform', 'DER', '-in', join(folder, 'publication-root.crl'), '-noout', '-text']);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/CRL Number: \n\s+1\n/);
    await crl.scrollIntoViewIfNeeded();
    await screenshot(page, '1782-crl-published-to-folder');

    // ---- The publication server, on the address the URLs name ------------------------------------------
    const server = page.getByRole('region', { name: 'Publication server' });
    await expect(server.getByLabel('Address')).toHaveValue('127.0.0.1');
    await expect(server.getByLabel('Port')).toHaveValue(String(port));
    await server.getByLabel('Address').fill('192.0.2.10');
    await expect(server.getByText(/Other machines can reach this server: it listens on 192\.0\.2\.10/)).toBeVisible();
    await server.scrollIntoViewIfNeeded();
    await screenshot(page, '1783-publication-server-exposed-warning');
    await server.getByLabel('Address').fill('127.0.0.1');
    await expect(server.getByText(/Other machines can reach this server/)).toHaveCount(0);
    await server.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(server.getByRole('status', { name: 'Publication server state' })).toHaveText(`Serving on http://127.0.0.1:${port}`);
    const published = server.getByLabel('Published at');
    await expect(published).toContainText(`http://127.0.0.1:${port}/publication-root.crl`);
    // What a client downloads: the CRL, as DER, with its media type.
    const served = await fetch(`http://127.0.0.1:${port}/publication-root.crl`);
    expect(served.headers.get('content-type')).toBe('application/pkix-crl');

    // ---- What clients see ---------------------------------------------------------------------------------
    await server.getByRole('button', { name: 'Check what clients see' }).click();
    const results = server.getByLabel('What clients see');
    await expect(results.getByRole('listitem')).toHaveCount(3);
    await expect(results.getByRole('listitem').nth(0)).toContainText('The CRL at this URL is #1, the latest');
    await expect(results.getByRole('listitem').nth(1)).toContainText(/OCSP answers unknown for a made-up serial [0-9A-F]+ \(this CA has issued nothing yet\), as the vault says; signed by the CA key/);
    await expect(results.getByRole('listitem').nth(2)).toContainText("It serves this CA's certificate (DER), as clients expect.");
    await expect(results.getByText('OK', { exact: true })).toHaveCount(3);
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, '1784-publication-server-reachability');

    // Stopped: the URLs no longer answer, and the check says so in a client's words.
    await server.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(server.getByLabel('Address')).toBeVisible();
    await server.getByRole('button', { name: 'Check what clients see' }).click();
    await expect(results.getByRole('listitem').nth(0)).toContainText('Clients get nothing: connection refused (nothing listens there).');
    await expect(results.getByText('Clients fail', { exact: true })).toHaveCount(3);
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, '1785-reachability-unreachable');

    // ---- A new intermediate under it: the suggestion uses the address its parent's URLs already use -----
    await article.getByRole('button', { name: 'New intermediate' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Publication Issuing');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: "Use Certwright's publication server" }).click();
    await expect(page.getByLabel('CRL distribution point')).toHaveValue(`http://127.0.0.1:${port}/publication-issuing.crl`);
    await expect(page.getByLabel('Extension preview')).toContainText(`CA Issuers - URI:http://127.0.0.1:${port}/publication-issuing.crt`);
    await page.getByLabel('Extension preview').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '1786-intermediate-wizard-urls');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
