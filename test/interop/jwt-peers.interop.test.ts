/**
 * Service tokens judged by outside JWT implementations (issue 15), for ES256, RS256 and EdDSA:
 *   - Debian's `jwt`, golang-jwt's own command (4.4.3): `jwt -key pub.pem -alg ALG -verify FILE`.
 *     It verifies the signature and exp/nbf/iat but not iss or aud, and it does NOT pin the
 *     algorithm: -alg only says how to read the key file; the token's header picks the method.
 *   - python3-jwt (PyJWT 2.6, Debian's, always /usr/bin/python3): `jwt.decode(token, key,
 *     algorithms=[ALG], audience=…, issuer=…)`, keys from our JWKS (`PyJWK.from_dict`) or the PEM.
 * Both ways: tokens Certwright mints verify in both peers; tokens the peers sign with a key made by
 * openssl verify in Certwright's diagnoseToken given that key's public JWK, and the same peers'
 * tokens under a known kid but from ANOTHER key are refused for their signature — by the engine and
 * by the issuer's own verify. Hand-built `alg: none` and HS256-with-the-public-key-as-secret tokens
 * are refused by Certwright, and — for the record — by python3-jwt when the algorithm is pinned.
 * Where Certwright quotes golang-jwt, the words are compared with what the peer printed here.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, createPublicKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { diagnoseToken } from '../../electron/engine/jwt/diagnose.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenDiagnosis } from '../../shared/domain/service-identity.js';
import { english } from '../../shared/i18n/english.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

/** Debian's python3: a pyenv python3 earlier on PATH has no Debian modules. */
const PYTHON = '/usr/bin/python3';

const POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-service:charge"] },
    "payment-service": { "calls": [] }
  }
}
`;

/** Decodes a token with PyJWT, the algorithm pinned; prints the claims, or `ErrorClass: message` and exits 3. */
const PY_DECODE = `
import json, sys, jwt
mode, token_path, key_path, alg, aud, iss = sys.argv[1:7]
token = open(token_path).read().strip()
if mode == 'jwks':
    kid = jwt.get_unverified_header(token).get('kid')
    match = [k for k in json.load(open(key_path))['keys'] if k.get('kid') == kid]
    if not match:
        print('NoKey: no key with kid %s' % kid)
        sys.exit(3)
    key = jwt.PyJWK.from_dict(match[0]).key
else:
    key = open(key_path).read()
try:
    claims = jwt.decode(token, key, algorithms=[alg], audience=aud or None, issuer=iss or None)
except jwt.PyJWTError as e:
    print('%s: %s' % (type(e).__name__, e))
    sys.exit(3)
