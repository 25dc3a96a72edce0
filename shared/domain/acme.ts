/**
 * An ACME server (RFC 8555) in front of one authority of the vault, so certbot, lego and
 * cert-manager get and renew certificates on their own (docs/acme.md). What crosses IPC.
 */
import type { Msg } from '../i18n/message.js';

/** JWS algorithms an ACME account key may sign requests with. */
export const ACME_JWS_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'] as const;

/** The most a certificate issued over ACME may live; the server's setting defaults to 30 days. */
export const ACME_VALIDITY_DAYS = { default: 30, min: 1, max: 398 } as const;

/** ACME problem types (RFC 8555 §6.7) the server answers with. */
export const ACME_PROBLEMS = [
  'badNonce',
  'badSignatureAlgorithm',
  'badPublicKey',
  'unauthorized',
  'rejectedIdentifier',
  'unsupportedIdentifier',
  'badCSR',
  'malformed',
  'orderNotReady',
  'accountDoesNotExist',
  'externalAccountRequired',
  'incorrectResponse',
  'connection',
  'dns',
  'badRevocationReason',
  'alreadyRevoked',
  'rateLimited',
  'serverInternal',
  'invalidContact',
  'unsupportedContact',
] as const;
export type AcmeProblemType = (typeof ACME_PROBLEMS)[number];

export interface AcmeServerOptions {
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
  /** The address it listens on: 127.0.0.1 unless the user says otherwise (with a warning). */
  readonly bind: string;
  /** The port http-01 challenges are fetched from (80 by default; a lab uses a high one). */
  readonly http01Port: number;
  /** Lab names mapped to addresses for http-01 (like curl's --resolve), instead of DNS. */
  readonly resolve: readonly { readonly name: string; readonly address: string }[];
  /** Accounts must be bound to an external account key (EAB), shown once the server runs. */
  readonly eab: boolean;
  /** Approve authorizations without validating them: a lab switch, off by default, in the audit log. */
  readonly labMode: boolean;
  /** The longest a certificate issued here lives, in days. */
  readonly maxValidityDays: number;
  /** A DNS server (address[:port]) dns-01 challenges are checked against; null: dns-01 is not offered. */
  readonly dnsResolver: string | null;
  /**
   * The profile of a certificate whose order names only IP addresses (no DNS name): server (absent)
   * or client, for lab machines that prove who they are by address.
   */
  readonly ipOnlyProfile?: 'server' | 'client';
}

/** What a server starts with when the user changes nothing: loopback, port 80 for http-01, no EAB, no lab mode. */
export const ACME_DEFAULT_OPTIONS: AcmeServerOptions = {
  bind: '127.0.0.1',
  http01Port: 80,
  resolve: [],
  eab: false,
  labMode: false,
  maxValidityDays: ACME_VALIDITY_DAYS.default,
  dnsResolver: null,
};

export interface AcmeServerStatus {
  readonly running: boolean;
  /** The directory URL clients are given: https://ADDRESS:PORT/directory */
  readonly directoryUrl: string | null;
  readonly options: AcmeServerOptions | null;
  /** External account binding for clients, while the server runs with EAB on. The HMAC key is base64url. */
  readonly eab: { readonly keyId: string; readonly hmacKey: string } | null;
  /** Said loudly in the panel: lab mode, a bind address other than loopback. */
  readonly warnings: readonly Msg[];
}

export type AcmeAccountStatus = 'valid' | 'deactivated' | 'revoked';

export interface AcmeAccountView {
  readonly id: string;
  readonly status: AcmeAccountStatus;
  readonly contact: readonly string[];
  /** RFC 7638 thumbprint of the account key. */
  readonly thumbprint: string;
  readonly createdAt: string;
  /** The EAB key id it was bound with, or null. */
  readonly eabKeyId: string | null;
  readonly certificates: number;
}

export type AcmeOrderStatus = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';

export interface AcmeOrderView {
  readonly id: string;
  readonly accountId: string;
  readonly status: AcmeOrderStatus;
  /** DNS names and IP addresses, as ordered. */
  readonly identifiers: readonly string[];
  readonly createdAt: string;
  /** The certificate issued for it (a record of the vault), once valid. */
  readonly certificateId: string | null;
  /** Why it became invalid, in plain words. */
  readonly error: string | null;
}

/** The authority view's ACME panel. */
export interface AcmePanel {
  readonly status: AcmeServerStatus;
  readonly accounts: readonly AcmeAccountView[];
  /** Newest first, the last 50 of this run. */
  readonly orders: readonly AcmeOrderView[];
  /** Certificates of this authority issued over ACME (ever). */
  readonly certificatesIssued: number;
}
