/** Signing a service token: the claims a Certwright issuer puts in, signed by `jose`. */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TokenAlgorithm } from '../../../shared/domain/service-identity.js';

export interface TokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
  /** Space-separated `service:action`s the policy grants sub on aud (RFC 8693 §4.2). */
  readonly scope: string;
}

export function tokenClaims(input: { issuer: string; subject: string; audience: string; scope: readonly string[]; ttlSeconds: number; now: Date }): TokenClaims {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience,
    iat,
    nbf: iat,
    exp: iat + input.ttlSeconds,
    jti: randomBytes(16).toString('base64url'),
    scope: input.scope.join(' '),
  };
}

/** A compact JWS with header {alg, kid, typ: JWT}. */
export function signToken(key: CryptoKey, algorithm: TokenAlgorithm, kid: string, claims: TokenClaims): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: algorithm, kid, typ: 'JWT' }).sign(key);
}
