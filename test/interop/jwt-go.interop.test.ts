/**
 * The Go package servicetoken that Certwright generates (jwt.snippets), built with golang-jwt 4.4
 * and gRPC 1.33 (Debian's sources, GOPATH mode) and run for real on 127.0.0.1 with mutual TLS, with
 * certificates this vault issued: RequireServiceToken and the gRPC interceptors accept a good token
 * and refuse every wrong one — another audience, expired, another caller's, a call the policy does
 * not grant, alg none, HS256 made with the public key, a changed signature, an unknown kid, no exp,
 * another iss — and what they answer is, character for character, the `golangJwt` that jwt.verify
 * diagnoses for the same token, caller certificate and action. The Go client (TokenSource +
 * Transport) and PerRPCCredentials get their tokens from the real lab token endpoint.
 *
 * Clocks: the vault's clock and golang-jwt's (main.go -now) are pinned to the same second, so that
 * "token is expired by 50m0s" can be compared to the character; a real service adds the fraction of
 * a second it saw. TLS runs on the real clock.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { toPem } from '../../electron/engine/pem.js';
import { PLACEHOLDER_TOKEN_URL } from '../../electron/engine/export/snippets/service-token.js';
import { serviceTokenSnippets } from '../../electron/services/service-token-snippets.js';
import type { SnippetView } from '../../shared/domain/export.js';
import type { TokenDiagnosis } from '../../shared/domain/service-identity.js';
import { openBackend } from '../support/backend.js';
import { buildServiceTokenPeer, ServiceTokenPeer, type PeerAnswer } from '../support/go/servicetoken/peer.js';
import { writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const SERVICE = 'payment-service';
const PASSPHRASE = 'jwt go interop passphrase';
/** The second every token is minted and judged at (unless a test mints in the past). */
const T = Math.floor(Date.now() / 1000);

const policyText = (orderCalls: readonly string[]) =>
  `${JSON.stringify(
    {
      version: 1,
      services: {
        'order-service': { calls: orderCalls.map((a) => `${SERVICE}:${a}`) },
        'inventory-service': { calls: [`${SERVICE}:check`] },
        [SERVICE]: { calls: [] },
      },
    },
    null,
    2,
  )}\n`;

