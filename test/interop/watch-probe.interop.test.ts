/**
 * Probing watched endpoints (electron/services/watch/probe.ts) against real servers on 127.0.0.1 —
 * `openssl s_server` and nginx serving certificates of one vault — and against ports that misbehave.
 * Each endpoint yields the finding an operator must see: none for the latest certificate, "renewed
 * but not deployed" after a renewal the server never loaded, an incomplete chain, a revoked
 * certificate, mTLS with a vault client certificate (and the server that stops asking), the urgent
 * expiry window, a name not covered; unreachable, not TLS, a handshake that never comes (cut at the
 * timeout), a huge chain. One vault and one set of servers for the file; probes time out after 1.5 s.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { probeEndpoint, vaultFacts, type VaultFacts } from '../../electron/services/watch/probe.js';
import { untrustedPool } from '../../electron/workers/pool.js';
import type { ProbeOutcome, WatchedEndpoint } from '../../shared/domain/watch.js';
import { english } from '../../shared/i18n/english.js';
import { openBackend } from '../support/backend.js';
import { freePort, startNginx, startOpensslServer, type RunningServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';

const TIMEOUT_MS = 1500;
const DAY = 86_400_000;
/** A dedicated worker's start, from source. */
const WORKER_START_MS = 4000;

describe('probing watched endpoints', async () => {
  const dir = await tempDir('certwright-watch-probe-');
  const { call, vault, services } = openBackend(join(dir, 'vault'));
  await call('vault.create', { passphrase: 'watch probe passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Watch Root' } });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Watch Issuing' } })).authority;
  // 90 days unless told: outside the 30-day warning window the tests use.
  const issue = async (cn: string, profile: 'server' | 'client' = 'server', days = 90) =>
    (
      await call('certificate.issue', {
        authorityId: issuing.id,
        profile,
        subject: { commonName: cn },
        sans: profile === 'server' ? [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }] : [],
        validity: { days },
      })
    ).certificate;

  /** A certificate's files for a server: leaf, key (PKCS#8 PEM), intermediates, leaf + intermediates, root. */
  const files = async (id: string, name: string) => {
    const detail = await call('certificate.get', { id });
    const pkcs8 = await vault.exportPrivateKeyPkcs8(id);
    const paths = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), chain: join(dir, `${name}.chain.pem`), full: join(dir, `${name}.full.pem`), root: join(dir, 'root.pem') };
    await writeFile(paths.cert, detail.certificatePem);
    await writeFile(paths.key, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
    pkcs8.fill(0);
    await writeFile(paths.chain, detail.chainPem);
    await writeFile(paths.full, detail.certificatePem + detail.chainPem);
    await writeFile(paths.root, detail.rootPem);
    return paths;
  };

  const latest = await issue('latest-api');
  const api = await issue('renewed-api');
  const victim = await issue('revoked-api');
  const urgent = await issue('urgent-api', 'server', 3);
  const client = await issue('watch-client', 'client');
  // A client certificate the mTLS server does not take: from another root of the vault.
  const otherRoot = await call('authority.createRoot', { subject: { commonName: 'Other Root' } });
  const stranger = (await call('certificate.issue', { authorityId: otherRoot.id, profile: 'client', subject: { commonName: 'stranger-client' }, sans: [] })).certificate;
  const [latestFiles, apiFiles, victimFiles, urgentFiles] = await Promise.all([files(latest.id, 'latest'), files(api.id, 'api'), files(victim.id, 'victim'), files(urgent.id, 'urgent')]);
  // A chain no server needs: the intermediate 300 times after the leaf.
  const hugeChain = join(dir, 'huge.chain.pem');
  await writeFile(hugeChain, (await call('certificate.get', { id: latest.id })).chainPem.repeat(300));

  const servers: RunningServer[] = [];
  const tcp: Server[] = [];
  const ports = {} as Record<'latest' | 'incomplete' | 'urgent' | 'mtls' | 'huge' | 'renewed' | 'revoked' | 'closed' | 'notTls' | 'silent', number>;
  let nginx: RunningServer | null = null;
  let facts: VaultFacts;

  const listen = async (onConnection: (socket: Socket) => void): Promise<number> => {
    const server = createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tcp.push(server);
    return (server.address() as AddressInfo).port;
  };

  before(async () => {
    const started = await Promise.all([
      startOpensslServer(['-cert', latestFiles.cert, '-key', latestFiles.key, '-cert_chain', latestFiles.chain]),
      startOpensslServer(['-cert', latestFiles.cert, '-key', latestFiles.key]),
      startOpensslServer(['-cert', urgentFiles.cert, '-key', urgentFiles.key, '-cert_chain', urgentFiles.chain]),
      startOpensslServer(['-cert', latestFiles.cert, '-key', latestFiles.key, '-cert_chain', latestFiles.chain, '-Verify', '2', '-CAfile', latestFiles.root, '-verify_return_error']),
      startOpensslServer(['-cert', latestFiles.cert, '-key', latestFiles.key, '-cert_chain', hugeChain]),
    ]);
    servers.push(...started);
    const [latestServer, incompleteServer, urgentServer, mtlsServer, hugeServer] = started as [RunningServer, RunningServer, RunningServer, RunningServer, RunningServer];
    Object.assign(ports, { latest: latestServer.port, incomplete: incompleteServer.port, urgent: urgentServer.port, mtls: mtlsServer.port, huge: hugeServer.port });
    [ports.renewed, ports.revoked, ports.closed] = await Promise.all([freePort(), freePort(), freePort()]);
    nginx = await startNginx(join(dir, 'nginx'), [
      { port: ports.renewed, certificateFile: apiFiles.full, keyFile: apiFiles.key },
      { port: ports.revoked, certificateFile: victimFiles.full, keyFile: victimFiles.key },
    ]);
    ports.notTls = await listen((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    ports.silent = await listen(() => undefined);
    // What the servers were started with changes in the vault afterwards: a renewal nobody deployed, a revocation.
    await call('certificate.renew', { ids: [api.id] });
    await call('certificate.revoke', { ids: [victim.id], reason: 'keyCompromise' });
    facts = await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() });
    // The shared worker started once, so that each test's bound is the probe's own.
    await probeEndpoint({ vault, catalog: services.catalog, untrusted: untrustedPool() }, facts, endpoint(ports.closed), { clientAuthSeenAt: null }, { timeoutMs: TIMEOUT_MS, warningDays: 30, urgentDays: 7, now: new Date() });
  });

  after(async () => {
    await Promise.all([...servers.map((s) => s.stop()), nginx?.stop()]);
    for (const server of tcp) server.close();
  });

  const endpoint = (port: number, extra: Partial<WatchedEndpoint> = {}): WatchedEndpoint => ({
    id: '0'.repeat(32),
    host: '127.0.0.1',
    port,
    servername: null,
    clientCertificateId: null,
    expect: null,
    intervalMinutes: null,
    addedAt: new Date().toISOString(),
    ...extra,
  });

  /**
   * Probes and checks the result came within the bound: two connections of TIMEOUT_MS at most, and
   * the inspection. With a client certificate, a dedicated worker is started for its key first
   * (1–2 s from source under tsx on a busy machine): allowed for on top.
   */
  const probe = async (target: WatchedEndpoint, previous: { clientAuthSeenAt: string | null } = { clientAuthSeenAt: null }): Promise<ProbeOutcome & { elapsed: number }> => {
    const started = performance.now();
    const outcome = await probeEndpoint({ vault, catalog: services.catalog, untrusted: untrustedPool() }, facts, target, previous, { timeoutMs: TIMEOUT_MS, warningDays: 30, urgentDays: 7, now: new Date() });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2 * TIMEOUT_MS + 1000 + (target.clientCertificateId ? WORKER_START_MS : 0), `took ${Math.round(elapsed)} ms`);
    return { ...outcome, elapsed };
  };
  const ids = (outcome: ProbeOutcome) => outcome.findings.map((f) => f.id);
  const words = (outcome: ProbeOutcome) => outcome.findings.map((f) => english(f.text));

  test('the latest certificate with its chain: reached, nothing to say, the latest is served', async () => {
    const outcome = await probe(endpoint(ports.latest));
    assert.equal(outcome.reached, 'ok');
    assert.deepEqual(ids(outcome), [], words(outcome).join('\n'));
    assert.equal(outcome.servedIsLatest, true);
    assert.equal(outcome.leaf?.vaultCertificateId, latest.id);
    assert.equal(outcome.leaf?.subjectCommonName, 'latest-api');
    assert.equal(outcome.leaf?.issuerCommonName, 'Watch Issuing');
    assert.equal(outcome.servedCount, 2);
    assert.equal(outcome.clientCertificateRequested, false);
    // What blackbox_exporter calls probe_ssl_earliest_cert_expiry: the minimum over what was sent (here the leaf).
    assert.equal(outcome.earliestNotAfter, latest.notAfter);
    assert.equal(outcome.effectiveNotAfter, latest.notAfter);
    assert.equal(outcome.failure, null);
  });

  test('nginx still serving the certificate renewed after it started: renewed-not-deployed, with the renewal', async () => {
    const outcome = await probe(endpoint(ports.renewed, { expect: { kind: 'certificate', certificateId: api.id } }));
    assert.deepEqual(ids(outcome), ['renewed-not-deployed'], words(outcome).join('\n'));
    const renewal = vault.getCertificate(vault.getCertificate(api.id).replacedById!);
    assert.equal(english(outcome.findings[0]!.text), `Renewed on ${renewal.createdAt.slice(0, 10)}, still serving the old one: reload the service.`);
    assert.equal(outcome.servedIsLatest, false);
    assert.equal(outcome.latest?.certificateId, renewal.id);
    assert.equal(outcome.leaf?.vaultCertificateId, api.id);
    // As a service: its latest certificate is the renewal.
    assert.deepEqual(ids(await probe(endpoint(ports.renewed, { expect: { kind: 'service', service: 'renewed-api' } }))), ['renewed-not-deployed']);
  });

  test('the leaf alone, its intermediate left out: chain-incomplete, naming the intermediate', async () => {
    const outcome = await probe(endpoint(ports.incomplete));
    assert.deepEqual(ids(outcome), ['chain-incomplete']);
    assert.match(words(outcome)[0]!, /^Incomplete chain: .*Watch Issuing/);
    assert.equal(outcome.servedCount, 1);
    // The chain a client gets still ends where the vault's intermediate ends, at the earliest.
    assert.equal(outcome.effectiveNotAfter, latest.notAfter);
  });

  test('nginx serving a certificate the vault revoked: revoked', async () => {
    const outcome = await probe(endpoint(ports.revoked));
    assert.deepEqual(ids(outcome), ['revoked'], words(outcome).join('\n'));
    assert.match(words(outcome)[0]!, /^The served certificate revoked-api \(serial [0-9A-F]+\) is revoked\.$/);
  });

  test('mTLS: the vault’s client certificate is taken; none: the handshake fails; another CA’s: refused; restarted without asking: client-auth-dropped', async () => {
    const withClient = await probe(endpoint(ports.mtls, { clientCertificateId: client.id }));
    assert.equal(withClient.reached, 'ok', JSON.stringify(withClient.failure));
    assert.deepEqual(ids(withClient), []);
    assert.equal(withClient.clientCertificateRequested, true);
    const without = await probe(endpoint(ports.mtls));
    assert.equal(without.reached, 'handshake-failed');
    assert.deepEqual(ids(without), ['handshake-failed']);
    assert.match(words(without)[0]!, /^The TLS handshake failed: .*requires a client certificate/);
    // Refused: the server is there and served its chain, which is judged; the refusal is the finding.
    const refused = await probe(endpoint(ports.mtls, { clientCertificateId: stranger.id }));
    assert.equal(refused.reached, 'ok');
    assert.deepEqual(ids(refused), ['client-certificate-refused']);
    assert.equal(words(refused)[0], 'The client certificate stranger-client was refused.');
    assert.match(refused.failure ? english(refused.failure) : '', /unknown|CA/i);
    // The same port, the same certificate, no longer asking for a client certificate.
    const index = servers.findIndex((s) => s.port === ports.mtls);
    await servers[index]!.stop();
    servers[index] = await startOpensslServer(['-cert', latestFiles.cert, '-key', latestFiles.key, '-cert_chain', latestFiles.chain], ports.mtls);
    const dropped = await probe(endpoint(ports.mtls, { clientCertificateId: client.id }), { clientAuthSeenAt: withClient.at });
    assert.deepEqual(ids(dropped), ['client-auth-dropped']);
    assert.equal(words(dropped)[0], `No longer asks for a client certificate; it did on ${withClient.at.slice(0, 10)}.`);
  });

  test('three days left: expires-urgent, an error', async () => {
    const outcome = await probe(endpoint(ports.urgent));
    assert.deepEqual(ids(outcome), ['expires-urgent']);
    assert.equal(outcome.findings[0]!.severity, 'error');
    const days = Math.floor((Date.parse(urgent.notAfter) - Date.now()) / DAY);
    assert.equal(words(outcome)[0], `The served chain expires in ${days} days (${urgent.notAfter.slice(0, 10)}).`);
  });

  test('a name the certificate does not cover: host-mismatch for the name asked for', async () => {
    const outcome = await probe(endpoint(ports.latest, { servername: 'www.elsewhere.test' }));
    assert.deepEqual(ids(outcome), ['host-mismatch']);
    assert.equal(words(outcome)[0], 'The served certificate does not cover www.elsewhere.test.');
  });

  test('a closed port: unreachable, at once', async () => {
    const outcome = await probe(endpoint(ports.closed));
    assert.equal(outcome.reached, 'unreachable');
    assert.deepEqual(ids(outcome), ['unreachable']);
    assert.match(words(outcome)[0]!, /^Unreachable: .*refused/i);
    assert.equal(outcome.leaf, null);
    assert.equal(outcome.earliestNotAfter, null);
    assert.ok(outcome.elapsed < TIMEOUT_MS, `took ${Math.round(outcome.elapsed)} ms`);
  });

  test('a port that answers with something else: not-tls, quoting it', async () => {
    const outcome = await probe(endpoint(ports.notTls));
    assert.equal(outcome.reached, 'not-tls');
    assert.deepEqual(ids(outcome), ['not-tls']);
    assert.match(words(outcome)[0]!, /^Not TLS: .*SSH-2\.0-OpenSSH/);
  });

  test('a port that accepts and never answers: handshake-failed, cut at the timeout', async () => {
    const outcome = await probe(endpoint(ports.silent));
    assert.equal(outcome.reached, 'handshake-failed');
    assert.deepEqual(ids(outcome), ['handshake-failed']);
    assert.match(words(outcome)[0]!, /no TLS answer from 127\.0\.0\.1:\d+ within 1\.5 s/);
    assert.ok(outcome.elapsed >= TIMEOUT_MS - 50 && outcome.elapsed < TIMEOUT_MS + 1000, `took ${Math.round(outcome.elapsed)} ms`);
  });

  test('a server sending 301 certificates (~150 KB): handshake-failed in OpenSSL’s words, at once', async () => {
    // OpenSSL refuses a Certificate message over 100 KB (max_cert_list), as Go does over 64 KB: no client takes this chain.
    const outcome = await probe(endpoint(ports.huge));
    assert.equal(outcome.reached, 'handshake-failed');
    assert.deepEqual(ids(outcome), ['handshake-failed']);
    assert.match(words(outcome)[0]!, /^The TLS handshake failed: .*excessive message size/);
    assert.ok(outcome.elapsed < TIMEOUT_MS, `took ${Math.round(outcome.elapsed)} ms`);
  });

  test('the vault’s indexes: reused while nothing changed, rebuilt after a renewal', async () => {
    const again = await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() });
    assert.equal(again.certificates, facts.certificates);
    assert.equal(again.services.get('renewed-api')?.id, vault.getCertificate(api.id).replacedById);
    assert.equal(again.certificates.get(victim.id)?.revocation?.reason, 'keyCompromise');
    const renewedAgain = (await call('certificate.renew', { ids: [vault.getCertificate(api.id).replacedById!] })).renewed[0]!.certificate;
    const after = await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() });
    assert.notEqual(after.certificates, facts.certificates);
    // Two renewals on: the first certificate's latest is the newest.
    assert.equal(after.latestRenewal.get(api.id)?.id, renewedAgain.id);
    assert.equal(after.services.get('renewed-api')?.id, renewedAgain.id);
  });
});
