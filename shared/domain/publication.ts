/**
 * Revocation that reaches clients: where a CA's CRL, certificate and OCSP answers are published (a
 * folder, the publication server), the URLs its certificates carry, and what a client fetching those
 * URLs sees (the reachability check). Pure data and rules, used by main, the CLI and the renderer.
 */
import { msg, type Msg } from '../i18n/message.js';
import { canonicalIp, isLoopbackIp } from '../validation/san.js';

/** The publication server's port unless the user names another (a CA's URLs point at it). */
export const PUBLICATION_DEFAULT_PORT = 8080;

/**
 * A CA's name in file names and URL paths: its common name, lower case, anything but letters,
 * digits, dot, dash and underscore replaced by a dash ("Acme Issuing CA 1" → "acme-issuing-ca-1").
 * The same characters as export file names (services/bundle.ts safeName), lower-cased for URLs.
 */
export function publicationName(commonName: string): string {
  return (
    commonName
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'ca'
  );
}

/** Where the publication server serves one CA: its CRL (DER), its certificate (DER), its OCSP responder. */
export interface PublicationPaths {
  readonly crl: string;
  readonly certificate: string;
  readonly ocsp: string;
}

export function publicationPaths(name: string): PublicationPaths {
  return { crl: `/${name}.crl`, certificate: `/${name}.crt`, ocsp: `/${name}/ocsp` };
}

/** The three URLs a CA's certificates would carry if its files were published at `base` (http://host:port). */
export function suggestedUrls(base: string, commonName: string): { readonly crlUrl: string; readonly ocspUrl: string; readonly caIssuersUrl: string } {
  const root = base.replace(/\/+$/, '');
  const paths = publicationPaths(publicationName(commonName));
  return { crlUrl: `${root}${paths.crl}`, ocspUrl: `${root}${paths.ocsp}`, caIssuersUrl: `${root}${paths.certificate}` };
}

/** The address suggested when no publication server is known: this computer, the default port. */
export const DEFAULT_PUBLICATION_BASE = `http://127.0.0.1:${PUBLICATION_DEFAULT_PORT}`;

/** What to say when the server is (to be) bound elsewhere than loopback; null on loopback or a non-address. */
export function exposureWarning(bind: string): Msg | null {
  const ip = canonicalIp(bind.trim());
  if (ip === null || isLoopbackIp(ip)) return null;
  return msg('publication:exposure', { ip });
}

/** The publication server of one CA. */
export interface PublicationStatus {
  readonly running: boolean;
  /** http://ADDRESS:PORT; null when stopped. */
  readonly url: string | null;
  /** Full URLs of what it serves for this CA; null when stopped. */
  readonly urls: { readonly crl: string; readonly certificate: string; readonly ocsp: string } | null;
  /** The exposure warning when bound elsewhere than loopback. */
  readonly warning: Msg | null;
}

/** What "Publish to folder" wrote. */
export interface FolderPublication {
  readonly cancelled: boolean;
  readonly folder: string | null;
  /** Full paths of the files written. */
  readonly files: readonly string[];
  /** The CRL number written; null when cancelled. */
  readonly crlNumber: number | null;
}

export type ReachabilityKind = 'crl' | 'ocsp' | 'caIssuers';
/** ok: clients get what they should; warning: they get something, but not the latest; error: they get nothing usable. */
export type ReachabilityVerdict = 'ok' | 'warning' | 'error' | 'notConfigured';

export interface ReachabilityResult {
  readonly kind: ReachabilityKind;
  readonly url: string | null;
  readonly verdict: ReachabilityVerdict;
  /** One sentence: "The CRL at this URL is #12, the latest is #14: …". */
  readonly summary: Msg;
  /** A second sentence when there is more to say ("It is PEM; clients … expect DER"); null when not. */
  readonly note: Msg | null;
}

export interface ReachabilityReport {
  readonly checkedAt: string;
  /** The CA's latest published CRL number; null when none is published yet. */
  readonly latestCrlNumber: number | null;
  readonly results: readonly ReachabilityResult[];
}

/** At most this many bytes are read from a URL under check (a CRL of ~100,000 entries). */
export const REACHABILITY_MAX_BYTES = 10 * 1024 * 1024;
/** Each URL gets this long to answer in full. */
export const REACHABILITY_TIMEOUT_MS = 5_000;
