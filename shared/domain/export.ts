/** Export bundles: formats, configuration snippets and the handshake proof, as the renderer sees them. */
import { msg, type Msg } from '../i18n/message.js';

export const EXPORT_FORMATS = ['pem', 'zip', 'p12', 'p7b', 'der', 'truststore'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where a PKCS#12 file is going: modern (AES, SHA-256) or legacy (3DES, SHA-1) readers. */
export const PKCS12_TARGETS = ['modern', 'legacy'] as const;
export type Pkcs12Target = (typeof PKCS12_TARGETS)[number];

/**
 * Why a PKCS#12 password cannot be used for a target, or null. Both targets' readers refuse a blank
 * one: macOS Keychain Access and Java's keytool cannot import a PKCS#12 without a password (older
 * Windows import wizards and Java 8 too), and a blank one leaves the key readable by anyone with the file.
 */
export function pkcs12PasswordProblem(target: Pkcs12Target, password: string | null): Msg | null {
  if (password !== null && password.length > 0) return null;
  return target === 'modern' ? msg('exports:p12Password.modern') : msg('exports:p12Password.legacy');
}

/** Which side of the handshake a certificate plays when its bundle is proven. */
export const PROOF_ROLES = ['client', 'server'] as const;
export type ProofRole = (typeof PROOF_ROLES)[number];

export interface SnippetView {
  readonly id: string;
  readonly title: string;
  readonly language: 'go' | 'nginx' | 'yaml' | 'shell';
  readonly filename: string;
  /** Never holds key material: the Kubernetes Secret shows an empty tls.key here (the file has it). */
  readonly text: string;
  readonly complete: boolean;
}

export interface ExportResult {
  /** True when the user closed the save dialog: nothing was written. */
  readonly cancelled: boolean;
  readonly paths: readonly string[];
}

/** The most certificates one "Export all" zips (each key is encrypted on its own, a fraction of a second each). */
export const MAX_EXPORT_ALL = 1_000;
/** How each key travels in "Export all": an encrypted PKCS#8 key.enc.pem, or a PKCS#12 file; never in clear. */
export const EXPORT_ALL_KEY_FORMATS = ['pem', 'p12'] as const;
export type ExportAllKeyFormat = (typeof EXPORT_ALL_KEY_FORMATS)[number];

/** What "Export all" wrote: one zip, a folder per certificate inside. */
export interface ExportAllResult {
  /** True when the user closed the save dialog or cancelled the run: nothing was written. */
  readonly cancelled: boolean;
  /** The zip written; null when cancelled. */
  readonly path: string | null;
  /** Certificates in the zip. */
  readonly certificates: number;
  /** Of those, how many carry their key (encrypted); the others were signed from a CSR and Certwright holds no key. */
  readonly withKey: number;
}

export type ProofSide = 'server' | 'client' | 'setup';

export type ProofResult =
  | {
      readonly ok: true;
      readonly protocol: string;
      readonly cipher: string;
      /** RFC 4514-style, e.g. `CN=order-service, O=Example`. */
      readonly serverSubject: string;
      readonly clientSubject: string;
      /** Whether a throwaway server certificate stood in for the server bundle. */
      readonly throwawayServer: boolean;
      /** Whether a throwaway client certificate stood in for the client bundle. */
      readonly throwawayClient: boolean;
    }
  | {
      readonly ok: false;
      /** Whose certificate or key is at fault ('setup': the proof itself could not run). */
      readonly side: ProofSide;
      /** Node / OpenSSL code, e.g. CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID. */
      readonly code: string;
      /** In the words engineers see (Go's messages). */
      readonly reason: string;
      /** What to change (`exports:proof.fix.*`): the window words it in the user's language, the CLI in English. */
      readonly fix: Msg;
      /** 'preflight': found before any handshake; 'handshake': what the handshake showed. */
      readonly stage: 'preflight' | 'handshake';
      /** Node's own words, when they differ from `reason`. */
      readonly detail?: string;
    };

