/**
 * Vaults for the storage tests (test/unit/vault-*.test.ts): a cheap KDF (many opens per test),
 * stand-in certificate records (the vault never parses a leaf's DER unless it holds its key), a
 * hand-written vault of the earlier formats 1 and 2 (to migrate), and the tools of an attacker with
 * and without the vault's keys: reading a vault file's document, editing it by hand, and rewriting it
 * with a valid MAC (as only someone holding the passphrase could).
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { exportPkcs8 } from '../../electron/engine/keys.js';
import { FILE_EXTENSION, formatFile, parseEnvelope } from '../../electron/vault/files.js';
import { parseHeader, unwrapMasterKey } from '../../electron/vault/header.js';
import { deriveKeyEncryptionKey, freshScryptParams } from '../../electron/vault/kdf.js';
import type { AuthorityRecord } from '../../electron/vault/records.js';
import { open, seal } from '../../electron/vault/seal.js';
import { expectedSpkiHash, sealedKeyContext } from '../../electron/vault/sealed-keys.js';
import { deriveVaultKeys, type VaultKeys } from '../../electron/vault/vault-keys.js';
import { Vault, type NewCertificate } from '../../electron/vault/vault.js';
import { fileLock } from '../../electron/vault/lock.js';

/** A vault document as a test edits it: arbitrary JSON, reached into freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit whatever JSON a file holds
export type EditableDoc = Record<string, any>;

export const FIXTURE_PASSPHRASE = 'vault fixture passphrase';
/** The lowest N the header schema takes: fast enough for many opens per test. */
export const CHEAP_SCRYPT_N = 2 ** 14;
const crypto = globalThis.crypto;

export function openVault(dir: string, options: { lock?: boolean } = {}): Vault {
  return new Vault({ directory: dir, crypto, scryptN: CHEAP_SCRYPT_N, ...(options.lock ? { lock: fileLock(dir) } : {}) });
}

/** A new vault with a cheap KDF, unlocked. */
export async function cheapVault(dir: string, options: { lock?: boolean } = {}): Promise<Vault> {
  const vault = openVault(dir, options);
  await vault.create(FIXTURE_PASSPHRASE);
  return vault;
}

/** A real self-signed P-256 root (certificate and key). */
export async function newRoot(commonName = `Fixture Root ${randomBytes(3).toString('hex')}`) {
  return createRootAuthority({ subject: { commonName }, keyAlgorithm: 'p256', validityDays: 30, pathLength: null, now: new Date() }, crypto);
}

/** An authority with a real certificate and its sealed P-256 key. */
export async function addAuthority(vault: Vault): Promise<AuthorityRecord> {
  const root = await newRoot();
  return vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: new Uint8Array(root.certificate.rawData), privateKey: root.privateKey, commonName: root.certificate.subjectName.getField('CN')[0] ?? '' });
}

/** Stand-in leaves: random bytes for DER, no key (as if signed from a CSR), distinct serials. */
export function fakeCertificates(count: number): NewCertificate[] {
  return Array.from({ length: count }, () => ({ profile: 'client', certificateDer: randomBytes(48), serialNumberHex: randomBytes(16).toString('hex'), keyAlgorithm: null, privateKey: null }));
}

/** Certificate files on disk: buckets and the pending batch (not the temporary files of writes cut short). */
export async function certificateFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('certificates-') && n.endsWith(FILE_EXTENSION)).sort();
}

/** A vault file's document, read without checking anything (as anyone with the folder could). */
export async function readDoc(dir: string, name: string): Promise<Record<string, unknown>> {
  const envelope = parseEnvelope(await readFile(join(dir, `${name}${FILE_EXTENSION}`), 'utf8'));
  if (!envelope) throw new Error(`${name} is not a vault file`);
  return JSON.parse(envelope.docText) as Record<string, unknown>;
}

/** Edits a vault file's document by hand, keeping its envelope (and so its now wrong MAC). */
export async function editDoc(dir: string, name: string, edit: (doc: EditableDoc) => void): Promise<void> {
  const path = join(dir, `${name}${FILE_EXTENSION}`);
  const text = await readFile(path, 'utf8');
  const envelope = parseEnvelope(text)!;
  const doc = JSON.parse(envelope.docText);
  edit(doc);
  await writeFile(path, `${text.slice(0, text.indexOf('\n'))}\n${JSON.stringify(doc)}`);
}

/** The vault's keys, from its header and passphrase: what an attacker who knows the passphrase holds. */
export async function vaultKeys(dir: string, passphrase = FIXTURE_PASSPHRASE): Promise<VaultKeys> {
  const header = parseHeader((await readDoc(dir, 'vault')) as unknown);
  const master = await unwrapMasterKey(passphrase, header, crypto);
  try {
    return await deriveVaultKeys(master, crypto);
  } finally {
    master.fill(0);
  }
}

