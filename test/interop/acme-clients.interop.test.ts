/**
 * The ACME server (issue 16) judged by the real clients users run: Debian's lego 4.9 and certbot 2.1,
 * each with its own authority of one vault (one server per CA), in parallel. The authorities are
 * intermediates under one root whose name constraints permit only lab.test, so a name outside them
 * can be asked for and refused; the clients trust that root alone (LEGO_CA_CERTIFICATES,
 * REQUESTS_CA_BUNDLE), and http-01 is really fetched from them on loopback ports (--resolve).
 *   lego:    registers, orders two names, gets a chain `openssl verify` accepts, renews (a new
 *            certificate), revokes (the serial is then in the CA's CRL, read by `openssl crl`).
 *   certbot: certonly --standalone obtains a certificate and `renew --force-renewal` a new one.
 *   EAB:     `certwright acme serve --eab` as users run it (the bundled CLI, a child process): certbot
 *            without the printed key id and HMAC key stops at the directory's
 *            meta.externalAccountRequired, a client that registers anyway (acme-client) gets the
 *            server's externalAccountRequired, a wrong HMAC key is unauthorized, the right one gets
 *            a certificate (at most --max-days); SIGTERM stops the server cleanly.
 * A name outside the constraints (evil.example) is refused with rejectedIdentifier as each client
 * reports it (certbot 2.1 on Python 3.11 only in its log: see certbotProblem). Every certificate is
 * in the vault with the ACME account that ordered it.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent as HttpsAgent } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import acme from 'acme-client';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { bundleCli } from '../support/cli-bundle.js';
import { freePort } from '../support/servers.js';

const PASSPHRASE = 'acme clients passphrase';
const REJECTED = /urn:ietf:params:acme:error:rejectedIdentifier/;
const EAB_REQUIRED = /urn:ietf:params:acme:error:externalAccountRequired/;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A client run with its own environment (the trust store variables), killed after `timeoutMs`. */
function runClient(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 40_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number' && !error.killed) return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
    });
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

/** The line of a client's output that carries the problem type: what a user reads. */
const problemLine = (run: Run, type: RegExp) => `${run.stdout}\n${run.stderr}`.split('\n').find((l) => type.test(l))?.trim() ?? '';

/**
 * The problem as certbot reports it: on the console when it names the type; otherwise its console
 * line and, from its log, acme.messages.Error's text (type :: description :: detail). Certbot 2.1 on
 * Python 3.11 (Debian's) prints only "An unexpected error occurred: AttributeError: can't set
 * attribute" for an ACME error outside registration: its immutable acme.messages.Error cannot take
 * the traceback Python 3.11 sets (certbot/certbot#9539, fixed in 2.2); for a refused registration it
 * prints the detail alone ("Error returned by the ACME server: …").
 */
async function certbotProblem(run: Run, logsDir: string, type: RegExp): Promise<string> {
  const onConsole = problemLine(run, type);
  if (onConsole) return onConsole;
  const said = run.stderr.split('\n').find((l) => /AttributeError|Error returned by the ACME server/.test(l))?.trim() ?? run.stderr.trim();
  const log = await readFile(join(logsDir, 'letsencrypt.log'), 'utf8');
  const lines = log.split('\n').filter((l) => type.test(l));
  const line = lines.find((l) => l.startsWith('acme.messages.Error: ')) ?? lines[0];
  assert.ok(line, `certbot's log holds no ${type}:\n${log.slice(-3000)}`);
  return `"${said}" on the console; in its log: ${line.trim()}`;
}

/**
 * What the server answers a new account without an external account binding: acme-client registers
 * without looking at the directory's meta, so the problem document is the server's own.
 */
