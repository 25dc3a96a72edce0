/** Key generation and the WebCrypto parameters that belong to each key algorithm. */
import { generateKeyPair as nodeGenerateKeyPair } from 'node:crypto';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { Bytes, EngineCrypto } from './webcrypto.js';

type GenParams = RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
type ImportParams = RsaHashedImportParams | EcKeyImportParams | Algorithm;
type SignParams = Algorithm | EcdsaParams;

interface KeySpec {
  readonly generate: GenParams;
  readonly import: ImportParams;
  /** Signature algorithm used when this key signs certificates and CRLs. */
  readonly sign: SignParams;
}

const RSA_EXPONENT = new Uint8Array([1, 0, 1]);

function rsa(modulusLength: number): KeySpec {
  const base = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return { generate: { ...base, modulusLength, publicExponent: RSA_EXPONENT }, import: base, sign: base };
}

function ec(namedCurve: 'P-256' | 'P-384', hash: 'SHA-256' | 'SHA-384'): KeySpec {
  return { generate: { name: 'ECDSA', namedCurve }, import: { name: 'ECDSA', namedCurve }, sign: { name: 'ECDSA', hash } as EcdsaParams };
}

const SPECS: Readonly<Record<KeyAlgorithmId, KeySpec>> = {
  p256: ec('P-256', 'SHA-256'),
  p384: ec('P-384', 'SHA-384'),
  rsa2048: rsa(2048),
  rsa3072: rsa(3072),
  rsa4096: rsa(4096),
  ed25519: { generate: { name: 'Ed25519' }, import: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

export function signingAlgorithm(algorithm: KeyAlgorithmId): SignParams {
  return SPECS[algorithm].sign;
}

/** Node's generateKeyPair type and options per algorithm, with DER encodings asked for up front. */
function nodeKeySpec(algorithm: KeyAlgorithmId): { type: 'ec' | 'rsa' | 'ed25519'; options: Record<string, unknown> } {
  const encodings = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } };
  switch (algorithm) {
    case 'p256':
      return { type: 'ec', options: { namedCurve: 'P-256', ...encodings } };
    case 'p384':
      return { type: 'ec', options: { namedCurve: 'P-384', ...encodings } };
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return { type: 'rsa', options: { modulusLength: Number(algorithm.slice(3)), publicExponent: 0x10001, ...encodings } };
    case 'ed25519':
      return { type: 'ed25519', options: encodings };
  }
}

/**
 * A new key pair as DER (SubjectPublicKeyInfo and PKCS#8), made in one job on libuv's thread pool.
 * For leaves issued in bulk: WebCrypto would take three calls (generate, export SPKI, export PKCS#8),
 * and its per-call overhead on the main thread was most of an issuance. The caller seals the PKCS#8
 * and wipes it.
 */
export function generateKeyPairDer(algorithm: KeyAlgorithmId): Promise<{ spki: Bytes; pkcs8: Bytes }> {
  const { type, options } = nodeKeySpec(algorithm);
  return new Promise((resolve, reject) => {
    nodeGenerateKeyPair(type as 'ec', options as never, (error: Error | null, publicKey: Buffer, privateKey: Buffer) => {
      if (error) return reject(error);
      const pkcs8 = new Uint8Array(privateKey);
      privateKey.fill(0); // the copy goes to the vault, which wipes it once sealed
      resolve({ spki: new Uint8Array(publicKey), pkcs8 });
    });
  });
}

/**
 * Generates a key pair. The private key is extractable only so that the vault can seal it once;
 * afterwards the vault holds it as a non-extractable key (see {@link importPrivateKey}).
 */
export async function generateKeyPair(algorithm: KeyAlgorithmId, crypto: EngineCrypto): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(SPECS[algorithm].generate, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function exportPkcs8(key: CryptoKey, crypto: EngineCrypto): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

/** Imports a PKCS#8 private key for signing, non-extractable unless asked otherwise. */
export async function importPrivateKey(
  pkcs8: Bytes,
  algorithm: KeyAlgorithmId,
  crypto: EngineCrypto,
  extractable = false,
): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, SPECS[algorithm].import, extractable, ['sign']);
}

/** Imports a SubjectPublicKeyInfo for verifying (a CSR generator wants the pair). */
export async function importPublicKey(spki: Bytes, algorithm: KeyAlgorithmId, crypto: EngineCrypto): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', spki, SPECS[algorithm].import, true, ['verify']);
}

export function keyFamily(algorithm: KeyAlgorithmId): 'rsa' | 'ec' | 'ed25519' {
  return algorithm.startsWith('rsa') ? 'rsa' : algorithm === 'ed25519' ? 'ed25519' : 'ec';
}

/** The DER SubjectPublicKeyInfo of a public key. */
export async function exportSpki(publicKey: CryptoKey, crypto: EngineCrypto): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
}
