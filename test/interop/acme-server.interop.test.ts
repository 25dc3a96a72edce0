/**
 * The ACME server of a real vault, driven by an outside client (npm acme-client, as certbot or lego
 * would drive it) over HTTPS on 127.0.0.1: an account, an order of two names proved with http-01
 * (answered by a small HTTP server on a loopback port, the names mapped there with `resolve`),
 * finalize, the PEM chain that `openssl verify` accepts against the root, revocation that lands in
 * the CA's CRL. Then what must be refused, each with its problem document and nothing issued:
 * malformed JWS, replayed and unknown nonces, a url that is not the request's, another account's
 * kid or another key's signature, a CSR for other names, a name outside the CA's constraints,
 * finalize before ready, an account without (or with a wrong) external account binding, the old key
 * after a rollover, a deactivated account, a wrong http-01 answer. Lab mode approves without
 * validation and says so in the audit log.
 */
import acme from 'acme-client';
import { FlattenedSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ACME_DEFAULT_OPTIONS, type AcmeServerOptions } from '../../shared/domain/acme.js';
import { english } from '../../shared/i18n/english.js';
import { normalizeOptions, warningsOf } from '../../electron/services/acme/options.js';
import { AcmeServers } from '../../electron/services/acme/servers.js';
import { untrustedPool } from '../../electron/workers/pool.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const ERR = 'urn:ietf:params:acme:error:';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: Record<string, unknown> | null;
}