interface Identity {
  readonly id: string;
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

interface Servers {
  readonly http: string;
  readonly grpc: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The token with one character of its signature changed (not the last: its low bits may be padding). */
function tampered(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

// Made here, not in a hook: tempDir's clean-up belongs to the file, not to the hook that asked.
const files = await tempDir('certwright-jwt-go-');
const vaultDir = await tempDir('certwright-jwt-go-vault-');

describe('the generated Go servicetoken package, run with mutual TLS', { timeout: 300_000 }, () => {
  let clock = T * 1000;
  let backend: ReturnType<typeof openBackend>;
  let peer: ServiceTokenPeer;
  let issuers: { es: string; rsa: string; ed: string };
  let client: { order: Identity; inventory: Identity };
  let servers: { es: Servers; rsa: Servers; ed: Servers };
  let policyFile: string;
  let rootId: string;
  /** Every token sent to Go: none may appear in its log. */
  const sent = new Set<string>();
  let refusals = 0;

  before(
    async () => {
      const started = Date.now();
      backend = openBackend(vaultDir, { now: () => new Date(clock) });
      const { call, vault } = backend;
      await call('vault.create', { passphrase: PASSPHRASE });
      const root = await call('authority.createRoot', { subject: { commonName: 'JWT Go Root' } });
      rootId = root.id;
      const ca = await writeTemp(files, 'ca.pem', (await call('authority.get', { id: root.id })).certificatePem);
      const issue = async (commonName: string, profile: 'client' | 'server'): Promise<Identity> => {
        const { certificate } = await call('certificate.issue', { authorityId: root.id, profile, subject: { commonName }, ...(profile === 'server' ? { sans: [{ type: 'ip' as const, value: '127.0.0.1' }] } : {}) });
        const detail = await call('certificate.get', { id: certificate.id });
        const pkcs8 = await vault.exportPrivateKeyPkcs8(certificate.id);
        const chain = [detail.certificatePem, detail.chainPem].map((p) => p.trim()).filter(Boolean);
        const identity = {
          id: certificate.id,
          cert: await writeTemp(files, `${commonName}-${profile}.pem`, `${chain.join('\n')}\n`),
          key: await writeTemp(files, `${commonName}-${profile}.key`, toPem('PRIVATE KEY', pkcs8)),
          ca,
        };
        pkcs8.fill(0);
        return identity;
      };
      const server = await issue(SERVICE, 'server');
      client = { order: await issue('order-service', 'client'), inventory: await issue('inventory-service', 'client') };
      issuers = {
        es: (await call('jwt.createIssuer', { name: 'lab-issuer' })).id,
        rsa: (await call('jwt.createIssuer', { name: 'lab-rsa', algorithm: 'RS256' })).id,
        ed: (await call('jwt.createIssuer', { name: 'lab-ed', algorithm: 'EdDSA' })).id,
      };
      await call('policy.save', { text: policyText(['charge', 'refund', 'check', 'watch']) });
      policyFile = await writeTemp(files, 'service-policy.json', (await call('policy.get')).text);
      const jwks = async (id: string, name: string) => writeTemp(files, name, (await call('jwt.publicKeys', { id })).jwks);
      const jwksFiles = { es: await jwks(issuers.es, 'es.jwks.json'), rsa: await jwks(issuers.rsa, 'rsa.jwks.json'), ed: await jwks(issuers.ed, 'ed.jwks.json') };

      const built = await call('jwt.snippets', { id: issuers.es, service: SERVICE });
      const prepared = Date.now();
      const { binary, times } = await buildServiceTokenPeer(built);
      console.log(`# vault and certificates ${prepared - started} ms; Go ${times.built ? 'vet + build' : 'binary cached'} ${times.ms} ms`);

      peer = new ServiceTokenPeer(binary, ['-now', String(T)]);
      const serve = async (extra: Record<string, string>, jwksFile: string): Promise<Servers & { config?: PeerAnswer['config'] }> => {
        const answer = await peer.ask({ op: 'serve', jwks: jwksFile, policy: policyFile, cert: server.cert, key: server.key, ca, ...extra });
        assert.equal(answer.error, undefined, answer.error);
        return { http: answer.http!, grpc: answer.grpc!, ...(answer.config ? { config: answer.config } : {}) };
      };
      const es = await serve({}, jwksFiles.es);
      // DefaultConfig is what Certwright filled in; this server runs on it (only the file paths differ).
      assert.deepEqual(es.config, { issuer: 'lab-issuer', audience: SERVICE, algorithm: 'ES256', jwksFile: 'lab-issuer.jwks.json', policyFile: 'service-policy.json' });
      servers = {
        es,
        rsa: await serve({ issuer: 'lab-rsa', algorithm: 'RS256' }, jwksFiles.rsa),
        ed: await serve({ issuer: 'lab-ed', algorithm: 'EdDSA' }, jwksFiles.ed),
      };
      console.log(`# set-up ${Date.now() - started} ms`);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await peer?.close();
    await backend?.services.close();
  });

  // ---- Tokens -------------------------------------------------------------------------------

  /** A token from the vault's mint, at second `at`. */
  async function mint(issuer: string, service: string, audience = SERVICE, at = T): Promise<string> {
    clock = at * 1000;
    try {
      return (await backend.call('jwt.mint', { id: issuer, service, audience, ttlSeconds: 600 })).token;
    } finally {
      clock = T * 1000;
    }
  }

  /** Claims of a good order-service token, changed as given. */
  const claims = (changes: Record<string, unknown> = {}) => ({ iss: 'lab-issuer', sub: 'order-service', aud: SERVICE, iat: T, nbf: T, exp: T + 600, jti: 'jwt-go-test', scope: `${SERVICE}:charge`, ...changes });

  /** Signed with the issuer's real key: what only a broken or hostile issuer would make. */
  async function signed(issuer: string, body: Record<string, unknown>): Promise<string> {
    const signer = await backend.vault.tokenSigningKey(issuer);
    return new SignJWT(body).setProtectedHeader({ alg: signer.algorithm, kid: signer.kid, typ: 'JWT' }).sign(signer.key);
  }

  async function diagnose(issuer: string, token: string, caller: Identity, action: string): Promise<TokenDiagnosis> {
    return backend.call('jwt.verify', { id: issuer, token, audience: SERVICE, clientCertificateId: caller.id, action: `${SERVICE}:${action}` });
  }

  interface Case {
    readonly name: string;
    /** Undefined: no token at all. */
    readonly token: string | undefined;
    readonly caller: Identity;
    readonly action: string;
    /** HTTP status, or gRPC code. */
    readonly expect: number | string;
    /** Which check refused it (golang-jwt's words are the diagnosis's; this says the test reached the check it means). */
    readonly reason?: RegExp;
  }

  /** Calls Go, asks jwt.verify about the same token, and compares. */
  async function judge(kind: 'http' | 'grpc', issuer: string, target: Servers, c: Case): Promise<void> {
    if (c.token !== undefined) sent.add(c.token);
    const common = { cert: c.caller.cert, key: c.caller.key, ca: c.caller.ca, ...(c.token === undefined ? {} : { token: c.token }) };
    const answer = kind === 'http' ? await peer.ask({ op: 'http', url: `https://${target.http}/${c.action}`, ...common }) : await peer.ask({ op: 'grpc', addr: target.grpc, method: c.action, ...common });
    assert.equal(answer.error, undefined, `${c.name}: ${answer.error}`);
    const got = kind === 'http' ? answer.status : answer.code;
    const text = kind === 'http' ? answer.body : answer.message;
    assert.equal(got, c.expect, `${kind} ${c.name}: ${got} ${text}`);
    const accepted = c.expect === 200 || c.expect === 'OK';
    if (!accepted) refusals++;
    if (c.reason) assert.match(text ?? '', c.reason, `${kind} ${c.name}`);
    if (c.token === undefined) return;
    const diagnosis = await diagnose(issuer, c.token, c.caller, c.action);
    if (accepted) {
      assert.equal(diagnosis.golangJwt, null, `${kind} ${c.name}: Go accepted it, the diagnosis says ${diagnosis.golangJwt}`);
      assert.equal(diagnosis.valid, true, `${kind} ${c.name}: ${JSON.stringify(diagnosis.checks.filter((x) => x.outcome === 'fail'))}`);
      if (kind === 'http') assert.equal(text, `accepted ${c.caller === client.order ? 'order-service' : 'inventory-service'} for /${c.action}`);
    } else {
      assert.equal(text, diagnosis.golangJwt, `${kind} ${c.name}: Go said ${JSON.stringify(text)}, the diagnosis ${JSON.stringify(diagnosis.golangJwt)}`);
    }
  }

  /** The refusals every front end must make, for an action order-service may call. */
  async function tokenCases(action: string, refused: number | string): Promise<Case[]> {
    const { order, inventory } = client;
    const good = await mint(issuers.es, 'order-service');
    const keys = await backend.call('jwt.publicKeys', { id: issuers.es });
    const header = (alg: string, kid = keys.currentKid) => b64({ alg, kid, typ: 'JWT' });
    const unsigned = `${header('none')}.${b64(claims())}.`;
    const hsInput = `${header('HS256')}.${b64(claims())}`;
    const hs256 = `${hsInput}.${createHmac('sha256', keys.currentPem).update(hsInput).digest('base64url')}`;
    return [
      { name: 'a good token', token: good, caller: order, action, expect: refused === 401 ? 200 : 'OK' },
      { name: 'a token for another service', token: await mint(issuers.es, 'order-service', 'inventory-service'), caller: order, action, expect: refused, reason: /audience/ },
      { name: 'an expired token', token: await mint(issuers.es, 'order-service', SERVICE, T - 3600), caller: order, action, expect: refused, reason: /^token is expired by 50m0s$/ },
      { name: "order-service's token with inventory-service's certificate", token: good, caller: inventory, action, expect: refused, reason: /CommonName "inventory-service"/ },
      { name: 'alg none', token: unsigned, caller: order, action, expect: refused, reason: /none/ },
      { name: 'HS256 signed with the public key', token: hs256, caller: order, action, expect: refused, reason: /HS256/ },
      { name: 'a changed signature', token: tampered(good), caller: order, action, expect: refused, reason: /ecdsa/ },
      { name: 'an unknown kid with odd characters', token: `${header('ES256', 'kid\u0001\u00e9\u2028"\\')}.${b64(claims())}.c2ln`, caller: order, action, expect: refused, reason: /^unknown kid "kid\\x01\u00e9\\u2028\\"\\\\"$/ },
      { name: 'a token of another issuer', token: await mint(issuers.rsa, 'order-service'), caller: order, action, expect: refused, reason: /RS256/ },
      { name: 'no exp', token: await signed(issuers.es, claims({ exp: undefined })), caller: order, action, expect: refused, reason: /exp/ },
      { name: 'another iss', token: await signed(issuers.es, claims({ iss: 'someone-else' })), caller: order, action, expect: refused, reason: /issuer/ },
      { name: 'nbf in the future', token: await signed(issuers.es, claims({ nbf: T + 300 })), caller: order, action, expect: refused, reason: /not valid yet/ },
      { name: 'iat in the future', token: await signed(issuers.es, claims({ iat: T + 300 })), caller: order, action, expect: refused, reason: /before issued/ },
      { name: 'a "Bearer " prefix', token: `Bearer ${good}`, caller: order, action, expect: refused, reason: /bearer/ },
    ];
  }

  // ---- The tests ----------------------------------------------------------------------------

  test('HTTP: RequireServiceToken answers what jwt.verify diagnoses, check by check', async () => {
    for (const c of await tokenCases('charge', 401)) await judge('http', issuers.es, servers.es, c);
    await judge('http', issuers.es, servers.es, { name: 'no token', token: undefined, caller: client.order, action: 'charge', expect: 401, reason: /^missing X-Service-Token header$/ });
    const inventoryToken = await mint(issuers.es, 'inventory-service');
    await judge('http', issuers.es, servers.es, { name: 'an action the policy does not grant', token: inventoryToken, caller: client.inventory, action: 'charge', expect: 403, reason: /^policy does not let "inventory-service" call payment-service:charge$/ });
    await judge('http', issuers.es, servers.es, { name: 'an action the policy grants', token: inventoryToken, caller: client.inventory, action: 'check', expect: 200 });
  });

  test('gRPC: the interceptors answer Unauthenticated / PermissionDenied with the same words', async () => {
    for (const c of await tokenCases('check', 'Unauthenticated')) await judge('grpc', issuers.es, servers.es, c);
    await judge('grpc', issuers.es, servers.es, { name: 'no token', token: undefined, caller: client.order, action: 'check', expect: 'Unauthenticated', reason: /^missing x-service-token metadata$/ });
    const inventoryToken = await mint(issuers.es, 'inventory-service');
    await judge('grpc', issuers.es, servers.es, { name: 'a stream the policy does not grant', token: inventoryToken, caller: client.inventory, action: 'watch', expect: 'PermissionDenied', reason: /^policy does not let "inventory-service" call payment-service:watch$/ });
    await judge('grpc', issuers.es, servers.es, { name: 'a stream the policy grants', token: await mint(issuers.es, 'order-service'), caller: client.order, action: 'watch', expect: 'OK' });
    await judge('grpc', issuers.es, servers.es, { name: 'a unary call the policy grants', token: inventoryToken, caller: client.inventory, action: 'check', expect: 'OK' });
  });

  test('RS256 and EdDSA issuers: their JWKS loads, their tokens pass, another algorithm and a changed signature do not', async () => {
    for (const [issuer, target, signature] of [
      [issuers.rsa, servers.rsa, /crypto\/rsa/],
      [issuers.ed, servers.ed, /ed25519/],
    ] as const) {
      const good = await mint(issuer, 'order-service');
      await judge('http', issuer, target, { name: 'a good token', token: good, caller: client.order, action: 'charge', expect: 200 });
      await judge('grpc', issuer, target, { name: 'a good token', token: good, caller: client.order, action: 'check', expect: 'OK' });
      await judge('http', issuer, target, { name: 'a changed signature', token: tampered(good), caller: client.order, action: 'charge', expect: 401, reason: signature });
      await judge('http', issuer, target, { name: 'an ES256 token', token: await mint(issuers.es, 'order-service'), caller: client.order, action: 'charge', expect: 401, reason: /ES256/ });
    }
  });

  test('the log has one line per refusal with sub, aud, path or method and the reason, and never a token', async () => {
    const { lines = [] } = await peer.ask({ op: 'logs' });
    // Three servers logged their start-up: nothing, since their files read well.
    assert.equal(lines.length, refusals, lines.join('\n'));
    for (const line of lines) assert.match(line, /^servicetoken: refused sub="[^"]*" aud="[^"]*" (path|method)="[^"]+": \S/, line);
    assert.ok(lines.some((l) => l.startsWith(`servicetoken: refused sub="inventory-service" aud="${SERVICE}" path="/charge": policy does not let`)), lines.join('\n'));
    for (const token of sent) {
      const signature = token.split('.')[2] ?? '';
      for (const line of lines) {
        assert.ok(!line.includes(token), `a token is in the log: ${line}`);
        if (signature.length > 8) assert.ok(!line.includes(signature), `a signature is in the log: ${line}`);
      }
    }
  });

  test('a changed policy file is read again; the middleware decides by it, not by the scope, as the diagnosis says', async () => {
    const token = await mint(issuers.es, 'order-service'); // scope: charge refund check watch
    await backend.call('policy.save', { text: policyText(['charge', 'check', 'watch']) });
    await writeFile(policyFile, (await backend.call('policy.get')).text);
    await judge('http', issuers.es, servers.es, { name: 'refund, no longer granted', token, caller: client.order, action: 'refund', expect: 403, reason: /call payment-service:refund$/ });
    // The token's scope still claims refund, which the policy no longer grants: the diagnosis fails
    // the scope check, and says Go lets charge through — which Go does.
    const answer = await peer.ask({ op: 'http', url: `https://${servers.es.http}/charge`, cert: client.order.cert, key: client.order.key, ca: client.order.ca, token });
    assert.equal(answer.status, 200, answer.body);
    const diagnosis = await diagnose(issuers.es, token, client.order, 'charge');
    assert.equal(diagnosis.golangJwt, null);
    assert.equal(diagnosis.checks.find((c) => c.id === 'scope')?.outcome, 'fail');
  });

  test('the Go client and PerRPCCredentials get tokens from the lab token endpoint and are let in', async (t) => {
    const { call, services } = backend;
    const stopped = await call('jwt.snippets', { id: issuers.es, service: SERVICE });
    let url: string;
    try {
      url = (await services.tokenEndpoints.start({ id: issuers.es, authorityId: rootId })).url!;
    } catch (error) {
      if (/not written yet/.test((error as Error).message)) return t.skip('the token endpoint (token-server.ts) is not written yet');
      throw error;
    }
    // With the endpoint running, the client file names it (and says so); nothing else changes.
    const running = await call('jwt.snippets', { id: issuers.es, service: SERVICE });
    const clientFile = (list: readonly SnippetView[]) => list.find((s) => s.filename === 'servicetoken_client.go')!.text;
    const endpointLines = (text: string) => text.split('\n').filter((line) => /TokenEndpoint = |token endpoint ran|lab endpoint of/.test(line));
    assert.deepEqual(endpointLines(clientFile(running)).slice(-1), [`const TokenEndpoint = "${url}"`]);
    assert.deepEqual(endpointLines(clientFile(stopped)).slice(-1), [`const TokenEndpoint = "${PLACEHOLDER_TOKEN_URL}"`]);
    const without = (text: string) => text.split('\n').filter((line) => endpointLines(line).length === 0).join('\n');
    for (const s of running) assert.ok(without(s.text) === without(stopped.find((b) => b.filename === s.filename)?.text ?? ''), `${s.filename} changed with the endpoint`);

    const signedSoFar = async () => (await call('jwt.issuers')).find((i) => i.id === issuers.es)!.tokensSigned;
    const signedBefore = await signedSoFar();
    const { order, inventory } = client;
    const asked = { endpoint: url, audience: SERVICE, ca: order.ca };
    const viaTransport = await peer.ask({ op: 'client-http', ...asked, cert: order.cert, key: order.key, url: `https://${servers.es.http}/charge`, times: 3 });
    assert.equal(viaTransport.error, undefined, viaTransport.error);
    assert.deepEqual(
      viaTransport.results?.map((r) => [r.status, r.body]),
      Array.from({ length: 3 }, () => [200, 'accepted order-service for /charge']),
    );
    assert.equal(await signedSoFar(), signedBefore + 1, 'three requests, one token: the TokenSource keeps it until 30 s before exp');

    const viaCredentials = await peer.ask({ op: 'client-grpc', ...asked, cert: order.cert, key: order.key, addr: servers.es.grpc, method: 'check' });
    assert.equal(viaCredentials.error, undefined, viaCredentials.error);
    assert.equal(viaCredentials.code, 'OK', viaCredentials.message);
    assert.equal(await signedSoFar(), signedBefore + 2, 'two calls, one token');

    // inventory-service gets a token (the policy grants it check), but not the call to charge.
    const denied = await peer.ask({ op: 'client-http', ...asked, cert: inventory.cert, key: inventory.key, url: `https://${servers.es.http}/charge`, times: 1 });
    assert.deepEqual(
      denied.results?.map((r) => [r.status, r.body]),
      [[403, `policy does not let "inventory-service" call ${SERVICE}:charge`]],
    );
    await services.tokenEndpoints.stop(issuers.es);
  });
});

test('every placeholder is filled, once: a name with underscores stays as it is; unsafe input is refused', () => {
  const policy = { version: 1 as const, services: { a__SERVICE__b: { calls: ['payment-service:charge'] }, 'payment-service': { calls: [] } } };
  const snippets = serviceTokenSnippets({ issuer: 'https://auth.example/x__ISSUER__', algorithm: 'EdDSA', service: 'a__SERVICE__b', policy, endpointUrl: 'https://127.0.0.1:8443' });
  assert.deepEqual(
    snippets.map((s) => [s.filename, s.language, s.complete]),
    ['servicetoken_http.go', 'servicetoken_grpc.go', 'servicetoken_client.go', 'servicetoken_creds.go', 'servicetoken.go', 'servicetoken_keys.go'].map((f) => [f, 'go', true]),
  );
  const all = snippets.map((s) => s.text).join('\n');
  assert.doesNotMatch(all.replaceAll('a__SERVICE__b', '').replaceAll('x__ISSUER__', ''), /__[A-Z_]+__/);
  assert.match(all, /Issuer: {5}"https:\/\/auth\.example\/x__ISSUER__",\n\t\tAudience: {3}"a__SERVICE__b",\n\t\tAlgorithm: {2}"EdDSA",\n\t\tJWKSFile: {3}"https-auth\.example-x__ISSUER__\.jwks\.json"/);
  assert.match(all, /const TokenEndpoint = "https:\/\/127\.0\.0\.1:8443"/);
  assert.match(all, /NewTokenSource\(servicetoken\.TokenEndpoint, "payment-service", tlsConfig\)/);
  for (const bad of [{ issuer: 'iss"; panic()' }, { service: 'a b' }, { endpointUrl: 'https://127.0.0.1:1/"' }]) {
    assert.throws(() => serviceTokenSnippets({ issuer: 'lab', algorithm: 'ES256', service: 'svc', policy, endpointUrl: null, ...bad }), (e: Error & { code?: string }) => e.code === 'INVALID_INPUT');
  }
});
