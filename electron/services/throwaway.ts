/**
 * A short-lived certificate from one of the vault's authorities, made only to stand in for the other
 * side of a real handshake: a server certificate to prove a client bundle, or a client certificate to
 * prove a server bundle. It is never stored; its key lives for the proof only.
 */
import { X509Certificate } from 'node:crypto';
import { exportPkcs8, exportSpki, generateKeyPair } from '../engine/keys.js';
import { issueLeaf, type Issuer } from '../engine/issue.js';
import { toPem } from '../engine/pem.js';
import { readNameConstraints } from '../engine/policy.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { PemBundle } from './prove-bundle.js';
import type { Vault } from '../vault/vault.js';
import type { SanEntry } from '../../shared/validation/san.js';

const LIFETIME_MS = 10 * 60 * 1000;

/** The vault authority whose key signs the proof certificate: each one is recorded in the audit log. */
export interface ProofIssuer {
  readonly issuer: Issuer;
  readonly authorityId: string;
  readonly vault: Pick<Vault, 'recordAudit'>;
}

export async function throwawayServer(from: ProofIssuer, hostname: string, crypto: EngineCrypto, now = new Date()): Promise<PemBundle> {
  const sans: SanEntry[] = [{ type: /^[\d.]+$|:/.test(hostname) ? 'ip' : 'dns', value: hostname }];
  return throwawayCertificate(from, { profile: 'server', sans, lifetimeMs: LIFETIME_MS }, crypto, now);
}

export async function throwawayClient(from: ProofIssuer, crypto: EngineCrypto, now = new Date()): Promise<PemBundle> {
  return throwawayCertificate(from, { profile: 'client', sans: [], lifetimeMs: LIFETIME_MS }, crypto, now);
}

export interface ThrowawayRequest {
  readonly profile: 'server' | 'client';
  readonly sans: readonly SanEntry[];
  /** Cut to the issuer's own notAfter: a child never outlives its issuer. */
  readonly lifetimeMs: number;
  /** What it stands in for, for the audit log (a handshake proof by default). */
  readonly purpose?: string;
  /** Its CommonName; `certwright-proof-<profile>` by default. */
  readonly commonName?: string;
}

/**
 * A certificate with a fresh P-256 key that lives only in memory, signed by the authority and
 * recorded in the audit log; the issuer's intermediates travel with the leaf (the root is the other
 * side's trust anchor).
 */
export async function throwawayCertificate({ issuer, authorityId, vault }: ProofIssuer, request: ThrowawayRequest, crypto: EngineCrypto, now: Date): Promise<PemBundle & { readonly notAfter: Date }> {
  const { profile, sans } = request;
  const commonName = request.commonName ?? `certwright-proof-${profile}`;
  const notAfter = new Date(Math.min(now.getTime() + request.lifetimeMs, ...issuer.chain.map((c) => c.notAfter.getTime())));
  const keys = await generateKeyPair('p256', crypto);
  const { der, serialNumberHex } = await issueLeaf(
    { profile, subject: { commonName }, sans, subjectPublicKeyInfo: await exportSpki(keys.publicKey, crypto), keyFamily: 'ec', notBefore: new Date(now.getTime() - 60_000), notAfter },
    issuer,
    crypto,
  );
  const hostname = sans.length === 0 ? null : sans.map((s) => s.value).join(' ');
  vault.recordAudit([
    {
      kind: 'certificate.proof',
      authorityId,
      subject: commonName,
      serial: serialNumberHex,
      details: { profile, lifetimeMinutes: Math.round((notAfter.getTime() - now.getTime()) / 60_000), hostname, ...(request.purpose ? { purpose: request.purpose } : {}) },
    },
  ]);
  const pkcs8 = await exportPkcs8(keys.privateKey, crypto);
  try {
    const intermediates = issuer.chain.filter((c) => c.subject !== c.issuer);
    return { certChainPem: [toPem('CERTIFICATE', der), ...intermediates.map((c) => toPem('CERTIFICATE', new Uint8Array(c.rawData)))].join(''), keyPem: toPem('PRIVATE KEY', pkcs8), notAfter };
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
