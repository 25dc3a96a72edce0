/**
 * The operating system's trusted roots, for "also check against the system store". Node 22.15+/23.5+
 * (Electron's) reads the real OS store (Keychain, Windows store, /etc/ssl); older Node falls back to
 * the usual Linux bundle files, then to the Mozilla roots compiled into Node. Read once per process.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { certificatesFromPem } from '../engine/pem.js';

const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

let cached: readonly Uint8Array[] | null = null;

/** The DER of every whole certificate in a PEM bundle. */
const pemsOf = (text: string): Uint8Array[] => certificatesFromPem(text, 'skip');

function systemPems(): Uint8Array[] {
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
  cached ??= systemPems();
  return cached;
}
