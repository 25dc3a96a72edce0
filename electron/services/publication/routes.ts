/**
 * Which CA and which of its files a request to the publication server asks for. Every CA served on
 * a listener has fixed paths from its name (/<name>.crl, /<name>.crt, /<name>/ocsp); besides, the
 * paths of the URLs configured on it (what its certificates carry) when they point at this listener,
 * so a CA whose CRL URL is http://127.0.0.1:8080/pki/issuing.crl is served there too.
 */
import { publicationPaths } from '../../../shared/domain/publication.js';
import { hostOfUrlServedHere } from '../listeners/host.js';

export interface ServedCa {
  readonly id: string;
  /** publicationName of its common name. */
  readonly name: string;
  readonly crlUrl: string | null;
  readonly ocspUrl: string | null;
  readonly caIssuersUrl: string | null;
}

export type Route =
  | { readonly id: string; readonly what: 'crl' }
  | { readonly id: string; readonly what: 'certificate' }
  /** `request`: the URL-encoded base64 an OCSP GET carries after the responder's path; null for a POST. */
  | { readonly id: string; readonly what: 'ocsp'; readonly request: string | null };

/** The path of a configured URL when it points at this listener (its port), else null. */
function pathHere(url: string | null, port: number): string | null {
  if (url === null || hostOfUrlServedHere(url, port) === null) return null;
  return new URL(url).pathname;
}

/** The host names the served CAs' configured URLs reach this listener under (for its Host check). */
export function configuredHosts(served: readonly ServedCa[], port: number): string[] {
  return [...new Set(served.flatMap((ca) => [ca.crlUrl, ca.ocspUrl, ca.caIssuersUrl].map((url) => hostOfUrlServedHere(url, port)).filter((h): h is string => h !== null)))];
}

/** The route of `target` (a request target: path and maybe a query), or null when nothing is served there. */
export function route(target: string, method: 'GET' | 'HEAD' | 'POST', served: readonly ServedCa[], port: number): Route | null {
  const path = target.split('?')[0]!;
  // Files first: an OCSP URL at the server's root (http://host:port) takes every other GET as a request.
  // And each CA's own paths before the configured ones: a URL of one CA naming another's file serves that file.
  if (method !== 'POST') {
    for (const ca of served) {
      const fixed = publicationPaths(ca.name);
      if (path === fixed.crl) return { id: ca.id, what: 'crl' };
      if (path === fixed.certificate) return { id: ca.id, what: 'certificate' };
    }
    for (const ca of served) {
      if (path === pathHere(ca.crlUrl, port)) return { id: ca.id, what: 'crl' };
      if (path === pathHere(ca.caIssuersUrl, port)) return { id: ca.id, what: 'certificate' };
    }
  }
  for (const ca of served) {
    const bases = [publicationPaths(ca.name).ocsp, pathHere(ca.ocspUrl, port)].filter((p): p is string => p !== null).map((p) => p.replace(/\/+$/, ''));
    for (const base of bases) {
      if (method === 'POST' && (path === base || path === `${base}/`)) return { id: ca.id, what: 'ocsp', request: null };
      // GET {url}/{url-encoding of base-64 encoding of the DER request} (RFC 6960 Appendix A.1).
      if (method === 'GET' && path.startsWith(`${base}/`) && path.length > base.length + 1) return { id: ca.id, what: 'ocsp', request: path.slice(base.length + 1) };
    }
  }
  return null;
}
