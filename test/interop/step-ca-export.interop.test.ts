/**
 * "Hand an intermediate to step-ca", judged by step-ca itself (smallstep/certificates 0.19 built from
 * Debian's sources, test/support/step-ca.ts) and OpenSSL: the folder Certwright writes is started by
 * step-ca exactly as it is, with the password file and nothing else; its /health answers over TLS
 * that verifies against the vault's root, /provisioners lists the JWK provisioner (and ACME when
 * asked); openssl verifies the intermediate under the root and opens its key only with the password;
 * the JWE in ca.json decrypts with the password to the key whose public half ca.json lists; a wrong
 * password makes step-ca refuse to start (its words quoted by running it); no key is ever on disk in
 * clear, the root's least of all. The window's channel (a fake save dialog) and the CLI (a zip, on a
 * MariaDB database) each export once; two step-ca starts in all.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compactDecrypt, decodeProtectedHeader, type JWK } from 'jose';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { STEP_CA_CLAIMS } from '../../electron/services/remote/step-ca-export.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { filesBelow, findKeyMaterial } from '../support/key-material.js';
import { runPeer } from '../support/peers.js';
import { freePort } from '../support/servers.js';
import { runStepCaToExit, startMariaDb, startStepCa, stepCaBinary, type MariaDb, type StepCa } from '../support/step-ca.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

const PASSWORD = 'step-ca export password';

async function secretFile(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

async function openssl(...args: string[]): Promise<string> {
  const result = await runPeer('openssl', args);
  assert.equal(result.code, 0, `openssl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** GET a JSON path of the CA, TLS verified against the root. */
