/**
 * Inspecting what the user is handed — files, pasted PEM, live TLS endpoints — and explaining what
 * is wrong with it. Plain data only: this crosses IPC. Private key bytes never appear here; a key is
 * described by its type, size and public half.
 */
import type { ChainLink, CsrSummary, ExtensionView } from './certificate.js';
import type { CrlInspection } from './revocation.js';
import type { Msg } from '../i18n/message.js';

/** Larger inputs are refused before parsing. */
export const INSPECT_MAX_BYTES = 10 * 1024 * 1024;
/** More objects than this in one input are refused (a 10 MiB PEM of tiny blocks would otherwise be ~40,000). */
export const INSPECT_MAX_OBJECTS = 5_000;
/** ASN.1 deeper than this is refused as absurd: real PKI structures stay under 20 levels. */
export const INSPECT_MAX_DEPTH = 48;
/** The raw ASN.1 tree of one object is cut after this many nodes (a CRL of 100,000 entries would be millions). */
export const ASN1_TREE_NODE_LIMIT = 2_000;

/** Which role the certificate is meant to play; decides the EKU check. */
export const INSPECT_ROLES = ['server', 'client', 'any'] as const;
export type InspectRole = (typeof INSPECT_ROLES)[number];

export interface InspectOptions {
  /** A DNS name or IP address the certificate should cover; null: no hostname check. */
  readonly hostCheck: string | null;
  readonly role: InspectRole;
  /** Also build chains up to the operating system's trusted roots. */
  readonly useSystemStore: boolean;
}

/** One attribute of a distinguished name, named: { label: "Common Name", short: "CN", value }. */
export interface NameAttribute {
  readonly oid: string;
  readonly short: string;
  readonly label: string;
  readonly value: string;
}

export interface PublicKeyView {
  /** "ECDSA P-256", "RSA 2048", "Ed25519" */
  readonly label: string;
  readonly family: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'other';
  readonly bits: number | null;
  /** base64 SHA-256 of the SubjectPublicKeyInfo (HPKP / Envoy / curl --pinnedpubkey pin). */
  readonly spkiSha256: string;
}

/** One node of the raw ASN.1 (DER/BER) tree. */
export interface AsnNode {
  /** "SEQUENCE", "INTEGER", "[0]", "OBJECT IDENTIFIER", … */
  readonly tag: string;
  readonly offset: number;
  readonly length: number;
  /** A short rendering of a primitive value: an OID with its name, a string, a number, hex. */
  readonly value: string | null;
  readonly children: readonly AsnNode[];
}

/** The raw tree of one object, fetched on demand (a 144-certificate bundle's trees would be most of the report). */
export interface AsnTree {
  readonly root: AsnNode;
  /** True when the tree was cut at ASN1_TREE_NODE_LIMIT nodes. */
  readonly truncated: boolean;
}

interface ObjectBase {
  /** Position among the objects of this input, from 0. */
  readonly index: number;
  /** Where it came from: "PEM block 2 (CERTIFICATE)", "PKCS#12 certificate 1", "DER file" (an `inspect:source.*` text). */
  readonly source: Msg;
}

export interface InspectedCertificate extends ObjectBase {
  readonly kind: 'certificate';
  readonly commonName: string;
  readonly subject: readonly NameAttribute[];
  readonly subjectDn: string;
  readonly issuer: readonly NameAttribute[];
  readonly issuerDn: string;
  readonly version: number;
  readonly serialNumberHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Whole days until notAfter; negative once expired. */
  readonly daysLeft: number;
  /** notAfter − notBefore, in days. */
  readonly validityDays: number;
  readonly publicKey: PublicKeyView;
  readonly signatureAlgorithm: string;
  readonly sha256Fingerprint: string;
  readonly sha1Fingerprint: string;
  readonly isCa: boolean;
  readonly selfIssued: boolean;
  /** "DNS: a.example", "IP: 10.0.0.1", … */
  readonly sans: readonly string[];
  readonly extensions: readonly ExtensionView[];
  readonly pem: string;
  /** Set when this exact certificate is an authority of the vault. */
  readonly vaultAuthorityId: string | null;
  /** Set when this exact certificate is an outside CA the vault trusts (added from here). */
  readonly vaultTrusted: boolean;
}

