/**
 * electron/engine/p256-keys.ts writes P-256 key pairs' DER by hand (for bulk issuance): the PKCS#8
 * and SubjectPublicKeyInfo must be OpenSSL's own export of the same key, byte for byte — including
 * the keys whose private scalar starts with a zero byte (about one in 256) — and sign and verify.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { generateP256Der } from '../../electron/engine/p256-keys.js';

test('3,000 key pairs are byte for byte what OpenSSL exports, leading zero bytes included', () => {
  let leadingZero = 0;
  for (let i = 0; i < 3000; i++) {
    const { spki, pkcs8 } = generateP256Der();
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.deepEqual(Buffer.from(key.export({ type: 'pkcs8', format: 'der' })), Buffer.from(pkcs8));
    assert.deepEqual(Buffer.from(createPublicKey(key).export({ type: 'spki', format: 'der' })), Buffer.from(spki));
    if (pkcs8[36] === 0) leadingZero++;
  }
  assert.ok(leadingZero > 0, 'some scalars start with a zero byte (about 12 expected)');
});

test('the key signs and its public key verifies, also through WebCrypto', async () => {
  const { spki, pkcs8 } = generateP256Der();
  const data = Buffer.from('certwright');
  const signature = sign('sha256', data, createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
  assert.ok(verify('sha256', data, createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }), signature));
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const raw = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data);
  assert.ok(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, raw, data));
});
