/**
 * Connecting to a real step-ca (issue 20): smallstep's server built from Debian's sources
 * (test/support/step-ca.ts), started on loopback from the folder Certwright's own step-ca export
 * wrote. The root is pinned on first contact and a server presenting another one is refused; a wrong
 * provisioner password, an unknown provisioner, unreachable URLs and a server answering garbage are
 * each refused with their own message, and nothing is stored by any refusal. The URLs fail over in
 * order. The one-time tokens are judged by the real server: /sign accepts a fresh one and refuses it
 * used twice, out of its time, or for other names — each refusal quoting the server's own words, as
 * it said them when this test ran. `certwright remote add` and `remote list` drive the same service.
 * One step-ca and one garbage server for the whole file.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { X509Certificate } from 'node:crypto';
import { createServices, type Services } from '../../electron/services/index.js';
import { StepClient } from '../../electron/services/remote/step-client.js';
import { decryptProvisionerKey, signOneTimeToken } from '../../electron/services/remote/one-time-token.js';
import { importJWK, jwtVerify } from 'jose';
import { createPublicKey } from 'node:crypto';
import { importPrivateKey } from '../../electron/engine/keys.js';
import { stepJwks } from '../support/go/stepjwk/peer.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { type CertwrightError } from '../../shared/errors.js';
import type { Msg } from '../../shared/i18n/message.js';
import type { Input } from '../../shared/ipc/contract.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { EKU, KeyPool, makeCertificate, type Made } from '../support/chain-maker.js';
import { freePort } from '../support/servers.js';
import { startStepCa, type StepCa } from '../support/step-ca.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';
import { valid, failure } from '../support/service-calls.js';

const PASSWORD = 'step-ca export password';
const PROVISIONER = 'certwright';
const SHORT = { timeoutMs: 2000 };

/** The catalog key of a refusal, looking through `field: text` wrapping. */
function keyOf(error: CertwrightError): string {
  const reason = error.reason as Msg;
  return reason.key === 'errors:atField' ? String(reason.params?.['text']) : reason.key;
}

/** A fake "step-ca": serves whatever the test's mode says, with a TLS chain of another root. */
type Mode = 'relay' | 'ownRoot' | 'notJson' | 'huge' | 'badCertificate' | 'wrongShape' | 'cut';

