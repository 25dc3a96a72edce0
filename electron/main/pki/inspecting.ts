/**
 * The vault's side of inspection: which CAs it knows and trusts, what it recorded as revoked, and
 * adding an outside CA (with its key: as an authority that can issue; without: trusted for chains).
 */
import { X509Certificate as NodeCertificate } from 'node:crypto';
import type { AddedToVault } from '../../../shared/domain/inspect.js';
import { REASON_INFO } from '../../../shared/domain/revocation.js';
import { CertwrightError } from '../../../shared/ipc/errors.js';
import { parseSpki } from '../../engine/certificate-builder.js';
import type { ParsedCertificate } from '../../engine/inspect/certificate.js';
import type { InspectContext, VaultCa } from '../../engine/inspect/inspect.js';
import { buildPath, Pool } from '../../engine/inspect/path.js';
import { readInput } from '../../engine/inspect/read-input.js';
import { describeKey } from '../../engine/key-info.js';
import { canonicalSerialHex } from '../../engine/serial.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { Vault } from '../../vault/vault.js';
import { systemRoots } from './system-roots.js';

const fromB64 = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** The vault's CA certificates: authorities, the outside issuers stored with them, and trusted outside CAs. */
export function vaultCas(vault: Vault): VaultCa[] {
  if (vault.state() !== 'unlocked') return [];
  const cas: VaultCa[] = [];
  for (const record of vault.listAuthorities()) {
    if (record.certificateDerB64) cas.push({ der: fromB64(record.certificateDerB64), authorityId: record.id });
    for (const der of record.externalChainDerB64) cas.push({ der: fromB64(der), authorityId: null });
  }
  for (const trusted of vault.listTrustedCas()) cas.push({ der: fromB64(trusted.certificateDerB64), authorityId: null });
  return cas;
}

export function inspectContext(vault: Vault, crypto: EngineCrypto, now: Date): InspectContext {
  return {
    vault: vaultCas(vault),
    system: systemRoots,
    now,
    crypto,
    revocationOf: (authorityId, serialHex) => {
      if (vault.state() !== 'unlocked') return null;
      const entry = vault.revocations(authorityId).entries.get(canonicalSerialHex(serialHex));
      return entry ? { revokedAt: entry.revokedAt, reason: REASON_INFO[entry.reason].label } : null;
    },
  };
}

function invalid(message: string): CertwrightError {
  return new CertwrightError('INVALID_INPUT', `objectIndex: ${message}`, { field: 'objectIndex' });
}

function signs(issuerDer: Uint8Array, cert: ParsedCertificate): boolean {
  try {
    return new NodeCertificate(cert.der).verify(new NodeCertificate(issuerDer).publicKey);
  } catch {
    return false;
  }
}

/**
 * Adds the CA certificate at `objectIndex` of the input. With its private key in the same input (a
 * PKCS#12, or PEM certificate + key) it becomes an authority that can issue; without, a trusted CA.
 */
export async function addToVault(vault: Vault, input: Uint8Array, password: string | null, objectIndex: number, crypto: EngineCrypto): Promise<AddedToVault> {
  vault.assertUnlocked();
  const first = await readInput(input, password, crypto);
  const item = first.items[objectIndex];
  if (!item || item.kind !== 'certificate') throw invalid('That object is not a certificate');
  const cert = item.cert;
  if (!cert.isCa) throw invalid(`${cert.commonName} is not a CA certificate (Basic Constraints CA:TRUE); only CAs are added to the vault`);
  const fingerprint = Buffer.from(cert.der);
  if (vaultCas(vault).some((ca) => Buffer.from(ca.der).equals(fingerprint))) throw invalid(`${cert.commonName} is already in this vault`);

  const { privateKeyPkcs8 } = await readInput(input, password, crypto, cert.spkiDer);
  if (!privateKeyPkcs8) {
    vault.addTrustedCa(cert.der, cert.commonName);
    return { as: 'trusted', authorityId: null, commonName: cert.commonName, note: null };
  }
  const key = describeKey(parseSpki(cert.spkiDer));
  if (key.algorithm === null) {
    privateKeyPkcs8.fill(0);
    vault.addTrustedCa(cert.der, cert.commonName);
    return { as: 'trusted', authorityId: null, commonName: cert.commonName, note: `Its ${key.label} key was not imported: Certwright signs with ECDSA P-256/P-384, RSA 2048/3072/4096 and Ed25519. It is trusted for chains.` };
  }
  // Its issuer: an authority of this vault, or the certificates above it in the input (kept with it).
  const parent = vault.listAuthorities().find((a) => a.certificateDerB64 && signs(fromB64(a.certificateDerB64), cert));
  let externalChain: Uint8Array[] = [];
  if (!cert.selfIssued && !parent) {
    const pool = new Pool();
    const entries = first.items.flatMap((i, index) => (i.kind === 'certificate' ? [{ cert: i.cert, origin: 'input' as const, objectIndex: index, authorityId: null, anchor: null }] : []));
    for (const entry of entries) pool.add(entry);
    const path = buildPath(entries.find((e) => e.objectIndex === objectIndex)!, pool, { now: new Date(), role: 'any', revocationOf: () => null });
    externalChain = path.entries.slice(1).map((e) => e.pool.cert.der);
  }
  const record = await vault.addAuthority({
    kind: cert.selfIssued ? 'root' : 'intermediate',
    parentId: parent?.id ?? null,
    keyAlgorithm: key.algorithm,
    certificateDer: cert.der,
    serialNumberHex: cert.serialHex,
    privateKey: new Uint8Array(privateKeyPkcs8),
    origin: 'imported',
    commonName: cert.commonName,
  });
  privateKeyPkcs8.fill(0);
  if (externalChain.length > 0) vault.updateAuthority(record.id, { externalChainDer: externalChain });
  return { as: 'authority', authorityId: record.id, commonName: cert.commonName, note: null };
}
