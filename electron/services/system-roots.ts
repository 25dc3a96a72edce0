/**
 * The operating system's trusted roots, for "also check against the system store". Node 22.15+/23.5+
 * (Electron's) reads the real OS store (Keychain, Windows store, /etc/ssl); older Node falls back to
 * the usual Linux bundle files, then to the Mozilla roots compiled into Node. Read once per process.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

let cached: readonly Uint8Array[] | null = null;

function pemsOf(text: string): string[] {
  return [...text.matchAll(PEM_CERTIFICATE)].map((m) => m[1]!.replace(/\s+/g, ''));
}

function systemPems(): string[] {
  const fromOs = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (fromOs) {
    try {
      const pems = fromOs('system').flatMap(pemsOf);
      if (pems.length > 0) return pems;
    } catch {
      // fall through to files
    }
  }
  for (const file of LINUX_BUNDLES) {
    try {
      const pems = pemsOf(readFileSync(file, 'utf8'));
      if (pems.length > 0) return pems;
    } catch {
      // not this distribution's path
    }
  }
  return tls.rootCertificates.flatMap(pemsOf);
}

export function systemRoots(): readonly Uint8Array[] {
  cached ??= systemPems().map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
  return cached;
}
