/**
 * The pure half of the ACME server (electron/engine/acme): the JWS rules of RFC 8555 §6.2 (flattened
 * serialization, algorithms, jwk xor kid, url, signatures verified for ES256, RS256 and EdDSA), the
 * external account binding (§7.3.4) and key rollover (§7.3.5) JWS, nonces (§6.5), key authorizations
 * (§8.1, §8.3, §8.4; RFC 7638's own thumbprint vector), order identifiers and the CSR-versus-order
 * rule at finalize (§7.4), contacts and revocation reasons, and the problem documents (§6.7).
 */
import { FlattenedSign, exportJWK, generateKeyPair } from 'jose';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { readContacts, revocationReason } from '../../electron/engine/acme/accounts.js';
import { dns01Matches, dns01Value, http01Matches, keyAuthorization } from '../../electron/engine/acme/challenges.js';
import { checkCsrNames, commonNameCandidates, readOrderIdentifiers, type AcmeIdentifier } from '../../electron/engine/acme/identifiers.js';
import {
  flattenedJws,
  jwkThumbprint,
  parseJwsBody,
  payloadJson,
  payloadObject,
  publicJwk,
  readProtectedHeader,
  requireKeyKind,
  requireUrl,
  verifyExternalAccountBinding,
  verifyJws,
  verifyKeyChange,
  type PublicJwk,
} from '../../electron/engine/acme/jws.js';
import { NonceBook, spendNonce } from '../../electron/engine/acme/nonces.js';
import { AcmeProblem, problemStatus } from '../../electron/engine/acme/problems.js';

const URL_ACCOUNT = 'https://127.0.0.1:8443/acct/0123456789abcdef0123456789abcdef';
const URL_NEW_ACCOUNT = 'https://127.0.0.1:8443/new-account';
const URL_KEY_CHANGE = 'https://127.0.0.1:8443/key-change';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Asserts that `work` fails with an AcmeProblem of this type (and detail). */
async function problem(work: () => unknown, type: string, detail?: RegExp): Promise<AcmeProblem> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof AcmeProblem, `expected an AcmeProblem, got ${String(error)}`);
    assert.equal(error.type, type, error.message);
    if (detail) assert.match(error.message, detail);
    return error;
  }
  assert.fail(`expected ${type}`);
}

async function keyPair(alg: 'ES256' | 'RS256' | 'EdDSA') {
  const pair = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { ...pair, jwk: (await exportJWK(pair.publicKey)) as PublicJwk };
}

async function sign(payload: unknown, header: Record<string, unknown>, key: CryptoKey | Uint8Array) {
  const data = payload === '' ? new Uint8Array() : bytes(payload);
  return new FlattenedSign(data).setProtectedHeader(header as { alg: string }).sign(key);
}

