/** Revocation as the renderer sees it: RFC 5280 §5.3.1 reasons, explained in one line each. */
import type { Msg } from '../i18n/message.js';

export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface ReasonInfo {
  /** The CRLReason code written into the CRL (RFC 5280 §5.3.1). */
  readonly code: number;
  readonly label: string;
  /** When to choose it, in one line. */
  readonly hint: string;
}

export const REASON_INFO: Readonly<Record<RevocationReason, ReasonInfo>> = {
  unspecified: { code: 0, label: 'Unspecified', hint: 'No reason given. Prefer a specific one: it tells relying parties how worried to be.' },
  keyCompromise: { code: 1, label: 'Key compromise', hint: 'The private key leaked or may have: anything signed or encrypted with it is suspect.' },
  cACompromise: { code: 2, label: 'CA compromise', hint: 'The key of a CA above this certificate leaked: everything it issued is suspect.' },
  affiliationChanged: { code: 3, label: 'Affiliation changed', hint: 'The subject moved: a service was renamed or changed owner. Nothing leaked.' },
  superseded: { code: 4, label: 'Superseded', hint: 'Replaced by a new certificate (renewal or rekey). Nothing leaked.' },
  cessationOfOperation: { code: 5, label: 'Cessation of operation', hint: 'The service was shut down and no longer needs a certificate.' },
  certificateHold: { code: 6, label: 'Certificate hold', hint: 'Suspended for now: the only reason that can be lifted later.' },
  privilegeWithdrawn: { code: 9, label: 'Privilege withdrawn', hint: 'The subject may no longer do what the certificate allowed.' },
  aACompromise: { code: 10, label: 'AA compromise', hint: 'An attribute authority behind this certificate was compromised (rare outside attribute certificates).' },
};

/** Only certificateHold can be lifted; every other revocation is final. */
export function isFinal(reason: RevocationReason): boolean {
  return reason !== 'certificateHold';
}

/** Whether a certificate with this revocation state can (still) be revoked: not revoked, or only on hold. */
export function canRevoke(revocation: RevocationInfo | null): boolean {
  return revocation === null || revocation.reason === 'certificateHold';
}

export interface RevocationInfo {
  readonly reason: RevocationReason;
  /** ISO 8601: when Certwright revoked it. */
  readonly revokedAt: string;
  /** ISO 8601: when the key is known or suspected to have become unusable; null when not given. */
  readonly invalidityDate: string | null;
}

/** A published CRL, as listed in an authority's history. */
export interface CrlSummary {
  readonly authorityId: string;
  readonly number: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string;
  readonly entries: number;
  readonly sha256: string;
}

export interface CrlDetail extends CrlSummary {
  readonly pem: string;
  /** The authority's CRL history, newest first (numbers are never reused). */
  readonly history: readonly CrlSummary[];
}

export interface CrlEntryView {
  readonly serialNumberHex: string;
  readonly reason: RevocationReason;
  readonly revokedAt: string;
  readonly invalidityDate: string | null;
  /** The vault's certificate, when the entry is one of its leaves. */
  readonly certificateId: string | null;
  readonly commonName: string | null;
}

export interface CrlEntryPage {
  /** Entries on the CRL. */
  readonly total: number;
  /** Entries matching the query. */
  readonly matched: number;
  readonly entries: readonly CrlEntryView[];
}

/** An authority's local OCSP responder: off by default, on 127.0.0.1 only. */
export interface OcspStatus {
  readonly running: boolean;
  /** e.g. http://127.0.0.1:8960 while running. */
  readonly url: string | null;
  /** Who signs the responses while running: the CA key, or a delegated OCSP-signing certificate. */
  readonly signer: 'ca' | 'delegated' | null;
}

/** Default time between a CRL's thisUpdate and nextUpdate. */
export const DEFAULT_CRL_NEXT_UPDATE_DAYS = 7;
/** Longer-lived CRLs leave revocations unseen for too long. */
export const CRL_NEXT_UPDATE_MAX_DAYS = 90;

/** A CRL opened from outside (or ours), decoded and checked. */
export interface CrlInspection {
  readonly issuerDn: string;
  readonly issuerCommonName: string;
  /** The CRL Number extension, as decimal; null when absent. */
  readonly number: string | null;
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  readonly signatureAlgorithm: string;
  /** verified: signed by a CA this vault knows; invalid: that CA's key did not sign it; unknown-issuer: no such CA here. */
  readonly signature: { readonly status: 'verified' | 'invalid' | 'unknown-issuer'; readonly by: string | null; readonly authorityId: string | null };
  /** Entries on the CRL. */
  readonly total: number;
  /** The first entries (at most CRL_INSPECT_ENTRY_LIMIT), in the CRL's order. */
  readonly entries: ReadonlyArray<{ readonly serialNumberHex: string; readonly revokedAt: string; readonly reason: RevocationReason | 'removeFromCRL' | null; readonly invalidityDate: string | null }>;
  /** Plain-words problems: expired, not yet valid, unknown issuer. */
  readonly warnings: readonly Msg[];
}

export const CRL_INSPECT_ENTRY_LIMIT = 10_000;
/** Larger inputs are refused before parsing. */
export const CRL_INSPECT_MAX_BYTES = 10 * 1024 * 1024;