export interface InspectedKey extends ObjectBase {
  readonly kind: 'private-key' | 'public-key';
  /** "PKCS#8", "PKCS#1 RSA", "SEC1 EC", "encrypted PKCS#8", "SubjectPublicKeyInfo", "PKCS#1 RSA public key" */
  readonly format: string;
  /** Null only for an encrypted key that was not opened. */
  readonly publicKey: PublicKeyView | null;
  /** Indexes of the certificates in this input whose public key this is. */
  readonly matchesCertificates: readonly number[];
  /** The public key's PEM (for public keys and the public half of private keys). */
  readonly publicKeyPem: string | null;
}

export interface InspectedCsr extends ObjectBase {
  readonly kind: 'csr';
  readonly request: CsrSummary;
  readonly publicKey: PublicKeyView;
  readonly pem: string;
}

export interface InspectedCrl extends ObjectBase {
  readonly kind: 'crl';
  readonly crl: CrlInspection;
  readonly pem: string;
}

/** A container (PKCS#7, PKCS#12) — its contents are listed as objects of their own after it. */
export interface InspectedContainer extends ObjectBase {
  readonly kind: 'pkcs7' | 'pkcs12';
  /** "3 certificates", "2 certificates and 1 private key, friendly name “api”" */
  readonly summary: Msg;
}

export type InspectedObject = InspectedCertificate | InspectedKey | InspectedCsr | InspectedCrl | InspectedContainer;

/**
 * A part of the input that could not be read; the rest still is. The message names its source by
 * nesting it (`$t({{sourceKey}})` with the source's parameters beside), so it reads whole on its own.
 */
export interface InputProblem {
  readonly source: Msg;
  readonly message: Msg;
}

/** The problems that ask for a password: a window asking for it does not list them too. */
export const PASSWORD_PROBLEM_KEYS: ReadonlySet<string> = new Set(['inspect:problem.pkcs12Password', 'inspect:problem.pkcs12WrongPassword', 'inspect:problem.keyPassword', 'inspect:problem.keyWrongPassword']);

export type LinkCheckName = 'signature' | 'validity' | 'ca' | 'path-length' | 'key-usage' | 'name-constraints' | 'eku' | 'revocation';

export interface LinkCheck {
  readonly name: LinkCheckName;
  readonly ok: boolean;
  /** What was found, as a `diagnosis:check.*` text. */
  readonly note: Msg;
}

export type CertificateOrigin = 'input' | 'vault' | 'system';

export interface InspectLink extends Omit<ChainLink, 'note'> {
  /** The first failed check's note, else the first check's. */
  readonly note: Msg;
  /** Where this certificate was found. */
  readonly origin: CertificateOrigin;
  /** Its index among the input's objects, when it came from the input. */
  readonly objectIndex: number | null;
  /** What was checked about this certificate and its link to the next one. */
  readonly checks: readonly LinkCheck[];
}

