/**
 * The ACME server, driven like a person in Chromium against the real backend (see harness.ts): a
 * vault with a root CA (wizard) → the authority's ACME panel: off, lab mode off, a bind address
 * other than loopback warned about, a port already in use refused in the form → started on
 * loopback with a free http-01 port and a.lab.test → 127.0.0.1 → the directory URL and the
 * snippets for it → the REAL lego registers, orders a.lab.test over http-01 and gets a chain that
 * openssl verifies against the CA → the account, the valid order and the count appear in the
 * panel on their own → the order's certificate opens in the Certificates view, tagged ACME with
 * its account → stopped.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPeer } from '../support/peers.js';
import { createVaultAndRoot, ipc } from './flows.js';
import type { Locator } from '@playwright/test';
import { expect, screenshot, test } from './harness.js';
import { freePort } from '../support/servers.js';

const PASSPHRASE = 'acme e2e passphrase';
const NAME = 'a.lab.test';

/** A listener on 127.0.0.1 with an ephemeral port (to hold a port busy, or learn a free one). */
function listenLoopback(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

/**
 * Runs lego in the background. Asynchronous on purpose: the ACME server runs in this very process
 * (the harness hosts main), so a blocking child process would wait on it forever.
 */
function lego(args: readonly string[], caFile: string, cwd?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('lego', args, { timeout: 30_000, env: { ...process.env, LEGO_CA_CERTIFICATES: caFile }, ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Scrolls the element to the top of the pane that scrolls it. (scrollIntoView would also scroll the
 * window's fixed layout, which has overflow hidden, and push the app's header out of the picture.)
 */
async function scrollToTop(locator: Locator): Promise<void> {
  await locator.evaluate((el) => {
    let pane = el.parentElement;
    while (pane && !/(auto|scroll)/.test(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
    if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 12;
  });
}

test('ACME: start the server from the authority view, lego gets a certificate, tagged ACME in Certificates', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-acme-e2e-'));
  const occupied = await listenLoopback();
  let authorityId: string | null = null;
  const page = await createVaultAndRoot(app, PASSPHRASE, 'ACME Lab Root');
  try {
    const [root] = await ipc(page, 'authority.list', {});
    authorityId = root!.id;
    const rootPem = (await page.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
    expect(rootPem).toContain('-----BEGIN CERTIFICATE-----');

    // ---- Off by default; the form (the CA page's Certificates tab) ----------------------------------------
    await page.getByRole('article').getByRole('tab', { name: 'Certificates' }).click();
    const acme = page.getByRole('region', { name: 'ACME server' });
    const state = acme.getByRole('status', { name: 'ACME server state' });
    await expect(state).toHaveText('Off.');
    await expect(acme.getByLabel('Lab mode — approve without validation')).not.toBeChecked();
    await expect(acme.getByLabel('Require external account binding (EAB)')).not.toBeChecked();
    await expect(acme.getByLabel('Bind address')).toHaveValue('127.0.0.1');
    await expect(acme.getByLabel('http-01 port')).toHaveValue('80');
    await expect(acme.getByLabel('Max lifetime (days)')).toHaveValue('30');

    const http01Port = await freePort();
    await acme.getByLabel('http-01 port').fill(String(http01Port));
    await acme.getByRole('button', { name: 'Add lab name' }).click();
    await acme.getByLabel('Lab name 1', { exact: true }).fill(NAME);
    await expect(acme.getByLabel('Address of lab name 1', { exact: true })).toHaveValue('127.0.0.1');

    // "Every address" is refused; another machine's reach is warned about; lab mode is loud.
    const bind = acme.getByLabel('Bind address');
    await bind.fill('0.0.0.0');
    await expect(acme.getByText('Name one address of this computer')).toBeVisible();
    await bind.fill('192.168.10.20');
    const reach = acme.getByRole('status').filter({ hasText: 'Other machines can reach the ACME server' });
    await expect(reach).toContainText('it listens on 192.168.10.20. Anyone who reaches it');
    await acme.getByLabel('Lab mode — approve without validation').check();
    // A taller window for this one, so the whole form is in the picture.
    await page.setViewportSize({ width: 1280, height: 1180 });
    await scrollToTop(acme);
    await screenshot(page, '460-acme-start-form');
    await page.setViewportSize({ width: 1280, height: 800 });
    await acme.getByLabel('Lab mode — approve without validation').uncheck();
    await bind.fill('127.0.0.1');
    await expect(reach).toHaveCount(0);

    // A port another program holds: said in the form, nothing started.
    await acme.getByLabel('Port (optional)', { exact: true }).fill(String(occupied.port));
    await acme.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(acme.getByText(`Port ${occupied.port} on 127.0.0.1 is in use; choose another`)).toBeVisible();
    await expect(acme.getByLabel('Port (optional)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(state).toHaveText('Off.');
    await acme.getByRole('button', { name: 'Start', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, '461-acme-port-in-use');
    await acme.getByLabel('Port (optional)', { exact: true }).fill('');

    // ---- Started: the URL and the snippets for it -------------------------------------------------------
    await acme.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(state).toContainText('Running on https://127.0.0.1:');
    const url = /https:\/\/127\.0\.0\.1:\d+\/directory/.exec((await state.textContent()) ?? '')?.[0] ?? '';
    expect(url).not.toBe('');
    const snippets = acme.getByRole('tablist', { name: 'ACME client snippets' });
    const shown = acme.getByRole('tabpanel');
    await expect(shown).toContainText('kind: ClusterIssuer');
    await expect(shown).toContainText(`server: ${url}`);
    await snippets.getByRole('tab', { name: 'lego' }).click();
    const legoShown = (await shown.getByRole('region').locator('pre').textContent()) ?? '';
    expect(legoShown).toBe(`LEGO_CA_CERTIFICATES=ca.pem lego --server ${url} --accept-tos --email you@example.com --http --http.port :${http01Port} -d ${NAME} run`);
    await expect(acme.getByRole('table', { name: 'ACME orders' })).toHaveCount(0);
    await scrollToTop(acme);
    await screenshot(page, '462-acme-running');

    // ---- The real lego, against the server running in this process --------------------------------------
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, rootPem);
    const legoPath = join(dir, 'lego');
    const run = lego(['--server', url, '--accept-tos', '--email', 'ops@lab.test', '--path', legoPath, '--http', '--http.port', `127.0.0.1:${http01Port}`, '-d', NAME, 'run'], caFile);

    // The panel polls: the order, the account and the count appear without touching the window.
    const orders = acme.getByRole('table', { name: 'ACME orders' });
    await expect(orders.getByRole('row').nth(1)).toContainText('Valid', { timeout: 30_000 });
    const result = await run;
    expect(result.code, result.output).toBe(0);
    await expect(orders.getByRole('row').nth(1)).toContainText(NAME);
    const counts = acme.getByLabel('ACME server counts');
    await expect(counts).toContainText('Issued over ACME');
    await expect(counts.getByRole('definition').first()).toHaveText('1');
    const accounts = acme.getByRole('table', { name: 'ACME accounts' });
    await expect(accounts.getByRole('row')).toHaveCount(2);
    await expect(accounts).toContainText('ops@lab.test');
    await scrollToTop(acme.getByRole('heading', { name: 'Recent orders' }));
    await screenshot(page, '463-acme-orders');

    // What lego got verifies against the CA.
    const chain = await readFile(join(legoPath, 'certificates', `${NAME}.crt`), 'utf8');
    await writeFile(join(dir, 'leaf.pem'), chain.slice(0, chain.indexOf('-----END CERTIFICATE-----') + 25));
    const verified = await runPeer('openssl', ['verify', '-CAfile', caFile, join(dir, 'leaf.pem')]);
    expect(verified.stdout.trim(), verified.stderr).toBe(`${join(dir, 'leaf.pem')}: OK`);

    // ---- The order's certificate, in the Certificates view, tagged ACME ---------------------------------
    const panel = await ipc(page, 'acme.panel', { authorityId });
    const accountId = panel.accounts[0]!.id;
    await orders.getByRole('button', { name: `Open the certificate for ${NAME}` }).click();
    await expect(page.getByRole('heading', { name: 'Certificates', level: 1 })).toBeVisible();
    const row = page.getByRole('table', { name: 'Certificates' }).getByRole('row', { name: new RegExp(NAME.replace(/\./g, '\\.')) });
    await expect(row).toContainText(`ACME · ${accountId.slice(0, 8)}`);
    const detail = page.getByRole('article');
    await expect(detail.getByRole('heading', { name: NAME })).toBeVisible();
    await expect(detail).toContainText(`ACME · ${accountId.slice(0, 8)}`);
    await expect(detail.getByRole('definition').filter({ hasText: accountId })).toContainText(`by account ${accountId}`);
    await screenshot(page, '464-acme-certificate-tag');

    // ---- Stopped -------------------------------------------------------------------------------------
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('article').getByRole('tab', { name: 'Certificates' }).click();
    await expect(state).toContainText('Running on');
    await acme.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(state).toHaveText('Off.');
    await expect(acme).toContainText('So far: 1 certificate issued over ACME, 1 account.');
    // The form holds what the server ran with.
    await expect(acme.getByLabel('http-01 port')).toHaveValue(String(http01Port));
    await expect(acme.getByLabel('Lab name 1', { exact: true })).toHaveValue(NAME);

    // ---- Again with external account binding: the key to hand out, in the snippets too ----------------
    await acme.getByLabel('Require external account binding (EAB)').check();
    await acme.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(state).toContainText('Running on https://127.0.0.1:');
    const eab = acme.getByRole('group', { name: 'External account binding' });
    const { status } = await ipc(page, 'acme.panel', { authorityId });
    expect(status.eab).not.toBeNull();
    await expect(eab).toContainText(status.eab!.keyId);
    await expect(eab).toContainText(status.eab!.hmacKey);
    await expect(eab.getByRole('button', { name: 'Copy the EAB HMAC key' })).toBeVisible();
    await snippets.getByRole('tab', { name: 'certbot' }).click();
    await expect(shown).toContainText(`--eab-kid=${status.eab!.keyId} --eab-hmac-key=${status.eab!.hmacKey}`);
    await scrollToTop(acme);
    await screenshot(page, '465-acme-eab');

    // The lego line as shown, run as it is in a folder holding ca.pem: an account bound with the key.
    await snippets.getByRole('tab', { name: 'lego' }).click();
    const shownLine = (await shown.getByRole('region').locator('pre').textContent()) ?? '';
    const [assignment, command, ...args] = shownLine.trim().split(/\s+/);
    expect([assignment, command]).toEqual(['LEGO_CA_CERTIFICATES=ca.pem', 'lego']);
    expect(args).toContain(`--kid=${status.eab!.keyId}`);
    const bound = lego(args, 'ca.pem', dir);
    await expect(orders.getByRole('row').nth(1)).toContainText('Valid', { timeout: 30_000 });
    const boundResult = await bound;
    expect(boundResult.code, boundResult.output).toBe(0);
    await expect(accounts.getByRole('row')).toHaveCount(3);
    await expect(accounts.getByRole('row').filter({ hasText: status.eab!.keyId })).toContainText('you@example.com');
    await expect(counts.getByRole('definition').first()).toHaveText('2');
    await scrollToTop(acme.getByRole('heading', { name: 'Recent orders' }));
    await screenshot(page, '466-acme-eab-account');
    await acme.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(state).toHaveText('Off.');
    authorityId = null;
    expect(app.problems).toEqual([]);
  } finally {
    if (authorityId) await ipc(page, 'acme.stop', { authorityId }).catch(() => undefined);
    await close(occupied.server);
    await rm(dir, { recursive: true, force: true });
  }
});
