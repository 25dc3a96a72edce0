/**
 * The e2e suite's key-leak scan must be able to fail: a key planted in each encoding is found, and
 * the public half of the same key (in a certificate, a public key, a JWK) is not mistaken for it.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, test } from 'node:test';
import { exportPkcs8 } from '../../electron/engine/keys.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { findKeyMaterial, haystacksOf, secretParts, type Haystack } from '../support/key-material.js';

const crypto = globalThis.crypto;

async function keyAndCertificate(keyAlgorithm: KeyAlgorithmId) {
  const root = await createRootAuthority({ subject: { commonName: `Scan ${keyAlgorithm}` }, keyAlgorithm, validityDays: 30, pathLength: null, now: new Date() }, crypto);
  const pkcs8 = Buffer.from(await exportPkcs8(root.privateKey, crypto));
  return { pkcs8, certificatePem: root.certificate.toString('pem'), certificateDer: Buffer.from(root.certificate.rawData) };
}

const text = (where: string, value: string): Haystack => ({ where, bytes: Buffer.from(value, 'utf8') });
const json = (where: string, value: unknown): Haystack => text(where, JSON.stringify(value));
const pem = (label: string, der: Buffer, eol = '\n') => `-----BEGIN ${label}-----${eol}${der.toString('base64').replace(/.{64}/g, `$&${eol}`).replace(new RegExp(`${eol}$`), '')}${eol}-----END ${label}-----${eol}`;
const bodyOf = (pemText: string) => pemText.split(/\r?\n/).filter((line) => line !== '' && !line.startsWith('-----')).join('\n');

/** The one haystack haystacksOf made of the binary value at `path`. */
function only(haystacks: Haystack[], path: string): Haystack {
  const found = haystacks.filter((h) => h.where.endsWith(path));
  assert.equal(found.length, 1, path);
  return found[0]!;
}