export interface InspectChain {
  /** Leaf first. */
  readonly links: readonly InspectLink[];
  /** Ends in a trust anchor (a vault CA, an outside CA the vault trusts, or — if asked — a system root) and every check passed. */
  readonly trusted: boolean;
  /** Where the anchor at the top came from; null when the chain does not reach a self-signed root. */
  readonly anchor: CertificateOrigin | null;
  /** The earliest notAfter anywhere in the chain — when this certificate really stops working. */
  readonly effectiveNotAfter: string;
  /** Common name of the certificate whose notAfter that is. */
  readonly effectiveLimitedBy: string;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

export const FINDING_IDS = [
  'expired',
  'not-yet-valid',
  'chain-expired',
  'incomplete-chain',
  'wrong-order',
  'unknown-authority',
  'bad-signature',
  'hostname-mismatch',
  'cn-only',
  'wrong-eku',
  'key-mismatch',
  'ca-leaf',
  'weak-signature',
  'weak-key',
  'validity-too-long',
  'revoked',
  'not-a-ca',
  'path-length',
  'issuer-key-usage',
  'name-constraints',
  'eku-nesting',
  'no-leaf',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/**
 * One diagnosis in plain words, with what to do, and the error text the engineer will have seen.
 * The words are `diagnosis:` texts (each front end says them in its language); the peers' texts are not.
 */
export interface Finding {
  readonly id: FindingId;
  readonly severity: FindingSeverity;
  readonly title: Msg;
  readonly detail: Msg;
  readonly advice: Msg;
  /** Verbatim error texts from Go, OpenSSL, curl, browsers for this problem. */
  readonly seenAs: readonly string[];
}

export interface InspectionReport {
  readonly objects: readonly InspectedObject[];
  readonly problems: readonly InputProblem[];
  /** The certificate the chain and diagnosis are about (the end entity); null when there is none. */
  readonly leafIndex: number | null;
  readonly chain: InspectChain | null;
  readonly findings: readonly Finding[];
  /** Set when part of the input is password-protected and no (or a wrong) password was given. */
  readonly needsPassword: { readonly what: string; readonly wrong: boolean } | null;
}

// ---- Live endpoints --------------------------------------------------------------------------------

export interface EndpointRequest {
  readonly host: string;
  readonly port: number;
  /** SNI name; defaults to host when it is a DNS name. */
  readonly servername: string | null;
  /** A vault certificate (with its key) to present for mTLS-only endpoints. */
  readonly clientCertificateId: string | null;
}

/**
 * How far a connection to an endpoint got, as data (the watch judges it; the failure says it in words):
 * 'unreachable' no TCP connection (refused, DNS, no route, connect timeout, or not a valid target);
 * 'not-tls' connected, but what came back is not TLS; 'handshake-failed' TLS, but an alert, a hang-up
 * or no handshake in time; 'ok' the handshake completed.
 */
export const ENDPOINT_REACH = ['ok', 'unreachable', 'not-tls', 'handshake-failed'] as const;
export type EndpointReach = (typeof ENDPOINT_REACH)[number];

export interface EndpointReport {
  /** "api.internal:8443" */
  readonly target: string;
  readonly address: string | null;
  readonly servername: string | null;
  /** "TLSv1.3" */
  readonly protocol: string | null;
  /** "TLS_AES_128_GCM_SHA256" */
  readonly cipher: string | null;
  readonly alpn: string | null;
  /** Whether the server asked for a client certificate; null when it could not be observed. */
  readonly clientCertificateRequested: boolean | null;
  /** The CA names the server said it accepts client certificates from (RFC 4514), as sent. */
  readonly acceptableCaNames: readonly string[];
  /** 'as-sent': the order on the wire; 'reconstructed': rebuilt by issuer (the server spoke TLS 1.3 only). */
  readonly chainOrder: 'as-sent' | 'reconstructed';
  /** The client certificate presented, and what the server made of it. */
  readonly clientCertificate: { readonly commonName: string; readonly accepted: boolean | null; readonly message: Msg } | null;
  /** When the handshake did not complete: what happened, in words. The chain may still have been received. */
  readonly failure: Msg | null;
  /** How far the connection got ('ok' exactly when failure is null). */
  readonly reached: EndpointReach;
  /** The served certificates, inspected and diagnosed as a file would be. */
  readonly report: InspectionReport;
}

// ---- Adding outside CAs to the vault -----------------------------------------------------------------

export interface AddedToVault {
  /** 'authority': imported with its key, it can issue. 'trusted': certificate only, used for chains. */
  readonly as: 'authority' | 'trusted';
  readonly authorityId: string | null;
  readonly commonName: string;
  /** Why a key that came along was not imported, when it was not. */
  readonly note: Msg | null;
}
