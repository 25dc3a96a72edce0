/**
 * The vault's side of inspection. Reading the input happens in the untrusted-input worker
 * (electron/workers/); main hands it the vault's public data — its CA certificates — answers its
 * questions about revocation, and, for "add to vault", seals the key the worker read: the one piece
 * of an outside input that comes back with private bytes.
 */
import type { AddedToVault } from '../../shared/domain/inspect.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { Vault } from '../vault/vault.js';
import type { ImportCandidate, InspectionScope, RevocationAnswer, VaultCaData } from '../workers/protocol.js';
import { msg, type MsgParams } from '../../shared/i18n/message.js';

/** The vault's CA certificates: authorities, the outside issuers stored with them, and trusted outside CAs. */
export function vaultCas(vault: Vault): VaultCaData[] {
  if (vault.state() !== 'unlocked') return [];
  const cas: VaultCaData[] = [];
  for (const record of vault.listAuthorities()) {
    if (record.certificateDerB64) cas.push({ derB64: record.certificateDerB64, authorityId: record.id });
    for (const der of record.externalChainDerB64) cas.push({ derB64: der, authorityId: null });
  }
  for (const trusted of vault.listTrustedCas()) cas.push({ derB64: trusted.certificateDerB64, authorityId: null });
  return cas;
}

/** What an inspection in the worker is judged against. */
export function inspectionScope(vault: Vault, now: Date): InspectionScope {
  return { vault: vaultCas(vault), now: now.getTime() };
}

/** The CAs a CRL may be from: every vault authority and the outside issuers stored with them. */
export function crlIssuers(vault: Vault): VaultCaData[] {
  if (vault.state() !== 'unlocked') return [];
  return vault.listAuthorities().flatMap((record) => [
    ...(record.certificateDerB64 ? [{ derB64: record.certificateDerB64, authorityId: record.id }] : []),
    ...record.externalChainDerB64.map((derB64) => ({ derB64, authorityId: null })),
  ]);
}

/** The vault's revocation records of these serials (canonical hex), for the worker's chain checks. */
export function revocationAnswer(vault: Vault, serials: readonly string[]): RevocationAnswer {
  if (vault.state() !== 'unlocked' || serials.length === 0) return {};
  const answer: Record<string, Record<string, { revokedAt: string; reason: string | null }>> = {};
  for (const authority of vault.listAuthorities()) {
    const entries = vault.revocations(authority.id).entries;
    if (entries.size === 0) continue;
    for (const serial of serials) {
      const entry = entries.get(serial);
      // The reason's code (as a CRL gives it): the note words it in the window's language.
      if (entry) (answer[authority.id] ??= {})[serial] = { revokedAt: entry.revokedAt, reason: entry.reason };
    }
  }
  return answer;
}

/** The vault's authorities' certificates, for the worker to find the one that signed an imported CA. */
export function authorityCertificates(vault: Vault): { id: string; derB64: string }[] {
  return vault.listAuthorities().flatMap((a) => (a.certificateDerB64 ? [{ id: a.id, derB64: a.certificateDerB64 }] : []));
}

function invalid(key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('INVALID_INPUT', atField('objectIndex', key, params), { field: 'objectIndex' });
}

/**
 * Adds the CA certificate the worker picked out of an input. With its private key in the same input
 * (a PKCS#12, or PEM certificate + key) it becomes an authority that can issue; without, a trusted CA.
 */
export async function addToVault(vault: Vault, candidate: ImportCandidate): Promise<AddedToVault> {
  const { privateKeyPkcs8: pkcs8, commonName } = candidate;
  try {
    vault.assertUnlocked();
    const der = Buffer.from(candidate.certificateDer);
    // A CA known only as a certificate (trusted, or in an imported intermediate's chain) may come back
    // with its key, to issue; as an authority it is never added twice.
    const canIssue = candidate.hasKey && candidate.key.algorithm !== null && pkcs8 !== null;
    const known = vaultCas(vault).filter((ca) => !canIssue || ca.authorityId !== null);
    if (known.some((ca) => Buffer.from(ca.derB64, 'base64').equals(der))) throw invalid('errors:inspecting.alreadyInVault', { name: commonName });
    if (!candidate.hasKey) {
      vault.addTrustedCa(candidate.certificateDer, commonName);
      return { as: 'trusted', authorityId: null, commonName, note: null };
    }
    if (candidate.key.algorithm === null || pkcs8 === null) {
      vault.addTrustedCa(candidate.certificateDer, commonName);
      return { as: 'trusted', authorityId: null, commonName, note: msg('inspect:added.keyNotImported', { key: candidate.key.label }) };
    }
    const record = await vault.addAuthority({
      kind: candidate.selfIssued ? 'root' : 'intermediate',
      parentId: candidate.parentId,
      keyAlgorithm: candidate.key.algorithm,
      certificateDer: candidate.certificateDer,
      serialNumberHex: candidate.serialHex,
      privateKey: new Uint8Array(pkcs8),
      origin: 'imported',
      commonName,
    });
    if (candidate.externalChain.length > 0) vault.updateAuthority(record.id, { externalChainDer: [...candidate.externalChain] });
    return { as: 'authority', authorityId: record.id, commonName, note: null };
  } finally {
    pkcs8?.fill(0);
  }
}
