/**
 * Token issuers in the vault (issue 15), through the real services (createServices via openBackend,
 * with a clock the tests move): an issuer per algorithm whose kid is the RFC 7638 thumbprint —
 * computed here from the public key with node:crypto, not with jose — a sealed key that is nowhere
 * in clear on disk, rotation that keeps the old key in the JWKS exactly until its last token's exp,
 * tokens in the audit log without the token, JWKS without private members, a bad policy refused
 * with nothing stored, and the audit kinds token.* / policy.changed.
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as verifySignature, type JsonWebKey as NodeJwk } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateIssuerKey, PRIVATE_JWK_MEMBERS } from '../../electron/engine/jwt/keys.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm } from '../../shared/domain/service-identity.js';
import { english } from '../../shared/i18n/english.js';
import { openBackend } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'token issuer passphrase';
const T0 = new Date('2026-12-01T10:00:00.000Z');
const POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-service:charge"] },
    "payment-service": { "calls": [] }
  }
}
`;

/** A vault with a clock the test moves: `at(seconds)` sets it to T0 + seconds. */
async function backendAt() {
  let now = T0;
  const backend = openBackend(await tempDir('certwright-jwt-'), { now: () => now });
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const at = (seconds: number) => {
    now = new Date(T0.getTime() + seconds * 1000);
    return now;
  };
  return { ...backend, at, dir: backend.vault.directory };
}

/** RFC 7638 §3: the required members only, in lexicographic order, no whitespace; SHA-256; base64url. */
function thumbprint(spkiDerB64: string): string {
  const jwk = createPublicKey({ key: Buffer.from(spkiDerB64, 'base64'), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as NodeJwk;
  const canonical =
    jwk.kty === 'EC'
      ? `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`
      : jwk.kty === 'RSA'
        ? `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`
        : `{"crv":"${jwk.crv}","kty":"OKP","x":"${jwk.x}"}`;
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

/** Every file of the vault folder (and its subfolders), as bytes. */
async function vaultFiles(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(dir.length + 1), await readFile(path));
    }
  }
  return out;
}

const EXPECTED_MEMBERS: Readonly<Record<TokenAlgorithm, readonly string[]>> = {
  ES256: ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'],
  RS256: ['alg', 'e', 'kid', 'kty', 'n', 'use'],
  EdDSA: ['alg', 'crv', 'kid', 'kty', 'use', 'x'],
};

function jwksOf(text: string): Array<Record<string, string>> {
  const parsed = JSON.parse(text) as { keys: Array<Record<string, string>> };
  assert.deepEqual(Object.keys(parsed), ['keys']);
  return parsed.keys;
}

/** A token's parts, decoded without checking anything. */
function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signature: Buffer } {
  const [h, c, s] = token.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString()), claims: JSON.parse(Buffer.from(c!, 'base64url').toString()), signature: Buffer.from(s!, 'base64url') };
}

