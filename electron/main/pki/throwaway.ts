/**
 * A short-lived certificate from one of the vault's authorities, made only to stand in for the other
 * side of a real handshake: a server certificate to prove a client bundle, or a client certificate to
 * prove a server bundle. It is never stored; its key lives for the proof only.
 */
import { X509Certificate } from 'node:crypto';
import { exportPkcs8, exportSpki, generateKeyPair } from '../../engine/keys.js';
import { issueLeaf, type Issuer } from '../../engine/issue.js';
import { toPem } from '../../engine/pem.js';
import { readNameConstraints } from '../../engine/policy.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { PemBundle } from './prove-bundle.js';

const LIFETIME_MS = 10 * 60 * 1000;

export async function throwawayServer(issuer: Issuer, hostname: string, crypto: EngineCrypto, now = new Date()): Promise<PemBundle> {
  return throwaway(issuer, 'server', hostname, crypto, now);
}

export async function throwawayClient(issuer: Issuer, crypto: EngineCrypto, now = new Date()): Promise<PemBundle> {
  return throwaway(issuer, 'client', null, crypto, now);
}

async function throwaway(issuer: Issuer, profile: 'server' | 'client', hostname: string | null, crypto: EngineCrypto, now: Date): Promise<PemBundle> {
  const keys = await generateKeyPair('p256', crypto);
  const { der } = await issueLeaf(
    {
      profile,
      subject: { commonName: `certwright-proof-${profile}` },
      sans: hostname === null ? [] : [{ type: /^[\d.]+$|:/.test(hostname) ? 'ip' : 'dns', value: hostname }],
      subjectPublicKeyInfo: await exportSpki(keys.publicKey, crypto),
      keyFamily: 'ec',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + LIFETIME_MS),
    },
    issuer,
    crypto,
  );
  const pkcs8 = await exportPkcs8(keys.privateKey, crypto);
  try {
    // The issuer's intermediates travel with the leaf; the root is the client's trust anchor.
    const intermediates = issuer.chain.filter((c) => c.subject !== c.issuer);
    return { certChainPem: [toPem('CERTIFICATE', der), ...intermediates.map((c) => toPem('CERTIFICATE', new Uint8Array(c.rawData)))].join(''), keyPem: toPem('PRIVATE KEY', pkcs8) };
  } finally {
    pkcs8.fill(0);
  }
}

/** The vault authority that issued `leafPem`, among candidates given as [id, certificate PEM]. */
export function findIssuer(leafPem: string, authorities: ReadonlyArray<readonly [string, string]>): string | null {
  const leaf = new X509Certificate(leafPem);
  for (const [id, pem] of authorities) {
    if (!pem) continue;
    const ca = new X509Certificate(pem);
    if (leaf.checkIssued(ca) && leaf.verify(ca.publicKey)) return id;
  }
  return null;
}

/**
 * A host name the throwaway certificate may carry: 'localhost', unless a name constraint of the
 * issuing chain permits only certain domains, then a name inside the first of them.
 */
export function proofHostname(issuer: Issuer): string {
  for (const cert of issuer.chain) {
    const permitted = readNameConstraints(cert)?.permittedSubtrees ?? [];
    const domain = Array.from(permitted, (s) => s.base.dNSName).find((d): d is string => d !== undefined);
    if (domain !== undefined) return `certwright-proof.${domain.replace(/^\./, '')}`;
  }
  return 'localhost';
}