function getJson(ca: StepCa, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(`${ca.url}${path}`, { ca: ca.rootPem, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      // step-ca 0.19 answers /roots with 201.
      res.on('end', () => (res.statusCode! >= 200 && res.statusCode! < 300 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: HTTP ${res.statusCode} ${body}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

interface CaJson {
  root: string;
  crt: string;
  key: string;
  address: string;
  dnsNames: string[];
  db: { type: string; dataSource: string; database?: string };
  authority: { provisioners: Array<{ type: string; name: string; key?: JWK & { kid: string }; encryptedKey?: string; claims?: Record<string, string> }> };
}

const provisionersOf = (listed: unknown) => (listed as { provisioners: Array<{ type: string; name: string; key?: { kid: string }; encryptedKey?: string }> }).provisioners;

describe('step-ca export', { timeout: 120_000 }, () => {
  let dir = '';
  const running: Array<{ stop(): Promise<void> }> = [];
  /** What the CLI test needs, made while the first test runs: the bundled CLI, its vault, a MariaDB. */
  let cliLab: Promise<{ entry: string; db: MariaDb }>;

  before(async () => {
    // Not tempDir(): its after() would run at the end of this hook, not of the file.
    dir = await mkdtemp(join(tmpdir(), 'certwright-stepca-export-'));
    running.push({ stop: () => rm(dir, { recursive: true, force: true }) });
    await stepCaBinary();
    cliLab = (async () => {
      const vault = join(dir, 'cli-vault');
      await mkdir(vault, { mode: 0o700 });
      const track = <T extends { stop(): Promise<void> }>(p: Promise<T>) => p.then((x) => (running.push(x), x));
      const [{ entry }, db] = await Promise.all([track(bundleCli().then((b) => ({ entry: b.entry, stop: b.dispose }))), track(startMariaDb()), cheapVault(vault).then((v) => v.lock())]);
      return { entry, db };
    })();
    // Awaited by the CLI test; a failure here must not be an unhandled rejection meanwhile.
    cliLab.catch(() => undefined);
  });
  after(async () => {
    // Last started, first stopped: the temporary folder goes last.
    for (const r of running.reverse()) await r.stop();
  });

  test('the window’s export: step-ca starts from the folder with the password; the keys open only with it; nothing in clear', async () => {
    let answer: string | null = null;
    const asked: string[] = [];
    const dialogs: Dialogs = {
      chooseFolder: async ({ defaultName }) => (asked.push(`folder ${defaultName}`), answer),
      chooseSaveFile: async ({ defaultName }) => (asked.push(`file ${defaultName}`), answer),
      chooseOpenFile: async () => null,
    };
    const backend = openBackend(join(dir, 'vault'), { dialogs });
    await backend.call('vault.create', { passphrase: 'step-ca export vault passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Team Root' } });
    const port = await freePort();
    const request = { rootId: root.id, password: PASSWORD, address: `127.0.0.1:${port}`, dnsNames: ['127.0.0.1', 'localhost'], acme: true };

    // Cancelled at the dialog: nothing made.
    const cancelled = await backend.call('authority.exportStepCa', request);
    assert.equal(cancelled.cancelled, true);
    assert.deepEqual(asked, ['folder Team-Root-Online-Intermediate-step-ca']);
    assert.equal((await backend.call('authority.list')).length, 1, 'no intermediate made on cancel');

    // A root is required: an intermediate and a pending authority are refused at rootId, saying what they are.
    const inter = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Branch CA' }, pathLength: 0 });
    const pending = await backend.call('authority.createPending', { subject: { commonName: 'Awaiting CA' }, pathLength: 0 });
    answer = join(dir, 'never');
    for (const [id, words] of [
      [inter.authority.id, /^rootId: “Branch CA” is an intermediate CA, not a root\..*choose its root, “Team Root”\.$/],
      [pending.authority.id, /^rootId: “Awaiting CA” is still waiting for its certificate, so it cannot sign\./],
    ] as const) {
      const refused = await backend.router.invoke('authority.exportStepCa', { ...request, rootId: id }, TRUSTED_CALLER);
      assert.ok(!refused.ok && refused.error.details?.field === 'rootId', JSON.stringify(refused));
      assert.match(refused.error.message, words);
    }
    // step-ca trims trailing blanks from its password file: such a password is refused before anything is made.
    const blank = await backend.router.invoke('authority.exportStepCa', { ...request, password: `${PASSWORD} ` }, TRUSTED_CALLER);
    assert.ok(!blank.ok && blank.error.details?.field === 'password' && /removes trailing blanks/.test(blank.error.message), JSON.stringify(blank));
    // step-ca appends the database name to a MySQL data source: one without the final slash is refused.
    const noSlash = await backend.router.invoke('authority.exportStepCa', { ...request, database: { type: 'mysql', dataSource: 'step:pw@tcp(127.0.0.1:3306)' } }, TRUSTED_CALLER);
    assert.ok(!noSlash.ok && noSlash.error.details?.field === 'database.dataSource', JSON.stringify(noSlash));
    assert.match(noSlash.error.message, /^database\.dataSource: step-ca appends the database name to this data source, so it must end with “\/”/);
    const authoritiesBefore = (await backend.call('authority.list')).length;

    const folder = join(dir, 'step-ca');
    answer = folder;
    const exported = await backend.call('authority.exportStepCa', request);
    assert.equal(exported.cancelled, false);
    assert.deepEqual(exported.paths.map((p) => p.slice(folder.length + 1)).sort(), ['README.md', 'certs/intermediate_ca.crt', 'certs/root_ca.crt', 'config/ca.json', 'secrets/intermediate_ca_key']);
    const rootPem = await readFile(join(folder, 'certs/root_ca.crt'), 'utf8');
    assert.equal(exported.rootFingerprint, new X509Certificate(rootPem).fingerprint256.replaceAll(':', '').toLowerCase());
    for (const [file, mode] of [['secrets/intermediate_ca_key', 0o600], ['config/ca.json', 0o600], ['certs/root_ca.crt', 0o644]] as const) {
      assert.equal((await stat(join(folder, file))).mode & 0o777, mode, file);
    }

    // Recorded under the root like any intermediate (so the root can revoke it); the key's leaving is audited.
    const authorities = await backend.call('authority.list');
    assert.equal(authorities.length, authoritiesBefore + 1);
    const made = authorities.find((a) => a.id === exported.authorityId);
    assert.equal(made?.parentId, root.id);
    assert.equal(made?.subject.commonName, 'Team Root Online Intermediate');
    const audit = await backend.call('audit.list', { filter: { kinds: ['key.exported'] } });
    assert.deepEqual(
      audit.entries.map((e) => [e.authorityId, e.details]),
      [[exported.authorityId, { authorityKey: true, purpose: 'step-ca' }]],
    );

    // OpenSSL: the intermediate is a CA under the root that signs leaves only; its key opens only with the password.
    const interPath = join(folder, 'certs/intermediate_ca.crt');
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', join(folder, 'certs/root_ca.crt'), interPath), /intermediate_ca\.crt: OK/);
    assert.match(await openssl('x509', '-in', interPath, '-noout', '-text'), /CA:TRUE, pathlen:0/);
    const keyPath = join(folder, 'secrets/intermediate_ca_key');
    assert.match(await readFile(keyPath, 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const wrong = await runPeer('openssl', ['pkey', '-in', keyPath, '-passin', 'pass:not the password', '-noout']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /bad decrypt|maybe wrong password|unable to load/i);
    const opened = await openssl('pkey', '-in', keyPath, '-passin', `pass:${PASSWORD}`, '-pubout');
    assert.equal(opened, await openssl('x509', '-in', interPath, '-noout', '-pubkey'));

    // ca.json: relative paths, the address and names, badger in the folder, the provisioners with the chosen claims.
    const config = JSON.parse(await readFile(join(folder, 'config/ca.json'), 'utf8')) as CaJson;
    assert.deepEqual([config.root, config.crt, config.key, config.address, config.dnsNames, config.db], ['certs/root_ca.crt', 'certs/intermediate_ca.crt', 'secrets/intermediate_ca_key', `127.0.0.1:${port}`, ['127.0.0.1', 'localhost'], { type: 'badgerv2', dataSource: 'db' }]);
    const [jwk, acme] = config.authority.provisioners;
    assert.deepEqual([jwk?.type, jwk?.name, acme?.type, acme?.name], ['JWK', 'certwright', 'ACME', 'acme']);
    assert.deepEqual(jwk?.claims, { ...STEP_CA_CLAIMS });
    assert.deepEqual(Object.keys(jwk!.key!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.deepEqual(decodeProtectedHeader(jwk!.encryptedKey!), { alg: 'PBES2-HS256+A128KW', enc: 'A256GCM', cty: 'jwk+json', p2c: 100_000, p2s: decodeProtectedHeader(jwk!.encryptedKey!).p2s });
    // The JWE opens with the password to the private half of the listed key (and with nothing else).
    const pbes2 = { keyManagementAlgorithms: ['PBES2-HS256+A128KW'], maxPBES2Count: 100_000 };
    const { plaintext } = await compactDecrypt(jwk!.encryptedKey!, new TextEncoder().encode(PASSWORD), pbes2);
    const privateJwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
    assert.equal(privateJwk.kid, jwk!.key!.kid);
    const provisionerKey = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    assert.deepEqual(createPublicKey(provisionerKey).export({ format: 'jwk' }), createPublicKey({ key: jwk!.key as never, format: 'jwk' }).export({ format: 'jwk' }));
    await assert.rejects(compactDecrypt(jwk!.encryptedKey!, new TextEncoder().encode('not the password'), pbes2), /decryption operation failed/);

    // No key in clear on disk: not the root's (which never left the vault), not the intermediate's, not the provisioner's.
    const keys = [await backend.vault.exportAuthorityKeyPkcs8(root.id, 'test'), await backend.vault.exportAuthorityKeyPkcs8(exported.authorityId, 'test'), new Uint8Array(provisionerKey.export({ type: 'pkcs8', format: 'der' }))];
    const leaks = findKeyMaterial(await filesBelow(folder), keys);
    // The only hit allowed: the encrypted key's own PEM header.
    assert.deepEqual(leaks, [{ where: keyPath, form: 'PEM private key header in raw bytes' }]);

    // step-ca starts from exactly this folder with the password file; TLS verifies against the vault's root.
    const passwordFile = await secretFile(dir, 'password.txt', `${PASSWORD}\n`);
    const ca = await startStepCa({ folder, passwordFile });
    running.push(ca);
    assert.equal(ca.fingerprint, exported.rootFingerprint);
    assert.match(ca.output(), new RegExp(`X\\.509 Root Fingerprint: ${exported.rootFingerprint}`));
    const listed = provisionersOf(await getJson(ca, '/provisioners'));
    assert.deepEqual(listed.map((p) => [p.type, p.name]), [['JWK', 'certwright'], ['ACME', 'acme']]);
    assert.equal(listed[0]!.key?.kid, jwk!.key!.kid);
    assert.equal(listed[0]!.encryptedKey, jwk!.encryptedKey);
    const served = (await getJson(ca, '/roots')) as { crts: string[] };
    assert.equal(served.crts[0]!.trim(), rootPem.trim());

    // A wrong password: step-ca refuses to start, in its words (the first stopped: badger allows one process).
    await ca.stop();
    const wrongFile = await secretFile(dir, 'wrong.txt', 'not the password\n');
    const refused = await runStepCaToExit({ folder, passwordFile: wrongFile });
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.output, /error decrypting secrets\/intermediate_ca_key: x509: decryption password incorrect/);
  });

  test('the CLI: export-intermediate --zip --mysql; step-ca starts from the unzipped folder on MariaDB; bad input says why', async () => {
    const { entry, db } = await cliLab;
    const passFile = await secretFile(dir, 'vault-pass.txt', `${FIXTURE_PASSPHRASE}\n`);
    const run = (...args: string[]) => runCli(entry, ['--vault', join(dir, 'cli-vault'), '--passphrase-file', passFile, ...args]);
    const ok = async (...args: string[]) => {
      const result = await run(...args);
      assert.equal(result.code, 0, `certwright ${args.join(' ')}: ${result.stderr}`);
      return result;
    };
    await ok('ca', 'create', '--cn', 'CLI Root');
    await ok('ca', 'create', '--cn', 'CLI Issuing', '--parent', 'CLI Root', '--path-len', '0');
    const passwordFile = await secretFile(dir, 'cli-password.txt', `${PASSWORD}\n`);
    const port = await freePort();
    const zip = join(dir, 'cli-export.zip');
    const base = ['remote', 'export-intermediate', '--password-file', passwordFile, '--address', `127.0.0.1:${port}`, '--dns', '127.0.0.1', '--zip', '--out', zip];

    const help = await runCli(entry, ['--help']);
    assert.match(help.stdout, /remote export-intermediate --ca ROOT --out DIR --password-file F/);
    const notRoot = await run(...base, '--ca', 'CLI Issuing');
    assert.equal(notRoot.code, 1);
    assert.match(notRoot.stderr, /^certwright: --ca CLI Issuing: “CLI Issuing” is an intermediate CA, not a root\. .* choose its root, “CLI Root”\.\n$/);

    const done = await ok(...base, '--ca', 'CLI Root', '--name', 'CLI Online CA', '--mysql', db.dsn, '--mysql-database', 'team_ca');
    assert.match(done.stdout, new RegExp(`^Wrote ${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} for step-ca\\n`));
    const fingerprint = /root sha256 {4}([0-9a-f]{64})/.exec(done.stdout)?.[1];
    assert.ok(fingerprint, done.stdout);
    assert.equal((await stat(zip)).mode & 0o777, 0o600);

    const folder = join(dir, 'cli-unzipped');
    const unzipped = await runPeer('unzip', ['-q', zip, '-d', folder]);
    assert.equal(unzipped.code, 0, unzipped.stderr);
    assert.equal((await stat(join(folder, 'secrets/intermediate_ca_key'))).mode & 0o777, 0o600, 'unzip keeps the key file private');
    const config = JSON.parse(await readFile(join(folder, 'config/ca.json'), 'utf8')) as CaJson;
    assert.deepEqual(config.db, { type: 'mysql', dataSource: db.dsn, database: 'team_ca' });
    assert.match(await openssl('x509', '-in', join(folder, 'certs/intermediate_ca.crt'), '-noout', '-subject'), /CN ?= ?CLI Online CA/);
    assert.match(await readFile(join(folder, 'README.md'), 'utf8'), new RegExp(`--fingerprint ${fingerprint}`));

    const ca = await startStepCa({ folder, passwordFile });
    running.push(ca);
    assert.equal(ca.fingerprint, fingerprint);
    assert.deepEqual(provisionersOf(await getJson(ca, '/provisioners')).map((p) => [p.type, p.name]), [['JWK', 'certwright']]);
    // step-ca made its tables in the database the export named.
    assert.match(await db.sql('SHOW TABLES FROM team_ca'), /^x509_certs$/m);
  });
});
