/**
 * step-ca as a person drives it from the window (issue 20), against the real backend (harness.ts)
 * and a real step-ca (test/support/step-ca.ts, built from Debian's sources): a root in the vault
 * hands an intermediate to step-ca (the export dialog writes the folder step-ca is started from);
 * "Connect to step-ca" refuses a wrong provisioner password with its own words, then connects and
 * shows the server's health, version and provisioners; the mTLS pair and bulk wizards issue through
 * it (offered as "via step-ca team-ca"); the inventory tags every certificate with the server; revoking the server certificate from its detail
 * goes to step-ca and shows it revoked. One step-ca, one app.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/servers.js';
import { startStepCa, type StepCa } from '../support/step-ca.js';
import { createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'step-ca e2e vault passphrase';
const EXPORT_PASSWORD = 'step-ca e2e export password';
const ROOT = 'Team Root CA';
const INTERMEDIATE = `${ROOT} Online Intermediate`;

test('hand an intermediate to step-ca, connect (wrong password and fingerprint first), issue a pair and a bulk batch through it, revoke', async ({ certwright: app }) => {
  // Starting step-ca (and building it, when this file runs alone on a cold cache) is part of this test.
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-step-ca-e2e-'));
  let server: StepCa | undefined;
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, ROOT);
    const detail = page.getByRole('article');

    // ---- The root's "Hand an intermediate to step-ca": the folder step-ca starts from -----------------
    await detail.getByRole('button', { name: 'Export for step-ca…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Hand an intermediate to step-ca' });
    await expect(exporting).toBeVisible();
    const port = await freePort();
    await exporting.getByLabel('Password', { exact: true }).fill(EXPORT_PASSWORD);
    await exporting.getByLabel('Password again').fill(EXPORT_PASSWORD);
    await exporting.getByLabel('Address', { exact: true }).fill(`127.0.0.1:${port}`);
    await exporting.getByLabel('DNS names', { exact: true }).fill('127.0.0.1, localhost');
    await screenshot(page, '2001-step-ca-export-form');
    const folder = join(dir, 'team-ca');
    app.dialogAnswers.push(folder);
    await exporting.getByRole('button', { name: 'Choose where to write…' }).click();
    await expect(exporting.getByText(/^Wrote \d+ files for step-ca/)).toBeVisible();
    const written = exporting.getByRole('list', { name: 'Files written' });
    for (const path of ['certs/root_ca.crt', 'certs/intermediate_ca.crt', 'secrets/intermediate_ca_key', 'config/ca.json', 'README.md']) await expect(written).toContainText(path);
    await expect(exporting.getByLabel('The line that starts step-ca')).toHaveText('STEPPATH="$PWD" step-ca config/ca.json --password-file password.txt');
    const shownFingerprint = (await exporting.locator('.fact', { hasText: 'Root fingerprint' }).locator('code.hex').textContent()) ?? '';
    await screenshot(page, '2002-step-ca-exported');
    await exporting.getByRole('button', { name: 'Close' }).click();
    await expect(exporting).toHaveCount(0);

    // step-ca starts from that folder, as its README says: the password in password.txt.
    await writeFile(join(folder, 'password.txt'), EXPORT_PASSWORD, { mode: 0o600 });
    server = await startStepCa({ folder, passwordFile: join(folder, 'password.txt') });
    expect(shownFingerprint).toBe(server.fingerprint);

    // ---- Connect: a wrong provisioner password is refused in its own words, nothing stored -------------
    await page.getByRole('button', { name: 'Connect to step-ca' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect to step-ca' });
    await connect.getByLabel('Name').fill('team-ca');
    await connect.getByLabel('URLs').fill(server.url);
    await connect.getByLabel('Root fingerprint').fill(server.fingerprint);
    await expect(connect.getByLabel('Provisioner', { exact: true })).toHaveValue('certwright');
    await connect.getByLabel('Provisioner password').fill('not the export password');
    await connect.getByRole('button', { name: 'Connect' }).click();
    // Said at the password's field.
    await expect(connect.locator('#remote-password-error')).toHaveText('This is not the password of the provisioner “certwright”: its key did not decrypt. Nothing was stored.');
    await expect(connect.getByLabel('Provisioner password')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, '2003-step-ca-connect-wrong-password');
    // Another root's fingerprint: the server has no such root, said so, nothing stored.
    await connect.getByLabel('Provisioner password').fill(EXPORT_PASSWORD);
    await connect.getByLabel('Root fingerprint').fill('ab'.repeat(32));
    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect(connect.getByText(/has no root with this fingerprint/)).toBeVisible();
    await screenshot(page, '2003b-step-ca-connect-wrong-fingerprint');
    await connect.getByLabel('Root fingerprint').fill(server.fingerprint);
    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect(connect).toHaveCount(0);
    await expect(page.getByText('Connected to step-ca “team-ca”: its issuing CA is listed as a remote authority.')).toBeVisible();

    // The remote authority: its server's health per URL, version, provisioners, pinned root.
    await expect(detail.getByRole('heading', { name: INTERMEDIATE })).toBeVisible();
    const facts = detail.getByRole('definition').filter({ has: page.getByRole('list', { name: 'The server’s URLs and their health' }) });
    await expect(facts.getByRole('listitem')).toHaveText([new RegExp(`${server.url.replace(/[.[\]]/g, '\\$&')}\\s*Healthy`)]);
    const server_ = detail.getByRole('region', { name: 'step-ca server “team-ca”' });
    await expect(server_.locator('.fact', { hasText: 'Version' }).getByRole('definition')).not.toContainText('Not known');
    await expect(server_.locator('.fact', { hasText: 'Provisioners' }).getByRole('definition')).toContainText('certwright (JWK)');
    await expect(server_.locator('.fact', { hasText: 'Pinned root' }).locator('code.hex')).toHaveText(server.fingerprint);
    // What a vault CA offers and a server's does not: no new intermediate (and why), no CRL or settings tabs.
    await expect(detail.getByRole('button', { name: 'New intermediate' })).toBeDisabled();
    await expect(detail.getByText('No intermediate CAs below this one. Its key is on the step-ca server, which signs only leaf certificates with it.')).toBeVisible();
    await expect(detail.getByRole('tab')).toHaveText(['Overview', 'Certificates']);
    await server_.getByRole('button', { name: 'Check now' }).click();
    await expect(server_.getByText('Checked “team-ca”: Healthy.')).toBeVisible();
    await screenshot(page, '2004-step-ca-remote-authority');
    await server_.locator('.fact', { hasText: 'Connected' }).scrollIntoViewIfNeeded();
    await screenshot(page, '2004b-step-ca-remote-server-facts');

    // ---- An mTLS pair through the server, with the pair wizard ----------------------------------------
    await detail.getByRole('button', { name: 'mTLS pair' }).click();
    await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/via step-ca team-ca/);
    await page.getByLabel('Service name').fill('orders');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.team.internal');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    const pair = page.getByRole('region', { name: 'Issued pair' });
    await expect(pair.getByRole('region', { name: /orders/ })).toHaveCount(2);
    await screenshot(page, '2005-step-ca-pair-issued');

    // Signed by step-ca's intermediate, which the vault's root signed.
    const intermediatePem = await readFile(join(folder, 'certs/intermediate_ca.crt'), 'utf8');
    const intermediate = new X509Certificate(intermediatePem);

    // ---- Bulk issue through the server too: two clients ------------------------------------------------
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Authorities/ }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /step-ca/ }).click();
    await detail.getByRole('button', { name: 'Bulk issue' }).click();
    await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/via step-ca team-ca/);
    await page.getByLabel('Service names').fill('batch-1\nbatch-2');
    await page.getByRole('button', { name: 'Issue 2 certificates' }).click();
    await expect(page.getByRole('region', { name: 'Bulk issue result' })).toContainText('2 client certificates issued under Team Root CA Online Intermediate');

    // ---- The inventory: all tagged with the server ----------------------------------------------------
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Certificates/ }).click();
    const table = page.getByRole('table', { name: 'Certificates' });
    const serverRow = table.getByRole('row', { name: /orders.*Server/ });
    const clientRow = table.getByRole('row', { name: /orders.*Client/ });
    await expect(serverRow).toContainText('step-ca · team-ca');
    await expect(clientRow).toContainText('step-ca · team-ca');
    await expect(table.getByRole('row', { name: /batch-1/ })).toContainText('step-ca · team-ca');
    await expect(table.getByRole('row', { name: /batch-2/ })).toContainText('step-ca · team-ca');
    await serverRow.getByRole('button', { name: /orders/ }).click();
    await expect(detail.getByText('step-ca · team-ca')).toBeVisible();
    const leafPem = (await detail.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
    expect(new X509Certificate(leafPem).verify(intermediate.publicKey)).toBe(true);
    // Comfortable rows show the tag beside the name (compact ones cut it).
    await page.getByRole('button', { name: 'Comfortable' }).click();
    await screenshot(page, '2006-step-ca-inventory');

    // ---- Revoke the server certificate from its detail: step-ca revokes it ---------------------------
    await detail.getByRole('button', { name: 'Revoke…' }).click();
    // step-ca cannot put a certificate on hold: not offered, and why.
    await expect(page.getByRole('radio', { name: /Certificate hold/ })).toBeDisabled();
    await expect(page.getByText('Not for a certificate of a step-ca server: a revocation there is final.')).toBeVisible();
    await page.getByRole('radio', { name: /Superseded/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('step-ca team-ca records “orders · server” as revoked as soon as you revoke: the server then refuses to renew it, whichever desktop asks.')).toBeVisible();
    await screenshot(page, '2007-step-ca-revoke-review');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(page.getByText('Revoked “orders · server” (Superseded).')).toBeVisible();
    await expect(table.getByRole('row', { name: /orders.*Server/ })).toContainText('Revoked');
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('Revoked: Superseded');
    await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('Final: step-ca team-ca refuses to renew it, whichever desktop asks.');
    await screenshot(page, '2008-step-ca-revoked');

    // ---- The server goes away: "Check now" says which URL, and why --------------------------------------
    await server.stop();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Authorities/ }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /step-ca/ }).click();
    const gone = detail.getByRole('region', { name: 'step-ca server “team-ca”' });
    await gone.getByRole('button', { name: 'Check now' }).click();
    await expect(gone.getByText('Checked “team-ca”: Unreachable.')).toBeVisible();
    await expect(gone.getByRole('list', { name: 'The server’s URLs and their health' }).getByRole('listitem')).toContainText('Unreachable');
    await gone.getByRole('list', { name: 'The server’s URLs and their health' }).scrollIntoViewIfNeeded();
    await screenshot(page, '2009-step-ca-unreachable');
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
