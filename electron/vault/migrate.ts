/**
 * Format 1 and 2 → 3, at the first unlock with the right passphrase (legacy.ts reads the old files).
 *
 * The slow, asynchronous part runs first without the lock: the old passphrase key opens every sealed
 * key, which is checked against its certificate and sealed again under the new seal key with its v3
 * associated data. Then, under the lock, the format-3 files are written into the same directory —
 * every file, the manifest, the header last: the header is the commit. A crash before it leaves the
 * old vault as it was (the next unlock migrates again, over the leftovers); after it, the old `.json`
 * files are removed, by this run or, if it died first, by the next unlock.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CertwrightError } from '../../shared/errors.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { AuditLog, AUDIT_LOG_FILE } from './audit-log.js';
import { bucketOf, bucketShard, SCHEDULED } from './certificates.js';
import { durableRemoveAll } from './durable.js';
import { HEADER, VaultFiles } from './files.js';
import { wrapMasterKey } from './header.js';
import { deriveKeyEncryptionKey } from './kdf.js';
import { hasLegacyVault, LEGACY_CHECK_CONTEXT, legacyKeyContext, readLegacyVault, type LegacyVault } from './legacy.js';
import { open, seal, SealedBox, SealOpenError } from './seal.js';
import { expectedSpkiHash, sealedKeyContext, spkiHashOfPrivateKey, type KeyHolder } from './sealed-keys.js';
import { StoredAppSettings } from './records.js';
import { deriveVaultKeys, freshMasterKey, type VaultKeys } from './vault-keys.js';
import { msg } from '../../shared/i18n/message.js';

function fingerprint(directory: string, legacy: LegacyVault): string {
  const hash = createHash('sha256');
  for (const file of [...legacy.files].sort()) hash.update(file).update('\0').update(readFileSync(join(directory, file))).update('\0');
  return hash.digest('hex');
}

export interface Migrated {
  readonly keys: VaultKeys;
  readonly records: number;
  readonly kdfMs: number;
}

/** Migrates the legacy vault in `directory`; `withLock` serialises the writing part with other processes. */
/** Null when another process migrated the vault first (unlock it as it is now). */
export async function migrateLegacyVault(
  directory: string,
  passphrase: string,
  crypto: EngineCrypto,
  now: () => Date,
  scryptN: number | undefined,
  withLock: <T>(fn: () => T) => T,
): Promise<Migrated | null> {
  const started = performance.now();
  const legacy = readLegacyVault(directory);
  const before = fingerprint(directory, legacy);
  const oldKek = await deriveKeyEncryptionKey(passphrase, legacy.meta.kdf, crypto);
  const kdfMs = performance.now() - started;
  try {
    await open(oldKek, legacy.meta.check, LEGACY_CHECK_CONTEXT, crypto);
  } catch (error) {
    if (error instanceof SealOpenError) throw new CertwrightError('WRONG_PASSPHRASE', msg('errors:vault.wrongPassphrase'));
    throw error;
  }
  const master = freshMasterKey();
  let keys: VaultKeys;
  let header;
  try {
    header = await wrapMasterKey(passphrase, master, legacy.meta.createdAt, crypto, scryptN ?? legacy.meta.kdf.N);
    keys = await deriveVaultKeys(master, crypto);
  } finally {
    master.fill(0);
  }

  async function reseal(holder: KeyHolder, record: Record<string, unknown>): Promise<Record<string, unknown>> {
    const box = SealedBox.safeParse(record.sealedKey);
    if (record.sealedKey === undefined) return record;
    const id = String(record.id);
    if (!box.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:migrate.sealedKeyDamaged', { id }));
    let pkcs8: Bytes;
    try {
      pkcs8 = await open(oldKek, box.data, legacyKeyContext(id), crypto);
    } catch {
      throw new CertwrightError('VAULT_TAMPERED', msg('errors:migrate.sealedKeyIntegrity', { id }));
    }
    try {
      const spki = spkiHashOfPrivateKey(pkcs8);
      const expected = expectedSpkiHash(record as { certificateDerB64?: string; csrDerB64?: string });
      if (spki !== expected) throw new CertwrightError('VAULT_TAMPERED', msg('errors:migrate.keyMismatch', { id }));
      return { ...record, sealedKey: await seal(keys.seal, pkcs8, sealedKeyContext(holder, id, spki), crypto) };
    } finally {
      pkcs8.fill(0);
    }
  }

  const files = new Map<string, Record<string, unknown>>();
  const authorities: Record<string, unknown> = {};
  for (const [id, record] of Object.entries(legacy.authorities)) authorities[id] = await reseal('authority', record);
  if (Object.keys(authorities).length > 0) files.set('authorities', authorities);
  const settings = StoredAppSettings.safeParse(legacy.settings);
  files.set('settings', { app: settings.success ? settings.data : StoredAppSettings.parse({}), lastBackupAt: null });
  if (Object.keys(legacy.trusted).length > 0) files.set('trusted', legacy.trusted);
  for (const [name, doc] of legacy.books) files.set(name, doc);
  let seq = 0;
  // Resealing is WebCrypto work on the thread pool: batches run side by side.
  const resealed: Record<string, unknown>[] = [];
  for (let i = 0; i < legacy.certificates.length; i += 256) resealed.push(...(await Promise.all(legacy.certificates.slice(i, i + 256).map((r) => reseal('certificate', r)))));
  const scheduled: Record<string, unknown> = {};
  for (const record of resealed) {
    const name = bucketShard(bucketOf(String(record.id)));
    const bucket = files.get(name) ?? {};
    bucket[String(record.id)] = { ...record, seq: ++seq };
    files.set(name, bucket);
    if (typeof record.scheduledRevocation === 'string') scheduled[String(record.id)] = record.scheduledRevocation;
  }
  files.set(SCHEDULED, scheduled);

  const wrote = withLock(() => {
    const target = new VaultFiles(directory);
    if (target.exists(HEADER)) return false; // another process migrated meanwhile: its vault stands
    if (!hasLegacyVault(directory) || fingerprint(directory, readLegacyVault(directory)) !== before) {
      throw new CertwrightError('VAULT_BUSY', msg('errors:migrate.changedDuringUpgrade'));
    }
    // Leftovers of an upgrade that died before its header: not a vault yet.
    durableRemoveAll(directory, (name) => name.endsWith('.cwv') || name === AUDIT_LOG_FILE);
    target.setKey(keys.file);
    const audit = new AuditLog(join(directory, AUDIT_LOG_FILE), keys.audit);
    const head = audit.append([{ kind: 'vault.migrated', details: { fromFormat: legacy.meta.formatVersion, toFormat: header.formatVersion, authorities: Object.keys(authorities).length, certificates: resealed.length } }], now());
    target.writeFresh(files, header, head);
    return true;
  });
  if (!wrote) return null;
  // Committed: the old files go (a crash here leaves them for the next unlock to remove).
  removeLegacyFiles(directory);
  return { keys, records: resealed.length, kdfMs };
}

/** Removes the `.json` files of a vault that was migrated (its header `vault.cwv` exists). */
export function removeLegacyFiles(directory: string): void {
  // vault.json last: while it is there, the next unlock knows something is left to remove.
  durableRemoveAll(directory, (name) => name.endsWith('.json') && name !== 'vault.json');
  durableRemoveAll(directory, (name) => name === 'vault.json');
}