/** Rewrites a vault file with a valid MAC, one generation on (within what a crash could leave): only the key-binding checks stand in the way. */
export async function forgeDoc(dir: string, name: string, edit: (doc: EditableDoc) => void, passphrase = FIXTURE_PASSPHRASE): Promise<void> {
  const keys = await vaultKeys(dir, passphrase);
  const path = join(dir, `${name}${FILE_EXTENSION}`);
  const envelope = parseEnvelope(await readFile(path, 'utf8'))!;
  const doc = JSON.parse(envelope.docText);
  edit(doc);
  await writeFile(path, formatFile(keys.file, name, envelope.gen + 1, doc));
}

/**
 * A vault as Certwright 0.1 wrote it (format 1: one `certificates-<authorityId>.json` per authority;
 * format 2: 256 buckets plus a pending batch), plain JSON, keys sealed straight under the
 * passphrase's key with the record id as associated data. Returns the records written.
 */
export async function writeLegacyVault(dir: string, options: { format: 1 | 2; authorities: number; certificatesEach: number; passphrase?: string }) {
  const passphrase = options.passphrase ?? FIXTURE_PASSPHRASE;
  const kdf = { ...freshScryptParams(), N: CHEAP_SCRYPT_N };
  const kek = await deriveKeyEncryptionKey(passphrase, kdf, crypto);
  const check = await seal(kek, new TextEncoder().encode('certwright vault check v1'), 'certwright:vault-check:v1', crypto);
  const write = (name: string, doc: unknown) => writeFile(join(dir, `${name}.json`), JSON.stringify(doc), { mode: 0o600 });
  await write('vault', { meta: { formatVersion: options.format, createdAt: '2026-01-01T00:00:00.000Z', kdf, check }, settings: { expiry: { warningDays: 21, urgentDays: 5, notifications: false } } });
  const authorities: Record<string, unknown> = {};
  const certificates: Array<Record<string, unknown> & { id: string; authorityId: string }> = [];
  for (let a = 0; a < options.authorities; a++) {
    const root = await newRoot(`Legacy Root ${a}`);
    const id = randomBytes(16).toString('hex');
    const pkcs8 = await exportPkcs8(root.privateKey, crypto);
    authorities[id] = {
      schemaVersion: 1, id, kind: 'root', state: 'active', parentId: null, keyAlgorithm: 'p256',
      certificateDerB64: Buffer.from(root.certificate.rawData).toString('base64'), serialNumberHex: root.certificate.serialNumber.toLowerCase(),
      externalChainDerB64: [], sealedKey: await seal(kek, pkcs8, `certwright:private-key:${id}`, crypto),
      settings: { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 },
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, a)).toISOString(),
    };
    for (let c = 0; c < options.certificatesEach; c++) {
      const cid = randomBytes(16).toString('hex');
      certificates.push({ schemaVersion: 1, id: cid, authorityId: id, profile: 'client', certificateDerB64: randomBytes(48).toString('base64'), serialNumberHex: randomBytes(16).toString('hex'), keyAlgorithm: null, createdAt: '2026-01-02T00:00:00.000Z', replacesId: null, replacedById: null, scheduledRevocation: null });
    }
    await write(`revocations-${id}`, { entries: {}, lastCrlNumber: 3 });
  }
  await write('authorities', authorities);
  if (options.format === 1) {
    const shards = new Map<string, Record<string, unknown>>();
    for (const record of certificates) shards.set(record.authorityId, { ...(shards.get(record.authorityId) ?? {}), [record.id]: record });
    for (const [authorityId, shard] of shards) await write(`certificates-${authorityId}`, shard);
  } else {
    const buckets = new Map<string, Record<string, unknown>>();
    certificates.forEach((record, i) => {
      const bucket = record.id.slice(0, 2);
      buckets.set(bucket, { ...(buckets.get(bucket) ?? {}), [record.id]: { ...record, seq: i + 1 } });
    });
    for (const [bucket, doc] of buckets) await write(`certificates-${bucket}`, doc);
    await write('certificates-batch', { generation: 1, records: {} });
  }
  return { authorities: authorities as Record<string, { id: string }>, certificates };
}

/** Each file's size and version, to tell which files a step rewrote. */
export async function fileVersions(dir: string): Promise<Map<string, { size: number; version: string }>> {
  const out = new Map<string, { size: number; version: string }>();
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name));
    out.set(name, { size: info.size, version: `${info.mtimeMs}:${info.ino}:${info.size}` });
  }
  return out;
}

/**
 * Opens an authority's sealed key from the files, with the passphrase: what only the vault may do.
 * Tests use it to prove the sealed key is the certificate's key; the vault itself never exports it.
 */
export async function authorityKeyFromFiles(dir: string, passphrase: string, authorityId: string): Promise<Uint8Array<ArrayBuffer>> {
  const keys = await vaultKeys(dir, passphrase);
  const record = (await readDoc(dir, 'authorities'))[authorityId] as { sealedKey: Parameters<typeof open>[1]; certificateDerB64?: string; csrDerB64?: string };
  return open(keys.seal, record.sealedKey, sealedKeyContext('authority', authorityId, expectedSpkiHash(record)), crypto);
}
