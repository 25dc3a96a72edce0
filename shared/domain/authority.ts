import type { KeyAlgorithmId } from './keys.js';
import type { ChainLink, ExtensionView } from './certificate.js';
import type { SubjectFields } from '../validation/subject.js';

export type AuthorityKind = 'root' | 'intermediate';
/** pending: an intermediate whose key and CSR exist, waiting for its certificate from an outside CA. */
export type AuthorityState = 'active' | 'pending';

/** Defaults and URLs that go into every certificate an authority issues. */
import type { RevocationInfo } from './revocation.js';

export interface AuthoritySettings {
  readonly defaultValidityDays: number;
  readonly crlUrl: string | null;
  readonly ocspUrl: string | null;
  readonly caIssuersUrl: string | null;
  /** Days from a CRL's thisUpdate to its nextUpdate. */
  readonly crlNextUpdateDays: number;
}

export interface NameConstraints {
  readonly permittedDns: readonly string[];
  readonly excludedDns: readonly string[];
  /** CIDR ranges, e.g. 10.0.0.0/8. */
  readonly permittedIp: readonly string[];
  readonly excludedIp: readonly string[];
}

export interface AuthorityCounts {
  readonly issued: number;
  readonly revoked: number;
  /** Valid certificates whose notAfter is within 30 days. */
  readonly expiring: number;
}

/** What the renderer may know about a certificate authority. Never any private key material. */
export interface AuthoritySummary {
  readonly id: string;
  readonly kind: AuthorityKind;
  readonly state: AuthorityState;
  /** The issuing authority in this vault; null for roots and for intermediates signed outside. */
  readonly parentId: string | null;
  readonly subject: SubjectFields;
  /** RFC 4514 string, most specific first, e.g. `CN=Acme Root,O=Acme,C=DE`. */
  readonly subjectDn: string;
  readonly keyAlgorithm: KeyAlgorithmId;
  /** Empty while pending. ISO-8601 instants. */
  readonly serialNumberHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Upper-case hex, colon separated, of the DER certificate; empty while pending. */
  readonly sha256Fingerprint: string;
  readonly pathLength: number | null;
  readonly nameConstraints: NameConstraints | null;
  readonly settings: AuthoritySettings;
  readonly counts: AuthorityCounts;
  /** Set when its issuer (in this vault) revoked its certificate: it can no longer issue. */
  readonly revocation: RevocationInfo | null;
  /**
   * Set when this is a step-ca server's issuing CA (a remote authority, shared/domain/remote.ts): it
   * signs on the server, its key is not in the vault, and issuing, renewing and revoking go there.
   */
  readonly remoteId: string | null;
  readonly createdAt: string;
}

export interface AuthorityDetail extends AuthoritySummary {
  readonly signatureAlgorithm: string;
  readonly subjectKeyIdentifier: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo, as used for key pinning. */
  readonly spkiSha256: string;
  /** The certificate only, PEM; empty while pending. */
  readonly certificatePem: string;
  readonly extensions: readonly ExtensionView[];
  /** This authority up to its root, itself first. */
  readonly chain: readonly ChainLink[];
  /** For a pending intermediate: the PKCS#10 request to take to the outside CA. */
  readonly csrPem: string | null;
  /** SHA-256 of that request's DER, colon hex: what `openssl req -outform DER | sha256sum` prints, to compare with the CA operator. */
  readonly csrSha256: string | null;
}

export interface CreatedIntermediate {
  readonly authority: AuthoritySummary;
  /** Set when the requested validity was cut to the parent's notAfter. */
  readonly clampedTo: string | null;
}

export interface PendingIntermediate {
  readonly authority: AuthoritySummary;
  readonly csrPem: string;
  /** SHA-256 of the request's DER, colon hex. */
  readonly csrSha256: string;
}

/** What revoking a CA takes down with it. */
export interface RevocationImpact {
  /** Leaf certificates under it, at any depth. */
  readonly certificates: number;
  /** CAs under it, at any depth. */
  readonly authorities: number;
}
