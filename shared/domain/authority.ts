import type { KeyAlgorithmId } from './keys.js';
import type { SubjectFields } from '../validation/subject.js';

/** What the renderer may know about a certificate authority. Never any private key material. */
export interface AuthoritySummary {
  readonly id: string;
  readonly kind: 'root';
  readonly subject: SubjectFields;
  /** RFC 4514 string, most specific first, e.g. `CN=Acme Root,O=Acme,C=DE`. */
  readonly subjectDn: string;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly serialNumberHex: string;
  /** ISO-8601 instants. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** Upper-case hex, colon separated, of the DER certificate. */
  readonly sha256Fingerprint: string;
  readonly pathLength: number | null;
  readonly createdAt: string;
}

export interface AuthorityDetail extends AuthoritySummary {
  readonly signatureAlgorithm: string;
  readonly subjectKeyIdentifier: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo, as used for key pinning. */
  readonly spkiSha256: string;
  /** The certificate only, PEM. */
  readonly certificatePem: string;
}
