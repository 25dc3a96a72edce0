/**
 * Inspection through the real router and vault: chains built with the vault's CAs, revocation the
 * vault recorded, outside CAs added (with their key they can issue — OpenSSL verifies what they
 * issue; without, they anchor chains), and live endpoints — `openssl s_server` and a Node TLS server
 * on 127.0.0.1 serving vault-issued certificates: plain TLS, an incomplete chain, mTLS with and
 * without a client certificate from the vault, an expired certificate.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { toPem } from '../../electron/engine/pem.js';
import type { EndpointReport, InspectionReport } from '../../shared/domain/inspect.js';
import { openBackend } from '../support/backend.js';
import { goVerify } from '../support/peer-verdicts.js';
import { runPeer } from '../support/peers.js';
import { withOpensslServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';

const PASSPHRASE = 'inspect vault passphrase';
const DAY = 86_400_000;

describe('inspecting with the vault behind it', async () => {
  const dir = await tempDir('certwright-inspect-vault-');
  // The CAs are made ten days ago (an injected clock), so that one server certificate can have expired since.
  let clock = () => new Date(Date.now() - 10 * DAY);
  const { call, router, vault } = openBackend(join(dir, 'vault'), { now: () => clock() });
  await call('vault.create', { passphrase: PASSPHRASE });
  const root = await call('authority.createRoot', { subject: { commonName: 'Inspect Root' } });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Inspect Issuing' } })).authority;
  const expired = (await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'old-server' }, sans: [{ type: 'ip', value: '127.0.0.1' }], validity: { days: 2 } })).certificate;
  clock = () => new Date();
  const issue = async (profile: 'server' | 'client', cn: string) =>
    (await call('certificate.issue', { authorityId: issuing.id, profile, subject: { commonName: cn }, sans: profile === 'server' ? [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }] : [] })).certificate;
  const server = await issue('server', 'inspect-server');
  const client = await issue('client', 'inspect-client');
  const serverDetail = await call('certificate.get', { id: server.id });

  /** The server's files for s_server: certificate, key (PKCS#8 PEM, written by the test), chain. */
  const files = async (id: string, name: string) => {
    const detail = await call('certificate.get', { id });
    const pkcs8 = await vault.exportPrivateKeyPkcs8(id);
    const paths = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), chain: join(dir, `${name}.chain.pem`), root: join(dir, 'root.pem') };
    await writeFile(paths.cert, detail.certificatePem);
    await writeFile(paths.key, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
    await writeFile(paths.chain, detail.chainPem);
    await writeFile(paths.root, detail.rootPem);
    return paths;
  };
  const serverFiles = await files(server.id, 'server');

  const inspectText = (content: string, extra: { hostCheck?: string; password?: string } = {}): Promise<InspectionReport> =>
    call('inspect.input', { content, encoding: 'text', password: extra.password ?? null, hostCheck: extra.hostCheck ?? null, role: 'any', useSystemStore: false });
  const endpoint = (port: number, clientCertificateId: string | null = null): Promise<EndpointReport> =>
    call('inspect.endpoint', { host: '127.0.0.1', port, servername: null, clientCertificateId, hostCheck: null, role: 'server', useSystemStore: false });

  test('a leaf alone: the chain comes from the vault, and the missing intermediate is named', async () => {
    const report = await inspectText(serverDetail.certificatePem, { hostCheck: 'localhost' });
    assert.deepEqual(report.chain?.links.map((l) => [l.commonName, l.origin, l.status]), [
      ['inspect-server', 'input', 'ok'],
      ['Inspect Issuing', 'vault', 'ok'],
      ['Inspect Root', 'vault', 'ok'],
    ]);
    assert.equal(report.chain?.trusted, true);
    assert.equal(report.chain?.links[1]?.authorityId, issuing.id);
    assert.deepEqual(report.findings.map((f) => f.id), ['incomplete-chain']);
    assert.match(english(report.findings[0]!.title), /The intermediate Inspect Issuing is missing — it is in your vault/);
    const full = await inspectText(serverDetail.certificatePem + serverDetail.chainPem, { hostCheck: 'localhost' });
    assert.deepEqual(full.findings, []);
    assert.equal((full.objects[1] as { vaultAuthorityId?: string }).vaultAuthorityId, issuing.id);
  });

  test('input the vault cannot read is refused with a specific message', async () => {
    const refused = await router.invoke('inspect.input', { content: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhD user@host', encoding: 'text' }, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
    assert.ok(!refused.ok && refused.error.code === 'INVALID_INPUT' && /SSH public key, not X\.509/.test(refused.error.message), JSON.stringify(refused));
    const truncated = await inspectText(serverDetail.certificatePem + serverDetail.chainPem.slice(0, 200));
    assert.match(truncated.problems.map((p) => english(p.message)).join(), /PEM block 2 is truncated: its END line is missing/);
  });

  test('the live endpoint: full chain, incomplete chain, mTLS with and without a vault client', async () => {
    await withOpensslServer(['-cert', serverFiles.cert, '-key', serverFiles.key, '-cert_chain', serverFiles.chain], async (port) => {
      const report = await endpoint(port);
      assert.equal(report.failure, null);
      assert.equal(report.protocol, 'TLSv1.3');
      assert.equal(report.chainOrder, 'as-sent');
      assert.equal(report.clientCertificateRequested, false);
      assert.deepEqual(report.report.objects.map((o) => o.kind === 'certificate' && o.commonName), ['inspect-server', 'Inspect Issuing']);
      assert.deepEqual(report.report.findings, [], JSON.stringify(report.report.findings));
      assert.equal(report.report.chain?.trusted, true);
    });
    await withOpensslServer(['-cert', serverFiles.cert, '-key', serverFiles.key], async (port) => {
      const report = await endpoint(port);
      assert.equal(report.report.objects.length, 1);
      assert.match(report.report.findings.map((f) => english(f.title)).join(), /The intermediate Inspect Issuing is missing — it is in your vault/);
    });
    await withOpensslServer(['-cert', serverFiles.cert, '-key', serverFiles.key, '-cert_chain', serverFiles.chain, '-Verify', '2', '-CAfile', serverFiles.root], async (port) => {
      const bare = await endpoint(port);
      assert.match(bare.failure ? english(bare.failure) : '', /requires a client certificate/);
      assert.equal(bare.clientCertificateRequested, true);
      assert.deepEqual(bare.acceptableCaNames, ['CN=Inspect Root']);
      const withClient = await endpoint(port, client.id);
      assert.equal(withClient.failure, null, JSON.stringify(withClient));
      assert.equal(withClient.clientCertificate?.accepted, true);
      assert.equal(withClient.clientCertificate?.commonName, 'inspect-client');
    });
  });

  test('a Node TLS server that requires clients of the vault’s root, and an expired certificate', async () => {
    const expiredFiles = await files(expired.id, 'expired');
    const tlsServer = createServer({
      cert: (await readFile(expiredFiles.cert, 'utf8')) + (await readFile(expiredFiles.chain, 'utf8')),
      key: await readFile(expiredFiles.key),
      ca: await readFile(serverFiles.root),
      requestCert: true,
      rejectUnauthorized: true,
    });
    tlsServer.on('secureConnection', (socket: TLSSocket) => socket.end('HTTP/1.1 200 OK\r\n\r\nok'));
    tlsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const report = await endpoint(port, client.id);
      assert.equal(report.clientCertificate?.accepted, true, JSON.stringify(report.clientCertificate));
      const finding = report.report.findings.find((f) => f.id === 'expired');
      assert.ok(finding, JSON.stringify(report.report.findings));
      // Go's words for the same chain (its clock is a moment later: the current time is not compared).
      const go = await goVerify({ leaf: await readFile(expiredFiles.cert, 'utf8'), intermediates: [await readFile(expiredFiles.chain, 'utf8')], roots: [await readFile(serverFiles.root, 'utf8')], usage: 'server' });
      const unclocked = (text: string) => text.replace(/current time \S+ is/, 'current time … is');
      assert.equal(unclocked(finding.seenAs[0]!), unclocked(go.error));
      const bare = await endpoint(port);
      assert.notEqual(bare.failure, null);
    } finally {
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });

  test('a certificate the vault revoked is diagnosed as revoked', async () => {
    const victim = await issue('client', 'to-be-revoked');
    await call('certificate.revoke', { ids: [victim.id], reason: 'keyCompromise' });
    const detail = await call('certificate.get', { id: victim.id });
    const report = await inspectText(detail.certificatePem + detail.chainPem);
    const finding = report.findings.find((f) => f.id === 'revoked');
    assert.ok(finding, JSON.stringify(report.findings));
    assert.match(english(finding.detail), /Key compromise.*this vault's records of Inspect Issuing/);
  });

  test('add an outside CA: with its key it issues (OpenSSL verifies), without it anchors chains', async () => {
    const ossl = async (...args: string[]) => assert.equal((await runPeer('openssl', args)).code, 0, args.join(' '));
    const p = (name: string) => join(dir, name);
    await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('outside.key'), '-out', p('outside.pem'), '-subj', '/O=Partner/CN=Partner Root', '-days', '365', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    await ossl('pkcs12', '-export', '-in', p('outside.pem'), '-inkey', p('outside.key'), '-passout', 'pass:partner', '-out', p('outside.p12'));
    const p12 = (await readFile(p('outside.p12'))).toString('base64');
    const opened = await call('inspect.input', { content: p12, encoding: 'base64', password: 'partner', hostCheck: null, role: 'any', useSystemStore: false });
    const caIndex = opened.objects.findIndex((o) => o.kind === 'certificate');
    const added = await call('inspect.addToVault', { content: p12, encoding: 'base64', password: 'partner', objectIndex: caIndex });
    assert.equal(added.as, 'authority');
    assert.equal(added.commonName, 'Partner Root');
    const leaf = await call('certificate.issue', { authorityId: added.authorityId!, profile: 'server', subject: { commonName: 'partner-api' }, sans: [{ type: 'dns', value: 'api.partner.test' }] });
    const leafPem = (await call('certificate.get', { id: leaf.certificate.id })).certificatePem;
    await writeFile(p('partner-leaf.pem'), leafPem);
    assert.equal((await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', p('outside.pem'), p('partner-leaf.pem')])).code, 0, 'the imported CA issues certificates OpenSSL accepts');
    const again = await router.invoke('inspect.addToVault', { content: p12, encoding: 'base64', password: 'partner', objectIndex: caIndex }, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
    assert.ok(!again.ok && /already in this vault/.test(again.error.message));

    // Certificate only: trusted for chains.
    await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('other.key'), '-out', p('other.pem'), '-subj', '/CN=Other Root', '-days', '365', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    await ossl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('other-leaf.key'), '-out', p('other-leaf.csr'), '-subj', '/CN=svc.other.test');
    await writeFile(p('other-leaf.ext'), 'subjectAltName=DNS:svc.other.test\nextendedKeyUsage=serverAuth\n');
    await ossl('x509', '-req', '-in', p('other-leaf.csr'), '-CA', p('other.pem'), '-CAkey', p('other.key'), '-days', '30', '-extfile', p('other-leaf.ext'), '-out', p('other-leaf.pem'));
    const otherLeaf = await readFile(p('other-leaf.pem'), 'utf8');
    const before = await inspectText(otherLeaf);
    assert.ok(before.findings.some((f) => f.id === 'incomplete-chain'));
    const trusted = await call('inspect.addToVault', { content: await readFile(p('other.pem'), 'utf8'), encoding: 'text', password: null, objectIndex: 0 });
    assert.deepEqual([trusted.as, trusted.authorityId], ['trusted', null]);
    const after = await inspectText(otherLeaf);
    assert.equal(after.chain?.trusted, true);
    assert.equal(after.chain?.anchor, 'vault');
    const leafRefused = await router.invoke('inspect.addToVault', { content: otherLeaf, encoding: 'text', password: null, objectIndex: 0 }, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
    assert.ok(!leafRefused.ok && /not a CA certificate/.test(leafRefused.error.message));
  });
});
