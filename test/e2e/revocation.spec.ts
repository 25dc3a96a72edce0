/**
 * "Take trust back", driven like a person in Chromium against the real backend (see harness.ts):
 * revoke a client certificate through the wizard (reason, invalidity date, a review that says what
 * happens) → its status changes everywhere → put the server on hold by ticking it in the list → the
 * authority's CRL panel shows both, searchable → download the CRL (the save dialog is the only fake)
 * and let OpenSSL judge it → lift the hold.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPeer } from '../support/peers.js';
import { confirmFromRoot, createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'revocation e2e passphrase';

function openssl(args: readonly string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A local date-time for a datetime-local input. */
function localInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

test('revoke a client through the wizard, hold and release the server, download the CRL', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-revoke-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Revocation Root');
    const rootPem = (await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
    await page.getByRole('article').getByRole('button', { name: 'mTLS pair' }).click();
    await page.getByLabel('Service name').fill('orders');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.acme.internal');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    await confirmFromRoot(page); // issued from the root: its confirmation (issue 17)
    await page.getByRole('region', { name: 'Issued pair' }).getByRole('button', { name: 'Open client certificate' }).click();
    const detail = page.getByRole('article');
    const clientPem = (await detail.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';

    // ---- Revoke the client: a reason, an invalidity date, a review that says what happens ---------------
    await detail.getByRole('button', { name: 'Revoke…' }).click();
    await expect(page.getByRole('heading', { name: 'Revoke orders' })).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Choose why the certificate is revoked')).toBeVisible();
    await page.getByLabel('Invalidity date').fill(localInput(new Date(Date.now() + 2 * 86_400_000)));
    await page.getByRole('radio', { name: /Key compromise/ }).check();
    await expect(page.getByText('The invalidity date is when the key became unusable; it cannot be in the future')).toBeVisible();
    const leaked = new Date(Date.now() - 6 * 3_600_000);
    await page.getByLabel('Invalidity date').fill(localInput(leaked));
    await screenshot(page, '360-revoke-reason');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/Clients that check the CRL will refuse “orders · client” from the next CRL of Revocation Root/)).toBeVisible();
    await expect(page.getByText(/Key compromise is final/)).toBeVisible();
    await screenshot(page, '361-revoke-review');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(page.getByText('Revoked “orders · client” (Key compromise).')).toBeVisible();
    await expect(page.getByText(/Published CRL #1 with 1 entry/)).toBeVisible();
    const table = page.getByRole('table', { name: 'Certificates' });
    await expect(table.getByRole('row', { name: /orders.*Client/ })).toContainText('Revoked');
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('Revoked: Key compromise');
    await expect(page.getByRole('article').getByRole('button', { name: 'Revoke…' })).toHaveCount(0);
    await screenshot(page, '362-revoked-detail');

    // ---- Tick the server in the list and put it on hold ---------------------------------------------------
    await expect(table.getByRole('checkbox', { name: /Select orders .*/ }).first()).toBeVisible();
    const serverRow = table.getByRole('row', { name: /orders.*Server/ });
    await serverRow.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Revoke 1 selected…' }).click();
    await page.getByRole('radio', { name: /Certificate hold/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/A hold can be lifted later/)).toBeVisible();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(page.getByText(/Published CRL #2 with 2 entries/)).toBeVisible();
    await expect(serverRow).toContainText('Revoked');

    // ---- The authority's CRL: numbers, entries, search, download ------------------------------------------
    await page.getByRole('navigation').getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('article').getByRole('tab', { name: 'Revocation' }).click();
    const crl = page.getByRole('region', { name: 'Certificate revocation list' });
    await expect(crl.getByRole('definition').first()).toHaveText('#2');
    const entries = crl.getByRole('table', { name: 'Revoked certificates' });
    await expect(entries.getByRole('row')).toHaveCount(3);
    await expect(entries).toContainText('Key compromise');
    await expect(entries).toContainText('Certificate hold');
    await crl.getByLabel('Search revoked certificates').fill('hold');
    await expect(entries.getByRole('row')).toHaveCount(2);
    await expect(crl.getByText('1 of 2 match')).toBeVisible();
    await crl.getByLabel('Search revoked certificates').fill('');
    await crl.scrollIntoViewIfNeeded();
    await screenshot(page, '363-crl-panel');
    const crlPath = join(dir, 'root.crl.pem');
    app.dialogAnswers.push(crlPath);
    await crl.getByRole('button', { name: 'Download PEM' }).click();
    await expect(crl.getByText(`Saved to ${crlPath}`)).toBeVisible();

    const text = openssl(['crl', '-in', crlPath, '-noout', '-text']);
    expect(text.out).toContain('Key Compromise');
    expect(text.out).toContain('Certificate Hold');
    expect(text.out).toMatch(/CRL Number: \n\s+2\n/);
    await writeFile(join(dir, 'root.pem'), rootPem);
    await writeFile(join(dir, 'client.pem'), clientPem);
    expect(openssl(['verify', '-crl_check', '-CAfile', join(dir, 'root.pem'), '-CRLfile', crlPath, join(dir, 'client.pem')]).out).toContain('certificate revoked');

    // ---- The downloaded CRL, opened in the CRL viewer: decoded, its signature checked --------------------
    await page.getByRole('navigation').getByRole('button', { name: 'Inspect' }).click();
    await page.getByLabel('CRL', { exact: true }).fill(await readFile(crlPath, 'utf8'));
    await page.getByRole('button', { name: 'Inspect CRL' }).click();
    const contents = page.getByRole('region', { name: 'CRL contents' });
    await expect(contents).toContainText('Signature verified: signed by Revocation Root, a CA in this vault.');
    await expect(contents.getByRole('table', { name: 'CRL entries' }).getByRole('row')).toHaveCount(3);
    await contents.getByLabel('Search the CRL').fill('compromise');
    await expect(contents.getByRole('table', { name: 'CRL entries' }).getByRole('row')).toHaveCount(2);
    await screenshot(page, '366-crl-viewer');
    await page.getByRole('navigation').getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('article').getByRole('tab', { name: 'Revocation' }).click();

    // ---- The OCSP responder, started from the authority view, asked by openssl -------------------------
    const ocsp = page.getByRole('region', { name: 'OCSP responder' });
    await expect(ocsp).toBeVisible();
    await ocsp.getByRole('button', { name: 'Start' }).click();
    const running = ocsp.getByRole('status', { name: 'OCSP responder state' });
    await expect(running).toContainText('Running on http://127.0.0.1:');
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec((await running.textContent()) ?? '')?.[0] ?? '';
    // Asynchronously: the responder runs in this very process (the harness hosts main), so a blocking
    // child process would wait on it forever.
    const answer = await runPeer('openssl', ['ocsp', '-issuer', join(dir, 'root.pem'), '-cert', join(dir, 'client.pem'), '-url', url, '-CAfile', join(dir, 'root.pem'), '-resp_text']);
    expect(answer.stdout).toMatch(/client\.pem: revoked[\s\S]*Reason: keyCompromise/);
    await ocsp.scrollIntoViewIfNeeded();
    await screenshot(page, '364-ocsp-running');
    await ocsp.getByRole('button', { name: 'Stop' }).click();
    await expect(running).toHaveText('Off.');

    // ---- Lift the hold: valid again, and the CRL panel counts one ---------------------------------------
    await page.getByRole('navigation').getByRole('button', { name: 'Certificates' }).click();
    await page.getByRole('table', { name: 'Certificates' }).getByRole('row', { name: /orders.*Server/ }).getByRole('button', { name: 'orders' }).click();
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('On hold: Certificate hold');
    await page.getByRole('article').getByRole('button', { name: 'Lift hold' }).click();
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Certificates' }).getByRole('row', { name: /orders.*Server/ })).toContainText('Valid');
    await page.getByRole('navigation').getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('article').getByRole('tab', { name: 'Revocation' }).click();
    await expect(page.getByRole('region', { name: 'Certificate revocation list' }).getByRole('definition').first()).toHaveText('#3');

    // ---- Revoke an intermediate CA: the warning says what goes with it, and it stops issuing -----------
    await page.getByRole('article').getByRole('button', { name: 'New intermediate' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Common name').fill('Leaky Issuing CA');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create intermediate CA' }).click();
    const leaky = page.getByRole('article');
    await expect(leaky.getByRole('heading', { name: 'Leaky Issuing CA' })).toBeVisible();
    await leaky.getByRole('tab', { name: 'Revocation' }).click();
    await leaky.getByRole('button', { name: 'Revoke CA…' }).click();
    await expect(page.getByRole('heading', { name: 'Revoke the CA Leaky Issuing CA' })).toBeVisible();
    await page.getByRole('radio', { name: /CA compromise/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Everything under this CA stops being trusted')).toBeVisible();
    await expect(page.getByText(/0 certificates chain through it/)).toBeVisible();
    // Revoking a CA takes its name typed out.
    const revokeCa = page.getByRole('button', { name: 'Revoke CA', exact: true });
    await expect(revokeCa).toBeDisabled();
    await page.getByLabel("Type the CA's name to confirm").fill('Leaky Issuing');
    await expect(revokeCa).toBeDisabled();
    await page.getByLabel("Type the CA's name to confirm").fill('Leaky Issuing CA');
    await expect(revokeCa).toBeEnabled();
    await screenshot(page, '365-revoke-ca-review');
    await revokeCa.click();
    await expect(page.getByText('Revoked the CA “Leaky Issuing CA” (CA compromise). It can no longer issue.')).toBeVisible();
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('Revoked: CA compromise');
    await page.getByRole('article').getByRole('tab', { name: 'Revocation' }).click();
    await expect(page.getByRole('region', { name: 'Certificate revocation list' })).toBeVisible();
    await expect(page.getByRole('article').getByRole('button', { name: 'Revoke CA…' })).toHaveCount(0);
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
