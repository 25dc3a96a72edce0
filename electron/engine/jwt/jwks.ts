/**
 * A JWKS from outside (a verifier's configuration, another issuer's keys), read to check tokens
 * against: public keys only. A JWKS that carries private members is refused outright — it is not
 * read, nothing is stored, and the message says that the private key it exposes must be replaced.
 */
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { MsgParams } from '../../../shared/i18n/message.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm } from '../../../shared/domain/service-identity.js';
import type { VerifyingKey } from './diagnose.js';
import { PRIVATE_JWK_MEMBERS } from './keys.js';

export const JWKS_MAX_BYTES = 256 * 1024;
const MAX_KEYS = 100;

const refuse = (key: string, params?: MsgParams) => new CertwrightError('INVALID_INPUT', atField('jwks', key, params), { field: 'jwks' });

/** The algorithm a public JWK is for: its `alg` when it names one we verify, else what its key type implies. */
function algorithmOf(jwk: Record<string, unknown>, index: number): TokenAlgorithm {
  const named = jwk.alg;
  if (typeof named === 'string') {
    if ((TOKEN_ALGORITHMS as readonly string[]).includes(named)) return named as TokenAlgorithm;
    throw refuse('errors:jwks.algorithm', { n: index + 1, named });
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw refuse('errors:jwks.keyType', { n: index + 1, type: `kty ${String(jwk.kty)}${jwk.crv ? `, crv ${String(jwk.crv)}` : ''}` });
}

export async function readJwks(text: string): Promise<{ algorithm: TokenAlgorithm; keys: VerifyingKey[] }> {
  if (Buffer.byteLength(text) > JWKS_MAX_BYTES) throw refuse('errors:jwks.tooLarge', { kib: JWKS_MAX_BYTES / 1024 });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw refuse('errors:jwks.notJson');
  }
  const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw refuse('errors:jwks.noKeys');
  if (list.length === 0) throw refuse('errors:jwks.empty');
  if (list.length > MAX_KEYS) throw refuse('errors:jwks.tooMany', { count: list.length, max: MAX_KEYS });
  // Private members first, over every key, before anything else is looked at.
  list.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse('errors:jwks.notObject', { n: index + 1 });
    const exposed = PRIVATE_JWK_MEMBERS.filter((m) => m in raw);
    if (exposed.length > 0) {
      const key = `${index + 1}${typeof (raw as JWK).kid === 'string' ? ` (kid ${(raw as JWK).kid})` : ''}`;
      throw (raw as JWK).kty === 'oct' ? refuse('errors:jwks.secret', { key }) : refuse('errors:jwks.privateMembers', { key, members: exposed.join(', ') });
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
      throw refuse('errors:jwks.invalidKey', { n: index + 1, algorithm });
    }
    const kid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : await calculateJwkThumbprint(members, 'sha256');
    if (keys.some((k) => k.kid === kid)) throw refuse('errors:jwks.duplicateKid', { kid });
    keys.push({ kid, algorithm, publicJwk: { ...members, kid, alg: algorithm } });
  }
  const algorithms = new Set(keys.map((k) => k.algorithm));
  if (algorithms.size > 1) throw algorithms.size === 2 ? refuse('errors:jwks.twoAlgorithms', { a: [...algorithms][0]!, b: [...algorithms][1]! }) : refuse('errors:jwks.threeAlgorithms', { a: [...algorithms][0]!, b: [...algorithms][1]!, c: [...algorithms][2]! });
  return { algorithm: keys[0]!.algorithm, keys };
}
