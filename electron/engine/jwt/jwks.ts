/**
 * A JWKS from outside (a verifier's configuration, another issuer's keys), read to check tokens
 * against: public keys only. A JWKS that carries private members is refused outright — it is not
 * read, nothing is stored, and the message says that the private key it exposes must be replaced.
 */
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { CertwrightError } from '../../../shared/errors.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm } from '../../../shared/domain/service-identity.js';
import type { VerifyingKey } from './diagnose.js';
import { PRIVATE_JWK_MEMBERS } from './keys.js';

export const JWKS_MAX_BYTES = 256 * 1024;
const MAX_KEYS = 100;

const refuse = (message: string) => new CertwrightError('INVALID_INPUT', `jwks: ${message}`, { field: 'jwks' });

/** The algorithm a public JWK is for: its `alg` when it names one we verify, else what its key type implies. */
function algorithmOf(jwk: Record<string, unknown>, index: number): TokenAlgorithm {
  const named = jwk.alg;
  if (typeof named === 'string') {
    if ((TOKEN_ALGORITHMS as readonly string[]).includes(named)) return named as TokenAlgorithm;
    throw refuse(`key ${index + 1} is for ${named}; Certwright checks ES256, RS256 and EdDSA tokens`);
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw refuse(`key ${index + 1} (kty ${String(jwk.kty)}${jwk.crv ? `, crv ${String(jwk.crv)}` : ''}) is not an ES256, RS256 or EdDSA public key`);
}

export async function readJwks(text: string): Promise<{ algorithm: TokenAlgorithm; keys: VerifyingKey[] }> {
  if (Buffer.byteLength(text) > JWKS_MAX_BYTES) throw refuse(`the JWKS is larger than ${JWKS_MAX_BYTES / 1024} KiB; a key set is a few KiB`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw refuse('not JSON: a JWKS is {"keys": [ … ]}');
  }
  const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw refuse('no "keys" list: a JWKS is {"keys": [ … ]}');
  if (list.length === 0) throw refuse('the key list is empty');
  if (list.length > MAX_KEYS) throw refuse(`${list.length} keys; at most ${MAX_KEYS} are read`);
  // Private members first, over every key, before anything else is looked at.
  list.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse(`key ${index + 1} is not a JSON object`);
    const exposed = PRIVATE_JWK_MEMBERS.filter((m) => m in raw);
    if (exposed.length > 0) {
      const kind = (raw as JWK).kty === 'oct' ? 'a symmetric secret (kty oct)' : `private key members (${exposed.join(', ')})`;
      throw refuse(`key ${index + 1}${typeof (raw as JWK).kid === 'string' ? ` (kid ${(raw as JWK).kid})` : ''} holds ${kind}. A JWKS is published to verifiers and must hold public keys only; Certwright did not read it. Treat that key as exposed: replace it and rotate.`);
    }
  });
  const keys: VerifyingKey[] = [];
  for (const [index, raw] of list.entries()) {
    const jwk = raw as Record<string, unknown>;
    const algorithm = algorithmOf(jwk, index);
    const members: JWK = jwk.kty === 'RSA' ? { kty: 'RSA', n: String(jwk.n), e: String(jwk.e) } : jwk.kty === 'EC' ? { kty: 'EC', crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y) } : { kty: 'OKP', crv: String(jwk.crv), x: String(jwk.x) };
    try {
      await importJWK(members, algorithm);
    } catch {
      throw refuse(`key ${index + 1} is not a valid ${algorithm} public key`);
    }
    const kid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : await calculateJwkThumbprint(members, 'sha256');
    if (keys.some((k) => k.kid === kid)) throw refuse(`kid ${kid} appears twice: a verifier could not tell the keys apart`);
    keys.push({ kid, algorithm, publicJwk: { ...members, kid, alg: algorithm } });
  }
  const algorithms = new Set(keys.map((k) => k.algorithm));
  if (algorithms.size > 1) throw refuse(`the keys are for ${[...algorithms].join(' and ')}; an issuer signs with one algorithm, and a verifier pins it`);
  return { algorithm: keys[0]!.algorithm, keys };
}
