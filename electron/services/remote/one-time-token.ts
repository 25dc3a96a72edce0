/**
 * A step-ca JWK provisioner's key and the one-time tokens it signs (smallstep/certificates
 * authority/provisioner/jwk.go, authority/authorize.go).
 *
 * The server lists each JWK provisioner with its public key and its private key encrypted as a JWE
 * (PBES2 with the provisioner's password). Connecting decrypts it once, checks it belongs to the
 * public key, and the vault seals the private key: from then on the vault keeps the key, not the
 * password. A token is a short JWT (five minutes, as step's own CLI) signed by that key, which step-ca
 * finds by `iss` (the provisioner's name) and the header's `kid`; `aud` names the API path on every
 * URL of the server (step-ca compares them without the port), `sub` and `sans` the names asked for
 * (`sub` the serial for a revocation), `sha` the pinned root's fingerprint, `jti` a random id the
 * server refuses to see twice.
 */
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { compactDecrypt, errors as joseErrors, SignJWT } from 'jose';
import { z } from 'zod';
import type { KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { REMOTE_TOKEN_SECONDS } from '../../../shared/domain/remote.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { msg } from '../../../shared/i18n/message.js';
import type { Bytes } from '../../engine/webcrypto.js';

/** The JWS algorithms a provisioner key here signs with (those step's CLI makes, and WebCrypto can sign). */
export const PROVISIONER_JWS = ['ES256', 'ES384', 'RS256', 'EdDSA'] as const;
export type ProvisionerJws = (typeof PROVISIONER_JWS)[number];

/**
 * step's PBES2 count is 100,000 (go.step.sm/crypto/jose); a server could send an encrypted key that
 * asks for far more and hold the app for minutes: more than ten times step's is refused.
 */
const MAX_PBES2_COUNT = 1_000_000;

export interface ProvisionerKey {
  /** The private key, PKCS#8: the caller seals it and zeroes it. */
  readonly pkcs8: Bytes;
  readonly spki: Bytes;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly jwsAlgorithm: ProvisionerJws;
}

const PublicJwk = z.looseObject({ kty: z.string(), alg: z.string().optional(), kid: z.string().optional() });

/** The vault's key algorithm of a key (null for one it does not sign with: P-521, RSA of another size). */
export function keyAlgorithmOfKey(key: KeyObject): KeyAlgorithmId | null {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') return details.namedCurve === 'prime256v1' ? 'p256' : details.namedCurve === 'secp384r1' ? 'p384' : null;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength;
    return bits === 2048 ? 'rsa2048' : bits === 3072 ? 'rsa3072' : bits === 4096 ? 'rsa4096' : null;
  }
  return key.asymmetricKeyType === 'ed25519' ? 'ed25519' : null;
}

const JWS_OF: Readonly<Record<KeyAlgorithmId, ProvisionerJws>> = { p256: 'ES256', p384: 'ES384', rsa2048: 'RS256', rsa3072: 'RS256', rsa4096: 'RS256', ed25519: 'EdDSA' };

/** The provisioner's public key as the server lists it: its key algorithm, the JWS algorithm it signs with, its SPKI. */
export function provisionerPublicKey(name: string, jwk: unknown): { keyAlgorithm: KeyAlgorithmId; jwsAlgorithm: ProvisionerJws; spki: Bytes; kid: string } {
  const unusable = () => new CertwrightError('REMOTE_REFUSED', msg('remote:errors.provisionerKeyUnusable', { name }));
  const parsed = PublicJwk.safeParse(jwk);
  if (!parsed.success || !parsed.data.kid) throw unusable();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: parsed.data as never, format: 'jwk' });
  } catch {
    throw unusable();
  }
  const keyAlgorithm = keyAlgorithmOfKey(key);
  if (keyAlgorithm === null) throw unusable();
  const jwsAlgorithm = JWS_OF[keyAlgorithm];
  if (parsed.data.alg !== undefined && parsed.data.alg !== jwsAlgorithm) throw unusable();
  return { keyAlgorithm, jwsAlgorithm, spki: new Uint8Array(key.export({ type: 'spki', format: 'der' })), kid: parsed.data.kid };
}

/**
 * Decrypts the provisioner's encrypted key with its password and checks it belongs to the public key
 * the server lists. A wrong password is said at the password field; nothing is kept of it.
 */
export async function decryptProvisionerKey(name: string, encryptedKey: string, password: string, publicJwk: unknown): Promise<ProvisionerKey> {
  const expected = provisionerPublicKey(name, publicJwk);
  const secret = new TextEncoder().encode(password);
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(encryptedKey, secret, {
      keyManagementAlgorithms: ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'],
      contentEncryptionAlgorithms: ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'],
      maxPBES2Count: MAX_PBES2_COUNT,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWEDecryptionFailed) throw new CertwrightError('INVALID_INPUT', atField('password', 'remote:errors.wrongPassword', { name }), { field: 'password' });
    throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.encryptedKeyUnreadable', { name }));
  } finally {
    secret.fill(0);
  }
  try {
    let key: KeyObject;
    try {
      const jwk = JSON.parse(Buffer.from(plaintext).toString('utf8')) as unknown;
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } catch {
      throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.encryptedKeyUnreadable', { name }));
    }
    const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
    if (!Buffer.from(spki).equals(Buffer.from(expected.spki))) throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.encryptedKeyMismatch', { name }));
    return { pkcs8: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })), spki, keyAlgorithm: expected.keyAlgorithm, jwsAlgorithm: expected.jwsAlgorithm };
  } finally {
    plaintext.fill(0);
  }
}

export interface OneTimeTokenClaims {
  readonly provisioner: string;
  readonly kid: string;
  readonly algorithm: ProvisionerJws;
  /** The server's URLs (origins); the token names the API path on each. */
  readonly urls: readonly string[];
  readonly purpose: 'sign' | 'revoke';
  /** The common name asked for; for a revocation, the certificate's serial number (decimal). */
  readonly subject: string;
  readonly sans: readonly string[];
  readonly rootFingerprint: string;
  readonly now: Date;
}

/** A one-time token step-ca's JWK provisioner accepts for `/sign` or `/revoke`. */
export async function signOneTimeToken(key: CryptoKey, claims: OneTimeTokenClaims): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const iat = Math.floor(claims.now.getTime() / 1000);
  const jti = randomBytes(32).toString('hex');
  const audience = [...new Set(claims.urls.map((u) => `${new URL(u).origin}/1.0/${claims.purpose}`))];
  const body: Record<string, unknown> = { sha: claims.rootFingerprint };
  if (claims.purpose === 'sign') body['sans'] = [...claims.sans];
  const token = await new SignJWT(body)
    .setProtectedHeader({ alg: claims.algorithm, kid: claims.kid, typ: 'JWT' })
    .setIssuer(claims.provisioner)
    .setSubject(claims.subject)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + REMOTE_TOKEN_SECONDS)
    .setJti(jti)
    .sign(key);
  return { token, jti, expiresAt: new Date((iat + REMOTE_TOKEN_SECONDS) * 1000) };
}
