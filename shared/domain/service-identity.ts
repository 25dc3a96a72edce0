/**
 * Service identity: short-lived JWTs on top of mutual TLS (docs/service-identity.md).
 *
 * A token issuer (an "authorization centre") holds signing keys sealed in the vault. A token's `iss`
 * is the issuer's name, `sub` the calling service (its client certificate's CommonName), `aud` the
 * called service and `scope` the actions the policy grants the caller there (service-policy.ts).
 */

import type { Msg } from '../i18n/message.js';
import type { CertificateStatus } from './certificate.js';

/** JWS algorithms a token issuer signs with: never HS256 (a shared secret), never `none`. */
export const TOKEN_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];
export const DEFAULT_TOKEN_ALGORITHM: TokenAlgorithm = 'ES256';
export const RSA_TOKEN_KEY_BITS = [2048, 3072, 4096] as const;

/** Each algorithm's name as shown (the same in every language); what it is for: services:algorithm.<id>. */
export const TOKEN_ALGORITHM_INFO: Readonly<Record<TokenAlgorithm, { readonly label: string }>> = {
  ES256: { label: 'ES256 (ECDSA P-256)' },
  RS256: { label: 'RS256 (RSA)' },
  EdDSA: { label: 'EdDSA (Ed25519)' },
};

/** An issuer's name is its `iss` claim: letters, digits and `._:/-`, as in a URL or a plain name. */
export const ISSUER_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
export const ISSUER_NAME_RULE = 'an issuer name is 1–128 letters, digits or . _ : / - (it becomes the tokens\' iss)';

/** Token lifetimes, in seconds. */
export const TOKEN_TTL = { default: 600, recommendedMax: 900, max: 24 * 3600, min: 30 } as const;

/** A pasted token longer than this is refused before it is decoded (service tokens are well under 1 KiB). */
export const TOKEN_MAX_BYTES = 16 * 1024;

/** One signing key of an issuer. */
export interface TokenKeyView {
  /** RFC 7638 SHA-256 thumbprint of the public JWK, base64url. */
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  /** current: signs new tokens; retiring: only verifies tokens it signed until they have all expired. */
  readonly state: 'current' | 'retiring';
  readonly createdAt: string;
  /** When a retiring key leaves the JWKS (the last token it signed expires then); null for the current key. */
  readonly leavesJwksAt: string | null;
}

export interface TokenIssuerSummary {
  readonly id: string;
  /** The `iss` of its tokens. */
  readonly name: string;
  readonly algorithm: TokenAlgorithm;
  readonly createdAt: string;
  /** Newest first: the current key, then retiring ones still in the JWKS. */
  readonly keys: readonly TokenKeyView[];
  /** Tokens signed so far (each one is in the audit log). */
  readonly tokensSigned: number;
  readonly endpoint: TokenEndpointStatus;
}

export interface TokenEndpointStatus {
  readonly running: boolean;
  /** https://127.0.0.1:PORT */
  readonly url: string | null;
  /** The authority whose client certificates it accepts. */
  readonly authorityId: string | null;
}

/** The public keys of an issuer, for verifiers. */
export interface TokenIssuerPublicKeys {
  /** `{"keys":[…]}`, public members only. */
  readonly jwks: string;
  /** The current key as a PEM SubjectPublicKeyInfo. */
  readonly currentPem: string;
  readonly currentKid: string;
}

export interface MintedToken {
  readonly token: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  /** Set above the recommended 15 minutes, or when the policy grants the caller nothing there. */
  readonly warnings: readonly Msg[];
}

/** The checks a verification runs, in the order a verifier meets them. */
export const TOKEN_CHECKS = ['format', 'size', 'algorithm', 'kid', 'signature', 'issuer', 'audience', 'expiry', 'notBefore', 'issuedAt', 'subject', 'certificate', 'scope'] as const;
export type TokenCheckId = (typeof TOKEN_CHECKS)[number];

export interface TokenCheck {
  readonly id: TokenCheckId;
  readonly outcome: 'pass' | 'fail' | 'skipped';
  /** What was found, in plain words. */
  readonly message: Msg;
  /** What to do about a failure (null when it passed). */
  readonly advice: Msg | null;
}

export interface TokenDiagnosis {
  readonly valid: boolean;
  /** Decoded, untrusted until `valid`; null when they could not be decoded. */
  readonly header: Readonly<Record<string, unknown>> | null;
  readonly claims: Readonly<Record<string, unknown>> | null;
  readonly checks: readonly TokenCheck[];
  /**
   * The error a Go service verifying this token with golang-jwt v4 (algorithm pinned, iss and aud
   * checked after parsing, as the generated middleware does) reports; null when it accepts it.
   */
  readonly golangJwt: string | null;
}

/** One service: what the vault knows of it (client certificates) and what the policy says. */
export interface ServiceRow {
  /** The service name: its client certificates' CommonName and its tokens' sub. */
  readonly name: string;
  readonly inPolicy: boolean;
  readonly certificates: readonly ServiceCertificate[];
  /** `service:action` it may call. */
  readonly calls: readonly string[];
  /** Services that may call it, with the actions. */
  readonly calledBy: readonly { readonly caller: string; readonly actions: readonly string[] }[];
  /** Lifetime of the tokens the endpoint gives it, in seconds. */
  readonly tokenTtlSeconds: number;
}

export interface ServiceCertificate {
  readonly id: string;
  readonly authorityId: string;
  readonly serialNumber: string;
  readonly notAfter: string;
  readonly status: CertificateStatus;
  /** URI SANs such as spiffe://trust-domain/service. */
  readonly uris: readonly string[];
  readonly keyAlgorithm: string | null;
}

export interface PolicyView {
  /** The policy as stored, formatted (service-policy.json). */
  readonly text: string;
  readonly services: number;
  readonly updatedAt: string | null;
  /** Callers with no client certificate in the vault (a policy may come before its certificates). */
  readonly withoutCertificate: readonly string[];
}

export interface PolicyDecision {
  readonly allowed: boolean;
  /** Why, in plain words. */
  readonly reason: Msg;
}