describe('the flattened JWS and its protected header (§6.2)', () => {
  test('a body that is not a flattened JWS is malformed, each in its own words', async () => {
    await problem(() => parseJwsBody(new TextEncoder().encode('{oops')), 'malformed', /not JSON/);
    await problem(() => parseJwsBody(bytes([1, 2])), 'malformed', /flattened JSON serialization/);
    await problem(() => flattenedJws({ payload: '', signatures: [] }), 'malformed', /general JWS serialization/);
    await problem(() => flattenedJws({ protected: 'e30', payload: '', signature: 'AA', header: { kid: 'x' } }), 'malformed', /unprotected header/);
    await problem(() => flattenedJws({ protected: 'e30', payload: '', signature: 'AA', extra: 1 }), 'malformed', /members a flattened JWS does not have: extra/);
    await problem(() => flattenedJws({ payload: '', signature: 'AA' }), 'malformed', /no protected header/);
    await problem(() => flattenedJws({ protected: 'e30', signature: 'AA' }), 'malformed', /no payload/);
    await problem(() => flattenedJws({ protected: 'e30', payload: '' }), 'malformed', /no signature/);
    await problem(() => flattenedJws({ protected: 'e30=', payload: '', signature: 'AA' }), 'malformed', /not base64url/);
  });

  test('the algorithm: ES256, RS256 and EdDSA only; none and MACs are badSignatureAlgorithm with the list', async () => {
    const { jwk } = await keyPair('ES256');
    for (const alg of ['none', 'HS256', 'ES384', 'PS256']) {
      const refused = await problem(() => readProtectedHeader({ protected: b64({ alg, jwk, nonce: 'abc', url: URL_NEW_ACCOUNT }), payload: '', signature: 'AA' }), 'badSignatureAlgorithm');
      assert.deepEqual(refused.document().algorithms, ['ES256', 'RS256', 'EdDSA']);
    }
    await problem(() => readProtectedHeader({ protected: b64({ jwk, url: URL_NEW_ACCOUNT }), payload: '', signature: 'AA' }), 'badSignatureAlgorithm', /no algorithm/);
  });

  test('exactly one of jwk and kid, a url, a base64url nonce; crit is refused', async () => {
    const { jwk } = await keyPair('ES256');
    const header = (h: Record<string, unknown>) => readProtectedHeader({ protected: b64(h), payload: '', signature: 'AA' });
    await problem(() => header({ alg: 'ES256', jwk, kid: URL_ACCOUNT, nonce: 'n', url: URL_ACCOUNT }), 'malformed', /both jwk and kid/);
    await problem(() => header({ alg: 'ES256', nonce: 'n', url: URL_ACCOUNT }), 'malformed', /neither jwk nor kid/);
    await problem(() => header({ alg: 'ES256', kid: URL_ACCOUNT, nonce: 'n' }), 'malformed', /no url/);
    await problem(() => header({ alg: 'ES256', kid: URL_ACCOUNT, nonce: 'a+b', url: URL_ACCOUNT }), 'badNonce', /base64url/);
    await problem(() => header({ alg: 'ES256', kid: URL_ACCOUNT, nonce: 'n', url: URL_ACCOUNT, crit: ['b64'], b64: false }), 'malformed', /crit or b64/);
    await problem(() => header({ alg: 'ES256', kid: 42, nonce: 'n', url: URL_ACCOUNT }), 'malformed', /not an account URL/);
    const read = header({ alg: 'ES256', jwk: { ...jwk, alg: 'ES256', use: 'sig' }, nonce: 'n0nce', url: URL_NEW_ACCOUNT });
    assert.deepEqual(read, { alg: 'ES256', nonce: 'n0nce', url: URL_NEW_ACCOUNT, jwk: { crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y }, kid: null });
    assert.equal(header({ alg: 'ES256', kid: URL_ACCOUNT, url: URL_ACCOUNT }).nonce, null, 'whether a nonce is required is the caller’s rule');

    requireKeyKind(read, 'jwk', 'new-account');
    requireKeyKind(read, 'either', 'revoke-cert');
    await problem(() => requireKeyKind(read, 'kid', 'A new-order request'), 'malformed', /kid/);
    requireUrl(read, URL_NEW_ACCOUNT);
    await problem(() => requireUrl(read, URL_ACCOUNT), 'unauthorized', /not the URL this request was sent to/);
  });

  test('the key fits the algorithm, is public only and strong enough', async () => {
    const ec = await keyPair('ES256');
    const rsa = await keyPair('RS256');
    const ed = await keyPair('EdDSA');
    assert.deepEqual(publicJwk(ec.jwk, 'ES256'), { crv: 'P-256', kty: 'EC', x: ec.jwk.x, y: ec.jwk.y });
    assert.deepEqual(publicJwk(rsa.jwk, 'RS256'), { e: rsa.jwk.e, kty: 'RSA', n: rsa.jwk.n });
    assert.deepEqual(publicJwk(ed.jwk, 'EdDSA'), { crv: 'Ed25519', kty: 'OKP', x: ed.jwk.x });
    await problem(() => publicJwk(rsa.jwk, 'ES256'), 'badPublicKey', /EC P-256/);
    await problem(() => publicJwk(ec.jwk, 'EdDSA'), 'badPublicKey', /Ed25519/);
    await problem(() => publicJwk({ ...ec.jwk, crv: 'P-384' }, 'ES256'), 'badPublicKey');
    await problem(() => publicJwk({ ...ec.jwk, d: 'secret' }, 'ES256'), 'badPublicKey', /private key members \(d\)/);
    await problem(() => publicJwk('jwk', 'ES256'), 'malformed');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    await problem(() => publicJwk(weak, 'RS256'), 'badPublicKey', /1024 bits/);
  });

  test('signatures verify for ES256, RS256 and EdDSA; a changed payload or another key is malformed', async () => {
    for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
      const { privateKey, jwk } = await keyPair(alg);
      const jws = await sign({ contact: [] }, { alg, jwk, nonce: 'n', url: URL_NEW_ACCOUNT }, privateKey);
      const parsed = parseJwsBody(bytes(jws));
      const header = readProtectedHeader(parsed);
      assert.deepEqual(payloadJson(await verifyJws(parsed, header.alg, header.jwk!)), { contact: [] });
      await problem(() => verifyJws({ ...parsed, payload: b64({ contact: ['mailto:x@y.test'] }) }, header.alg, header.jwk!), 'malformed', /does not verify/);
      const other = await keyPair(alg);
      await problem(() => verifyJws(parsed, header.alg, publicJwk(other.jwk, alg)), 'malformed', /does not verify/);
    }
    const ec = await keyPair('ES256');
    const rsa = await keyPair('RS256');
    const jws = parseJwsBody(bytes(await sign('', { alg: 'ES256', kid: URL_ACCOUNT, nonce: 'n', url: URL_ACCOUNT }, ec.privateKey)));
    await problem(() => verifyJws(jws, 'ES256', publicJwk(rsa.jwk, 'RS256')), 'malformed', /does not make/);
  });

  test('payloads: empty is POST-as-GET, an object where one is needed', async () => {
    assert.equal(payloadJson(new Uint8Array()), null);
    assert.deepEqual(payloadObject(bytes({}), 'x'), {});
    await problem(() => payloadObject(new Uint8Array(), 'A finalize request'), 'malformed', /not POST-as-GET/);
    await problem(() => payloadObject(bytes([1]), 'A finalize request'), 'malformed', /JSON object/);
    await problem(() => payloadJson(new TextEncoder().encode('{')), 'malformed', /not JSON/);
  });
});

