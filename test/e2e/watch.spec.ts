/**
 * Watching what is deployed (issue 19), driven like a person in Chromium against the real backend
 * (see harness.ts) and a real nginx on 127.0.0.1: a root, an intermediate and a server certificate
 * for 127.0.0.1; nginx serves it (files exported by the app, as an operator would); the endpoint is
 * added in the Endpoints view (a typing mistake named at its field first) → Probe now → OK. The
 * certificate is renewed in the vault while nginx keeps the old one → Probe now → "Renewed on …,
 * still serving the old one: reload the service." The new files are written and `nginx -s reload`
 * → Probe now → the finding clears, and the history shows what was served change. Then an import
 * with a malformed line (named by its number; nothing added), corrected (one added, one skipped as
 * already watched), a removal through the confirmation dialog, and Probe all cancelled while servers
 * that never finish the handshake hold it.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { runPeer } from '../support/peers.js';
import { freePort, startNginx, type RunningServer } from '../support/servers.js';
import { createVaultAndRoot, ipc } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'watch e2e passphrase';
/** A probe of loopback answers in well under a second; the first starts the inspection worker, slower on a busy machine. */
const PROBE_MS = 30_000;

/** A serial as a number's decimal digits: the vault's hex and Node's may differ in case, separators and leading zeros. */
const serialValue = (hex: string): string => BigInt(`0x${hex.replace(/[^0-9a-f]/gi, '')}`).toString();

/** The serial of the certificate 127.0.0.1:port serves now; while nginx reloads, what went wrong (the poll asks again). */
function servedSerial(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const serial = serialValue(socket.getPeerCertificate().serialNumber);
      socket.destroy();
      resolve(serial);
    });
    socket.once('error', (error) => resolve(`not yet: ${error.message}`));
  });
}

