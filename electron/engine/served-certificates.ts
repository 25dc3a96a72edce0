/**
 * Certificates a server sent as PEM text (step-ca's `crt`, `ca`, `certChain`, `GET /root`): decoded,
 * bounded and each parsed with @peculiar/x509 — outside input, read in the untrusted-input worker
 * (workers/tasks.ts `remote.certificates`), never next to the keys. Null when any block is not a
 * certificate, or there are too many or too large.
 */
import { certificatesFromPem } from './pem.js';
import { X509 } from './webcrypto.js';

/** The most certificates one answer may carry, and the largest one: far above any real chain. */
export const SERVED_MAX_CERTIFICATES = 8;
export const SERVED_MAX_CERTIFICATE_BYTES = 64 * 1024;

export function readServedCertificates(pems: readonly string[]): Uint8Array<ArrayBuffer>[] | null {
  const ders: Uint8Array<ArrayBuffer>[] = [];
  for (const pem of pems) {
    let blocks: Uint8Array<ArrayBuffer>[];
    try {
      blocks = certificatesFromPem(pem);
    } catch {
      return null;
    }
    for (const der of blocks) {
      if (ders.length >= SERVED_MAX_CERTIFICATES || der.length > SERVED_MAX_CERTIFICATE_BYTES) return null;
      try {
        new X509.X509Certificate(der);
      } catch {
        return null;
      }
      if (!ders.some((d) => Buffer.from(d).equals(Buffer.from(der)))) ders.push(der);
    }
  }
  return ders.length > 0 ? ders : null;
}
