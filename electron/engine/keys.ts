/** Key generation and the WebCrypto parameters that belong to each key algorithm. */
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

export function keyFamily(algorithm: KeyAlgorithmId): 'rsa' | 'ec' | 'ed25519' {
  return algorithm.startsWith('rsa') ? 'rsa' : algorithm === 'ed25519' ? 'ed25519' : 'ec';
}

/** The DER SubjectPublicKeyInfo of a public key. */
export async function exportSpki(publicKey: CryptoKey, crypto: EngineCrypto): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
}