async function registerWithoutBinding(directoryUrl: string, caPem: string): Promise<{ status: number; type: string; detail: string; externalAccountRequired: boolean }> {
  acme.axios.defaults.httpsAgent = new HttpsAgent({ ca: caPem });
  let problem: { status: number; type: string; detail: string } | null = null;
  const spy = acme.axios.interceptors.response.use((response) => {
    const data = response.data as { type?: unknown; detail?: unknown } | undefined;
    if (typeof data?.type === 'string' && data.type.startsWith('urn:ietf:params:acme:error:')) problem = { status: response.status, type: data.type, detail: String(data.detail) };
    return response;
  });
  try {
    const client = new acme.Client({ directoryUrl, accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'), backoffAttempts: 1 });
    await assert.rejects(client.createAccount({ termsOfServiceAgreed: true, contact: ['mailto:ops@lab.test'] }));
    const directory = (await acme.axios.get<{ meta?: { externalAccountRequired?: boolean } }>(directoryUrl)).data;
    assert.ok(problem, 'no problem document came back');
    return { ...(problem as { status: number; type: string; detail: string }), externalAccountRequired: directory.meta?.externalAccountRequired === true };
  } finally {
    acme.axios.interceptors.response.eject(spy);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** `openssl verify` of the first certificate of `file` against the root, the rest of the file as intermediates. */
async function opensslVerify(rootPem: string, file: string): Promise<Run> {
  return runPeer('openssl', ['verify', '-CAfile', rootPem, '-untrusted', file, '-purpose', 'sslserver', file]);
}

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');
const normalize = (hex: string) => hex.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');
/**
 * Days from now to notAfter. (notBefore is backdated 5 minutes against clock skew, as for every
 * certificate Certwright issues; the maximum lifetime counts from issuance.)
 */
const daysLeft = (pem: string) => (Date.parse(new X509Certificate(pem).validTo) - Date.now() - 1000) / 86_400_000;
const dnsNames = (pem: string) => (new X509Certificate(pem).subjectAltName ?? '').split(', ').filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)).sort();

describe('the ACME server with the real lego and certbot', { concurrency: true, timeout: 150_000 }, () => {
  let files = '';
  let rootPem = '';
  let shared: ReturnType<typeof openBackend> | undefined;
  const authority: Record<'lego' | 'certbot', string> = { lego: '', certbot: '' };

  // The vault both in-process tests share, made once by whichever asks first (a suite's `before`
  // hook does not hold back concurrent subtests in Node 20).
  let made: Promise<ReturnType<typeof openBackend>> | undefined;
  const setup = () => (made ??= makeVault());
  async function makeVault(): Promise<ReturnType<typeof openBackend>> {
    files = await mkdtemp(join(tmpdir(), 'certwright-acme-clients-'));
    const backend = (shared = openBackend(join(files, 'vault')));
    const { call } = backend;
    await call('vault.create', { passphrase: PASSPHRASE });
    const root = await call('authority.createRoot', { subject: { commonName: 'ACME Lab Root' } });
    // Name constraints sit on the intermediates (the contract puts them there): only lab.test and below.
    const constrained = (commonName: string) => call('authority.createIntermediate', { parentId: root.id, subject: { commonName }, nameConstraints: { permittedDns: ['lab.test'], excludedDns: [], permittedIp: ['127.0.0.0/8'], excludedIp: [] } });
    authority.lego = (await constrained('Lab Issuing for lego')).authority.id;
    authority.certbot = (await constrained('Lab Issuing for certbot')).authority.id;
    rootPem = await writeTemp(files, 'root.pem', (await call('authority.get', { id: root.id })).certificatePem);
    return backend;
  }

  after(async () => {
    if (shared) {
      await shared.services.acme.stopAll();
      await shared.services.close();
    }
    if (files) await rm(files, { recursive: true, force: true });
  });

  /** Certificates the vault holds from one authority, each with its ACME account (or null). */
  const issuedBy = async (authorityId: string) =>
    (await (await setup()).services.certificates.list()).filter((c) => c.authorityId === authorityId).map((c) => ({ serial: normalize(c.serialNumberHex), acmeAccountId: c.acmeAccountId, status: c.status }));

  test('lego registers, orders two names over http-01, renews and revokes; the revocation is in the CRL', async (t) => {
    const backend = await setup();
    const http01Port = await freePort();
    const status = await backend.services.acme.start(authority.lego, {
      bind: '127.0.0.1',
      http01Port,
      resolve: [
        { name: 'a.lab.test', address: '127.0.0.1' },
        { name: 'b.lab.test', address: '127.0.0.1' },
        { name: 'evil.example', address: '127.0.0.1' },
      ],
      eab: false,
      labMode: false,
      maxValidityDays: 30,
      dnsResolver: null,
    });
    assert.ok(status.running && /^https:\/\/127\.0\.0\.1:\d+\/directory$/.test(status.directoryUrl ?? ''), JSON.stringify(status));
    const directory = status.directoryUrl!;
    const serverPort = Number(new URL(directory).port);
    const path = join(files, 'lego');
    const env = { LEGO_CA_CERTIFICATES: rootPem };
    const lego = (...args: string[]) => runClient('lego', ['--server', directory, '--accept-tos', '--email', 'ops@lab.test', '--path', path, '--http', '--http.port', `127.0.0.1:${http01Port}`, ...args], env);
    const crt = join(path, 'certificates', 'a.lab.test.crt');

    try {
      let started = performance.now();
      const obtained = await lego('-d', 'a.lab.test', '-d', 'b.lab.test', 'run');
      assert.equal(obtained.code, 0, show(obtained));
      t.diagnostic(`lego run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const first = await readFile(crt, 'utf8');
      const verified = await opensslVerify(rootPem, crt);
      assert.equal(verified.code, 0, `openssl verify: ${verified.stdout}${verified.stderr}`);
      assert.match(verified.stdout, /: OK\n$/);
      assert.deepEqual(dnsNames(first), ['a.lab.test', 'b.lab.test']);
      assert.ok(daysLeft(first) <= 30, `a certificate with ${daysLeft(first)} days left`);

      // Renewal: lego renews when fewer than --days are left; 90 forces it for a 30-day certificate.
      started = performance.now();
      const renewed = await lego('-d', 'a.lab.test', '-d', 'b.lab.test', 'renew', '--days', '90', '--no-random-sleep');
      assert.equal(renewed.code, 0, show(renewed));
      t.diagnostic(`lego renew: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const second = await readFile(crt, 'utf8');
      assert.notEqual(serialOf(second), serialOf(first), 'renew gave the same certificate');
      assert.equal((await opensslVerify(rootPem, crt)).code, 0);
      assert.deepEqual(dnsNames(second), ['a.lab.test', 'b.lab.test']);

      // A name outside the CA's constraints: refused, as lego reports it, and nothing is issued.
      const before = (await issuedBy(authority.lego)).length;
      const evil = await lego('-d', 'evil.example', 'run');
      assert.notEqual(evil.code, 0, show(evil));
      assert.match(`${evil.stdout}${evil.stderr}`, REJECTED, show(evil));
      t.diagnostic(`lego on evil.example: ${problemLine(evil, REJECTED)}`);
      assert.equal((await issuedBy(authority.lego)).length, before);

      // Both certificates are in the vault, ordered by the one account lego registered.
      const accounts = backend.vault.listAcmeAccounts(authority.lego);
      assert.equal(accounts.length, 1, JSON.stringify(accounts));
      const inVault = await issuedBy(authority.lego);
      for (const pem of [first, second]) {
        const record = inVault.find((c) => c.serial === serialOf(pem));
        assert.ok(record, `certificate ${serialOf(pem)} is not in the vault`);
        assert.equal(record.acmeAccountId, accounts[0]!.id);
      }

      // Revocation by the account: the serial is in the CA's next CRL, as openssl reads it.
      const revoked = await lego('-d', 'a.lab.test', 'revoke', '--keep');
      assert.equal(revoked.code, 0, show(revoked));
      assert.equal((await issuedBy(authority.lego)).find((c) => c.serial === serialOf(second))?.status, 'revoked');
      const crl = await writeTemp(files, 'lego-ca.crl', String(await backend.services.revocations.crlBytes(authority.lego, 'pem')));
      const listed = await runPeer('openssl', ['crl', '-in', crl, '-noout', '-text']);
      assert.equal(listed.code, 0, listed.stderr);
      const serials = [...listed.stdout.matchAll(/Serial Number: ([0-9A-Fa-f]+)/g)].map((m) => normalize(m[1]!));
      assert.ok(serials.includes(serialOf(second)), `CRL lists ${serials.join(', ')}, not ${serialOf(second)}`);
      assert.ok(!serials.includes(serialOf(first)), 'the first certificate was never revoked');

      const panel = backend.services.acme.panel(authority.lego);
      assert.equal(panel.accounts.length, 1);
      assert.ok(panel.certificatesIssued >= 2, JSON.stringify(panel));
    } finally {
      await backend.services.acme.stop(authority.lego);
    }
    assert.equal(backend.services.acme.status(authority.lego).running, false);
    assert.ok(await portIsFree(serverPort), 'the ACME port is still taken after stop');
  });

  test('certbot certonly --standalone obtains and renews; a name outside the constraints is rejectedIdentifier', async (t) => {
    const backend = await setup();
    const http01Port = await freePort();
    const status = await backend.services.acme.start(authority.certbot, {
      bind: '127.0.0.1',
      http01Port,
      resolve: [
        { name: 'c.lab.test', address: '127.0.0.1' },
        { name: 'evil.example', address: '127.0.0.1' },
      ],
      eab: false,
      labMode: false,
      maxValidityDays: 30,
      dnsResolver: null,
    });
    const directory = status.directoryUrl!;
    const dirs = join(files, 'certbot');
    const common = ['--config-dir', join(dirs, 'config'), '--work-dir', join(dirs, 'work'), '--logs-dir', join(dirs, 'logs'), '--non-interactive'];
    const env = { REQUESTS_CA_BUNDLE: rootPem };
    const certonly = (...names: string[]) =>
      runClient('certbot', ['certonly', '--standalone', '--http-01-port', String(http01Port), '--http-01-address', '127.0.0.1', '--server', directory, ...common, '--agree-tos', '-m', 'ops@lab.test', '--no-eff-email', ...names.flatMap((n) => ['-d', n])], env);
    const live = join(dirs, 'config', 'live', 'c.lab.test');

    try {
      let started = performance.now();
      const obtained = await certonly('c.lab.test');
      assert.equal(obtained.code, 0, show(obtained));
      t.diagnostic(`certbot certonly: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const first = await readFile(join(live, 'cert.pem'), 'utf8');
      const verified = await opensslVerify(rootPem, join(live, 'fullchain.pem'));
      assert.equal(verified.code, 0, `openssl verify: ${verified.stdout}${verified.stderr}`);
      assert.deepEqual(dnsNames(first), ['c.lab.test']);

      started = performance.now();
      const renewed = await runClient('certbot', ['renew', '--force-renewal', '--no-random-sleep-on-renew', ...common], env);
      assert.equal(renewed.code, 0, show(renewed));
      t.diagnostic(`certbot renew --force-renewal: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const second = await readFile(join(live, 'cert.pem'), 'utf8');
      assert.notEqual(serialOf(second), serialOf(first), 'renew gave the same certificate');
      assert.equal((await opensslVerify(rootPem, join(live, 'fullchain.pem'))).code, 0);

      const before = (await issuedBy(authority.certbot)).length;
      const evil = await certonly('evil.example');
      assert.notEqual(evil.code, 0, show(evil));
      const reported = await certbotProblem(evil, join(dirs, 'logs'), REJECTED);
      t.diagnostic(`certbot on evil.example: ${reported}`);
      assert.equal((await issuedBy(authority.certbot)).length, before);

      const accounts = backend.vault.listAcmeAccounts(authority.certbot);
      assert.equal(accounts.length, 1, JSON.stringify(accounts));
      const inVault = await issuedBy(authority.certbot);
      for (const pem of [first, second]) assert.equal(inVault.find((c) => c.serial === serialOf(pem))?.acmeAccountId, accounts[0]!.id);
    } finally {
      await backend.services.acme.stop(authority.certbot);
    }
  });

  test('certwright acme serve --eab: certbot without the binding is refused, with it gets a certificate; SIGTERM stops it', async (t) => {
    // The command line as users run it: one bundled file (as the CLI tests build it), a child process.
    const { entry, dispose } = await bundleCli('certwright-acme-cli-build-');
    t.after(() => dispose());

    // Its own vault (the CLI opens it by directory, as a second process would).
    const dir = await tempDir('certwright-acme-eab-');
    const vaultDir = join(dir, 'vault');
    await mkdir(vaultDir, { mode: 0o700 });
    const own = openBackend(vaultDir);
    await own.call('vault.create', { passphrase: PASSPHRASE });
    const root = await own.call('authority.createRoot', { subject: { commonName: 'EAB Lab Root' } });
    const issuing = await own.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'EAB Issuing' }, nameConstraints: { permittedDns: ['lab.test'], excludedDns: [], permittedIp: ['127.0.0.0/8'], excludedIp: [] } });
    const eabRoot = await writeTemp(dir, 'root.pem', (await own.call('authority.get', { id: root.id })).certificatePem);
    own.vault.lock();
    await own.services.close();
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    await chmod(passFile, 0o600);
    const cli = (args: readonly string[]) => spawn(process.execPath, [entry, '--vault', vaultDir, '--passphrase-file', passFile, ...args], { env: { ...process.env, CERTWRIGHT_PASSPHRASE: '', CERTWRIGHT_VAULT: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const finished = async (child: ChildProcess) => {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'close')) as [number | null];
      return { code: code ?? -1, stdout, stderr };
    };

    // Usage errors come before the vault is opened.
    const noCa = await finished(cli(['acme', 'serve']));
    assert.equal(noCa.code, 2, show(noCa));
    assert.match(noCa.stderr, /acme serve needs --ca CA/);
    const badResolve = await finished(cli(['acme', 'serve', '--ca', 'EAB Issuing', '--resolve', 'd.lab.test']));
    assert.equal(badResolve.code, 2, show(badResolve));
    assert.match(badResolve.stderr, /--resolve takes NAME=ADDRESS/);
    const notServe = await finished(cli(['acme', 'start']));
    assert.equal(notServe.code, 2, show(notServe));

    const http01Port = await freePort();
    const server = cli(['acme', 'serve', '--ca', 'EAB Issuing', '--eab', '--http01-port', String(http01Port), '--resolve', 'd.lab.test=127.0.0.1', '--max-days', '14']);
    const ended = finished(server);
    let printed = '';
    server.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`acme serve did not start:\n${printed}`)), 20_000);
        const check = () => {
          if (!/then, for example:\n.*certbot .*\n.*lego .*\n/.test(printed)) return;
          clearTimeout(timer);
          resolve();
        };
        server.stdout!.on('data', check);
        server.once('close', () => {
          clearTimeout(timer);
          reject(new Error(`acme serve exited early:\n${printed}`));
        });
      });
      t.diagnostic(`acme serve printed:\n${printed}`);
      const directory = /on (https:\/\/127\.0\.0\.1:\d+\/directory) \(Ctrl\+C stops it\)/.exec(printed)?.[1];
      const keyId = /^ {2}key id +(\S+)$/m.exec(printed)?.[1];
      const hmacKey = /^ {2}HMAC key +(\S+)$/m.exec(printed)?.[1];
      assert.ok(directory && keyId && hmacKey, printed);
      assert.match(printed, /lifetime +at most 14 days/);
      assert.match(printed, new RegExp(`certwright show ${root.id} --pem > ca-bundle\\.pem`));
      assert.ok(printed.includes(`certbot certonly --standalone --http-01-port ${http01Port} --server ${directory}`), printed);
      assert.ok(printed.includes(`--eab-kid ${keyId} --eab-hmac-key ${hmacKey}`), printed);
      assert.ok(printed.includes(`lego --server ${directory}`) && printed.includes(`--eab --kid ${keyId} --hmac ${hmacKey}`), printed);

      const env = { REQUESTS_CA_BUNDLE: eabRoot };
      const certonly = (config: string, ...extra: string[]) =>
        runClient(
          'certbot',
          [
            'certonly', '--standalone', '--http-01-port', String(http01Port), '--http-01-address', '127.0.0.1', '--server', directory,
            '--config-dir', join(dir, config, 'config'), '--work-dir', join(dir, config, 'work'), '--logs-dir', join(dir, config, 'logs'),
            '--non-interactive', '--agree-tos', '-m', 'ops@lab.test', '--no-eff-email', ...extra, '-d', 'd.lab.test',
          ],
          env,
        );
      // Without the binding: certbot (like lego) reads meta.externalAccountRequired in the directory
      // and stops before it registers; a client that registers anyway (acme-client, which does not
      // look) gets the server's externalAccountRequired. With a wrong HMAC key: unauthorized.
      const [refused, wrongKey, unbound] = await Promise.all([
        certonly('no-eab'),
        certonly('wrong-eab', '--eab-kid', keyId, '--eab-hmac-key', Buffer.alloc(32, 7).toString('base64url')),
        registerWithoutBinding(directory, await readFile(eabRoot, 'utf8')),
      ]);
      assert.notEqual(refused.code, 0, show(refused));
      assert.match(refused.stderr, /Server requires external account binding\. Please use --eab-kid and --eab-hmac-key\./, show(refused));
      t.diagnostic(`certbot without EAB: ${refused.stderr.split('\n').find((l) => l.includes('external account binding'))}`);
      assert.equal(unbound.status, 400);
      assert.match(unbound.type, EAB_REQUIRED);
      assert.equal(unbound.externalAccountRequired, true, 'the directory does not say meta.externalAccountRequired');
      t.diagnostic(`acme-client without EAB: HTTP ${unbound.status} ${unbound.type}: ${unbound.detail}`);
      assert.notEqual(wrongKey.code, 0, show(wrongKey));
      t.diagnostic(`certbot with a wrong HMAC key: ${await certbotProblem(wrongKey, join(dir, 'wrong-eab', 'logs'), /urn:ietf:params:acme:error:unauthorized/)}`);

      const bound = await certonly('eab', '--eab-kid', keyId, '--eab-hmac-key', hmacKey);
      assert.equal(bound.code, 0, show(bound));
      const leaf = await readFile(join(dir, 'eab', 'config', 'live', 'd.lab.test', 'cert.pem'), 'utf8');
      assert.equal((await opensslVerify(eabRoot, join(dir, 'eab', 'config', 'live', 'd.lab.test', 'fullchain.pem'))).code, 0);
      assert.ok(daysLeft(leaf) <= 14, `--max-days 14 gave a certificate with ${daysLeft(leaf)} days left`);

      server.kill('SIGTERM');
      const result = await ended;
      assert.equal(result.code, 0, show(result));
      assert.match(result.stdout, /Stopping: \d+ orders? this run \(1 valid\), 1 account\n$/);

      // The vault, opened again after the CLI is gone: the certificate with the account bound to the key id.
      const after = openBackend(vaultDir);
      await after.call('vault.unlock', { passphrase: PASSPHRASE });
      const accounts = after.vault.listAcmeAccounts(issuing.authority.id);
      assert.deepEqual(accounts.map((a) => a.eabKeyId), [keyId]);
      const record = (await after.services.certificates.list()).find((c) => normalize(c.serialNumberHex) === serialOf(leaf));
      assert.equal(record?.acmeAccountId, accounts[0]!.id);
      after.vault.lock();
      await after.services.close();
    } finally {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGKILL');
        await ended;
      }
    }
  });
});