describe('token issuers in the vault', { timeout: 120_000 }, () => {
  test('one issuer per algorithm: kid is the RFC 7638 thumbprint (computed here independently), the JWKS holds public members only', async () => {
    const backend = await backendAt();
    const identity = backend.services.identity;
    for (const algorithm of TOKEN_ALGORITHMS) {
      const summary = await backend.call('jwt.createIssuer', { name: `issuer-${algorithm.toLowerCase()}`, algorithm });
      assert.equal(summary.algorithm, algorithm);
      assert.equal(summary.keys.length, 1);
      const [key] = summary.keys;
      assert.equal(key!.state, 'current');
      assert.equal(key!.leavesJwksAt, null);
      const record = identity.find(summary.name);
      assert.equal(record.keys[0]!.kid, thumbprint(record.keys[0]!.spkiDerB64), `${algorithm}: kid is the thumbprint of the stored public key`);
      assert.equal(key!.kid, record.keys[0]!.kid);
      assert.equal(record.keys[0]!.keyAlgorithm, { ES256: 'p256', RS256: 'rsa2048', EdDSA: 'ed25519' }[algorithm]);

      const published = await backend.call('jwt.publicKeys', { id: summary.id });
      const [jwk] = jwksOf(published.jwks);
      assert.deepEqual(Object.keys(jwk!).sort(), EXPECTED_MEMBERS[algorithm], `${algorithm}: exactly the public members, kid, alg and use`);
      for (const member of PRIVATE_JWK_MEMBERS) assert.equal(member in jwk!, false, `${algorithm}: no "${member}" in the JWKS`);
      assert.deepEqual({ kid: jwk!.kid, alg: jwk!.alg, use: jwk!.use }, { kid: key!.kid, alg: algorithm, use: 'sig' });
      // The JWK, the PEM and the stored SPKI are one key.
      const fromJwk = createPublicKey({ key: jwk as NodeJwk, format: 'jwk' }).export({ format: 'der', type: 'spki' });
      assert.deepEqual(fromJwk, Buffer.from(record.keys[0]!.spkiDerB64, 'base64'));
      assert.deepEqual(createPublicKey(published.currentPem).export({ format: 'der', type: 'spki' }), fromJwk);
      assert.equal(published.currentKid, key!.kid);
    }
    // RS256 at another size; never below 2048 (the contract refuses before any key is made).
    const big = await backend.call('jwt.createIssuer', { name: 'issuer-rs3072', algorithm: 'RS256', rsaBits: 3072 });
    const n = jwksOf(backend.services.identity.jwks(big.id))[0]!.n!;
    assert.equal(Buffer.from(n, 'base64url').length, 384);
    await assert.rejects(backend.call('jwt.createIssuer', { name: 'weak', algorithm: 'RS256', rsaBits: 1024 as 2048 }), { code: 'INVALID_INPUT' });
    await assert.rejects(backend.call('jwt.createIssuer', { name: 'shared-secret', algorithm: 'HS256' as 'ES256' }), { code: 'INVALID_INPUT' });
    // Names are unique: they are the tokens' iss.
    await assert.rejects(backend.call('jwt.createIssuer', { name: 'issuer-es256' }), { message: /already a token issuer named issuer-es256/ });
    assert.deepEqual(
      (await backend.call('jwt.issuers')).map((i) => i.name),
      ['issuer-es256', 'issuer-rs256', 'issuer-eddsa', 'issuer-rs3072'],
    );
  });

  test('the sealed key is nowhere in clear on disk (neither its PKCS#8 in any encoding nor its private JWK members), yet it signs', async () => {
    const backend = await backendAt();
    await backend.call('policy.save', { text: POLICY });
    for (const algorithm of TOKEN_ALGORITHMS) {
      // A key made here, so that its private half is known to the test; the vault seals it as createIssuer would.
      const key = await generateIssuerKey(algorithm, undefined, globalThis.crypto);
      const pkcs8 = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', key.privateKey));
      const privateJwk = (await globalThis.crypto.subtle.exportKey('jwk', key.privateKey)) as Record<string, string>;
      const record = await backend.vault.addTokenIssuer({ name: `sealed-${algorithm}`, algorithm, key: { ...key, algorithm, publicJwk: key.publicJwk as Record<string, string> } });

      const secrets: Array<[string, Buffer]> = [
        ['PKCS#8 DER', pkcs8],
        ['PKCS#8 base64', Buffer.from(pkcs8.toString('base64'))],
        ['PKCS#8 base64url', Buffer.from(pkcs8.toString('base64url'))],
        ['PKCS#8 hex', Buffer.from(pkcs8.toString('hex'))],
        ['PKCS#8 PEM body line', Buffer.from(pkcs8.toString('base64').slice(0, 64))],
        ...(['d', 'p', 'q', 'dp', 'dq', 'qi'] as const).filter((m) => privateJwk[m]).map((m): [string, Buffer] => [`JWK "${m}"`, Buffer.from(privateJwk[m]!)]),
        ['the private scalar in base64', Buffer.from(Buffer.from(privateJwk.d!, 'base64url').toString('base64').replace(/=+$/, ''))],
      ];
      const files = await vaultFiles(backend.dir);
      assert.ok([...files.keys()].some((name) => name.startsWith('token-issuers')), `the issuer is stored: ${[...files.keys()].join(', ')}`);
      for (const [name, bytes] of files) {
        for (const [what, secret] of secrets) assert.equal(bytes.includes(secret), false, `${algorithm}: ${what} found in ${name}`);
        assert.equal(bytes.includes('PRIVATE KEY'), false, name);
      }
      // The stored record names the key by its public half only.
      assert.equal(JSON.stringify(record).includes(privateJwk.d!), false);

      // It signs, and what it signs verifies with the public key the test made.
      const minted = await backend.call('jwt.mint', { id: record.id, service: 'order-service', audience: 'payment-service' });
      const [h, c] = minted.token.split('.');
      const { signature } = decode(minted.token);
      const publicKey = createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
      const data = Buffer.from(`${h}.${c}`);
      const ok =
        algorithm === 'ES256'
          ? verifySignature('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)
          : verifySignature(algorithm === 'RS256' ? 'sha256' : null, data, publicKey, signature);
      assert.ok(ok, `${algorithm}: the token's signature verifies with the key made here`);
    }
  });

  test('rotation keeps the old key in the JWKS until its last token\'s exp, then drops it; a key that signed nothing leaves at once', async () => {
    const backend = await backendAt();
    const identity = backend.services.identity;
    await backend.call('policy.save', { text: POLICY });
    const issuer = await backend.call('jwt.createIssuer', { name: 'rotating' });
    const kidA = issuer.keys[0]!.kid;
    const mint = (ttlSeconds = 600) => backend.call('jwt.mint', { id: issuer.id, service: 'order-service', audience: 'payment-service', ttlSeconds });
    const jwksKids = () => jwksOf(identity.jwks(issuer.id)).map((k) => k.kid);
    const verify = (token: string) => backend.call('jwt.verify', { id: issuer.id, token, audience: 'payment-service' });

    backend.at(0);
    const oldToken = (await mint(600)).token; // exp T0+600
    assert.equal(decode(oldToken).header.kid, kidA);

    backend.at(60);
    const rotated = await backend.call('jwt.rotateKey', { id: issuer.id });
    const kidB = rotated.keys[0]!.kid;
    assert.notEqual(kidB, kidA);
    assert.deepEqual(
      rotated.keys.map((k) => [k.kid, k.state, k.leavesJwksAt]),
      [
        [kidB, 'current', null],
        [kidA, 'retiring', '2026-12-01T10:10:00.000Z'],
      ],
    );
    assert.equal(identity.find('rotating').keys[0]!.kid, thumbprint(identity.find('rotating').keys[0]!.spkiDerB64));
    assert.deepEqual(jwksKids(), [kidB, kidA], 'current first, then the retiring key');
    assert.equal((await backend.call('jwt.publicKeys', { id: issuer.id })).currentKid, kidB);
    const newToken = (await mint(600)).token; // signed by B, exp T0+660
    assert.equal(decode(newToken).header.kid, kidB);
    assert.equal((await verify(oldToken)).valid, true, 'a token of the retired key still verifies');

    backend.at(599);
    assert.deepEqual(jwksKids(), [kidB, kidA], 'one second before the old token expires, its key is still published');
    assert.equal((await verify(oldToken)).valid, true);

    backend.at(600);
    assert.deepEqual(jwksKids(), [kidB], 'at the old token\'s exp, its key leaves the JWKS');
    const late = await verify(oldToken);
    assert.equal(late.valid, false);
    assert.deepEqual(
      late.checks.filter((c) => c.outcome === 'fail').map((c) => c.id),
      ['kid', 'expiry'],
    );
    assert.equal(late.golangJwt, `unknown kid ${JSON.stringify(kidA)}`);
    assert.equal((await verify(newToken)).valid, true);

    // Signed by B until T0+660; a rotation at T0+700 drops A from the record (sealed key and all) and B, whose tokens are all expired.
    const sealedA = JSON.stringify(identity.find('rotating').keys.find((k) => k.kid === kidA)!.sealedKey);
    backend.at(650);
    await mint(600); // B's last token now expires at T0+1250
    backend.at(700);
    const third = await backend.call('jwt.rotateKey', { id: issuer.id });
    const kidC = third.keys[0]!.kid;
    assert.deepEqual(
      third.keys.map((k) => [k.kid, k.state, k.leavesJwksAt]),
      [
        [kidC, 'current', null],
        [kidB, 'retiring', '2026-12-01T10:20:50.000Z'],
      ],
    );
    assert.deepEqual(
      identity.find('rotating').keys.map((k) => k.kid),
      [kidC, kidB],
      'A is gone from the record',
    );
    for (const [name, bytes] of await vaultFiles(backend.dir)) assert.equal(bytes.includes(sealedA), false, `A's sealed key is still in ${name}`);

    // C signs nothing before the next rotation: it leaves at once.
    backend.at(800);
    const fourth = await backend.call('jwt.rotateKey', { id: issuer.id });
    assert.deepEqual(
      fourth.keys.map((k) => k.kid),
      [fourth.keys[0]!.kid, kidB],
    );
    assert.equal(jwksKids().includes(kidC), false);
    backend.at(1250);
    assert.deepEqual(jwksKids(), [fourth.keys[0]!.kid]);
  });

  test('each token signed is in the audit log, without the token; the count goes up', async () => {
    const backend = await backendAt();
    await backend.call('policy.save', { text: POLICY });
    const issuer = await backend.call('jwt.createIssuer', { name: 'audited', algorithm: 'EdDSA' });
    backend.at(30);
    const tokens = [];
    for (const ttlSeconds of [300, 600]) tokens.push((await backend.call('jwt.mint', { id: issuer.id, service: 'order-service', audience: 'payment-service', ttlSeconds })).token);
    // A token the policy grants nothing: signed all the same (a test token), with a warning, and audited.
    const stranger = await backend.call('jwt.mint', { id: issuer.id, service: 'stranger', audience: 'payment-service', ttlSeconds: 3600 });
    const warning = stranger.warnings.map((w) => english(w)).join(' ');
    assert.match(warning, /60 minutes: service tokens should live 5–15 minutes/);
    assert.match(warning, /The policy grants stranger nothing on payment-service/);
    tokens.push(stranger.token);

    const { entries, total } = backend.vault.auditEntries({ kinds: ['token.signed'] });
    assert.equal(total, 3);
    assert.equal((await backend.call('jwt.issuers'))[0]!.tokensSigned, 3);
    // Newest first.
    const expected = [...tokens].reverse().map((t) => decode(t).claims);
    assert.deepEqual(
      entries.map((e) => ({ subject: e.subject, ...e.details })),
      expected.map((c) => ({ subject: c.sub, issuer: 'audited', issuerId: issuer.id, kid: issuer.keys[0]!.kid, audience: c.aud, jti: c.jti, expiresAt: new Date((c.exp as number) * 1000).toISOString(), scope: c.scope, via: 'mint' })),
    );
    assert.ok(entries.every((e) => e.at === '2026-12-01T10:00:30.000Z'));
    // Neither the token nor its signature, in the entries or anywhere in the vault's files.
    const everything = JSON.stringify(backend.vault.auditEntries({ everything: true }));
    const files = await vaultFiles(backend.dir);
    for (const token of tokens) {
      const [, claims, signature] = token.split('.');
      assert.equal(everything.includes(signature!), false);
      assert.equal(everything.includes(claims!), false);
      for (const [name, bytes] of files) {
        assert.equal(bytes.includes(signature!), false, `a token's signature is in ${name}`);
        assert.equal(bytes.includes(claims!), false, `a token's claims are in ${name}`);
      }
    }
  });

  test('policy.save refuses bad text and stores nothing; audit kinds token.issuerCreated, token.keyRotated, token.signed, policy.changed', async () => {
    const backend = await backendAt();
    const saved = await backend.call('policy.save', { text: POLICY });
    assert.equal(saved.services, 2);
    assert.deepEqual(saved.withoutCertificate, ['order-service', 'payment-service']);
    const before = await vaultFiles(backend.dir);
    const policyBefore = await backend.call('policy.get');

    const unknownService = POLICY.replace('payment-service:charge', 'paymnt-service:charge');
    await assert.rejects(backend.call('policy.save', { text: unknownService }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.message, 'text: Line 4, column 34: Unknown service "paymnt-service" in "paymnt-service:charge" (called by "order-service"): declare "paymnt-service" under "services" or fix the name');
      return true;
    });
    await assert.rejects(backend.call('policy.save', { text: POLICY.replace('"calls": []', '"calls": [] "x": 1') }), { message: /^text: Line 5, column \d+: Not valid JSON: a comma was expected$/ });
    // Over 1 MiB: the service names the size, whether the CLI's import or the window's router reaches it;
    // a character that takes two bytes counts twice.
    await assert.rejects(backend.services.identity.savePolicy(' '.repeat(1024 * 1024 + 1)), { message: /^text: Line 1, column 1: The policy is 1,048,577 bytes; a policy is at most 1 MiB$/ });
    await assert.rejects(backend.call('policy.save', { text: ' '.repeat(1024 * 1024 + 1) }), { message: /^text: Line 1, column 1: The policy is 1,048,577 bytes; a policy is at most 1 MiB$/ });
    await assert.rejects(backend.call('policy.save', { text: 'é'.repeat(512 * 1024 + 1) }), { message: /^text: Line 1, column 1: The policy is 1,048,578 bytes; a policy is at most 1 MiB$/ });

    assert.deepEqual(await backend.call('policy.get'), policyBefore);
    const after = await vaultFiles(backend.dir);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [name, bytes] of after) assert.ok(bytes.equals(before.get(name)!), `${name} changed although nothing was saved`);
    assert.equal(backend.vault.auditEntries({ kinds: ['policy.changed'] }).total, 1);

    const issuer = await backend.call('jwt.createIssuer', { name: 'kinds', algorithm: 'ES256' });
    backend.at(10);
    await backend.call('jwt.mint', { id: issuer.id, service: 'order-service', audience: 'payment-service' });
    backend.at(20);
    const rotated = await backend.call('jwt.rotateKey', { id: issuer.id });
    const entries = backend.vault.auditEntries({ kinds: ['token.issuerCreated', 'token.keyRotated', 'token.signed', 'policy.changed'] }).entries.reverse();
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['policy.changed', 'token.issuerCreated', 'token.signed', 'token.keyRotated'],
    );
    const [changed, created, signed, rotation] = entries;
    assert.deepEqual(changed!.details, { services: 2, source: 'edit', sha256: createHash('sha256').update(POLICY).digest('hex') });
    assert.equal(created!.subject, 'kinds');
    assert.deepEqual(created!.details, { issuerId: issuer.id, algorithm: 'ES256', kid: issuer.keys[0]!.kid });
    assert.equal(signed!.details.scope, 'payment-service:charge');
    assert.equal(rotation!.subject, 'kinds');
    assert.deepEqual(rotation!.details, { issuerId: issuer.id, kid: rotated.keys[0]!.kid, previousKid: issuer.keys[0]!.kid });
    assert.equal((await backend.call('audit.verify')).ok, true);
  });
});
