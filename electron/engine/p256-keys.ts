/**
 * P-256 key pairs as DER, for leaves issued in bulk — written by hand because a measurement said so.
 *
 * Measured on the 2-core machine of shared/LIBRARY-NOTES.md (Node 20, OpenSSL 3.0), per key pair:
 *   node:crypto generateKeyPair('ec', DER out), on the thread pool     ≈ 1,800/s (its two OpenSSL 3
 *                                    encoders — PKCS#8 and SPKI — cost more than the key itself)
 *   WebCrypto generateKey + exportKey('pkcs8') + exportKey('raw')       ≈ 2,500/s
 *   createECDH('prime256v1').generateKeys() + the DER below             ≈ 9,000/s, on the main thread
 * The issuance loop was waiting on the thread pool (its main thread idle most of the time), so the
 * key pair is made here, synchronously, and the thread pool is left to the CA's signatures.
 *
 * The encodings are fixed (RFC 5480 and RFC 5915, as OpenSSL writes them: the PKCS#8 carries the
 * public key, the inner ECPrivateKey no parameters); test/unit/p256-keys.test.ts proves them byte
 * for byte against OpenSSL's own export, and the issuance interop tests sign and verify with them.
 */
import { createECDH } from 'node:crypto';
import type { Bytes } from './webcrypto.js';

/** SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (0 unused bits) … } : the 65-byte point follows. */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
/** PKCS#8 { version 0, algorithm, OCTET STRING { ECPrivateKey { version 1, OCTET STRING d … } } } : the 32-byte d follows. */
const PKCS8_PREFIX = Buffer.from('308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420', 'hex');
/** … [1] { BIT STRING (0 unused bits) } : the 65-byte point follows. */
const PKCS8_PUBLIC = Buffer.from('a144034200', 'hex');
const D = 32;
const POINT = 65;

/** A fresh P-256 key pair as DER SubjectPublicKeyInfo and PKCS#8. The caller seals the PKCS#8 and wipes it. */
export function generateP256Der(): { spki: Bytes; pkcs8: Bytes } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const point = ecdh.getPublicKey();
  // The scalar comes without its leading zero bytes (one key in 256 has one): put them back.
  const d = ecdh.getPrivateKey();
  if (point.length !== POINT || point[0] !== 0x04 || d.length > D) throw new Error('Unexpected P-256 key from OpenSSL');
  const spki = new Uint8Array(SPKI_PREFIX.length + POINT);
  spki.set(SPKI_PREFIX);
  spki.set(point, SPKI_PREFIX.length);
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + D + PKCS8_PUBLIC.length + POINT);
  pkcs8.set(PKCS8_PREFIX);
  pkcs8.set(d, PKCS8_PREFIX.length + D - d.length);
  pkcs8.set(PKCS8_PUBLIC, PKCS8_PREFIX.length + D);
  pkcs8.set(point, PKCS8_PREFIX.length + D + PKCS8_PUBLIC.length);
  d.fill(0);
  return { spki, pkcs8 };
}
