/**
 * Issuing, renewing and revoking through a real step-ca (issue 20): smallstep's server built from
 * Debian's sources (test/support/step-ca.ts), started on loopback from the folder Certwright's own
 * step-ca export wrote, and two vaults connected to it — A through the services the window calls,
 * B through the real `certwright` command line. Every certificate is judged by `openssl verify`
 * against the vault's root with the server's intermediate, and used in a real mutual-TLS handshake
 * (Node's TLS, i.e. OpenSSL). Renewal goes over mutual TLS; a revocation on the server, from either
 * desktop, makes the other's next renewal fail in the server's words and be recorded; a validity
 * beyond the provisioner's maximum is refused in the server's words; a stopped server leaves
 * nothing recorded. One step-ca for the whole file.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { connect as netConnect, createServer as createNetServer } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServices, type Services } from '../../electron/services/index.js';
import { toPem } from '../../electron/engine/pem.js';
import { english } from '../../shared/i18n/english.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { opensslVerify } from '../support/pki.js';
import { runPeer } from '../support/peers.js';
import { freePort } from '../support/servers.js';
import { startStepCa, type StepCa } from '../support/step-ca.js';
import { cheapVault, FIXTURE_PASSPHRASE, openVault } from '../support/vault-fixtures.js';
import { valid, failure } from '../support/service-calls.js';

const PASSWORD = 'step-ca export password';
const REMOTE = 'team-ca';

describe('issuing, renewing and revoking through step-ca', { timeout: 120_000 }, () => {
  let dir = '';
  let stepCa: StepCa;
  let a: Services;
  let authorityA = '';
  let rootFile = '';
  let intermediateFile = '';
  let cliEntry = '';
  let disposeCli: () => Promise<void> = async () => undefined;
  /** A certificate vault B issued (and renewed) with the CLI; the two-desktops test revokes it from A. */
  let issuedByB: { id: string; serialNumberHex: string } | undefined;
  let b: { vault: string; passFile: string; run: (...args: string[]) => ReturnType<typeof runCli> };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-stepca-issue-'));
    const built = bundleCli();
    // Vault A: the root, the step-ca export under it, the connection.
    const vaultA = join(dir, 'vault-a');
    await mkdir(vaultA, { mode: 0o700 });
    a = createServices({ vault: await cheapVault(vaultA, { lock: true }) });
    const rootId = (await a.authorities.createRoot(valid('authority.createRoot', { subject: { commonName: 'Team Offline Root' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1 }))).id;
    const port = await freePort();
    const folder = join(dir, 'step-ca');
    await a.remotes.exportStepCa(
      valid('authority.exportStepCa', { rootId, keyAlgorithm: 'p256', password: PASSWORD, address: `127.0.0.1:${port}`, dnsNames: ['127.0.0.1', 'localhost'], provisioner: 'certwright', acme: false, database: { type: 'badgerv2', dataSource: 'db' }, format: 'folder' }),
      a.issuing,
      async () => folder,
    );
    const passwordFile = join(dir, 'password.txt');
    await writeFile(passwordFile, PASSWORD, { mode: 0o600 });
    stepCa = await startStepCa({ folder, passwordFile });
    const remoteA = await a.remotes.connect(valid('remote.connect', { name: REMOTE, urls: [stepCa.url], fingerprint: stepCa.fingerprint, provisioner: 'certwright', password: PASSWORD }));
    authorityA = remoteA.authorityId;
    rootFile = join(dir, 'root.pem');
    await writeFile(rootFile, stepCa.rootPem);
    intermediateFile = join(dir, 'intermediate.pem');
    await writeFile(intermediateFile, await readFile(join(folder, 'certs', 'intermediate_ca.crt')));

    // Vault B: another desktop, connected to the same server, then driven by the CLI.
    const vaultB = join(dir, 'vault-b');
    await mkdir(vaultB, { mode: 0o700 });
    const servicesB = createServices({ vault: await cheapVault(vaultB, { lock: true }) });
    await servicesB.remotes.connect(valid('remote.connect', { name: REMOTE, urls: [stepCa.url], fingerprint: stepCa.fingerprint, provisioner: 'certwright', password: PASSWORD }));
    servicesB.vault.lock();
    await servicesB.close();
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, `${FIXTURE_PASSPHRASE}\n`, { mode: 0o600 });
    await chmod(passFile, 0o600);
    ({ entry: cliEntry, dispose: disposeCli } = await built);
    b = { vault: vaultB, passFile, run: (...args: string[]) => runCli(cliEntry, ['--vault', vaultB, '--passphrase-file', passFile, ...args]) };
  });

  after(async () => {
    await stepCa?.stop();
    await a?.close();
    await disposeCli();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The certificate's PEM, its key's PEM (for the handshake) and openssl's verdict against the vault's root with the server's intermediate. */
  async function judged(services: Services, id: string, name: string) {
    const detail = await services.certificates.get(id);
    const certFile = join(dir, `${name}.pem`);
    await writeFile(certFile, detail.certificatePem);
    const pkcs8 = await services.vault.exportPrivateKeyPkcs8(id, 'export');
    const keyPem = toPem('PRIVATE KEY', pkcs8);
    pkcs8.fill(0);
    const verdict = await opensslVerify({ caFile: rootFile, untrusted: intermediateFile }, certFile);
    return { detail, certPem: detail.certificatePem, keyPem, verdict };
  }

  /** A real mutual-TLS handshake: the server asks for and verifies the client's certificate; the client verifies the server's name and chain. */
  async function handshake(server: { certPem: string; keyPem: string }, client: { certPem: string; keyPem: string }, servername: string) {
    const intermediate = await readFile(intermediateFile, 'utf8');
    const tlsServer = createTlsServer({ cert: server.certPem + intermediate, key: server.keyPem, ca: [stepCa.rootPem], requestCert: true, rejectUnauthorized: true });
    const seen = once(tlsServer, 'secureConnection') as Promise<[TLSSocket]>;
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    const { port } = tlsServer.address() as { port: number };
    const socket = tlsConnect({ host: '127.0.0.1', port, servername, cert: client.certPem + intermediate, key: client.keyPem, ca: [stepCa.rootPem] });
    try {
      await once(socket, 'secureConnect');
      const [serverSide] = await seen;
      return { clientAuthorized: socket.authorized, serverAuthorized: serverSide.authorized, clientSubject: serverSide.getPeerCertificate().subject?.CN };
    } finally {
      socket.destroy();
      tlsServer.close();
    }
  }

  test('server, client and pair through step-ca (services): openssl verifies each against the vault root; a real mTLS handshake', async () => {
    const server = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'server', subject: { commonName: 'api.team.test' }, sans: [{ type: 'dns', value: 'api.team.test' }, { type: 'ip', value: '127.0.0.1' }], keyAlgorithm: 'p256' }));
    const client = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'client', subject: { commonName: 'orders' }, sans: [{ type: 'uri', value: 'spiffe://team.test/orders' }], keyAlgorithm: 'p384' }));
    const pair = await a.certificates.issuePair(valid('certificate.issuePair', { authorityId: authorityA, serviceName: 'billing', dnsNames: ['billing.team.test'], ipAddresses: ['127.0.0.1'], keyAlgorithm: 'rsa2048' }));
    const all = [server.certificate, client.certificate, pair.server, pair.client];
    for (const c of all) {
      assert.equal(c.authorityId, authorityA);
      const { verdict } = await judged(a, c.id, `a-${c.id}`);
      assert.ok(verdict.ok, verdict.output);
    }
    // Inventory: like any CA's certificates, valid, issued by the server's intermediate.
    const listed = await a.certificates.list();
    for (const c of all) assert.equal(listed.find((l) => l.id === c.id)?.status, 'valid');

    const s = await judged(a, server.certificate.id, 'a-server');
    const cl = await judged(a, client.certificate.id, 'a-client');
    const shook = await handshake(s, cl, 'api.team.test');
    assert.deepEqual(shook, { clientAuthorized: true, serverAuthorized: true, clientSubject: 'orders' });
    const ps = await judged(a, pair.server.id, 'a-pair-server');
    const pc = await judged(a, pair.client.id, 'a-pair-client');
    assert.equal((await handshake(ps, pc, 'billing.team.test')).serverAuthorized, true);
    // The app's own handshake proof of the pair (no throwaway peer: the CA's key is on the server).
    const proof = await a.exports.prove(valid('certificate.prove', { id: pair.client.id, as: 'client', serverId: pair.server.id }));
    assert.equal(proof.ok, true, JSON.stringify(proof));
    // The audit log tags each with the server.
    const audit = a.vault.auditEntries({ authorityId: authorityA, kinds: ['certificate.issued'] }).entries;
    for (const c of all) assert.equal(audit.find((e) => e.details?.certificateId === c.id)?.details?.remote, REMOTE);
  });

  test('bulk through step-ca: a few requests in flight; a cancel stops it between certificates, keeping those issued', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `bulk-${i}.team.test`);
    // Ed25519 too: the same key algorithms as a local issuance.
    const bulk = await a.certificates.issueBulk(valid('certificate.issueBulk', { authorityId: authorityA, profile: 'server', serviceNames: names, keyAlgorithm: 'ed25519' }));
    assert.deepEqual([bulk.issued, bulk.cancelled], [6, false]);
    const { verdict } = await judged(a, bulk.ids[5]!, 'a-bulk-5');
    assert.ok(verdict.ok, verdict.output);

    const count = (await a.certificates.list()).length;
    const many = Array.from({ length: 40 }, (_, i) => `cancel-${i}.team.test`);
    const cancelled = await a.certificates.issueBulk(valid('certificate.issueBulk', { authorityId: authorityA, profile: 'server', serviceNames: many, keyAlgorithm: 'p256', operationId: 'bulk-cancel' }), (done) => {
      if (done >= 1) a.operations.cancel('bulk-cancel');
    });
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.issued >= 1 && cancelled.issued < 40, `issued ${cancelled.issued}`);
    assert.equal((await a.certificates.list()).length, count + cancelled.issued);
  });

  test('a CSR made by openssl, signed through step-ca: its key, the names confirmed, verified by openssl', async () => {
    const keyFile = join(dir, 'csr.key');
    const csrFile = join(dir, 'csr.pem');
    const made = await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=csr.team.test', '-addext', 'subjectAltName=DNS:csr.team.test', '-keyout', keyFile, '-out', csrFile]);
    assert.equal(made.code, 0, made.stderr);
    const csr = await readFile(csrFile, 'utf8');
    const review = await a.certificates.reviewCsr(csr);
    const signed = await a.certificates.signCsr(valid('csr.sign', { csr, authorityId: authorityA, profile: 'server', subject: review.subject, sans: [...review.sans] }));
    const certFile = join(dir, 'csr-signed.pem');
    await writeFile(certFile, (await a.certificates.get(signed.certificate.id)).certificatePem);
    const verdict = await opensslVerify({ caFile: rootFile, untrusted: intermediateFile }, certFile);
    assert.ok(verdict.ok, verdict.output);
    const [fromCert, fromCsr] = await Promise.all([runPeer('openssl', ['x509', '-in', certFile, '-noout', '-pubkey']), runPeer('openssl', ['req', '-in', csrFile, '-noout', '-pubkey'])]);
    assert.equal(fromCert.stdout, fromCsr.stdout);
  });

  test('renewal over mutual TLS: a new serial, the same key, linked to the one it replaces', async () => {
    const first = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'server', subject: { commonName: 'renew.team.test' }, sans: [{ type: 'dns', value: 'renew.team.test' }], keyAlgorithm: 'p256' }));
    const result = await a.certificates.renew(valid('certificate.renew', { ids: [first.certificate.id], expiringWithinDays: null, rekey: false, revokeOldAfterDays: null }));
    assert.equal(result.renewed.length, 1, JSON.stringify(result));
    const renewed = result.renewed[0]!;
    assert.equal(renewed.replacedId, first.certificate.id);
    assert.notEqual(renewed.certificate.serialNumberHex, first.certificate.serialNumberHex);
    const before = await a.certificates.get(first.certificate.id);
    const after = await a.certificates.get(renewed.certificate.id);
    assert.equal(after.spkiSha256, before.spkiSha256);
    assert.equal(a.vault.getCertificate(renewed.certificate.id).replacesId, first.certificate.id);
    const { verdict } = await judged(a, renewed.certificate.id, 'a-renewed');
    assert.ok(verdict.ok, verdict.output);

    // Rekey: a new key through /sign with a one-time token, linked the same way.
    const rekeyed = await a.certificates.renew(valid('certificate.renew', { ids: [renewed.certificate.id], expiringWithinDays: null, rekey: true, revokeOldAfterDays: null }));
    const next = rekeyed.renewed[0]!;
    assert.equal(next.replacedId, renewed.certificate.id);
    assert.notEqual((await a.certificates.get(next.certificate.id)).spkiSha256, after.spkiSha256);
    assert.ok((await judged(a, next.certificate.id, 'a-rekeyed')).verdict.ok);
  });

  test('a validity beyond the provisioner’s maximum: the server’s words, what to do, nothing recorded', async () => {
    const count = (await a.certificates.list()).length;
    const error = await failure(() => a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'server', subject: { commonName: 'long.team.test' }, sans: [{ type: 'dns', value: 'long.team.test' }], keyAlgorithm: 'p256', validity: { days: 365 } })));
    assert.equal(error.reason?.key, 'errors:atField');
    assert.match(error.message, /requested duration of .* is more than the authorized maximum/);
    assert.match(error.message, /maxTLSCertDuration/);
    assert.equal((await a.certificates.list()).length, count);
  });

  test('through the CLI of a second vault: issue server and pair with --ca naming the remote, renew; each verified', async () => {
    const server = await b.run('issue', 'server', '--ca', REMOTE, '--cn', 'cli.team.test', '--dns', 'cli.team.test', '--json');
    assert.equal(server.code, 0, server.stderr);
    const serverId = JSON.parse(server.stdout).certificate.id as string;
    const pair = await b.run('issue', 'pair', '--ca', REMOTE, '--service', 'cli-pair', '--dns', 'cli-pair.team.test', '--json');
    assert.equal(pair.code, 0, pair.stderr);
    const renewed = await b.run('renew', serverId, '--json');
    assert.equal(renewed.code, 0, renewed.stderr);
    const renewal = JSON.parse(renewed.stdout);
    assert.equal(renewal.renewed[0].replacedId, serverId);
    // Judged as vault B holds them (read in-process once the CLI is done): openssl verify for each,
    // and the CLI's pair in a real mutual-TLS handshake with its keys as the CLI sealed them.
    const servicesB = createServices({ vault: openVault(b.vault, { lock: true }) });
    try {
      await servicesB.vault.unlock(FIXTURE_PASSPHRASE);
      const ids = { server: serverId, renewed: renewal.renewed[0].certificate.id as string, pairServer: JSON.parse(pair.stdout).server.id as string, pairClient: JSON.parse(pair.stdout).client.id as string };
      issuedByB = renewal.renewed[0].certificate;
      const judgedB = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, await judged(servicesB, id, `b-${name}`)] as const)));
      for (const [name, j] of Object.entries(judgedB)) assert.ok(j.verdict.ok, `${name}: ${j.verdict.output}`);
      assert.equal(judgedB.renewed!.detail.spkiSha256, judgedB.server!.detail.spkiSha256);
      assert.deepEqual(await handshake(judgedB.pairServer!, judgedB.pairClient!, 'cli-pair.team.test'), { clientAuthorized: true, serverAuthorized: true, clientSubject: 'cli-pair' });
    } finally {
      servicesB.vault.lock();
      await servicesB.close();
    }
  });

  test('two desktops: A revokes by serial what B issued → B’s renewal is refused in the server’s words and B records it revoked; and back', async () => {
    // B's certificate: the one B's CLI renewed in the test before.
    const mine = issuedByB;
    assert.ok(mine, 'the CLI test issued it');
    // A does not hold it: it revokes it on the server by serial.
    const revoked = await a.issuing.remote.revokeSerial(authorityA, mine.serialNumberHex, 'keyCompromise');
    assert.equal(revoked.certificateId, null);
    const refused = await b.run('renew', mine.id);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /The request lacked necessary authorization/);
    assert.match(refused.stderr, /recorded as revoked in this vault too/);
    const listed = await b.run('list', '--status', 'revoked', '--json');
    assert.ok(JSON.parse(listed.stdout).some((c: { id: string }) => c.id === mine.id), listed.stdout);

    // And back: B revokes (CLI, --serial) a certificate A issued; A's renewal is refused and A records it.
    const theirs = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'server', subject: { commonName: 'shared.team.test' }, sans: [{ type: 'dns', value: 'shared.team.test' }], keyAlgorithm: 'p256' }));
    const byB = await b.run('revoke', '--ca', REMOTE, '--serial', theirs.certificate.serialNumberHex, '--reason', 'cessationOfOperation');
    assert.equal(byB.code, 0, byB.stderr);
    assert.match(byB.stdout, /not in this vault/);
    const error = await failure(() => a.certificates.renew(valid('certificate.renew', { ids: [theirs.certificate.id], expiringWithinDays: null, rekey: false, revokeOldAfterDays: null })));
    assert.match(error.message, /The request lacked necessary authorization/);
    assert.equal((await a.certificates.list()).find((c) => c.id === theirs.certificate.id)?.status, 'revoked');
    // A revoking again what B already revoked: already revoked on the server, recorded, no error. (B's book already has it.)
    // Both see the server's health.
    const health = await a.remotes.check((await a.remotes.list())[0]!.id);
    assert.equal(health.health, 'ok');
    const listedB = await b.run('remote', 'list', '--json');
    assert.equal(listedB.code, 0, listedB.stderr);
    assert.deepEqual(JSON.parse(listedB.stdout).map((r: { name: string; health: string }) => [r.name, r.health]), [[REMOTE, 'ok']]);
  });

  test('revoking through the services: the server revokes, the vault records it, no CRL is signed here; CRL and OCSP are refused clearly', async () => {
    const c = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'server', subject: { commonName: 'gone.team.test' }, sans: [{ type: 'dns', value: 'gone.team.test' }], keyAlgorithm: 'p256' }));
    const result = await a.revocations.revoke({ ids: [c.certificate.id], reason: 'keyCompromise', invalidityDate: null });
    assert.deepEqual(result.crls, []);
    assert.equal(result.revoked[0]?.status, 'revoked');
    const held = await a.certificates.issue(valid('certificate.issue', { authorityId: authorityA, profile: 'client', subject: { commonName: 'held' }, sans: [], keyAlgorithm: 'p256' }));
    const hold = await failure(() => a.revocations.revoke({ ids: [held.certificate.id], reason: 'certificateHold', invalidityDate: null }));
    assert.match(hold.message, /cannot put a certificate on hold/);
    const crl = await failure(() => a.revocations.publishCrl(authorityA));
    assert.match(crl.message, /signs on its step-ca server/);
    const ocsp = await failure(() => a.ocsp.start(authorityA, { delegated: false }));
    assert.match(ocsp.message, /signs on its step-ca server/);
    const { authorityId: _id, ...acmeOptions } = valid('acme.start', { authorityId: authorityA });
    const acme = await failure(() => a.acme.start(authorityA, acmeOptions));
    assert.match(acme.message, /signs on its step-ca server/);
    const sub = await failure(() => a.authorities.createIntermediate(valid('authority.createIntermediate', { parentId: authorityA, subject: { commonName: 'Under the server' }, keyAlgorithm: 'p256', pathLength: 0 })));
    assert.match(sub.message, /signs on its step-ca server/);
  });

  test('the server lost mid-operation (a pair: the first request answered, the second cut): a specific message, and nothing recorded', async () => {
    // A third desktop reaches the server through a TCP relay that can be cut: first everything passes
    // (connecting), then one more connection only — the pair's two /sign requests run side by side.
    let allowance = Number.POSITIVE_INFINITY;
    const relay = createNetServer((socket) => {
      if (allowance <= 0) return void socket.resetAndDestroy();
      allowance--;
      const upstream = netConnect(stepCa.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    relay.listen(0, '127.0.0.1');
    await once(relay, 'listening');
    const vaultC = join(dir, 'vault-c');
    await mkdir(vaultC, { mode: 0o700 });
    const c = createServices({ vault: await cheapVault(vaultC, { lock: true }) });
    try {
      const url = `https://127.0.0.1:${(relay.address() as { port: number }).port}`;
      const remote = await c.remotes.connect(valid('remote.connect', { name: 'relayed', urls: [url], fingerprint: stepCa.fingerprint, provisioner: 'certwright', password: PASSWORD }));
      const files = async () => Object.fromEntries(await Promise.all((await readdir(vaultC)).map(async (f) => [f, (await readFile(join(vaultC, f))).toString('base64')])));
      const beforeFiles = await files();
      allowance = 1;
      const error = await failure(() => c.certificates.issuePair(valid('certificate.issuePair', { authorityId: remote.authorityId, serviceName: 'halfway', dnsNames: ['halfway.team.test'], ipAddresses: [], keyAlgorithm: 'p256' })));
      assert.equal(error.code, 'REMOTE_UNREACHABLE', error.message);
      assert.match(error.message, /ECONNRESET/);
      assert.equal(allowance, 0, 'the first request went through');
      assert.deepEqual(await files(), beforeFiles);
      assert.equal((await c.certificates.list()).length, 0);
    } finally {
      relay.close();
      c.vault.lock();
      await c.close();
    }
  });

  test('the server stopped: a specific message, and nothing recorded', async () => {
    const files = async () => Object.fromEntries(await Promise.all((await readdir(join(dir, 'vault-a'))).map(async (f) => [f, (await readFile(join(dir, 'vault-a', f))).toString('base64')])));
    await stepCa.stop();
    const beforeFiles = await files();
    const error = await failure(() => a.certificates.issuePair(valid('certificate.issuePair', { authorityId: authorityA, serviceName: 'offline', dnsNames: ['offline.team.test'], ipAddresses: [], keyAlgorithm: 'p256' })));
    assert.equal(error.code, 'REMOTE_UNREACHABLE');
    assert.match(english(error.reason!), /ECONNREFUSED/);
    assert.deepEqual(await files(), beforeFiles);
  });
});