/** Every way the key might slip out, as the haystacks an output or event would become. */
function plantings(pkcs8: Buffer): Haystack[] {
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const jwk = key.export({ format: 'jwk' });
  const traditional = key.asymmetricKeyType === 'ec' ? bodyOf(key.export({ format: 'pem', type: 'sec1' }) as string) : key.asymmetricKeyType === 'rsa' ? bodyOf(key.export({ format: 'pem', type: 'pkcs1' }) as string) : null;
  const d = Buffer.from(jwk.d!, 'base64url');
  const hex = pkcs8.toString('hex');
  const planted: Haystack[] = [
    json('PEM body in a JSON string (no header)', { text: bodyOf(pem('PRIVATE KEY', pkcs8)) }),
    json('PEM body, CRLF, JSON-escaped twice', { inner: JSON.stringify({ text: bodyOf(pem('PRIVATE KEY', pkcs8, '\r\n')) }) }),
    json('base64, one line', { value: pkcs8.toString('base64') }),
    json('base64url', { value: pkcs8.toString('base64url') }),
    json('base64 after one byte', { value: Buffer.concat([Buffer.from([7]), pkcs8]).toString('base64') }),
    json('base64 after two bytes', { value: Buffer.concat([Buffer.from([7, 9]), pkcs8]).toString('base64') }),
    json('base64 glued to text', { value: `key=${pkcs8.toString('base64')}` }),
    text('base64 with JSON-escaped slashes', JSON.stringify({ value: pkcs8.toString('base64') }).replace(/\//g, '\\/')),
    json('hex, lower case', { value: hex }),
    json('hex, upper case', { value: hex.toUpperCase() }),
    json('hex after one nibble', { value: `f${hex}` }),
    json('hex, colon separated', { value: hex.toUpperCase().replace(/(..)(?!$)/g, '$1:') }),
    json('hex, as C bytes', { value: [...pkcs8].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ') }),
    json('a Uint8Array, as JSON writes it', { der: new Uint8Array(pkcs8) }),
    json('a Buffer, as JSON writes it', { der: Buffer.from(pkcs8) }),
    json('an array of byte values', { der: [...pkcs8] }),
    json('a binary string', { der: String.fromCharCode(...pkcs8) }),
    json('the JWK', jwk),
    json('the private scalar, hex', { d: d.toString('hex') }),
    json('the private scalar, decimal', { d: BigInt(`0x${d.toString('hex')}`).toString() }),
    json('31 bytes of the private scalar, base64', { part: d.subarray(1, 32).toString('base64') }),
    json('base64 of the whole PEM', { value: Buffer.from(pem('PRIVATE KEY', pkcs8)).toString('base64') }),
    json('hex of the base64', { value: Buffer.from(pkcs8.toString('base64')).toString('hex') }),
    { where: 'raw DER bytes', bytes: pkcs8 },
    // The bytes on their own (not their JSON, planted above): what haystacksOf adds for binary values.
    only(haystacksOf('raw DER in a Uint8Array inside an output', { ok: true, value: { certificate: { pem: 'x', der: new Uint8Array(pkcs8) } } }), 'at value.certificate.der'),
    only(haystacksOf('raw DER in a Buffer inside a Map', { ok: true, value: new Map([['k', Buffer.from(pkcs8)]]) }), 'at value.k'),
  ];
  if (traditional) planted.push(json('PKCS#1 / SEC1 PEM body', { text: traditional }));
  return planted;
}

describe('findKeyMaterial', () => {
  for (const algorithm of ['p256', 'p384', 'rsa2048', 'ed25519'] as const) {
    test(`${algorithm}: a key planted in each encoding is found, and only that key is named`, async () => {
      const other = await keyAndCertificate('p256');
      const { pkcs8 } = await keyAndCertificate(algorithm);
      for (const haystack of plantings(pkcs8)) {
        // A PEM header inside is reported on its own too (naming no key); the bytes must be found as well.
        const leaks = findKeyMaterial([haystack], [other.pkcs8, pkcs8]).filter((leak) => leak.key !== undefined);
        assert.ok(leaks.length > 0, `not found: ${haystack.where}`);
        assert.deepEqual([...new Set(leaks.map((l) => l.key))], [1], `${haystack.where}: ${JSON.stringify(leaks)}`);
      }
    });

    test(`${algorithm}: the public half of the key is not mistaken for it`, async () => {
      const { pkcs8, certificatePem, certificateDer } = await keyAndCertificate(algorithm);
      const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
      const spki = publicKey.export({ format: 'der', type: 'spki' });
      const outputs: Haystack[] = [
        json('a certificate detail', { ok: true, value: { certificatePem, chainPem: certificatePem, spki: spki.toString('base64'), hex: certificateDer.toString('hex') } }),
        json('the public JWK', publicKey.export({ format: 'jwk' })),
        json('the public key PEM', { publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) }),
        { where: 'certificate DER', bytes: certificateDer },
        ...haystacksOf('DER in a Uint8Array', { der: new Uint8Array(certificateDer) }),
      ];
      assert.deepEqual(findKeyMaterial(outputs, [pkcs8]), []);
    });
  }

  test('the secret parts are the private numbers only: never the modulus, exponent or public point', async () => {
    const { pkcs8 } = await keyAndCertificate('rsa2048');
    const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    const parts = secretParts(pkcs8).map((p) => p.toString('base64url'));
    assert.deepEqual(parts, [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi]);
    assert.ok(!parts.includes(jwk.n!) && !parts.includes(jwk.e!));
  });

  test('any PEM private-key header is found, in any letter case, whoever the key', () => {
    for (const label of ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'private key', 'Encrypted Private Key']) {
      const leaks = findKeyMaterial([json(label, { pem: `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----` })], []);
      assert.equal(leaks.length, 1, label);
      assert.match(leaks[0]!.form, /PEM private key header/);
    }
    assert.deepEqual(findKeyMaterial([json('a certificate', { pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })], []), []);
  });

  test('ordinary outputs — ids, fingerprints, serials, byte counts — are not leaks', async () => {
    const { pkcs8 } = await keyAndCertificate('p256');
    const noise = Array.from({ length: 200 }, (_, i) => ({
      id: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('hex'),
      sha256Fingerprint: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:'),
      weeks: Array.from({ length: 26 }, (_, w) => (w * i) % 7),
    }));
    assert.deepEqual(findKeyMaterial([json('a list', { ok: true, value: noise })], [pkcs8]), []);
  });
});
