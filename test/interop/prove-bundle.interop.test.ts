/**
 * "Prove it" against real Node TLS handshakes on 127.0.0.1: chains built with the engine (root →
 * intermediate → leaves), then one proof per way a bundle goes wrong, each with the specific reason
 * (Go's words) and the fix. Go's words are Go's: the same certificates and keys go to Go 1.19
 * (crypto/x509 Verify, tls.X509KeyPair, a crypto/tls handshake; test/support/go/verify), and the
 * reason must be what it said.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import { describe, test } from 'node:test';
import { proveBundle, proveWithoutClientCertificate, runHandshake, type PemBundle, type ProofResult } from '../../electron/services/prove-bundle.js';
import { issueIntermediate, issueLeaf, type Issuer } from '../../electron/engine/issue.js';
import { exportPkcs8, exportSpki, generateKeyPair } from '../../electron/engine/keys.js';
import { toPem } from '../../electron/engine/pem.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import type { Profile } from '../../shared/domain/certificate.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { english } from '../../shared/i18n/english.js';
import { goJudge, type GoRequest } from '../support/peer-verdicts.js';

const crypto = globalThis.crypto;
const DAY_MS = 86_400_000;
const SETTINGS = { defaultValidityDays: 90, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 };

interface Ca {
  readonly rootPem: string;
  readonly intermediatePem: string;
  readonly issuer: Issuer;
}

async function makeCa(name: string): Promise<Ca> {
  const now = new Date();
  const root = await createRootAuthority({ subject: { commonName: `${name} Root` }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1, now }, crypto);
  const interKeys = await generateKeyPair('p256', crypto);
  const inter = await issueIntermediate(
    { subject: { commonName: `${name} Intermediate` }, subjectPublicKeyInfo: await exportSpki(interKeys.publicKey, crypto), pathLength: 0, nameConstraints: null, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 365 * DAY_MS) },
    { chain: [root.certificate], signer: { privateKey: root.privateKey, algorithm: 'p256' }, settings: SETTINGS },
    crypto,
  );
  const interCert = new X509.X509Certificate(inter.der);
  return {
    rootPem: root.certificate.toString('pem') + '\n',
    intermediatePem: toPem('CERTIFICATE', inter.der),
    issuer: { chain: [interCert, root.certificate], signer: { privateKey: interKeys.privateKey, algorithm: 'p256' }, settings: SETTINGS },
  };
}

interface Leaf extends PemBundle {
  readonly leafPem: string;
}

async function makeLeaf(ca: Ca, profile: Profile, commonName: string, options: { sans?: SanEntry[]; notBefore?: Date; notAfter?: Date } = {}): Promise<Leaf> {
  const keys = await generateKeyPair('p256', crypto);
  const now = Date.now();
  const issued = await issueLeaf(
    {
      profile,
      subject: { commonName },
      sans: options.sans ?? (profile === 'client' ? [] : [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }]),
      subjectPublicKeyInfo: await exportSpki(keys.publicKey, crypto),
      notBefore: options.notBefore ?? new Date(now - 60_000),
      notAfter: options.notAfter ?? new Date(now + 30 * DAY_MS),
    },
    ca.issuer,
    crypto,
  );
  const leafPem = toPem('CERTIFICATE', issued.der);
  return { leafPem, certChainPem: leafPem + ca.intermediatePem, keyPem: toPem('PRIVATE KEY', await exportPkcs8(keys.privateKey, crypto)) };
}

function expectFailure(result: ProofResult, expected: { side: string; code: RegExp; reason?: RegExp; fix: RegExp; stage?: string }) {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  if (result.ok) return;
  assert.equal(result.side, expected.side, JSON.stringify(result));
  assert.match(result.code, expected.code, JSON.stringify(result));
  if (expected.reason) assert.match(result.reason, expected.reason, JSON.stringify(result));
  // The fix crosses IPC as a catalog message: its English words are what the CLI prints.
  assert.match(english(result.fix), expected.fix, JSON.stringify(result));
  if (expected.stage) assert.equal(result.stage, expected.stage, JSON.stringify(result));
}

const certificates = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];

/** Go on a chain file (leaf first, then what it carries), trusting `caPem`, for a purpose and host. */
function verifying(chainPem: string, caPem: string, usage: 'server' | 'client', dnsName: string | null = null): GoRequest {
  const [leaf, ...intermediates] = certificates(chainPem);
  return { kind: 'verify', leaf: leaf!, intermediates, roots: certificates(caPem), usage, dnsName };
}

