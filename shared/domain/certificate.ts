import type { SanEntry } from '../validation/san.js';
import type { SubjectFields } from '../validation/subject.js';
import type { KeyAlgorithmId } from './keys.js';
import { msg, type Msg, type MsgParams } from '../i18n/message.js';

/** Leaf profiles: what a certificate is for. */
export const PROFILES = ['server', 'client', 'peer'] as const;
export type Profile = (typeof PROFILES)[number];
/**
 * What an issued certificate is: a leaf profile, or 'ca' — a sub-CA signed from an outside request
 * (Istio's plug-in CA, a Vault PKI intermediate), whose key stays with whoever asked.
 */
export const CERTIFICATE_KINDS = [...PROFILES, 'ca'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const PROFILE_INFO: Readonly<Record<CertificateKind, { label: string; hint: string }>> = {
  server: { label: 'Server', hint: 'TLS server (serverAuth). Needs at least one DNS name or IP address.' },
  client: { label: 'Client', hint: 'mTLS client (clientAuth). The common name is the service identity.' },
  peer: { label: 'Peer', hint: 'Both server and client, for services that call each other.' },
  ca: { label: 'Sub-CA', hint: 'An intermediate CA signed from an outside request; its key stays with its holder.' },
};

import type { RevocationInfo } from './revocation.js';

/** Validity presets offered for leaf certificates, in days. 30 is the default. */
export const LEAF_VALIDITY_PRESETS = [1, 7, 30, 90, 365] as const;
export const DEFAULT_LEAF_VALIDITY_DAYS = 30;
/** Above this, browsers refuse a server certificate from a publicly trusted CA (a system root); we warn there only. */
export const LEAF_VALIDITY_WARN_DAYS = 398;
/**
 * Above this, Apple platforms refuse any TLS server certificate, a private CA's too (the 398-day
 * rule is for publicly trusted CAs only): the limit that applies to what Certwright's CAs issue.
 */
export const PRIVATE_LEAF_VALIDITY_WARN_DAYS = 825;

export type CertificateStatus = 'valid' | 'expired' | 'not-yet-valid' | 'revoked';

/** How a certificate's key is described: generated here (a known algorithm) or from a CSR. */
export interface KeyDescription {
  /** Set when the key type is one Certwright generates. */
  readonly algorithm: KeyAlgorithmId | null;
  /** "ECDSA P-256", "RSA 3072", … */
  readonly label: string;
}

export interface CertificateSummary {
  readonly id: string;
  readonly authorityId: string;
  readonly issuerCommonName: string;
  readonly profile: CertificateKind;
  readonly subject: SubjectFields;
  readonly subjectDn: string;
  readonly sans: readonly SanEntry[];
  readonly serialNumberHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: CertificateStatus;
  /** Set when the certificate is revoked (status 'revoked'), or on hold. */
  readonly revocation: RevocationInfo | null;
  readonly key: KeyDescription;
  /** True when Certwright generated the key and holds it sealed; false for certificates from a CSR. */
  readonly hasPrivateKey: boolean;
  readonly sha256Fingerprint: string;
  readonly createdAt: string;
  /** The earliest notAfter in the chain (this certificate and its issuers up to the root). */
  readonly effectiveNotAfter: string;
  /** The certificate this one renewed or rekeyed; null for a first issue. */
  readonly replacesId: string | null;
  /** The certificate that replaced this one, if any. */
  readonly replacedById: string | null;
  /** When it will be revoked as superseded (after the overlap chosen at renewal); null if not scheduled. */
  readonly scheduledRevocation: string | null;
  /** The ACME account that ordered it (issued by the authority's ACME server), or null. */
  readonly acmeAccountId: string | null;
}

/** One extension in words, as catalog texts (namespace `x509`) each front end words in its language. */
export interface ExtensionView {
  readonly oid: string;
  readonly name: Msg;
  readonly critical: boolean;
  /** Human lines, e.g. ["TLS Web Server Authentication"]; for unknown ones the hex of the value. */
  readonly values: readonly Msg[];
}

/** constraint-violated: path length, key usage, name constraints or EKU nesting; untrusted: a root that is no trust anchor here. */
export type LinkStatus = 'ok' | 'expired' | 'not-yet-valid' | 'bad-signature' | 'not-a-ca' | 'issuer-missing' | 'revoked' | 'constraint-violated' | 'untrusted';

/** One certificate in a chain, leaf first, with how its link to the next one checked out. */
export interface ChainLink {
  readonly role: 'leaf' | 'intermediate' | 'root';
  readonly commonName: string;
  readonly subjectDn: string;
  readonly serialNumberHex: string;
  readonly notAfter: string;
  readonly status: LinkStatus;
  /** In words (`errors:chain.*`): "Signed by Acme Issuing CA", "Expired on …". */
  readonly note: Msg;
  /** Set when the certificate is an authority in this vault. */
  readonly authorityId: string | null;
}

export interface CertificateDetail extends CertificateSummary {
  readonly signatureAlgorithm: string;
  readonly subjectKeyIdentifier: string;
  readonly authorityKeyIdentifier: string;
  readonly spkiSha256: string;
  readonly extensions: readonly ExtensionView[];
  readonly chain: readonly ChainLink[];
  readonly certificatePem: string;
  /** Intermediates only, leaf-first order (what goes after the leaf in fullchain.pem). */
  readonly chainPem: string;
  /** The root at the top of the chain. */
  readonly rootPem: string;
}

/** The result of issuing one certificate. */
export interface IssuedCertificate {
  readonly certificate: CertificateSummary;
  /** Non-fatal remarks worth showing, e.g. validity above 398 days. */
  readonly warnings: readonly Msg[];
}

export interface IssuedBulk {
  /** Certificates issued and stored (all asked for, unless cancelled). */
  readonly issued: number;
  /** The certificates stored, in issue order (for "Export all"). */
  readonly ids: readonly string[];
  readonly authorityId: string;
  readonly warnings: readonly Msg[];
  /** Stopped by `operation.cancel` between batches: `issued` are stored, the rest were not made. */
  readonly cancelled: boolean;
}

export interface IssuedPair {
  readonly server: CertificateSummary;
  readonly client: CertificateSummary;
  readonly warnings: readonly Msg[];
}

/** What a PKCS#10 request asks for, shown before signing. Nothing of it is copied blindly. */
export interface CsrSummary {
  readonly subject: SubjectFields;
  readonly subjectDn: string;
  readonly sans: readonly SanEntry[];
  /** Names the request asks for that Certwright cannot certify (malformed, or a kind it does not issue): each also in `notes`. */
  readonly uncopiedNames: readonly string[];
  readonly key: KeyDescription;
  readonly signatureValid: boolean;
  /** Every extension the CSR requests, in words. */
  readonly requestedExtensions: readonly ExtensionView[];
  /** Reasons Certwright will not sign it as it is (bad signature, weak key, CA:TRUE requested, …). */
  readonly refusals: readonly Msg[];
  /** Remarks: requested extensions Certwright ignores and decides itself. */
  readonly notes: readonly Msg[];
  /** The profile the request seems to want, from its EKU; null if it does not say. */
  readonly suggestedProfile: Profile | null;
  /**
   * Set when the request asks to be a CA (Basic Constraints CA:TRUE, or Certificate/CRL Sign): it is
   * then signed only as a sub-CA, never as a leaf. pathLength: the one it asks for (shown, not copied).
   */
  readonly caRequest: { readonly pathLength: number | null } | null;
}

/** Why a reviewed request cannot become a leaf certificate: its refusals, and asking to be a CA. */
export function leafRefusals(summary: CsrSummary): Msg[] {
  return summary.caRequest ? [...summary.refusals, msg('errors:csr.refusal.caRequest')] : [...summary.refusals];
}

/** A request's refusals (at least one) as one refusal's words: the first, nested, and how many more there are. */
export function csrRefusal(refusals: readonly Msg[]): { readonly key: string; readonly params: MsgParams } {
  const first = refusals[0]!;
  const params = { ...first.params, refusalKey: first.key };
  return refusals.length === 1 ? { key: 'errors:issuing.csrRefused', params } : { key: 'errors:issuing.csrRefusedMore', params: { ...params, count: refusals.length - 1 } };
}