describe('connecting to step-ca', { timeout: 120_000 }, () => {
  let dir = '';
  let stepCa: StepCa;
  let s: Services;
  let rootId = '';
  let folder = '';
  let fake: Server;
  let fakeUrl = '';
  let mode: Mode = 'relay';
  let other: { root: Made; intermediate: Made; leaf: Made; fingerprint: string };
  let closedUrl = '';
  let remoteAuthorityId = '';
  let exportedId = '';
  const cli = bundleCli();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-stepca-connect-'));
    const vault = join(dir, 'vault');
    await mkdir(vault, { mode: 0o700 });
    s = createServices({ vault: await cheapVault(vault, { lock: true }) });
    rootId = (await s.authorities.createRoot(valid('authority.createRoot', { subject: { commonName: 'Connect Test Root' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1 }))).id;
    const port = await freePort();
    folder = join(dir, 'step-ca');
    ({ authorityId: exportedId } = await s.remotes.exportStepCa(
      valid('authority.exportStepCa', { rootId, keyAlgorithm: 'p256', password: PASSWORD, address: `127.0.0.1:${port}`, dnsNames: ['127.0.0.1', 'localhost'], provisioner: PROVISIONER, acme: false, database: { type: 'badgerv2', dataSource: 'db' }, format: 'folder' }),
      s.issuing,
      async () => folder,
    ));
    const passwordFile = join(dir, 'password.txt');
    await writeFile(passwordFile, PASSWORD, { mode: 0o600 });
    stepCa = await startStepCa({ folder, passwordFile });

    // Another root's chain, for the impostor and the garbage server.
    const pool = new KeyPool();
    const day = 86_400_000;
    const dates = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 30 * day) };
    const root = makeCertificate({ commonName: 'Impostor Root', key: 'p256', hash: 'SHA-256', ca: true, ...dates }, pool.key('p256', 0), null);
    const intermediate = makeCertificate({ commonName: 'Impostor Intermediate', key: 'p256', hash: 'SHA-256', ca: true, pathLength: 0, ...dates }, pool.key('p256', 1), root);
    const leaf = makeCertificate({ commonName: '127.0.0.1', key: 'p256', hash: 'SHA-256', ca: false, eku: [EKU.server], ips: ['127.0.0.1'], dns: ['localhost'], ...dates }, pool.key('p256', 2), intermediate);
    other = { root, intermediate, leaf, fingerprint: new X509Certificate(root.der).fingerprint256.replaceAll(':', '').toLowerCase() };
    fake = createHttpsServer({ cert: leaf.pem + intermediate.pem, key: leaf.key.privateKey.export({ type: 'pkcs8', format: 'pem' }) }, (req, res) => {
      const path = req.url ?? '';
      const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      if (mode === 'cut') return void req.socket.destroy();
      if (mode === 'notJson') return send(200, '<html><body>It works!</body></html>');
      if (mode === 'huge') return send(200, JSON.stringify({ ca: 'A'.repeat(2 * 1024 * 1024) }));
      if (mode === 'badCertificate') return send(200, JSON.stringify({ ca: '-----BEGIN CERTIFICATE-----\nMIIBAAAAAAAA\n-----END CERTIFICATE-----\n' }));
      if (path.startsWith('/root/')) return send(200, JSON.stringify({ ca: mode === 'relay' ? stepCa.rootPem : root.pem }));
      if (path === '/health') return send(200, '{"status":"ok"}');
      if (path === '/version') return send(200, JSON.stringify({ version: 7 }));
      return send(200, JSON.stringify({ provisioners: 'none' }));
    });
    fake.listen(0, '127.0.0.1');
    await once(fake, 'listening');
    fakeUrl = `https://127.0.0.1:${(fake.address() as { port: number }).port}`;
    closedUrl = `https://127.0.0.1:${await freePort()}`;
  });

  after(async () => {
    fake?.close();
    await stepCa?.stop();
    await s?.close();
    await (await cli.catch(() => null))?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const stored = () => ({ remotes: s.vault.listRemotes().length, authorities: s.vault.listAuthorities().length, audit: s.vault.auditEntries({}).total });
  const connect = (input: Partial<Input<'remote.connect'>>) =>
    failure(() => s.remotes.connect(valid('remote.connect', { name: 'refused', urls: [stepCa.url], fingerprint: stepCa.fingerprint, provisioner: PROVISIONER, password: PASSWORD, ...input })));

  test('a server presenting another root than the fingerprint is refused, and nothing is stored', async () => {
    const before = stored();
    // It relays the real root for /root/{sha}, but its TLS certificate is from another root.
    mode = 'relay';
    const relayed = await connect({ urls: [fakeUrl] });
    assert.equal(relayed.code, 'REMOTE_REFUSED');
    assert.equal(keyOf(relayed), 'remote:errors.rootMismatch');
    assert.match(relayed.message, new RegExp(`${fakeUrl.replaceAll('.', '\\.')} presented a TLS certificate that does not chain to the root pinned`));
    // It answers with its own root: not the fingerprint's.
    mode = 'ownRoot';
    const own = await connect({ urls: [fakeUrl] });
    assert.equal(keyOf(own), 'remote:errors.rootFingerprintDiffers');
    assert.ok(own.message.includes(other.fingerprint), own.message);
    // The real server has no root of that fingerprint: its own 404, quoted.
    const unknown = await connect({ fingerprint: other.fingerprint });
    assert.equal(keyOf(unknown), 'remote:errors.rootNotFound');
    assert.equal(unknown.reason?.params?.['words'], 'The requested resource could not be found. Please see the certificate authority logs for more info.');
    assert.equal(unknown.reason?.params?.['status'], 404);
    assert.deepEqual(stored(), before);
  });

  test('a wrong provisioner password and an unknown provisioner are refused at their field, nothing stored', async () => {
    const before = stored();
    const wrong = await connect({ password: 'not the password' });
    assert.equal(wrong.code, 'INVALID_INPUT');
    assert.equal(wrong.details?.field, 'password');
    assert.equal(keyOf(wrong), 'remote:errors.wrongPassword');
    const unknown = await connect({ provisioner: 'nobody' });
    assert.equal(unknown.details?.field, 'provisioner');
    assert.equal(unknown.message, 'provisioner: The server has no provisioner named “nobody”. It lists: certwright (JWK).');
    assert.deepEqual(stored(), before);
  });

  test('no URL reachable: one message naming each URL and its errno', async () => {
    const second = `https://127.0.0.1:${await freePort()}`;
    const error = await connect({ urls: [closedUrl, second] });
    assert.equal(error.code, 'REMOTE_UNREACHABLE');
    assert.ok(error.message.startsWith(`No URL of the step-ca server answered: ${closedUrl} (ECONNREFUSED); ${second} (ECONNREFUSED).`), error.message);
  });

  test('a server answering garbage: not JSON, oversized, no certificate, not step-ca’s shape — each its message, nothing stored', async () => {
    const before = stored();
    mode = 'notJson';
    assert.equal(keyOf(await connect({ urls: [fakeUrl], fingerprint: other.fingerprint })), 'remote:errors.garbage.notJson');
    mode = 'huge';
    assert.equal(keyOf(await connect({ urls: [fakeUrl], fingerprint: other.fingerprint })), 'remote:errors.garbage.tooLong');
    // A "root" that is no certificate (read in the untrusted-input worker).
    mode = 'badCertificate';
    assert.equal(keyOf(await connect({ urls: [fakeUrl], fingerprint: other.fingerprint })), 'remote:errors.garbage.badCertificate');
    // Pinned to its own root and its TLS chain verified, then nonsense where step-ca's version and provisioners go.
    mode = 'wrongShape';
    const shape = await connect({ urls: [fakeUrl], fingerprint: other.fingerprint });
    assert.equal(keyOf(shape), 'remote:errors.garbage.wrongShape');
    assert.equal(shape.code, 'REMOTE_REFUSED');
    // A check (Check now, remote list) never throws for it: the URL shows the problem.
    const checked = await new StepClient({ urls: [fakeUrl], rootDer: other.root.der }, SHORT).status();
    assert.deepEqual(checked.urlStatus.map((u) => [u.health, u.problem?.key]), [['unreachable', 'remote:errors.garbage.wrongShape']]);
    assert.equal(checked.version, null);
    assert.deepEqual(stored(), before);
  });

  test('connect fails over from an unreachable URL; the server is a remote authority under the vault root, with health, version and provisioners', async () => {
    const summary = await s.remotes.connect(valid('remote.connect', { name: 'team-ca', urls: [closedUrl, stepCa.url], fingerprint: stepCa.fingerprint.toUpperCase(), provisioner: PROVISIONER, password: PASSWORD }));
    assert.equal(summary.health, 'ok');
    assert.equal(summary.rootFingerprint, stepCa.fingerprint);
    assert.ok(summary.version && summary.version.length > 0);
    assert.deepEqual(summary.provisioners, [{ name: PROVISIONER, type: 'JWK' }]);
    assert.equal(summary.urlStatus[0]?.health, 'unreachable');
    assert.equal(summary.urlStatus[0]?.problem?.key, 'remote:errors.unreachable');
    assert.match(String(summary.urlStatus[0]?.problem?.params?.['attempts']), /ECONNREFUSED/);
    assert.equal(summary.urlStatus[1]?.health, 'ok');

    remoteAuthorityId = summary.authorityId;
    const record = s.vault.getAuthority(summary.authorityId);
    assert.equal(record.remoteId, summary.id);
    // The server's intermediate is the one this vault exported: that authority became the remote one
    // (one entry), and the vault no longer holds its key.
    assert.equal(summary.authorityId, exportedId);
    assert.equal(record.sealedKey, undefined);
    const all = await s.authorities.list();
    const dn = all.find((a) => a.id === summary.authorityId)?.subjectDn;
    assert.equal(all.filter((a) => a.subjectDn === dn).length, 1);
    assert.equal(record.parentId, rootId);
    const intermediatePem = await readFile(join(folder, 'certs', 'intermediate_ca.crt'), 'utf8');
    assert.equal(record.certificateDerB64, Buffer.from(new X509Certificate(intermediatePem).raw).toString('base64'));
    const listed = (await s.authorities.list()).find((a) => a.id === summary.authorityId);
    assert.equal(listed?.remoteId, summary.id);
    assert.equal(listed?.keyAlgorithm, 'p256');
    assert.deepEqual((await s.remotes.list()).map((r) => r.name), ['team-ca']);
    const [entry] = s.vault.auditEntries({ kinds: ['remote.connected'] }).entries;
    assert.equal(entry?.authorityId, summary.authorityId);
    assert.equal(entry?.details['provisioner'], PROVISIONER);
    assert.equal(entry?.details['rootFingerprint'], stepCa.fingerprint);
    const checked = await s.remotes.check(summary.id);
    assert.equal(checked.health, 'ok');
    assert.ok(checked.checkedAt);

    const again = await connect({ name: 'team-ca' });
    assert.equal(keyOf(again), 'remote:errors.nameTaken');

    // What the server answered belongs to this session: after a lock, the next session asks again.
    s.session.lock();
    await s.session.unlock(FIXTURE_PASSPHRASE);
    const [afterLock] = await s.remotes.list();
    assert.equal(afterLock?.health, 'unknown');
    assert.equal(afterLock?.checkedAt, null);
  });

  test('a URL of the list presenting another root makes the whole connection refused, nothing stored', async () => {
    const before = stored();
    mode = 'relay';
    const error = await connect({ urls: [stepCa.url, fakeUrl] });
    assert.equal(keyOf(error), 'remote:errors.rootMismatch');
    assert.equal(error.reason?.params?.['url'], fakeUrl);
    assert.deepEqual(stored(), before);
  });

  test('a URL that accepts the connection but never answers times out, and the next URL serves', async () => {
    const silent = createNetServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const silentUrl = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const started = Date.now();
      const { server } = await StepClient.firstContact([silentUrl, stepCa.url], stepCa.fingerprint, { timeoutMs: 300 });
      assert.ok(Date.now() - started >= 300);
      const status = await new StepClient(server, { timeoutMs: 300 }).status();
      assert.deepEqual(status.urlStatus.map((u) => u.health), ['unreachable', 'ok']);
      assert.match(String(status.urlStatus[0]?.problem?.params?.['attempts']), /\(ETIMEDOUT\)/);
      assert.ok(status.version);
    } finally {
      silent.close();
    }
  });

  test('a POST whose connection is lost once up is not tried on the next URL (the server may have acted): its own message', async () => {
    mode = 'cut';
    // Were it tried on the next URL, that one (another root than this pin) would say rootMismatch.
    const client = new StepClient({ urls: [fakeUrl, stepCa.url], rootDer: other.root.der }, SHORT);
    const error = await failure(() => client.revoke({ serialNumberHex: '0a', reasonCode: 0, reason: '', ott: 'x' }));
    assert.equal(error.code, 'REMOTE_UNREACHABLE');
    assert.equal(keyOf(error), 'remote:errors.lostMidRequest');
    assert.equal(error.reason?.params?.['url'], fakeUrl);
  });

  test('afterwards only the pinned root is trusted: another root is refused by name', async () => {
    mode = 'relay';
    const status = await new StepClient({ urls: [fakeUrl], rootDer: new Uint8Array(new X509Certificate(stepCa.rootPem).raw) }, SHORT).status();
    assert.equal(status.urlStatus[0]?.health, 'unreachable');
    assert.equal(status.urlStatus[0]?.problem?.key, 'remote:errors.rootMismatch');
  });

  test('the one-time tokens: the real server signs with a fresh one, and refuses one used twice, out of its time or for other names, in its own words', async () => {
    assert.ok(remoteAuthorityId, 'needs the connected remote');
    const authority = s.vault.getAuthority(remoteAuthorityId);
    const client = s.remotes.clientFor(authority);
    const csr = async (name: string) => {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const request = await X509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${name}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, extensions: [new X509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }])] });
      return request.toString('pem');
    };
    const ott = await s.remotes.token(authority, 'sign', 'api.team.test', ['api.team.test']);
    const pem = await csr('api.team.test');
    const signed = await client.sign(pem, ott);
    const certificate = new X509.X509Certificate(new Uint8Array(signed.certificateDer));
    assert.equal(certificate.subjectName.getField('CN')[0], 'api.team.test');
    assert.equal(Buffer.from(signed.chainDer[0]!).toString('base64'), authority.certificateDerB64);

    const reused = await failure(() => client.sign(pem, ott));
    assert.equal(keyOf(reused), 'remote:errors.signUnauthorized');
    assert.equal(reused.reason?.params?.['words'], 'The request lacked necessary authorization to be completed. Please see the certificate authority logs for more info.');

    const { key, remote } = await s.vault.remoteProvisionerKey(authority.remoteId!);
    const { token: stale } = await signOneTimeToken(key, { provisioner: remote.provisioner, kid: remote.kid, algorithm: remote.jwsAlgorithm, urls: remote.urls, purpose: 'sign', subject: 'late.team.test', sans: ['late.team.test'], rootFingerprint: stepCa.fingerprint, now: new Date(Date.now() - 10 * 60_000) });
    const expired = await failure(() => client.sign(pem, stale));
    assert.equal(keyOf(expired), 'remote:errors.tokenExpired');
    assert.equal(expired.reason?.params?.['words'], 'The request lacked necessary authorization to be completed. Please see the certificate authority logs for more info.');

    const otherNames = await s.remotes.token(authority, 'sign', 'db.team.test', ['db.team.test']);
    const refused = await failure(() => client.sign(pem, otherNames));
    assert.equal(keyOf(refused), 'remote:errors.nameNotAllowed');
    assert.equal(refused.reason?.params?.['status'], 403);
    assert.equal(refused.reason?.params?.['words'], 'The request was forbidden by the certificate authority: certificate request does not contain the valid common name - got api.team.test, want db.team.test.');
  });

  test('provisioner keys made by step’s own go.step.sm/crypto/jose decrypt with their password and sign tokens their public JWK verifies', async () => {
    const made = await stepJwks(PASSWORD);
    assert.deepEqual(made.map((m) => m.kty), ['EC', 'OKP', 'RSA']);
    for (const { kty, key: jwk, encryptedKey } of made) {
      const key = await decryptProvisionerKey('step-made', encryptedKey, PASSWORD, jwk);
      assert.deepEqual(Buffer.from(key.spki), createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'der' }), kty);
      assert.equal(key.jwsAlgorithm, jwk['alg']);
      const signer = await importPrivateKey(key.pkcs8, key.keyAlgorithm, crypto);
      const { token } = await signOneTimeToken(signer, { provisioner: 'step-made', kid: String(jwk['kid']), algorithm: key.jwsAlgorithm, urls: [stepCa.url], purpose: 'sign', subject: 'x.test', sans: ['x.test'], rootFingerprint: stepCa.fingerprint, now: new Date() });
      const { payload, protectedHeader } = await jwtVerify(token, await importJWK(jwk as never, key.jwsAlgorithm), { issuer: 'step-made', audience: `${stepCa.url}/1.0/sign` });
      assert.equal(protectedHeader.kid, jwk['kid']);
      assert.deepEqual(payload['sans'], ['x.test']);
      key.pkcs8.fill(0);
      const wrong = await failure(() => decryptProvisionerKey('step-made', encryptedKey, 'not it', jwk));
      assert.equal(keyOf(wrong), 'remote:errors.wrongPassword');
    }
  });

  test('certwright remote add and remote list: the same connection from the command line, health asked anew', async () => {
    const built = await cli;
    const vault = join(dir, 'vault-cli');
    await mkdir(vault, { mode: 0o700 });
    (await cheapVault(vault)).lock();
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, `${FIXTURE_PASSPHRASE}\n`, { mode: 0o600 });
    const passwordFile = join(dir, 'provisioner-password.txt');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const run = (...args: string[]) => runCli(built.entry, ['--vault', vault, '--passphrase-file', passFile, ...args]);

    const added = await run('remote', 'add', '--url', closedUrl, '--url', stepCa.url, '--fingerprint', stepCa.fingerprint, '--provisioner', PROVISIONER, '--password-file', passwordFile, '--name', 'team-ca');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Connected to step-ca “team-ca”: its issuing CA “.+” is the remote authority [0-9a-f]{32} \(--ca team-ca\)\./);
    assert.ok(added.stdout.includes(`root sha256    ${stepCa.fingerprint}`), added.stdout);

    const wrong = await run('remote', 'add', '--url', stepCa.url, '--fingerprint', stepCa.fingerprint, '--provisioner', PROVISIONER, '--password-file', passFile, '--name', 'other');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /password: This is not the password of the provisioner “certwright”/);

    const listed = await run('--json', 'remote', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    const [remote] = JSON.parse(listed.stdout) as Array<{ name: string; health: string; version: string; provisioners: unknown[]; urlStatus: Array<{ health: string }> }>;
    assert.equal(remote?.name, 'team-ca');
    assert.equal(remote?.health, 'ok');
    assert.deepEqual(remote?.provisioners, [{ name: PROVISIONER, type: 'JWK' }]);
    assert.deepEqual(remote?.urlStatus.map((u) => u.health), ['unreachable', 'ok']);

    const table = await run('remote', 'list');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+HEALTH\s+VERSION\s+PROVISIONERS\s+URLS\nteam-ca\s+ok\s+\S+\s+certwright \(JWK\)/);
    assert.ok(table.stdout.includes(`team-ca: ${closedUrl}: No URL of the step-ca server answered: ${closedUrl} (ECONNREFUSED).`), table.stdout);
  });
});
