/** Signing a service token: the claims a Certwright issuer puts in, signed by `jose`. */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KeyAlgorithmId } from '../../../shared/domain/keys.js';
import type { TokenAlgorithm } from '../../../shared/domain/service-identity.js';
import { nodeSignature } from '../node-signer.js';
import type { EngineCrypto } from '../webcrypto.js';

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

/** The key algorithm whose hash and signature encoding a JWS algorithm uses (RSA's size does not change either). */
const SIGNS_AS: Readonly<Record<TokenAlgorithm, KeyAlgorithmId>> = { ES256: 'p256', RS256: 'rsa2048', EdDSA: 'ed25519' };

/**
 * A compact JWS with header {alg, kid, typ: JWT}.
 *
 * Assembled here and signed through node:crypto with the same key handle (node-signer.ts) — because
 * a measurement said so: jose signs through crypto.subtle, an async job per signature, and
 * test/bench/jwt.bench.ts measured it at 0.47–0.60× python3-jwt's encode, against 1.45–1.8× this
 * way. The compact form is RFC 7515 §7.1: BASE64URL(header) "." BASE64URL(claims) "." BASE64URL(sig),
 * ECDSA as r‖s (RFC 7518 §3.4). A key Node cannot wrap (another provider) goes through jose.
 * Tokens made either way are verified by jose, golang-jwt and python3-jwt in the tests.
 */
export async function signToken(key: CryptoKey, algorithm: TokenAlgorithm, kid: string, claims: TokenClaims, crypto: EngineCrypto = globalThis.crypto): Promise<string> {
  const header = { alg: algorithm, kid, typ: 'JWT' };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = nodeSignature({ privateKey: key, algorithm: SIGNS_AS[algorithm] }, Buffer.from(input, 'ascii'), crypto, 'ieee-p1363');
  if (signature === null) return new SignJWT({ ...claims }).setProtectedHeader(header).sign(key);
  return `${input}.${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64url')}`;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
