/**
 * Token issuers' signing keys: generated with the engine's key code (the same WebCrypto parameters
 * as CA keys), described as public JWKs by `jose`, named by their RFC 7638 thumbprint.
 */
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { KeyAlgorithmId } from '../../../shared/domain/keys.js';
import type { TokenAlgorithm } from '../../../shared/domain/service-identity.js';
import { exportSpki, generateKeyPair } from '../keys.js';
import type { Bytes, EngineCrypto } from '../webcrypto.js';

/** The engine's key algorithm behind a token algorithm (RS256 at the size asked for). */
export function keyAlgorithmFor(algorithm: TokenAlgorithm, rsaBits = 2048): KeyAlgorithmId {
  switch (algorithm) {
    case 'ES256':
      return 'p256';
    case 'EdDSA':
      return 'ed25519';
    case 'RS256':
      if (rsaBits === 2048 || rsaBits === 3072 || rsaBits === 4096) return `rsa${rsaBits}`;
      throw new CertwrightError('INVALID_INPUT', atField('rsaBits', 'errors:jwt.rsaBits'), { field: 'rsaBits' });
  }
}

export interface NewIssuerKey {
  /** Extractable once, for the vault to seal. */
  readonly privateKey: CryptoKey;
  readonly spki: Bytes;
  readonly publicJwk: JWK;
  readonly kid: string;
  readonly keyAlgorithm: KeyAlgorithmId;
}

/** The public JWK of a key: only the public members, with `kid`, `alg` and `use`. */
export async function publicJwk(publicKey: CryptoKey, algorithm: TokenAlgorithm): Promise<{ jwk: JWK; kid: string }> {
  const raw = await exportJWK(publicKey);
  // Only the members RFC 7638 names for each key type: nothing private can ride along.
  const members: JWK = raw.kty === 'RSA' ? { kty: 'RSA', n: raw.n!, e: raw.e! } : raw.kty === 'EC' ? { kty: 'EC', crv: raw.crv!, x: raw.x!, y: raw.y! } : { kty: 'OKP', crv: raw.crv!, x: raw.x! };
  const kid = await calculateJwkThumbprint(members, 'sha256');
  return { jwk: { ...members, kid, alg: algorithm, use: 'sig' }, kid };
}

export async function generateIssuerKey(algorithm: TokenAlgorithm, rsaBits: number | undefined, crypto: EngineCrypto): Promise<NewIssuerKey> {
  const keyAlgorithm = keyAlgorithmFor(algorithm, rsaBits);
  const pair = await generateKeyPair(keyAlgorithm, crypto);
  const { jwk, kid } = await publicJwk(pair.publicKey, algorithm);
  return { privateKey: pair.privateKey, spki: await exportSpki(pair.publicKey, crypto), publicJwk: jwk, kid, keyAlgorithm };
}

/** JWK members that only a private key has: a JWKS carrying any of them is refused. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