print(json.dumps(claims))
`;

/** Signs claims with PyJWT: header {alg, kid, typ}. */
const PY_ENCODE = `
import json, sys, jwt
key_path, alg, kid, claims_path = sys.argv[1:5]
print(jwt.encode(json.load(open(claims_path)), open(key_path).read(), algorithm=alg, headers={'kid': kid}))
`;

const OPENSSL_KEY: Readonly<Record<TokenAlgorithm, readonly string[]>> = {
  ES256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  RS256: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  EdDSA: ['-algorithm', 'ED25519'],
};

interface OutsideKey {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly jwk: JWK;
  readonly kid: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** RFC 7638 thumbprint, computed here (not by the code under test). */
function thumbprint(jwk: NodeJwk): string {
  const canonical = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

/** Failed checks, by id. */
const failed = (d: TokenDiagnosis) => d.checks.filter((c) => c.outcome === 'fail').map((c) => c.id);

/** golang-jwt's command prints `Error: couldn't parse token: <the library's error>` on stderr. */
function goError(result: { code: number; stderr: string }): string {
  assert.equal(result.code, 1, result.stderr);
  const match = /^Error: couldn't parse token: (.+)\n?$/.exec(result.stderr);
  assert.ok(match, `golang-jwt printed: ${result.stderr}`);
  return match[1]!;
}

/** Made here, at the top level: a temp dir made in a `before` hook would be removed when the hook ends. */
const dir = await tempDir('certwright-jwt-peers-');

describe('service tokens and outside JWT verifiers', { timeout: 300_000 }, () => {
  let backend: ReturnType<typeof openBackend>;
  const issuers = new Map<TokenAlgorithm, { id: string; name: string; pemPath: string; jwksPath: string; kid: string; pem: string }>();
  const outside = new Map<TokenAlgorithm, { mine: OutsideKey; mineKeyPath: string; minePubPath: string; other: OutsideKey; otherKeyPath: string }>();

  const py = (script: string, ...args: string[]) => runPeer(PYTHON, ['-c', script, ...args]);
  const goVerify = async (keyPath: string, alg: string, token: string) => runPeer('jwt', ['-key', keyPath, '-alg', alg, '-verify', await writeTemp(dir, `token-${Math.random().toString(36).slice(2)}.jwt`, token)]);
  const pyVerify = async (mode: 'jwks' | 'pem', keyPath: string, alg: string, token: string, aud = 'payment-service', iss = '') =>
    py(PY_DECODE, mode, await writeTemp(dir, `token-${Math.random().toString(36).slice(2)}.jwt`, token), keyPath, alg, aud, iss);

  async function outsideKey(alg: TokenAlgorithm, name: string): Promise<{ key: OutsideKey; keyPath: string; pubPath: string }> {
    const keyPath = join(dir, `${name}.key.pem`);
    const made = await runPeer('openssl', ['genpkey', ...OPENSSL_KEY[alg], '-out', keyPath]);
    assert.equal(made.code, 0, made.stderr);
    const pub = await runPeer('openssl', ['pkey', '-in', keyPath, '-pubout']);
    assert.equal(pub.code, 0, pub.stderr);
    const nodeJwk = createPublicKey(pub.stdout).export({ format: 'jwk' }) as NodeJwk;
    const kid = thumbprint(nodeJwk);
    return { key: { privatePem: await readFile(keyPath, 'utf8'), publicPem: pub.stdout, jwk: { ...(nodeJwk as JWK), kid, alg, use: 'sig' }, kid }, keyPath, pubPath: await writeTemp(dir, `${name}.pub.pem`, pub.stdout) };
  }

  /** Claims as a service token carries them, valid for five minutes from now. */
  function claimsFor(iss: string, extra: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return { iss, sub: 'order-service', aud: 'payment-service', iat: now, nbf: now, exp: now + 300, jti: `peer-${Math.random().toString(36).slice(2)}`, scope: 'payment-service:charge', ...extra };
  }

  /** A token signed by python3-jwt and one by golang-jwt's command, with `key` and header kid `kid`. */
  async function peerTokens(alg: TokenAlgorithm, keyPath: string, kid: string, claims: Record<string, unknown>): Promise<Array<[string, string]>> {
    const claimsPath = await writeTemp(dir, `claims-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(claims));
    const python = await py(PY_ENCODE, keyPath, alg, kid, claimsPath);
    assert.equal(python.code, 0, python.stderr);
    const go = await runPeer('jwt', ['-key', keyPath, '-alg', alg, '-sign', claimsPath, '-header', `kid=${kid}`]);
    assert.equal(go.code, 0, go.stderr);
    return [
      ['python3-jwt', python.stdout.trim()],
      ['golang-jwt', go.stdout.trim()],
    ];
  }

  before(async () => {
    const versions = await Promise.all([runPeer(PYTHON, ['-c', 'import jwt, cryptography; print(jwt.__version__)']), runPeer('dpkg-query', ['-W', '-f', '${Version}', 'jwt'])]);
    console.log(`peers: python3-jwt ${versions[0].stdout.trim()} (${PYTHON}), golang-jwt's jwt command ${versions[1].stdout.trim()}`);
    assert.equal(versions[0].code, 0, `python3-jwt is missing: ${versions[0].stderr}`);
    backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'jwt peers passphrase' });
    await backend.call('policy.save', { text: POLICY });
    for (const alg of TOKEN_ALGORITHMS) {
      const issuer = await backend.call('jwt.createIssuer', { name: `peers.${alg.toLowerCase()}`, algorithm: alg });
      const keys = await backend.call('jwt.publicKeys', { id: issuer.id });
      issuers.set(alg, {
        id: issuer.id,
        name: issuer.name,
        kid: keys.currentKid,
        pem: keys.currentPem,
        pemPath: await writeTemp(dir, `${alg}.pub.pem`, keys.currentPem),
        jwksPath: await writeTemp(dir, `${alg}.jwks.json`, keys.jwks),
      });
      const mine = await outsideKey(alg, `${alg}-mine`);
      const other = await outsideKey(alg, `${alg}-other`);
      outside.set(alg, { mine: mine.key, mineKeyPath: mine.keyPath, minePubPath: mine.pubPath, other: other.key, otherKeyPath: other.keyPath });
    }
  });

  for (const alg of TOKEN_ALGORITHMS) {
    describe(alg, () => {
      test('tokens Certwright mints verify in golang-jwt\'s jwt and in python3-jwt (JWKS and PEM); an edited one is refused by both, with the words Certwright quotes', async () => {
        const issuer = issuers.get(alg)!;
        const minted = await backend.call('jwt.mint', { id: issuer.id, service: 'order-service', audience: 'payment-service' });
        assert.deepEqual(minted.header, { alg, kid: issuer.kid, typ: 'JWT' });

        const go = await goVerify(issuer.pemPath, alg, minted.token);
        assert.equal(go.code, 0, go.stderr);
        assert.deepEqual(JSON.parse(go.stdout), minted.claims);
        for (const [mode, keyPath] of [['jwks', issuer.jwksPath], ['pem', issuer.pemPath]] as const) {
          const python = await pyVerify(mode, keyPath, alg, minted.token, 'payment-service', issuer.name);
          assert.equal(python.code, 0, `${mode}: ${python.stdout}${python.stderr}`);
          assert.deepEqual(JSON.parse(python.stdout), minted.claims);
        }
        // python3-jwt checks aud and iss as asked (golang-jwt's command checks neither).
        const elsewhere = await pyVerify('jwks', issuer.jwksPath, alg, minted.token, 'inventory-service', issuer.name);
        assert.equal(elsewhere.code, 3);
        assert.match(elsewhere.stdout, /^InvalidAudienceError: /);

        // The claims edited after signing (a scope widened): every verifier refuses the signature.
        const [h, , s] = minted.token.split('.');
        const edited = `${h}.${b64url({ ...minted.claims, scope: 'payment-service:charge payment-service:refund' })}.${s}`;
        const ours = await backend.call('jwt.verify', { id: issuer.id, token: edited, audience: 'payment-service' });
        // (the widened scope is not what the policy grants, either)
        assert.deepEqual(failed(ours), ['signature', 'scope']);
        assert.equal(ours.golangJwt, goError(await goVerify(issuer.pemPath, alg, edited)), 'Certwright quotes golang-jwt as it speaks');
        const python = await pyVerify('jwks', issuer.jwksPath, alg, edited);
        assert.equal(python.code, 3);
        assert.match(python.stdout, /^InvalidSignatureError: /);
      });

      test('tokens python3-jwt and golang-jwt sign with a key made by openssl verify in diagnoseToken; from another key under the same kid, refused for the signature', async () => {
        const { mine, mineKeyPath, minePubPath, other, otherKeyPath } = outside.get(alg)!;
        const issuer = { name: 'outside-issuer', algorithm: alg, keys: [{ kid: mine.kid, algorithm: alg, publicJwk: mine.jwk }] };
        for (const [peer, token] of await peerTokens(alg, mineKeyPath, mine.kid, claimsFor('outside-issuer'))) {
          const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
          assert.equal(header.alg, alg, peer);
          assert.equal(header.kid, mine.kid, peer);
          const diagnosis = await diagnoseToken({ token, issuer, audience: 'payment-service', now: new Date() });
          assert.equal(diagnosis.valid, true, `${peer}: ${JSON.stringify(diagnosis.checks.filter((c) => c.outcome === 'fail'))}`);
          assert.equal(diagnosis.golangJwt, null, peer);
          // And the peers agree with each other.
          assert.equal((await goVerify(minePubPath, alg, token)).code, 0, peer);
        }
        for (const [peer, token] of await peerTokens(alg, otherKeyPath, mine.kid, claimsFor('outside-issuer'))) {
          const diagnosis = await diagnoseToken({ token, issuer, audience: 'payment-service', now: new Date() });
          assert.deepEqual(failed(diagnosis), ['signature'], peer);
          assert.equal(diagnosis.golangJwt, goError(await goVerify(minePubPath, alg, token)), `${peer}: Certwright quotes golang-jwt as it speaks`);
        }
        assert.notEqual(other.kid, mine.kid);
      });

      test('a token an outside tool signs under the issuer\'s own kid and iss, with a key that is not the issuer\'s, is refused by the issuer\'s verify (signature)', async () => {
        const issuer = issuers.get(alg)!;
        const { otherKeyPath } = outside.get(alg)!;
        for (const [peer, token] of await peerTokens(alg, otherKeyPath, issuer.kid, claimsFor(issuer.name))) {
          const diagnosis = await backend.call('jwt.verify', { id: issuer.id, token, audience: 'payment-service', action: 'payment-service:charge' });
          assert.equal(diagnosis.valid, false, peer);
          assert.deepEqual(failed(diagnosis), ['signature'], peer);
          assert.equal(diagnosis.checks.find((c) => c.id === 'kid')!.outcome, 'pass', `${peer}: the kid is the issuer's, only the signature betrays it`);
          assert.equal(diagnosis.golangJwt, goError(await goVerify(issuer.pemPath, alg, token)), peer);
          const python = await pyVerify('jwks', issuer.jwksPath, alg, token);
          assert.equal(python.code, 3, peer);
          assert.match(python.stdout, /^InvalidSignatureError: /, peer);
        }
      });

      test('hand-built alg none and HS256 with the public key as the secret: refused by Certwright; for the record, by python3-jwt when pinned, and by golang-jwt\'s command only because of the key type', async () => {
        const issuer = issuers.get(alg)!;
        const claims = claimsFor(issuer.name);
        const none = `${b64url({ alg: 'none', kid: issuer.kid, typ: 'JWT' })}.${b64url(claims)}.`;
        const signingInput = `${b64url({ alg: 'HS256', kid: issuer.kid, typ: 'JWT' })}.${b64url(claims)}`;
        // The secret is the PEM exactly as published (and as a verifier reads it from its file).
        const hs256 = `${signingInput}.${createHmac('sha256', issuer.pem).update(signingInput).digest('base64url')}`;

        const noneDiagnosis = await backend.call('jwt.verify', { id: issuer.id, token: none, audience: 'payment-service' });
        assert.deepEqual(failed(noneDiagnosis), ['algorithm']);
        assert.equal(noneDiagnosis.checks.find((c) => c.id === 'signature')!.outcome, 'skipped', 'no verifier is ever given an unsigned token');
        assert.match(english(noneDiagnosis.checks.find((c) => c.id === 'algorithm')!.message), /the token is not signed at all/);
        const hsDiagnosis = await backend.call('jwt.verify', { id: issuer.id, token: hs256, audience: 'payment-service' });
        assert.deepEqual(failed(hsDiagnosis), ['algorithm']);
        assert.match(english(hsDiagnosis.checks.find((c) => c.id === 'algorithm')!.message), /algorithm confusion/);
        assert.equal(hsDiagnosis.checks.find((c) => c.id === 'signature')!.outcome, 'skipped');

        // python3-jwt, algorithms pinned to the issuer's: both refused before any key is used.
        for (const token of [none, hs256]) {
          for (const [mode, keyPath] of [['jwks', issuer.jwksPath], ['pem', issuer.pemPath]] as const) {
            const python = await pyVerify(mode, keyPath, alg, token);
            assert.equal(python.code, 3, `${mode}: ${python.stdout}`);
            assert.match(python.stdout, /^InvalidAlgorithmError: /, mode);
          }
        }
        // Even told to accept HS256, python3-jwt will not take a PEM public key as an HMAC secret.
        const told = await pyVerify('pem', issuer.pemPath, 'HS256', hs256);
        assert.equal(told.code, 3);
        assert.match(told.stdout, /^InvalidKeyError: /);

        // golang-jwt's command lets the header choose the method: given -alg ALG it reads an
        // asymmetric public key, which the none and HMAC methods then refuse as the wrong key type…
        const goNone = goError(await goVerify(issuer.pemPath, alg, none));
        const goHs = goError(await goVerify(issuer.pemPath, alg, hs256));
        console.log(`golang-jwt's command, -alg ${alg}: alg none → "${goNone}"; HS256 → "${goHs}"`);
        // …but given -alg HS256 and the same file, it accepts the forgery: only a verifier that pins
        // the algorithm (Certwright, the generated middleware, python3-jwt above) is safe from it.
        const forged = await goVerify(issuer.pemPath, 'HS256', hs256);
        assert.equal(forged.code, 0, 'golang-jwt\'s command, unpinned, accepts an HS256 token keyed with the public PEM');
        assert.equal((JSON.parse(forged.stdout) as { iss: string }).iss, issuer.name);
      });
    });
  }

  test('the JWKS python3-jwt loads is public only: PyJWK sees public keys', async () => {
    for (const alg of TOKEN_ALGORITHMS) {
      const result = await py(
        `
import json, sys, jwt
for k in json.load(open(sys.argv[1]))['keys']:
    key = jwt.PyJWK.from_dict(k).key
    print(type(key).__name__, hasattr(key, 'private_bytes'))
`,
        issuers.get(alg)!.jwksPath,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^_?\w*Public\w* False\n$/, `${alg}: ${result.stdout}`);
    }
  });

  test('the kid this test computes for the openssl keys is the one jose computes (the helper is right)', async () => {
    for (const alg of TOKEN_ALGORITHMS) {
      const { mine } = outside.get(alg)!;
      const { kid: _kid, alg: _alg, use: _use, ...members } = mine.jwk;
      assert.equal(await calculateJwkThumbprint(members, 'sha256'), mine.kid, alg);
    }
  });
});