/** A tiny http-01 responder: token → key authorization; names starting with "wrong." get a wrong answer. */
async function http01Responder(): Promise<{ server: Server; port: number; answers: Map<string, string> }> {
  const answers = new Map<string, string>();
  const server = createServer((req, res) => {
    const token = (req.url ?? '').split('/').pop() ?? '';
    const answer = answers.get(token);
    if ((req.headers.host ?? '').startsWith('wrong.')) return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('not the key authorization');
    if (answer === undefined || !(req.url ?? '').startsWith('/.well-known/acme-challenge/')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, answers };
}

/** A tiny DNS server on UDP: TXT records from a map (name → values), NXDOMAIN for anything else. */
async function txtResponder(): Promise<{ close: () => void; address: string; records: Map<string, string[]> }> {
  const records = new Map<string, string[]>();
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const labels: string[] = [];
    let offset = 12;
    while (query[offset]! > 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString('ascii'));
      offset += query[offset]! + 1;
    }
    const question = query.subarray(12, offset + 5);
    const values = query.readUInt16BE(offset + 1) === 16 ? (records.get(labels.join('.').toLowerCase()) ?? []) : [];
    const answers = values.map((value) => {
      const text = Buffer.from(value, 'ascii');
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // the question's name
      rr.writeUInt16BE(16, 2); // TXT
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(text.length + 1, 10);
      return Buffer.concat([rr, Buffer.from([text.length]), text]);
    });
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(values.length > 0 ? 0x8400 : 0x8403, 2); // response, authoritative; NXDOMAIN when nothing
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { close: () => socket.close(), address: `127.0.0.1:${socket.address().port}`, records };
}

test('acme-client gets, downloads and revokes a certificate; every bad request is refused with its problem document', { timeout: 60_000 }, async () => {
  const started = performance.now();
  const files = await tempDir('certwright-acme-');
  const vaultDir = await tempDir('certwright-acme-vault-');
  const { call, services, vault } = openBackend(vaultDir);
  await call('vault.create', { passphrase: 'acme server passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'ACME Lab Root' } });
  const ca = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'ACME Lab CA' }, nameConstraints: { permittedDns: ['lab.test'], excludedDns: [], permittedIp: [], excludedIp: [] } })).authority;
  const rootPem = (await call('authority.get', { id: root.id })).certificatePem;
  const rootFile = await writeTemp(files, 'root.pem', rootPem);
  const servers = new AcmeServers({ vault, catalog: services.catalog, issuing: services.issuing, revoking: services.revoking, untrusted: untrustedPool(), crypto: services.crypto, now: services.now });
  const responder = await http01Responder();
  const dns = await txtResponder();
  const agent = new Agent({ ca: rootPem, keepAlive: true });
  acme.axios.defaults.httpsAgent = agent;
  const names = ['www.lab.test', 'api.lab.test', 'wrong.lab.test', 'other.lab.test'];
  const options: AcmeServerOptions = { ...ACME_DEFAULT_OPTIONS, http01Port: responder.port, resolve: names.map((name) => ({ name, address: '127.0.0.1' })) };

  /** What the vault holds, to prove that a refusal issued nothing. */
  const issuedCount = () => vault.listCertificates(ca.id).length;

  try {
    const status = await servers.start(ca.id, options);
    assert.equal(status.running, true);
    assert.match(status.directoryUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+\/directory$/);
    assert.deepEqual(status.warnings, []);
    const directoryUrl = status.directoryUrl!;
    const base = directoryUrl.replace(/\/directory$/, '');

    // ---- Raw HTTP and hand-made JWS, for the refusals -------------------------------------------
    const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
      new Promise<Answer>((resolve, reject) => {
        // A foreign Host header: the certificate is still checked against the address connected to.
        const identity = headers.Host ? { checkServerIdentity: () => undefined } : {};
        const req = request(url, { method, agent, ...identity, headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/jose+json' }), ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Record<string, unknown> | null = null;
            try {
              json = JSON.parse(text) as Record<string, unknown>;
            } catch {
              // a certificate chain, an empty body
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    const nonce = async () => String((await send('HEAD', `${base}/new-nonce`)).headers['replay-nonce']);
    interface JwsOptions {
      readonly key: KeyObject | CryptoKey;
      readonly alg?: string;
      readonly kid?: string;
      readonly jwk?: JWK;
      readonly nonce?: string | null;
      readonly headerUrl?: string;
    }
    const jwsBody = async (url: string, payload: unknown, o: JwsOptions) => {
      const n = o.nonce === undefined ? await nonce() : o.nonce;
      const header = { alg: o.alg ?? 'ES256', url: o.headerUrl ?? url, ...(n === null ? {} : { nonce: n }), ...(o.kid ? { kid: o.kid } : { jwk: o.jwk }) };
      const bytes = payload === '' ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(payload));
      return JSON.stringify(await new FlattenedSign(bytes).setProtectedHeader(header).sign(o.key));
    };
    const post = async (url: string, payload: unknown, o: JwsOptions) => send('POST', url, await jwsBody(url, payload, o));
    /** A refusal: its status, problem type, and the headers every answer carries. */
    const refused = (answer: Answer, status: number, type: string, detail?: RegExp) => {
      assert.equal(answer.status, status, answer.text);
      assert.equal(answer.headers['content-type'], 'application/problem+json');
      assert.equal(answer.json?.type, `${ERR}${type}`, answer.text);
      assert.equal(answer.json?.status, status);
      assert.match(String(answer.headers['replay-nonce']), /^[A-Za-z0-9_-]{16,}$/);
      assert.equal(answer.headers.link, `<${directoryUrl}>;rel="index"`);
      if (detail) assert.match(String(answer.json?.detail), detail);
    };

    // ---- Directory and nonces -----------------------------------------------------------------------
    const directory = await send('GET', directoryUrl);
    assert.equal(directory.status, 200);
    assert.deepEqual(directory.json, { newNonce: `${base}/new-nonce`, newAccount: `${base}/new-account`, newOrder: `${base}/new-order`, revokeCert: `${base}/revoke-cert`, keyChange: `${base}/key-change`, meta: { externalAccountRequired: false } });
    const head = await send('HEAD', `${base}/new-nonce`);
    assert.equal(head.status, 200);
    assert.equal(head.headers['cache-control'], 'no-store');
    assert.equal((await send('GET', `${base}/new-nonce`)).status, 204);
    const foreign = await send('GET', directoryUrl, undefined, { Host: 'attacker.example' });
    assert.equal(foreign.status, 421);

    // ---- The happy path: account, two names by http-01, finalize, chain, revoke ---------------------
    const accountKey = await acme.crypto.createPrivateEcdsaKey('P-256');
    const client = new acme.Client({ directoryUrl, accountKey, backoffMin: 20, backoffMax: 100, backoffAttempts: 50 });
    const account = await client.createAccount({ termsOfServiceAgreed: true, contact: ['mailto:ops@lab.test'] });
    assert.equal(account.status, 'valid');
    const kid = client.getAccountUrl();
    assert.match(kid, new RegExp(`^${base}/acct/[0-9a-f]{32}$`));
    const accountPrivate = createPrivateKey(accountKey);

    const prove = async (c: acme.Client, order: acme.Order) => {
      for (const authz of await c.getAuthorizations(order)) {
        const challenge = authz.challenges.find((ch) => ch.type === 'http-01')!;
        responder.answers.set(challenge.token, await c.getChallengeKeyAuthorization(challenge));
        await c.completeChallenge(challenge);
        await c.waitForValidStatus(challenge);
      }
      return c.waitForValidStatus(order);
    };
    const order = await client.createOrder({ identifiers: [{ type: 'dns', value: 'www.lab.test' }, { type: 'dns', value: 'api.lab.test' }] });
    assert.equal(order.status, 'pending');
    assert.equal((await prove(client, order)).status, 'ready');
    const [, csr] = await acme.crypto.createCsr({ commonName: 'www.lab.test', altNames: ['www.lab.test', 'api.lab.test'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    const finalized = await client.finalizeOrder(order, csr);
    assert.equal(finalized.status, 'valid');
    const chainPem = await client.getCertificate(finalized);
    const [leafPem, ...intermediates] = acme.crypto.splitPemChain(chainPem);
    assert.equal(intermediates.length, 1, 'the intermediate travels with the leaf');
    const leafFile = await writeTemp(files, 'leaf.pem', leafPem!);
    const chainFile = await writeTemp(files, 'intermediates.pem', intermediates.join(''));
    const verified = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', rootFile, '-untrusted', chainFile, leafFile]);
    assert.equal(verified.code, 0, verified.stderr + verified.stdout);
    const text = (await runPeer('openssl', ['x509', '-noout', '-ext', 'subjectAltName', '-subject', '-in', leafFile])).stdout;
    assert.match(text, /DNS:www\.lab\.test, DNS:api\.lab\.test/);
    assert.match(text, /CN\s*=\s*www\.lab\.test/);
    const leaf = new X509Certificate(leafPem!);
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `valid for the server's maximum, 30 days (${days})`);
    const record = vault.listCertificates(ca.id).find((r) => r.acmeAccountId !== null)!;
    assert.equal(record.acmeAccountId, kid.split('/').pop());
    assert.equal(record.profile, 'server');
    const panel = servers.panel(ca.id);
    assert.equal(panel.certificatesIssued, 1);
    assert.equal(panel.accounts[0]?.certificates, 1);
    assert.deepEqual(panel.accounts[0]?.contact, ['mailto:ops@lab.test']);
    assert.equal(panel.orders[0]?.status, 'valid');
    assert.equal(panel.orders[0]?.certificateId, record.id);

    await client.revokeCertificate(chainPem, { reason: 4 });
    const crlFile = await writeTemp(files, 'ca.crl', (await services.revocations.crlBytes(ca.id, 'pem')) as string);
    const crl = await runPeer('openssl', ['crl', '-noout', '-text', '-in', crlFile]);
    // OpenSSL prints whole bytes (a leading 0 nibble included); compare the numbers, not the strings.
    assert.match(crl.stdout.replace(/:/g, '').toLowerCase(), new RegExp(`serial number 0*${record.serialNumberHex.toLowerCase().replace(/^0+/, '')}\\b`));
    assert.match(crl.stdout, /Superseded/);
    const checked = await runPeer('openssl', ['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', rootFile, '-untrusted', chainFile, leafFile]);
    assert.notEqual(checked.code, 0);
    assert.match(checked.stdout + checked.stderr, /certificate revoked/);
    const again = await send('POST', `${base}/revoke-cert`, await jwsBody(`${base}/revoke-cert`, { certificate: Buffer.from(record.certificateDerB64, 'base64').toString('base64url') }, { key: accountPrivate, kid }));
    refused(again, 400, 'alreadyRevoked');

    // ---- Refusals, nothing issued ------------------------------------------------------------------
    const before = issuedCount();
    const accountUrl = kid;
    refused(await send('POST', accountUrl, 'not json'), 400, 'malformed', /not JSON/);
    refused(await send('POST', accountUrl, JSON.stringify({ signatures: [], payload: '' })), 400, 'malformed', /general JWS serialization/);
    refused(await send('POST', accountUrl, await jwsBody(accountUrl, '', { key: accountPrivate, kid }), { 'Content-Type': 'application/json' }), 415, 'malformed', /application\/jose\+json/);
    // Not ES256/RS256/EdDSA: badSignatureAlgorithm, with the list.
    const hs = { protected: Buffer.from(JSON.stringify({ alg: 'HS256', kid, nonce: await nonce(), url: accountUrl })).toString('base64url'), payload: '', signature: 'AAAA' };
    const badAlg = await send('POST', accountUrl, JSON.stringify(hs));
    refused(badAlg, 400, 'badSignatureAlgorithm');
    assert.deepEqual(badAlg.json?.algorithms, ['ES256', 'RS256', 'EdDSA']);
    // A nonce spends once; one the server never issued is unknown.
    const once = await nonce();
    assert.equal((await post(accountUrl, '', { key: accountPrivate, kid, nonce: once })).status, 200);
    const replayed = await post(accountUrl, '', { key: accountPrivate, kid, nonce: once });
    refused(replayed, 400, 'badNonce', /unknown or was already used/);
    refused(await post(accountUrl, '', { key: accountPrivate, kid, nonce: randomBytes(16).toString('base64url') }), 400, 'badNonce');
    refused(await post(accountUrl, '', { key: accountPrivate, kid, nonce: null }), 400, 'badNonce', /no nonce/);
    // The url signed for is not the one posted to.
    refused(await post(accountUrl, '', { key: accountPrivate, kid, headerUrl: `${base}/new-order` }), 403, 'unauthorized', /not the URL this request was sent to/);
    // A kid that is no account; a kid of this account signed by another key; another account's order.
    refused(await post(`${base}/new-order`, { identifiers: [{ type: 'dns', value: 'www.lab.test' }] }, { key: accountPrivate, kid: `${base}/acct/${'0'.repeat(32)}` }), 400, 'accountDoesNotExist');
    const stranger = await generateKeyPair('ES256');
    refused(await post(accountUrl, '', { key: stranger.privateKey, kid }), 400, 'malformed', /signature does not verify/);
    const otherKey = await acme.crypto.createPrivateRsaKey(2048);
    const other = new acme.Client({ directoryUrl, accountKey: otherKey, backoffMin: 20, backoffMax: 100, backoffAttempts: 50 });
    await other.createAccount({ termsOfServiceAgreed: true });
    const otherKid = other.getAccountUrl();
    refused(await post(`${base}/order/${finalized.url.split('/').pop()}`, '', { key: createPrivateKey(otherKey), alg: 'RS256', kid: otherKid }), 403, 'unauthorized', /another account/);
    refused(await post(`${base}/cert/${record.id}`, '', { key: createPrivateKey(otherKey), alg: 'RS256', kid: otherKid }), 403, 'unauthorized', /another account/);
    // new-order with a bare key (jwk) instead of an account: malformed.
    refused(await post(`${base}/new-order`, { identifiers: [{ type: 'dns', value: 'www.lab.test' }] }, { key: accountPrivate, jwk: acme.crypto.getJwk(accountKey) as JWK }), 400, 'malformed', /kid/);

    // Names: outside the CA's constraints, a wildcard without dns-01, an unknown type.
    const outside = await post(`${base}/new-order`, { identifiers: [{ type: 'dns', value: 'www.lab.test' }, { type: 'dns', value: 'www.example.com' }] }, { key: accountPrivate, kid });
    refused(outside, 400, 'rejectedIdentifier', /www\.example\.com is outside the name constraints of ACME Lab CA/);
    assert.deepEqual((outside.json?.subproblems as { identifier: unknown }[]).map((s) => s.identifier), [{ type: 'dns', value: 'www.example.com' }]);
    await assert.rejects(other.createOrder({ identifiers: [{ type: 'dns', value: 'api.example.org' }] }), /outside the name constraints/);
    refused(await post(`${base}/new-order`, { identifiers: [{ type: 'dns', value: '*.lab.test' }] }, { key: accountPrivate, kid }), 400, 'rejectedIdentifier', /dns-01/);
    refused(await post(`${base}/new-order`, { identifiers: [{ type: 'email', value: 'a@lab.test' }] }, { key: accountPrivate, kid }), 400, 'unsupportedIdentifier');

    // Finalize before ready; then a CSR for other names; then the right CSR is still taken.
    const second = await client.createOrder({ identifiers: [{ type: 'dns', value: 'other.lab.test' }] });
    const [, otherCsr] = await acme.crypto.createCsr({ commonName: 'other.lab.test', altNames: ['other.lab.test'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    refused(await post(second.finalize, { csr: acme.crypto.getPemBodyAsB64u(otherCsr) }, { key: accountPrivate, kid }), 403, 'orderNotReady', /pending/);
    await prove(client, second);
    const [, wrongCsr] = await acme.crypto.createCsr({ commonName: 'other.lab.test', altNames: ['other.lab.test', 'www.lab.test'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    refused(await post(second.finalize, { csr: acme.crypto.getPemBodyAsB64u(wrongCsr) }, { key: accountPrivate, kid }), 400, 'badCSR', /names www\.lab\.test, which the order does not/);
    refused(await post(second.finalize, { csr: 'AAAA' }, { key: accountPrivate, kid }), 400, 'badCSR');
    assert.equal(issuedCount(), before, 'no refusal issued anything');
    const certKey = await acme.crypto.createPrivateEcdsaKey('P-256');
    const [, rightCsr] = await acme.crypto.createCsr({ commonName: 'other.lab.test', altNames: ['other.lab.test'] }, certKey);
    const secondDone = await client.finalizeOrder(second, rightCsr);
    assert.equal(secondDone.status, 'valid');
    const secondChain = await client.getCertificate(secondDone);
    // Revoked by the certificate's own key (jwk), not by the account.
    const certJwk = await exportJWK(createPublicKey(certKey));
    const byKey = await post(`${base}/revoke-cert`, { certificate: acme.crypto.getPemBodyAsB64u(acme.crypto.splitPemChain(secondChain)[0]!), reason: 1 }, { key: createPrivateKey(certKey), jwk: certJwk });
    assert.equal(byKey.status, 200, byKey.text);
    refused(await post(`${base}/revoke-cert`, { certificate: acme.crypto.getPemBodyAsB64u(acme.crypto.splitPemChain(secondChain)[0]!), reason: 2 }, { key: createPrivateKey(certKey), jwk: certJwk }), 400, 'badRevocationReason');

    // A wrong http-01 answer: the challenge, the authorization and the order become invalid.
    const wrong = await client.createOrder({ identifiers: [{ type: 'dns', value: 'wrong.lab.test' }] });
    const [wrongAuthz] = await client.getAuthorizations(wrong);
    const wrongChallenge = wrongAuthz!.challenges.find((c) => c.type === 'http-01')!;
    await client.completeChallenge(wrongChallenge);
    await assert.rejects(client.waitForValidStatus(wrongChallenge), /not the key authorization/);
    const failed = await client.getOrder(wrong);
    assert.equal(failed.status, 'invalid');
    const failure = (failed as { error?: { type?: string; detail?: string } }).error;
    assert.equal(failure?.type, `${ERR}incorrectResponse`);
    assert.match(String(failure?.detail), /wrong\.lab\.test failed: .*not the key authorization/);
    assert.match(servers.panel(ca.id).orders.find((o) => o.id === wrong.url.split('/').pop())?.error ?? '', /not the key authorization/);

    // Key rollover: the new key works, the old one is refused.
    const newKey = await acme.crypto.createPrivateEcdsaKey('P-256');
    await client.updateAccountKey(newKey);
    assert.equal((await client.updateAccount()).status, 'valid');
    refused(await post(accountUrl, '', { key: accountPrivate, kid }), 400, 'malformed', /signature does not verify/);
    refused(await post(`${base}/new-account`, { onlyReturnExisting: true }, { key: accountPrivate, jwk: acme.crypto.getJwk(accountKey) as JWK }), 400, 'accountDoesNotExist');
    // Deactivation: the account can do nothing after.
    assert.equal((await client.updateAccount({ status: 'deactivated' })).status, 'deactivated');
    refused(await post(accountUrl, '', { key: createPrivateKey(newKey), kid }), 403, 'unauthorized', /deactivated/);

    // EdDSA accounts are taken too.
    const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const edAccount = await post(`${base}/new-account`, { termsOfServiceAgreed: true }, { key: ed.privateKey, alg: 'EdDSA', jwk: await exportJWK(ed.publicKey) });
    assert.equal(edAccount.status, 201, edAccount.text);
    assert.match(String(edAccount.headers.location), /\/acct\/[0-9a-f]{32}$/);
    assert.equal(issuedCount(), before + 1, 'only the order with the right CSR issued');

    // ---- Restarted with a DNS resolver: accounts persist; a wildcard is proved with dns-01 --------
    await servers.stop(ca.id);
    const withDns = await servers.start(ca.id, { ...options, dnsResolver: dns.address });
    const again2 = new acme.Client({ directoryUrl: withDns.directoryUrl!, accountKey: otherKey, backoffMin: 20, backoffMax: 100, backoffAttempts: 50 });
    await again2.createAccount({ onlyReturnExisting: true });
    assert.equal(again2.getAccountUrl().split('/').pop(), otherKid.split('/').pop(), 'the account outlives the server');
    const wildcard = await again2.createOrder({ identifiers: [{ type: 'dns', value: '*.lab.test' }] });
    const [wildAuthz] = await again2.getAuthorizations(wildcard);
    assert.equal(wildAuthz!.wildcard, true);
    assert.deepEqual(wildAuthz!.identifier, { type: 'dns', value: 'lab.test' });
    assert.deepEqual(wildAuthz!.challenges.map((c) => c.type), ['dns-01']);
    dns.records.set('_acme-challenge.lab.test', ['unrelated', await again2.getChallengeKeyAuthorization(wildAuthz!.challenges[0]!)]);
    await again2.completeChallenge(wildAuthz!.challenges[0]!);
    assert.equal((await again2.waitForValidStatus(wildcard)).status, 'ready');
    const [, wildCsr] = await acme.crypto.createCsr({ altNames: ['*.lab.test'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    const wildDone = await again2.finalizeOrder(wildcard, wildCsr);
    assert.match((await runPeer('openssl', ['x509', '-noout', '-ext', 'subjectAltName'], acme.crypto.splitPemChain(await again2.getCertificate(wildDone))[0])).stdout, /DNS:\*\.lab\.test/);
    // No TXT record: the dns-01 challenge fails with a dns problem.
    const noTxt = await again2.createOrder({ identifiers: [{ type: 'dns', value: '*.api.lab.test' }] });
    const [noTxtAuthz] = await again2.getAuthorizations(noTxt);
    await again2.completeChallenge(noTxtAuthz!.challenges[0]!);
    await assert.rejects(again2.waitForValidStatus(noTxtAuthz!.challenges[0]!), /no TXT record/);

    // ---- EAB and lab mode on another server (the root's) ------------------------------------------
    const lab = await servers.start(root.id, { ...options, eab: true, labMode: true, ipOnlyProfile: 'client' });
    assert.ok(lab.eab && lab.eab.keyId.length > 0 && Buffer.from(lab.eab.hmacKey, 'base64url').length === 32);
    assert.equal(lab.warnings.length, 1);
    assert.match(english(lab.warnings[0]!), /Lab mode/);
    const labUrl = lab.directoryUrl!;
    assert.deepEqual((await send('GET', labUrl)).json?.meta, { externalAccountRequired: true });
    const bare = new acme.Client({ directoryUrl: labUrl, accountKey: await acme.crypto.createPrivateEcdsaKey('P-256') });
    await assert.rejects(bare.createAccount({ termsOfServiceAgreed: true }), /external account binding/);
    const forged = new acme.Client({ directoryUrl: labUrl, accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'), externalAccountBinding: { kid: lab.eab.keyId, hmacKey: randomBytes(32).toString('base64url') } });
    await assert.rejects(forged.createAccount({ termsOfServiceAgreed: true }), /does not verify with the HMAC key/);
    const bound = new acme.Client({ directoryUrl: labUrl, accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'), externalAccountBinding: { kid: lab.eab.keyId, hmacKey: lab.eab.hmacKey }, backoffMin: 20, backoffMax: 100 });
    assert.equal((await bound.createAccount({ termsOfServiceAgreed: true })).status, 'valid');
    const labOrder = await bound.createOrder({ identifiers: [{ type: 'dns', value: 'anything.example.net' }, { type: 'ip', value: '127.0.0.1' }] });
    assert.equal(labOrder.status, 'ready', 'lab mode approves at once');
    const [, labCsr] = await acme.crypto.createCsr({ commonName: 'anything.example.net', altNames: ['anything.example.net', '127.0.0.1'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    const labDone = await bound.finalizeOrder(labOrder, labCsr);
    assert.equal(labDone.status, 'valid');
    // A name among the identifiers: a server certificate; IP addresses only, with the setting: a client one.
    const ekuOf = async (order: Awaited<ReturnType<typeof bound.createOrder>>) => new X509Certificate(await bound.getCertificate(order)).keyUsage;
    assert.deepEqual(await ekuOf(labDone), ['1.3.6.1.5.5.7.3.1']);
    const ipOrder = await bound.createOrder({ identifiers: [{ type: 'ip', value: '127.0.0.1' }] });
    const [, ipCsr] = await acme.crypto.createCsr({ altNames: ['127.0.0.1'] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    assert.deepEqual(await ekuOf(await bound.finalizeOrder(ipOrder, ipCsr)), ['1.3.6.1.5.5.7.3.2']);
    const labPanel = servers.panel(root.id);
    assert.equal(labPanel.accounts.length, 1);
    assert.equal(labPanel.accounts[0]?.eabKeyId, lab.eab.keyId);
    const audit = vault.auditEntries({ everything: true } as Parameters<typeof vault.auditEntries>[0]).entries;
    const approvals = audit.filter((e) => e.kind === 'acme.labApproved').map((e) => e.subject);
    assert.deepEqual(approvals.sort(), ['127.0.0.1', '127.0.0.1', 'anything.example.net']);
    assert.ok(audit.some((e) => e.kind === 'acme.started' && e.authorityId === root.id && (e.details as Record<string, unknown>).labMode === true && (e.details as Record<string, unknown>).eab === true));

    await servers.stop(root.id);
    await servers.stop(ca.id);
    assert.equal(servers.status(ca.id).running, false);
    assert.ok(vault.auditEntries({ everything: true } as Parameters<typeof vault.auditEntries>[0]).entries.some((e) => e.kind === 'acme.stopped' && e.authorityId === ca.id));
  } finally {
    await servers.stopAll();
    agent.destroy();
    await new Promise<void>((resolve) => responder.server.close(() => resolve()));
    dns.close();
    await services.close();
  }
  console.log(`acme-server interop: ${Math.round(performance.now() - started)} ms`);
});

test('server settings: one address to listen on, said loudly when it is not loopback or runs in lab mode', () => {
  const refused = (options: Partial<AcmeServerOptions>, field: RegExp) => assert.throws(() => normalizeOptions({ ...ACME_DEFAULT_OPTIONS, ...options }), (error: Error & { code?: string }) => error.code === 'INVALID_INPUT' && field.test(error.message));
  refused({ bind: '0.0.0.0' }, /^bind: Name one address/);
  refused({ bind: '::' }, /^bind:/);
  refused({ bind: 'localhost' }, /^bind:/);
  refused({ port: 80 }, /^port:/);
  refused({ http01Port: 0 }, /^http01Port:/);
  refused({ maxValidityDays: 399 }, /^maxValidityDays:/);
  refused({ resolve: [{ name: '*.lab.test', address: '127.0.0.1' }] }, /^resolve\.0\.name:/);
  refused({ resolve: [{ name: 'www.lab.test', address: 'nowhere' }] }, /^resolve\.0\.address:/);
  refused({ dnsResolver: 'dns.example' }, /^dnsResolver:/);
  const normalized = normalizeOptions({ ...ACME_DEFAULT_OPTIONS, bind: '::0001', resolve: [{ name: 'WWW.Lab.Test', address: '127.0.0.1' }], dnsResolver: '[::1]:5353' });
  assert.deepEqual({ bind: normalized.bind, resolve: normalized.resolve, dnsResolver: normalized.dnsResolver }, { bind: '::1', resolve: [{ name: 'www.lab.test', address: '127.0.0.1' }], dnsResolver: '[::1]:5353' });
  assert.deepEqual(warningsOf(normalizeOptions(ACME_DEFAULT_OPTIONS)), []);
  const loud = warningsOf(normalizeOptions({ ...ACME_DEFAULT_OPTIONS, bind: '192.168.1.5', labMode: true }));
  assert.equal(loud.length, 2);
  assert.match(english(loud[0]!), /^Lab mode/);
  assert.match(english(loud[1]!), /listens on 192\.168\.1\.5, not on loopback/);
});