/**
 * The proof's reason is what Go says about the same material: its error, or a part of it (a TLS
 * client's "remote error: tls: …" line). Go's clock and the proof's differ by a moment, so "current
 * time …" is not compared.
 */
async function expectGoSays(result: ProofResult, request: GoRequest): Promise<void> {
  assert.equal(result.ok, false, JSON.stringify(result));
  if (result.ok) return;
  const [go] = await goJudge([request]);
  assert.equal(go!.ok, false, `Go accepts what the proof refuses: ${JSON.stringify(result)}`);
  const said = go!.clientError ?? go!.error;
  const unclocked = (text: string) => text.replace(/current time \S+ is/, 'current time … is');
  // The proof may add OpenSSL's words after Go's, in parentheses: "… incompatible key usage (unsuitable certificate purpose)".
  const reason = unclocked(result.reason).replace(/ \([^()]*\)$/, (detail) => (unclocked(said).endsWith(detail) ? detail : ''));
  assert.ok(unclocked(said).includes(reason), `the proof says\n  ${result.reason}\nGo 1.19 says\n  ${said}`);
}

describe('proveBundle: a real mTLS handshake, explained', async () => {
  const ca = await makeCa('Proof');
  const rogue = await makeCa('Rogue');
  const server = await makeLeaf(ca, 'server', 'api-server');
  const client = await makeLeaf(ca, 'client', 'order-service');

  test('a good pair shakes hands over TLS 1.3 and names both sides', async () => {
    const started = performance.now();
    const result = await proveBundle({ server, client, caPem: ca.rootPem });
    assert.deepEqual(result.ok ? { ...result, cipher: 'x' } : result, { ok: true, protocol: 'TLSv1.3', cipher: 'x', serverSubject: 'CN=api-server', clientSubject: 'CN=order-service', throwawayServer: false, throwawayClient: false });
    assert.ok(result.ok && /^TLS_(AES|CHACHA20)/.test(result.cipher), JSON.stringify(result));
    assert.ok(performance.now() - started < 4000, 'a good proof is well inside its time limit');
  });

  test('ca.pem with the intermediate as well still proves', async () => {
    const result = await proveBundle({ server, client, caPem: ca.rootPem + ca.intermediatePem });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  test('a client from another CA: unknown authority, export the bundle of that CA', async () => {
    const stranger = await makeLeaf(rogue, 'client', 'stranger');
    const result = await proveBundle({ server, client: stranger, caPem: ca.rootPem });
    expectFailure(result, {
      side: 'client',
      code: /^(UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/,
      fix: /issued by a CA the server does not trust \(its chain goes up to Rogue Intermediate, issued by Rogue Root, but the server trusts Proof Root\): export the bundle whose ca\.pem is that CA/,
    });
    await expectGoSays(result, verifying(stranger.certChainPem, ca.rootPem, 'client'));
  });

  test('a client chain that includes the foreign root: SELF_SIGNED_CERT_IN_CHAIN, same words', async () => {
    const stranger = await makeLeaf(rogue, 'client', 'stranger');
    const result = await proveBundle({ server, client: { ...stranger, certChainPem: stranger.certChainPem + rogue.rootPem }, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', code: /^SELF_SIGNED_CERT_IN_CHAIN$/, fix: /chain ends at Rogue Root.*export the bundle whose ca\.pem is that CA/s });
    await expectGoSays(result, verifying(stranger.certChainPem + rogue.rootPem, ca.rootPem, 'client'));
  });

  test('an expired client certificate: renew it', async () => {
    const now = Date.now();
    const expired = await makeLeaf(ca, 'client', 'old-client', { notBefore: new Date(now - 10 * DAY_MS), notAfter: new Date(now - DAY_MS) });
    const result = await proveBundle({ server, client: expired, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', code: /^CERT_HAS_EXPIRED$/, fix: /expired on .*renew it/ });
    await expectGoSays(result, verifying(expired.certChainPem, ca.rootPem, 'client'));
  });

  test('a server certificate used as a client: incompatible key usage, use the client profile', async () => {
    const result = await proveBundle({ server, client: server, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', code: /^INVALID_PURPOSE$/, fix: /client \(or peer\) profile/ });
    await expectGoSays(result, verifying(server.certChainPem, ca.rootPem, 'client'));
  });

  test('a client key that does not match its certificate is caught before any handshake', async () => {
    const other = await makeLeaf(ca, 'client', 'other-client');
    const result = await proveBundle({ server, client: { certChainPem: client.certChainPem, keyPem: other.keyPem }, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', stage: 'preflight', code: /^ERR_OSSL_X509_KEY_VALUES_MISMATCH$/, fix: /different certificate than order-service/ });
    await expectGoSays(result, { kind: 'keypair', cert: client.certChainPem, key: other.keyPem });
  });

  test('a chain file with the intermediate before the leaf: put the certificate for the key first', async () => {
    const result = await proveBundle({ server, client: { certChainPem: ca.intermediatePem + client.leafPem, keyPem: client.keyPem }, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', stage: 'preflight', code: /KEY_VALUES_MISMATCH/, fix: /certificate 2 of the client chain file .*put the certificate for this key first/ });
    await expectGoSays(result, { kind: 'keypair', cert: ca.intermediatePem + client.leafPem, key: client.keyPem });
  });

  test('a server key that does not match: the server side is at fault', async () => {
    const result = await proveBundle({ server: { certChainPem: server.certChainPem, keyPem: client.keyPem }, client, caPem: ca.rootPem });
    expectFailure(result, { side: 'server', stage: 'preflight', code: /KEY_VALUES_MISMATCH/, fix: /server key file/ });
    await expectGoSays(result, { kind: 'keypair', cert: server.certChainPem, key: client.keyPem });
  });

  test('a client chain without its intermediate: unknown authority, use fullchain', async () => {
    const result = await proveBundle({ server, client: { certChainPem: client.leafPem, keyPem: client.keyPem }, caPem: ca.rootPem });
    expectFailure(result, {
      side: 'client',
      code: /^(UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/,
      fix: /incomplete: it lacks the intermediate Proof Intermediate.*fullchain\.pem/s,
    });
    await expectGoSays(result, verifying(client.leafPem, ca.rootPem, 'client'));
  });

  test('a client-only bundle proves against a throwaway server certificate from the same CA', async () => {
    let issued = 0;
    const result = await proveBundle({
      client,
      caPem: ca.rootPem,
      throwawayServer: {
        issue: async () => {
          issued++;
          return makeLeaf(ca, 'server', 'certwright-proof-server');
        },
      },
    });
    assert.equal(issued, 1);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok && result.throwawayServer && result.serverSubject === 'CN=certwright-proof-server' && result.protocol === 'TLSv1.3');
  });

  test('a client-only bundle without a way to issue a server certificate is a setup error', async () => {
    expectFailure(await proveBundle({ client, caPem: ca.rootPem }), { side: 'setup', code: /NO_SERVER_CERTIFICATE/, reason: /no server certificate/, fix: /throwaway/ });
  });

  test('a wrong host name: valid for X, not Y', async () => {
    const result = await proveBundle({ server, client, caPem: ca.rootPem, hostname: 'db.internal.example' });
    expectFailure(result, { side: 'server', code: /^ERR_TLS_CERT_ALTNAME_INVALID$/, fix: /re-issue the server certificate with db\.internal\.example/ });
    await expectGoSays(result, verifying(server.certChainPem, ca.rootPem, 'server', 'db.internal.example'));
    const byIp = await proveBundle({ server, client, caPem: ca.rootPem, hostname: '10.0.0.7' });
    expectFailure(byIp, { side: 'server', code: /^ERR_TLS_CERT_ALTNAME_INVALID$/, fix: /10\.0\.0\.7/ });
    await expectGoSays(byIp, verifying(server.certChainPem, ca.rootPem, 'server', '10.0.0.7'));
  });

  test('a server from another CA: the client does not trust the server', async () => {
    const foreignServer = await makeLeaf(rogue, 'server', 'foreign-server');
    const result = await proveBundle({ server: foreignServer, client, caPem: ca.rootPem });
    expectFailure(result, { side: 'server', code: /UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED/, fix: /server certificate was issued by a CA the client does not trust .*Rogue Root/ });
    await expectGoSays(result, verifying(foreignServer.certChainPem, ca.rootPem, 'server', 'localhost'));
  });

  test('a client certificate used as the server: incompatible key usage, use the server profile', async () => {
    const result = await proveBundle({ server: client, client, caPem: ca.rootPem });
    expectFailure(result, { side: 'server', code: /^INVALID_PURPOSE$/, fix: /server \(or peer\) profile/ });
    await expectGoSays(result, verifying(client.certChainPem, ca.rootPem, 'server'));
  });

  test('no client certificate at all: tls: certificate required', async () => {
    const result = await proveWithoutClientCertificate({ server, caPem: ca.rootPem });
    expectFailure(result, { side: 'client', code: /^ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE$/, fix: /sent no certificate.*tls: bad certificate.*fullchain\.pem/s });
    // A Go client without a certificate, against a Node server that requires one as the proof's does
    // (a Go 1.19 server would answer TLS 1.3 with "bad certificate", as the fix says).
    const requiring = createServer({ cert: server.certChainPem, key: server.keyPem, ca: ca.rootPem, requestCert: true, rejectUnauthorized: true });
    requiring.on('tlsClientError', () => undefined);
    requiring.listen(0, '127.0.0.1');
    await once(requiring, 'listening');
    try {
      const { port } = requiring.address() as AddressInfo;
      await expectGoSays(result, { kind: 'dial', address: `127.0.0.1:${port}`, serverName: 'localhost', serverRoots: [ca.rootPem], clientChain: null, clientKey: null });
    } finally {
      requiring.close();
    }
    // Node's own word for it is misleading, which is why the verdict looks at the peer certificate.
    assert.ok(!result.ok && result.detail === 'UNABLE_TO_GET_ISSUER_CERT', JSON.stringify(result));
    const outcome = await runHandshake({ server, client: null, caPem: ca.rootPem, hostname: 'localhost', timeoutMs: 5000 });
    assert.deepEqual({ authorized: outcome.server?.authorized, sent: outcome.server?.peerSentCertificate, timedOut: outcome.timedOut }, { authorized: false, sent: false, timedOut: false });
  });

  test('never hangs: a tiny time limit ends in ETIMEDOUT, with everything closed', async () => {
    const started = performance.now();
    const result = await proveBundle({ server, client, caPem: ca.rootPem, timeoutMs: 1 });
    const elapsed = performance.now() - started;
    // Either it really was that fast, or it timed out; both within bounds.
    if (!result.ok) expectFailure(result, { side: 'setup', code: /^ETIMEDOUT$/, reason: /did not complete within/, fix: /try again/ });
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    const slowIssue = await proveBundle({ client, caPem: ca.rootPem, timeoutMs: 200, throwawayServer: { issue: () => new Promise<PemBundle>(() => undefined) } });
    expectFailure(slowIssue, { side: 'setup', code: /^ETIMEDOUT$/, reason: /throwaway/, fix: /try again/ });
  });
});
