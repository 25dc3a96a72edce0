/**
 * Signing with a key of Node's own WebCrypto through node:crypto, synchronously — because a
 * measurement said so. For a P-256 CA, crypto.subtle.sign cost ≈ 79 µs of CPU a signature and
 * re-encoding its r‖s as DER (the x509 library's formatter) ≈ 37 µs more; node:crypto's sign with
 * the same key, DER out, ≈ 33 µs (2-core machine of shared/LIBRARY-NOTES.md; test/bench/issue.bench.ts
 * with --cpu-prof). In a bulk issue that was a fifth of the work per certificate.
 *
 * Nothing leaves WebCrypto's key: KeyObject.from wraps the CryptoKey's own handle (it works for
 * non-extractable keys and exports nothing). The algorithm is the one the certificate's
 * AlgorithmIdentifier names (certificate-builder.ts), hash included. Another provider (a token
 * behind a PKCS#11 WebCrypto) has keys Node cannot wrap, and a `subtle.sign` that is not Node's own
 * (wrapped, or counted by a test) must see every signature: then null, and the caller signs through
 * that provider's subtle.sign.
 */
import { KeyObject, sign } from 'node:crypto';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { EngineCrypto } from './webcrypto.js';

const HASH: Readonly<Record<KeyAlgorithmId, string | null>> = { p256: 'sha256', p384: 'sha384', rsa2048: 'sha256', rsa3072: 'sha256', rsa4096: 'sha256', ed25519: null };
const EC: ReadonlySet<KeyAlgorithmId> = new Set(['p256', 'p384']);
const wrapped = new WeakMap<CryptoKey, KeyObject | null>();
/** Node's own subtle.sign, as it was when this module loaded. */
const NODE_SIGN = globalThis.crypto?.subtle?.sign;

function keyObject(key: CryptoKey): KeyObject | null {
  let object = wrapped.get(key);
  if (object === undefined) {
    try {
      object = KeyObject.from(key);
    } catch {
      object = null;
    }
    wrapped.set(key, object);
  }
  return object;
}

/**
 * The signature X.509 wants (ECDSA as a DER SEQUENCE), or null when the key is not Node's own.
 * Synchronous: node:crypto's callback form (on the thread pool) cost more CPU in all (≈ 330 against
 * ≈ 300 µs per certificate in a bulk issue) and was not faster on 2 busy cores.
 */
export function nodeSignature(
  signer: { readonly privateKey: CryptoKey; readonly algorithm: KeyAlgorithmId },
  der: Uint8Array,
  crypto: EngineCrypto,
  /** How an ECDSA signature is written: DER for X.509, r‖s for a JWS (RFC 7518 §3.4). */
  dsaEncoding: 'der' | 'ieee-p1363' = 'der',
): Uint8Array | null {
  if (crypto.subtle !== globalThis.crypto?.subtle || crypto.subtle.sign !== NODE_SIGN) return null;
  const key = keyObject(signer.privateKey);
  if (!key || key.type !== 'private') return null;
  const signature = sign(HASH[signer.algorithm], der, EC.has(signer.algorithm) ? { key, dsaEncoding } : key);
  return new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength);
}