describe('nonces (§6.5)', () => {
  test('each nonce spends once; unknown, missing and forgotten ones are badNonce', async () => {
    const book = new NonceBook(3);
    const first = book.issue();
    assert.match(first, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(book.issue(), first);
    spendNonce(book, first);
    await problem(() => spendNonce(book, first), 'badNonce', /already used/);
    await problem(() => spendNonce(book, 'bm90LWlzc3VlZA'), 'badNonce', /unknown/);
    await problem(() => spendNonce(book, null), 'badNonce', /no nonce/);
    const old = book.issue();
    for (let i = 0; i < 3; i++) book.issue();
    assert.equal(book.size, 3, 'bounded');
    assert.equal(book.consume(old), false, 'the oldest is forgotten when the book is full');
  });
});

describe('key authorizations (§8)', () => {
  test('the thumbprint is RFC 7638’s, the key authorization token.thumbprint, dns-01 its SHA-256', async () => {
    // RFC 7638 §3.1's example key and its thumbprint.
    const rfc7638 = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
    };
    const thumbprint = await jwkThumbprint(rfc7638);
    assert.equal(thumbprint, 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    const keyAuth = keyAuthorization('evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA', thumbprint);
    assert.equal(keyAuth, 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    assert.equal(dns01Value(keyAuth), createHash('sha256').update(keyAuth).digest('base64url'));
    assert.ok(http01Matches(`${keyAuth}\n`, keyAuth));
    assert.ok(http01Matches(`  ${keyAuth}\r\n`, keyAuth));
    assert.ok(!http01Matches(`${keyAuth}x`, keyAuth));
    assert.ok(!http01Matches('', keyAuth));
    assert.ok(dns01Matches([['other'], [dns01Value(keyAuth).slice(0, 10), dns01Value(keyAuth).slice(10)]], keyAuth), 'a TXT record split in strings is joined');
    assert.ok(!dns01Matches([['other']], keyAuth));
  });
});

describe('external account binding (§7.3.4)', () => {
  const hmacKey = new Uint8Array(32).fill(7);
  const keyId = 'lab-key-1';

  test('HS256 over the account key, with the key id and the new-account url, no nonce', async () => {
    const { jwk } = await keyPair('ES256');
    const account = publicJwk(jwk, 'ES256');
    const binding = (header: Record<string, unknown>, payload: unknown = jwk, key = hmacKey) => sign(payload, { alg: 'HS256', kid: keyId, url: URL_NEW_ACCOUNT, ...header }, key);
    const expected = { keyId, hmacKey, url: URL_NEW_ACCOUNT, accountJwk: account };
    await verifyExternalAccountBinding(await binding({}), expected);
    await problem(() => verifyExternalAccountBinding(undefined, expected), 'externalAccountRequired', /--eab-kid/);
    await problem(async () => verifyExternalAccountBinding(await binding({}, jwk, new Uint8Array(32).fill(8)), expected), 'unauthorized', /does not verify with the HMAC key/);
    await problem(async () => verifyExternalAccountBinding(await binding({ kid: 'someone-else' }), expected), 'unauthorized', /does not know/);
    await problem(async () => verifyExternalAccountBinding(await binding({ url: URL_ACCOUNT }), expected), 'unauthorized', /new-account URL/);
    await problem(async () => verifyExternalAccountBinding(await binding({ nonce: 'n' }), expected), 'malformed', /nonce/);
    const other = await keyPair('ES256');
    await problem(async () => verifyExternalAccountBinding(await binding({}, other.jwk), expected), 'unauthorized', /binds another key/);
    await problem(async () => verifyExternalAccountBinding(await sign(jwk, { alg: 'HS512', kid: keyId, url: URL_NEW_ACCOUNT }, new Uint8Array(64)), expected), 'malformed', /HS256/);
    await problem(() => verifyExternalAccountBinding('AAAA', expected), 'malformed');
  });
});

describe('key rollover (§7.3.5)', () => {
  test('the inner JWS is signed by the new key, names the account and its old key, carries no nonce', async () => {
    const old = await keyPair('ES256');
    const next = await keyPair('EdDSA');
    const oldThumbprint = await jwkThumbprint(publicJwk(old.jwk, 'ES256'));
    const inner = (header: Record<string, unknown>, payload: unknown = { account: URL_ACCOUNT, oldKey: old.jwk }) => sign(payload, { alg: 'EdDSA', jwk: next.jwk, url: URL_KEY_CHANGE, ...header }, next.privateKey);
    const expected = { url: URL_KEY_CHANGE, accountUrl: URL_ACCOUNT, oldThumbprint };
    const rolled = await verifyKeyChange(await inner({}), expected);
    assert.deepEqual(rolled, { jwk: publicJwk(next.jwk, 'EdDSA'), thumbprint: await jwkThumbprint(publicJwk(next.jwk, 'EdDSA')) });
    await problem(async () => verifyKeyChange(await inner({ nonce: 'n' }), expected), 'malformed', /nonce/);
    await problem(async () => verifyKeyChange(await inner({ url: URL_ACCOUNT }), expected), 'malformed', /url of the outer/);
    await problem(async () => verifyKeyChange(await inner({}, { account: `${URL_ACCOUNT}0`, oldKey: old.jwk }), expected), 'unauthorized', /another account/);
    await problem(async () => verifyKeyChange(await inner({}, { account: URL_ACCOUNT, oldKey: next.jwk }), expected), 'unauthorized', /current key/);
    await problem(async () => verifyKeyChange(await inner({}, { account: URL_ACCOUNT, oldKey: 'x' }), expected), 'malformed', /oldKey/);
    const signedByOld = await sign({ account: URL_ACCOUNT, oldKey: old.jwk }, { alg: 'EdDSA', jwk: next.jwk, url: URL_KEY_CHANGE }, (await keyPair('EdDSA')).privateKey);
    await problem(() => verifyKeyChange(signedByOld, expected), 'malformed', /does not verify/);
    await problem(async () => verifyKeyChange(await sign({}, { alg: 'ES256', kid: URL_ACCOUNT, url: URL_KEY_CHANGE }, old.privateKey), expected), 'malformed', /new key \(jwk\)/);
  });
});

describe('order identifiers and the CSR at finalize (§7.4)', () => {
  test('dns and ip identifiers, normalized and merged; every refusal named in a subproblem', async () => {
    assert.deepEqual(
      readOrderIdentifiers(
        [
          { type: 'dns', value: 'WWW.Lab.Test' },
          { type: 'dns', value: 'www.lab.test' },
          { type: 'ip', value: '::0001' },
          { type: 'ip', value: '10.0.0.5' },
        ],
        { wildcards: false },
      ),
      [
        { type: 'dns', value: 'www.lab.test' },
        { type: 'ip', value: '::1' },
        { type: 'ip', value: '10.0.0.5' },
      ],
    );
    assert.deepEqual(readOrderIdentifiers([{ type: 'dns', value: '*.lab.test' }], { wildcards: true }), [{ type: 'dns', value: '*.lab.test' }]);
    await problem(() => readOrderIdentifiers([{ type: 'dns', value: '*.lab.test' }], { wildcards: false }), 'rejectedIdentifier', /dns-01/);
    await problem(() => readOrderIdentifiers([], { wildcards: false }), 'malformed');
    await problem(() => readOrderIdentifiers('www.lab.test', { wildcards: false }), 'malformed');
    await problem(() => readOrderIdentifiers(Array.from({ length: 101 }, (_, i) => ({ type: 'dns', value: `n${i}.lab.test` })), { wildcards: false }), 'malformed', /at most 100/);
    await problem(() => readOrderIdentifiers([{ type: 'email', value: 'a@lab.test' }], { wildcards: false }), 'unsupportedIdentifier');
    await problem(() => readOrderIdentifiers([{ type: 'dns', value: 'bücher.lab.test' }], { wildcards: false }), 'rejectedIdentifier', /xn--bcher-kva\.lab\.test/);
    await problem(() => readOrderIdentifiers([{ type: 'ip', value: '300.1.1.1' }], { wildcards: false }), 'rejectedIdentifier');
    const several = await problem(
      () =>
        readOrderIdentifiers(
          [
            { type: 'dns', value: 'ok.lab.test' },
            { type: 'dns', value: 'bad..lab.test' },
            { type: 'uri', value: 'spiffe://x' },
          ],
          { wildcards: false },
        ),
      'rejectedIdentifier',
      /2 identifiers are refused/,
    );
    assert.deepEqual(
      several.document().subproblems?.map((s) => [s.type, s.identifier.value]),
      [
        ['urn:ietf:params:acme:error:rejectedIdentifier', 'bad..lab.test'],
        ['urn:ietf:params:acme:error:unsupportedIdentifier', 'spiffe://x'],
      ],
    );
  });

  test('the CSR names exactly the order’s identifiers; a CN is one of them', async () => {
    const order: AcmeIdentifier[] = [
      { type: 'dns', value: 'www.lab.test' },
      { type: 'dns', value: 'api.lab.test' },
      { type: 'ip', value: '10.0.0.5' },
    ];
    const sans = [
      { type: 'ip' as const, value: '10.0.0.5' },
      { type: 'dns' as const, value: 'api.lab.test' },
      { type: 'dns' as const, value: 'www.lab.test' },
    ];
    checkCsrNames({ commonName: 'www.lab.test', sans, unreadable: [] }, order);
    checkCsrNames({ commonName: '', sans, unreadable: [] }, order);
    checkCsrNames({ commonName: '10.0.0.5', sans, unreadable: [] }, order);
    await problem(() => checkCsrNames({ commonName: 'www.lab.test', sans: [...sans, { type: 'dns', value: 'evil.lab.test' }], unreadable: [] }, order), 'badCSR', /names evil\.lab\.test, which the order does not/);
    await problem(() => checkCsrNames({ commonName: 'www.lab.test', sans: sans.slice(1), unreadable: [] }, order), 'badCSR', /leaves out 10\.0\.0\.5/);
    await problem(() => checkCsrNames({ commonName: 'evil.lab.test', sans, unreadable: [] }, order), 'badCSR', /CommonName "evil\.lab\.test"/);
    await problem(() => checkCsrNames({ commonName: '', sans: [...sans, { type: 'email', value: 'a@lab.test' }], unreadable: [] }, order), 'badCSR', /email address a@lab\.test/);
    await problem(() => checkCsrNames({ commonName: '', sans, unreadable: ['bad_name.lab.test'] }, order), 'badCSR', /"bad_name\.lab\.test", which is not a name Certwright can certify/);
  });

  test('the CommonName: the first DNS name that fits, else the first IP address', () => {
    assert.deepEqual(commonNameCandidates([{ type: 'ip', value: '10.0.0.5' }, { type: 'dns', value: 'www.lab.test' }]), ['www.lab.test', '10.0.0.5', 'ACME certificate']);
    assert.deepEqual(commonNameCandidates([{ type: 'dns', value: `${'a'.repeat(60)}.lab.test` }]), ['ACME certificate']);
  });
});

describe('accounts, revocation reasons, problem documents', () => {
  test('contacts are mailto: URLs with one valid address', async () => {
    assert.deepEqual(readContacts(undefined), []);
    assert.deepEqual(readContacts(['mailto:Ops@Lab.Test', 'mailto:Ops@lab.test']), ['mailto:Ops@lab.test']);
    await problem(() => readContacts(['tel:+123']), 'unsupportedContact');
    await problem(() => readContacts(['mailto:a@b.test,c@d.test']), 'invalidContact', /one address/);
    await problem(() => readContacts(['mailto:a@b.test?subject=x']), 'invalidContact');
    await problem(() => readContacts(['mailto:nobody']), 'invalidContact');
    await problem(() => readContacts('mailto:a@b.test'), 'malformed');
    await problem(() => readContacts(Array.from({ length: 11 }, (_, i) => `mailto:a${i}@b.test`)), 'invalidContact', /at most 10/);
  });

  test('a subscriber may give 0, 1, 3, 4 or 5', async () => {
    assert.equal(revocationReason(undefined), 'unspecified');
    assert.equal(revocationReason(1), 'keyCompromise');
    assert.equal(revocationReason(4), 'superseded');
    for (const code of [2, 6, 7, 8, 9, 10, 11, -1, 1.5, '1']) await problem(() => revocationReason(code), 'badRevocationReason');
  });

  test('problem documents carry the URN type, the detail and the status of the type', () => {
    const document = new AcmeProblem('orderNotReady', 'The order is pending').document();
    assert.deepEqual(document, { type: 'urn:ietf:params:acme:error:orderNotReady', detail: 'The order is pending', status: 403 });
    assert.equal(problemStatus('badNonce'), 400);
    assert.equal(problemStatus('unauthorized'), 403);
    assert.equal(problemStatus('rateLimited'), 429);
    assert.equal(new AcmeProblem('malformed', 'x', { status: 409 }).document().status, 409);
  });
});