test('an endpoint nginx serves: OK, renewed but not deployed, cleared after the reload; an import names its bad line', async ({ certwright: app }) => {
  test.setTimeout(60_000);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-watch-e2e-'));
  let nginx: RunningServer | null = null;
  // Accept, then say nothing: a handshake that never comes.
  const silent = [createServer(() => undefined), createServer(() => undefined), createServer(() => undefined)];
  const silentPorts = await Promise.all(silent.map((server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))));
  try {
    // ---- The vault: a root (in the UI), an intermediate and a server certificate for 127.0.0.1 (IPC, for brevity) ----
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Watch Root CA');
    const [root] = await ipc(page, 'authority.list', {});
    const issuing = (await ipc(page, 'authority.createIntermediate', { parentId: root!.id, subject: { commonName: 'Watch Issuing CA' } })).authority;
    const issued = (
      await ipc(page, 'certificate.issue', {
        authorityId: issuing.id,
        profile: 'server',
        subject: { commonName: 'watched.localhost' },
        // Outside the 30-day warning window: a fresh certificate is OK, not "expires soon".
        validity: { days: 90 },
        sans: [
          { type: 'dns', value: 'watched.localhost' },
          { type: 'ip', value: '127.0.0.1' },
        ],
      })
    ).certificate;

    // ---- nginx serves it, from the files the app exports (leaf + chain, and the key an operator installs) ----
    const live = join(dir, 'live');
    await mkdir(live);
    const install = async (id: string, name: string) => {
      app.dialogAnswers.push(join(dir, name));
      expect((await ipc(page, 'certificate.export', { id, format: 'pem' })).cancelled).toBe(false);
      await copyFile(join(dir, name, 'fullchain.pem'), join(live, 'fullchain.pem'));
      await copyFile(join(dir, name, 'key.pem'), join(live, 'key.pem'));
    };
    await install(issued.id, 'v1');
    const port = await freePort();
    const nginxDir = join(dir, 'nginx');
    nginx = await startNginx(nginxDir, [{ port, certificateFile: join(live, 'fullchain.pem'), keyFile: join(live, 'key.pem') }], { reloadable: true });
    expect(nginx, 'nginx is installed (test/peers.sh)').not.toBeNull();
    const target = `127.0.0.1:${port}`;

    // ---- The empty view teaches; the form names a mistake at its field ----
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Endpoints' }).click();
    await expect(page.getByRole('heading', { name: 'No endpoint watched yet' })).toBeVisible();
    await expect(page.getByText(/still serves the old certificate/)).toBeVisible();
    await screenshot(page, '1930-endpoints-empty');
    await page.getByRole('button', { name: 'Add your first endpoint' }).click();
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await expect(form.getByLabel('Endpoint', { exact: true })).toBeFocused();
    await form.getByLabel('Endpoint', { exact: true }).fill('127.0.0.1');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form.getByText('Add the port: host:port, e.g. example.com:443.')).toBeVisible();
    await form.getByLabel('Endpoint', { exact: true }).fill(target);
    await form.getByRole('radio', { name: /A certificate from the vault/ }).check();
    await form.getByLabel('Expected certificate').selectOption(issued.id);
    await expect(form.getByLabel('Expected certificate').locator('option:checked')).toHaveText(/^watched\.localhost · server — Watch Issuing CA, serial /);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByText(`Watching ${target}: Probe now shows what it serves.`)).toBeVisible();

    // ---- Probe now: what nginx serves is what the vault issued last ----
    const detail = page.getByRole('article');
    const health = detail.locator('header .tag-status');
    await expect(detail.getByRole('heading', { name: target })).toBeVisible();
    await expect(health).toHaveText('Not probed yet');
    await detail.getByRole('button', { name: 'Probe now' }).click();
    await expect(health).toHaveText('OK', { timeout: PROBE_MS });
    await expect(detail.getByText('Nothing to act on: the served chain is complete, valid and covers the name.')).toBeVisible();
    await expect(detail.getByText(issued.serialNumberHex, { exact: true })).toBeVisible();
    const row = page.getByRole('table', { name: 'Watched endpoints' }).getByRole('row').filter({ hasText: target });
    await expect(row).toContainText('watched.localhost');
    await expect(row).toContainText(/expires in \d+ days/);
    await screenshot(page, '1931-endpoint-ok');

    // ---- Renewed in the vault, nginx not reloaded: the finding that prevents the outage ----
    const renewal = await ipc(page, 'certificate.renew', { ids: [issued.id], validity: { days: 90 } });
    const renewed = renewal.renewed[0]!.certificate;
    await detail.getByRole('button', { name: 'Probe now' }).click();
    // Above everything else in the pane, in the finding's own words (the probe results below repeat it).
    const finding = detail.getByRole('status', { name: 'Renewed in the vault, not deployed' }).getByText(/^Renewed on .+, still serving the old one: reload the service\.$/);
    await expect(finding).toBeVisible({ timeout: PROBE_MS });
    await expect(detail.getByText(`The vault’s latest is serial ${renewed.serialNumberHex}`, { exact: false })).toBeVisible();
    await expect(health).toHaveText('Error');
    await expect(row.getByText('Error', { exact: true })).toBeVisible();
    await finding.scrollIntoViewIfNeeded();
    await screenshot(page, '1932-endpoint-renewed-not-deployed');

    // ---- The operator installs the new files and reloads nginx: the finding clears ----
    await install(renewed.id, 'v2');
    const reload = await runPeer(join('/usr/sbin', 'nginx'), ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf'), '-s', 'reload']);
    expect(reload.code, reload.stderr).toBe(0);
    // nginx re-reads its files on the signal, a moment later: wait until it serves the new certificate.
    await expect.poll(() => servedSerial(port), { timeout: 10_000, intervals: [50] }).toBe(serialValue(renewed.serialNumberHex));
    await detail.getByRole('button', { name: 'Probe now' }).click();
    await expect(detail.getByText(renewed.serialNumberHex, { exact: true })).toBeVisible({ timeout: PROBE_MS });
    await expect(finding).toHaveCount(0);
    await expect(detail.getByText('Nothing to act on: the served chain is complete, valid and covers the name.')).toBeVisible();
    const changes = detail.getByRole('list', { name: 'Changes of what was served, newest first' });
    await expect(changes.getByRole('listitem').first()).toContainText(`watched.localhost (serial ${issued.serialNumberHex}) → watched.localhost (serial ${renewed.serialNumberHex})`);
    await expect(detail.getByRole('table', { name: 'Probe results, newest first' }).getByRole('row')).toHaveCount(4); // the header and three results
    await changes.scrollIntoViewIfNeeded();
    await screenshot(page, '1933-endpoint-cleared-history');

    // ---- An import with a malformed line: named by its number, nothing added; corrected: one added, one skipped ----
    await page.getByRole('button', { name: 'Import a list' }).click();
    const importer = page.getByRole('form', { name: 'Import endpoints' });
    await importer.getByLabel('Endpoints, one a line').fill(`127.0.0.2:8443\nnot a target at all\n${target}`);
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    const problems = importer.getByRole('alert');
    await expect(problems).toContainText('1 line could not be read');
    await expect(problems).toContainText('Nothing was added: correct the lines below and import again.');
    await expect(problems.getByRole('listitem')).toHaveCount(1);
    await expect(problems.getByRole('listitem')).toHaveText(/^Line 2: /);
    await screenshot(page, '1934-endpoints-import-problem');
    await importer.getByLabel('Endpoints, one a line').fill(`127.0.0.2:8443\n${target}`);
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importer.getByText('Added 1 endpoint.')).toBeVisible();
    await expect(importer.getByText('1 line skipped: already watched or listed twice')).toBeVisible();
    await expect(importer.getByText(`Line 2: ${target}`)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Watched endpoints' }).getByRole('row')).toHaveCount(3);
    await importer.getByRole('button', { name: 'Cancel' }).click();

    // ---- Remove the imported one, through the confirmation (keyboard: Tab to its row, Enter opens it) ----
    const other = page.getByRole('table', { name: 'Watched endpoints' }).getByRole('button', { name: '127.0.0.2:8443' });
    await other.focus();
    await page.keyboard.press('Enter');
    await expect(detail.getByRole('heading', { name: '127.0.0.2:8443' })).toBeVisible();
    await detail.getByRole('button', { name: 'Remove…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Stop watching 127.0.0.2:8443?' });
    await expect(confirm.getByRole('button', { name: 'Keep watching' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByText('Stopped watching 127.0.0.2:8443.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Watched endpoints' }).getByRole('row')).toHaveCount(2);

    // ---- Probe all, cancelled: servers that never answer the handshake (cut at 1 s, one at a time) keep the round busy ----
    await ipc(page, 'settings.updateWatch', { timeoutSeconds: 1, concurrency: 1 });
    await page.getByRole('button', { name: 'Import a list' }).click();
    await importer.getByLabel('Endpoints, one a line').fill(silentPorts.map((p) => `127.0.0.1:${p}`).join('\n'));
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importer.getByText('Added 3 endpoints.')).toBeVisible();
    await importer.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Probe all' }).click();
    await expect(page.getByRole('progressbar', { name: 'Probing endpoints' })).toBeVisible();
    await screenshot(page, '1935-endpoints-probing');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByText('Probing was cancelled: the endpoints not reached keep their last result.')).toBeVisible({ timeout: PROBE_MS });
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Watched endpoints' }).getByText('Not probed yet')).not.toHaveCount(0); // those not reached
  } finally {
    for (const server of silent) server.close();
    await nginx?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
