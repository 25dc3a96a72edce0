/**
 * The step-ca client's pure parts (services/remote/one-time-token.ts, step-client.ts): the one-time
 * token's claims as step-ca's JWK provisioner reads them (authority/provisioner/jwk.go), the
 * provisioner key's decryption and its refusals, the PEM of a renewal key written into a buffer that
 * can be wiped, and the decimal serial step-ca's revoke takes. step-ca itself judges the tokens in
 * test/interop/step-ca-connect.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { CompactEncrypt, decodeJwt, decodeProtectedHeader, exportJWK, importJWK, jwtVerify } from 'jose';
import { decryptProvisionerKey, provisionerPublicKey, signOneTimeToken } from '../../electron/services/remote/one-time-token.js';
import { decimalSerial, keyPem } from '../../electron/services/remote/step-client.js';
import { REMOTE_TOKEN_SECONDS } from '../../shared/domain/remote.js';
import { readServedCertificates, SERVED_MAX_CERTIFICATES } from '../../electron/engine/served-certificates.js';
import { KeyPool, makeCertificate } from '../support/chain-maker.js';
import { CertwrightError } from '../../shared/errors.js';

const PASSWORD = 'provisioner password';

async function provisioner(p2c = 1000) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = { ...(await exportJWK(publicKey)), kid: 'kid-1', alg: 'ES256', use: 'sig' };
  const secret = { ...(await exportJWK(privateKey)), kid: 'kid-1', alg: 'ES256', use: 'sig' };
  const encryptedKey = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(secret)))
    .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A256GCM', cty: 'jwk+json', p2c } as never)
    .setKeyManagementParameters({ p2c })
    .encrypt(new TextEncoder().encode(PASSWORD));
  return { key, encryptedKey, privateKey };
}

function refusedWith(error: unknown, key: string): boolean {
  assert.ok(error instanceof CertwrightError, String(error));
  const reason = error.reason!;
  assert.equal(reason.key === 'errors:atField' ? reason.params?.['text'] : reason.key, key);
  return true;
}

describe('the provisioner key', () => {
  test('decrypts with its password to the key the server lists; a wrong password is refused at the field', async () => {
    const { key, encryptedKey } = await provisioner();
    const opened = await decryptProvisionerKey('p', encryptedKey, PASSWORD, key);
    assert.equal(opened.keyAlgorithm, 'p256');
    assert.equal(opened.jwsAlgorithm, 'ES256');
    await assert.rejects(decryptProvisionerKey('p', encryptedKey, 'wrong', key), (e) => refusedWith(e, 'remote:errors.wrongPassword') && (e as CertwrightError).details?.field === 'password');
  });

  test('a key that is not the listed one, an unreadable one, or one asking too many PBES2 rounds is refused', async () => {
    const { encryptedKey } = await provisioner();
    const other = await provisioner();
    await assert.rejects(decryptProvisionerKey('p', encryptedKey, PASSWORD, other.key), (e) => refusedWith(e, 'remote:errors.encryptedKeyMismatch'));
    await assert.rejects(decryptProvisionerKey('p', 'not.a.jwe.at.all', PASSWORD, other.key), (e) => refusedWith(e, 'remote:errors.encryptedKeyUnreadable'));
    // A server asking for twenty times step's PBES2 rounds (the header says so; it is refused before any is spent).
    const [header, ...rest] = encryptedKey.split('.');
    const costly = [Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header!, 'base64url').toString()), p2c: 2_000_000 })).toString('base64url'), ...rest].join('.');
    const started = Date.now();
    await assert.rejects(decryptProvisionerKey('p', costly, PASSWORD, (await provisioner()).key), (e) => refusedWith(e, 'remote:errors.encryptedKeyUnreadable'));
    assert.ok(Date.now() - started < 500, 'refused before deriving');
  });

  test('a public key without kid, or whose alg is not its key’s, is unusable', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    assert.throws(() => provisionerPublicKey('p', jwk), (e) => refusedWith(e, 'remote:errors.provisionerKeyUnusable'));
    assert.throws(() => provisionerPublicKey('p', { ...jwk, kid: 'k', alg: 'RS256' }), (e) => refusedWith(e, 'remote:errors.provisionerKeyUnusable'));
    assert.equal(provisionerPublicKey('p', { ...jwk, kid: 'k' }).jwsAlgorithm, 'ES256');
  });
});

describe('the one-time token', () => {
  test('carries what step-ca’s JWK provisioner checks: iss, kid, aud on every origin, sub, sans, sha, five minutes, a random jti', async () => {
    const { key, encryptedKey } = await provisioner();
    const opened = await decryptProvisionerKey('team', encryptedKey, PASSWORD, key);
    const signer = await crypto.subtle.importKey('pkcs8', opened.pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const now = new Date('2026-01-02T03:04:05Z');
    const urls = ['https://ca1.test:9000', 'https://ca2.test:9000', 'https://ca1.test:9000'];
    const { token, jti, expiresAt } = await signOneTimeToken(signer, { provisioner: 'team', kid: 'kid-1', algorithm: 'ES256', urls, purpose: 'sign', subject: 'api.test', sans: ['api.test', '10.0.0.1'], rootFingerprint: 'ab'.repeat(32), now });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', kid: 'kid-1', typ: 'JWT' });
    const claims = decodeJwt(token);
    assert.deepEqual(claims, { sha: 'ab'.repeat(32), sans: ['api.test', '10.0.0.1'], iss: 'team', sub: 'api.test', aud: ['https://ca1.test:9000/1.0/sign', 'https://ca2.test:9000/1.0/sign'], iat: now.getTime() / 1000, nbf: now.getTime() / 1000, exp: now.getTime() / 1000 + REMOTE_TOKEN_SECONDS, jti });
    assert.match(jti, /^[0-9a-f]{64}$/);
    assert.equal(expiresAt.getTime(), now.getTime() + REMOTE_TOKEN_SECONDS * 1000);
    await jwtVerify(token, await importJWK(key, 'ES256'), { currentDate: now, issuer: 'team', audience: 'https://ca2.test:9000/1.0/sign' });

    const revoke = decodeJwt((await signOneTimeToken(signer, { provisioner: 'team', kid: 'kid-1', algorithm: 'ES256', urls, purpose: 'revoke', subject: '1234', sans: [], rootFingerprint: 'ab'.repeat(32), now })).token);
    assert.equal(revoke.sans, undefined);
    assert.deepEqual(revoke.aud, ['https://ca1.test:9000/1.0/revoke', 'https://ca2.test:9000/1.0/revoke']);
    assert.notEqual(revoke.jti, jti);
  });
});

describe('the step-ca client’s encodings', () => {
  test('the renewal key’s PEM, written byte by byte into a wipeable buffer, is the PEM Node writes', () => {
    for (const type of ['ec', 'ed25519', 'rsa'] as const) {
      const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-384' }) : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 1024 }) : generateKeyPairSync('ed25519');
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      assert.equal(keyPem(der).toString('ascii'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    }
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) & 0xff);
      const body = keyPem(bytes).toString('ascii').split('\n').slice(1, -2).join('');
      assert.equal(body, Buffer.from(bytes).toString('base64'));
    }
  });

  test('served certificates: parsed, deduplicated, bounded; anything else is null', () => {
    const pool = new KeyPool();
    const dates = { notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000) };
    const root = makeCertificate({ commonName: 'R', key: 'p256', hash: 'SHA-256', ca: true, ...dates }, pool.key('p256', 0), null);
    const leaf = makeCertificate({ commonName: 'L', key: 'p256', hash: 'SHA-256', ca: false, ...dates }, pool.key('p256', 1), root);
    assert.deepEqual(readServedCertificates([leaf.pem, root.pem + root.pem])?.map((d) => Buffer.from(d).toString('hex')), [leaf.der, root.der].map((d) => Buffer.from(d).toString('hex')));
    assert.equal(readServedCertificates(['-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n']), null);
    assert.equal(readServedCertificates(['not pem']), null);
    assert.equal(readServedCertificates([]), null);
    const many = Array.from({ length: SERVED_MAX_CERTIFICATES + 1 }, (_, i) => makeCertificate({ commonName: `C${i}`, key: 'p256', hash: 'SHA-256', ca: true, ...dates }, pool.key('p256', i), null).pem);
    assert.equal(readServedCertificates(many), null);
    assert.equal(readServedCertificates(many.slice(1))?.length, SERVED_MAX_CERTIFICATES);
  });

  test('serials go to step-ca in decimal', () => {
    assert.equal(decimalSerial('0a:ff'), '2815');
    assert.equal(decimalSerial('7fffffffffffffffffffffffffffffff'), (2n ** 127n - 1n).toString());
  });
});
