/**
 * One encrypted, authenticated file holding a whole vault (docs/vault-format.md, "Backups"):
 *
 *   {"format":"certwright-backup","version":1,"createdAt":…,"vault":<the vault header>,"nonce":…}\n
 *   AES-256-GCM( deflate( {"files":{name: document},"auditLog":…,"auditHead":…} ) )
 *
 * The first line is the associated data, so nothing in it can be changed either. The key is derived
 * from the vault master key, which the header line carries wrapped under the passphrase as the vault
 * itself does: the vault's passphrase at the time of the backup opens it, and nothing else.
 *
 * A restore goes only into an empty location, is written into a sibling folder first and renamed
 * into place whole, and moves every CRL number well ahead (CRL_NUMBER_JUMP) so no number published
 * after the backup was made is ever handed out again (RFC 5280 §5.2.3: numbers only increase).
 */
import { createDecipheriv, createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BackupResult } from '../../shared/domain/vault.js';
import { CertwrightError } from '../../shared/errors.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import { AuditLog, AUDIT_LOG_FILE, firstProblem, type AuditHead } from './audit-log.js';
import { ensurePrivateDirectory, syncDirectory, writeFileDurable } from './durable.js';
import { HEADER, VaultFiles } from './files.js';
import { parseHeader, unwrapMasterKey, type VaultHeader } from './header.js';
import { backupKeyBytes, deriveVaultKeys } from './vault-keys.js';
import type { Vault } from './vault.js';
import { msg, type MsgParams } from '../../shared/i18n/message.js';

export const BACKUP_FORMAT = 'certwright-backup';
export const BACKUP_VERSION = 1;
/** How far CRL numbers move ahead after a restore: an hourly CRL would take over a century to catch up. */
export const CRL_NUMBER_JUMP = 1_000_000;
/** The largest backup Certwright reads (a vault of 100,000 certificates is far below). */
export const MAX_BACKUP_BYTES = 1024 * 1024 * 1024;
const MAX_HEADER_LINE = 64 * 1024;
const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;

function invalid(key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('BACKUP_INVALID', msg(key, params));
}

/** Writes a backup of the open vault to `path` and records it (dashboard, audit log). */
export function writeBackup(vault: Vault, path: string, now: Date): BackupResult {
  const snapshot = vault.snapshot();
  const payload = deflateRawSync(Buffer.from(JSON.stringify({ files: Object.fromEntries(snapshot.files), auditLog: snapshot.auditLog, auditHead: snapshot.auditHead })));
  const nonce = randomBytes(12);
  const line = Buffer.from(`${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), vault: snapshot.header, nonce: nonce.toString('base64') })}\n`);
  const master = vault.masterKeyBytes();
  const key = backupKeyBytes(master);
  master.fill(0);
  let sealed: Buffer;
  try {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(line);
    sealed = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  } finally {
    key.fill(0);
  }
  const bytes = Buffer.concat([line, sealed]);
  try {
    writeFileDurable(path, bytes);
  } catch (error) {
    throw new CertwrightError('STORAGE_FAILURE', msg('errors:backup.writeFailed', { path, code: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  vault.recordBackup(now, { path, bytes: bytes.length, sha256 });
  return { cancelled: false, path, bytes: bytes.length, at: now.toISOString(), sha256 };
}

interface OpenedBackup {
  readonly createdAt: string;
  readonly header: VaultHeader;
  readonly master: Uint8Array<ArrayBuffer>;
  readonly files: Map<string, Record<string, unknown>>;
  readonly auditLog: string;
  readonly auditHead: AuditHead;
}

/** Reads and checks a backup file: its format, the passphrase, and every byte (AES-GCM). */
export async function openBackup(bytes: Buffer, passphrase: string, crypto: EngineCrypto): Promise<OpenedBackup> {
  const newline = bytes.subarray(0, MAX_HEADER_LINE).indexOf(0x0a);
  if (newline < 0) throw invalid('errors:backup.noHeader');
  const line = bytes.subarray(0, newline + 1);
  let head: { format?: unknown; version?: unknown; createdAt?: unknown; vault?: unknown; nonce?: unknown };
  try {
    head = JSON.parse(line.toString('utf8'));
  } catch {
    throw invalid('errors:backup.unreadableHeader');
  }
  if (head.format !== BACKUP_FORMAT) throw invalid('errors:backup.notBackup');
  if (typeof head.version === 'number' && head.version > BACKUP_VERSION) throw invalid('errors:backup.newer', { version: head.version });
  if (head.version !== BACKUP_VERSION || typeof head.createdAt !== 'string' || typeof head.nonce !== 'string') throw invalid('errors:backup.headerDamaged');
  let header: VaultHeader;
  try {
    header = parseHeader(head.vault);
  } catch (error) {
    throw invalid('errors:backup.headerDamagedBecause', { detail: error instanceof Error ? error.message : 'unreadable' });
  }
  let master: Uint8Array<ArrayBuffer>;
  try {
    master = await unwrapMasterKey(passphrase, header, crypto);
  } catch (error) {
    if (error instanceof CertwrightError && error.code === 'WRONG_PASSPHRASE') throw new CertwrightError('WRONG_PASSPHRASE', msg('errors:backup.wrongPassphrase'));
    throw error;
  }
  const sealed = bytes.subarray(newline + 1);
  const nonce = Buffer.from(head.nonce, 'base64');
  if (sealed.length < 16 || nonce.length !== 12) throw invalid('errors:backup.truncated');
  const key = backupKeyBytes(master);
  let payload: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(line);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    payload = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    master.fill(0);
    throw invalid('errors:backup.authFailed');
  } finally {
    key.fill(0);
  }
  let body: { files?: unknown; auditLog?: unknown; auditHead?: unknown };
  try {
    body = JSON.parse(inflateRawSync(payload).toString('utf8'));
  } catch {
    master.fill(0);
    throw invalid('errors:backup.unreadableContents');
  }
  const files = new Map<string, Record<string, unknown>>();
  const audit = body.auditHead as { seq?: unknown; hash?: unknown } | undefined;
  if (typeof body.files !== 'object' || body.files === null || typeof body.auditLog !== 'string' || !audit || !Number.isSafeInteger(audit.seq) || typeof audit.hash !== 'string') {
    master.fill(0);
    throw invalid('errors:backup.incomplete');
  }
  for (const [name, doc] of Object.entries(body.files)) {
    if (!NAME.test(name) || name === HEADER || typeof doc !== 'object' || doc === null) {
      master.fill(0);
      throw invalid('errors:backup.unexpectedFile', { name: name.slice(0, 40) });
    }
    files.set(name, doc as Record<string, unknown>);
  }
  return { createdAt: head.createdAt, header, master, files, auditLog: body.auditLog, auditHead: { seq: audit.seq as number, hash: audit.hash } };
}

function isEmptyLocation(directory: string): boolean {
  try {
    return readdirSync(directory).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** CRL numbers moved ahead: past the highest handed out or published, by CRL_NUMBER_JUMP. */
function jumpCrlNumbers(files: Map<string, Record<string, unknown>>): void {
  for (const [name, doc] of files) {
    const match = /^revocations-([0-9a-f]{32})$/.exec(name);
    if (!match) continue;
    const history = files.get(`crls-${match[1]}`)?.history;
    const published = Array.isArray(history) ? history.reduce((max: number, r: { number?: unknown }) => Math.max(max, Number.isSafeInteger(r?.number) ? (r.number as number) : 0), 0) : 0;
    const last = Number.isSafeInteger(doc.lastCrlNumber) ? (doc.lastCrlNumber as number) : 0;
    files.set(name, { ...doc, lastCrlNumber: Math.max(last, published) + CRL_NUMBER_JUMP });
  }
  // An authority with CRLs but no revocation file yet gets one, so its numbers move too.
  for (const [name, doc] of [...files]) {
    const match = /^crls-([0-9a-f]{32})$/.exec(name);
    if (!match || files.has(`revocations-${match[1]}`)) continue;
    const history = Array.isArray(doc.history) ? doc.history : [];
    const published = history.reduce((max: number, r: { number?: unknown }) => Math.max(max, Number.isSafeInteger(r?.number) ? (r.number as number) : 0), 0);
    files.set(`revocations-${match[1]}`, { entries: {}, lastCrlNumber: published + CRL_NUMBER_JUMP });
  }
}

/**
 * Restores a backup into `directory`, which must be empty or absent. Checks everything first; writes
 * into a sibling folder and renames it into place, so a failure or a crash leaves no half vault.
 */
export async function restoreBackup(backupPath: string, passphrase: string, directory: string, crypto: EngineCrypto, now: Date): Promise<void> {
  if (!isEmptyLocation(directory)) throw new CertwrightError('INVALID_INPUT', msg('errors:backup.notEmpty', { directory }));
  let bytes: Buffer;
  try {
    if (statSync(backupPath).size > MAX_BACKUP_BYTES) throw invalid('errors:backup.tooLarge');
    bytes = readFileSync(backupPath);
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    throw invalid('errors:backup.unreadableFile', { file: basename(backupPath), code: (error as NodeJS.ErrnoException).code ?? 'error' });
  }
  const backup = await openBackup(bytes, passphrase, crypto);
  const keys = await deriveVaultKeys(backup.master, crypto);
  backup.master.fill(0);
  const staging = join(dirname(directory), `.${basename(directory)}.restoring-${randomBytes(6).toString('hex')}`);
  try {
    ensurePrivateDirectory(staging);
    const auditPath = join(staging, AUDIT_LOG_FILE);
    writeFileDurable(auditPath, backup.auditLog);
    const audit = new AuditLog(auditPath, keys.audit);
    const check = audit.verify(backup.auditHead);
    if (!check.ok) throw invalid('errors:backup.auditLogFailed', firstProblem(check.problems));
    jumpCrlNumbers(backup.files);
    const head = audit.append([{ kind: 'vault.restored', details: { backupCreatedAt: backup.createdAt, crlNumberJump: CRL_NUMBER_JUMP, files: backup.files.size } }], now, backup.auditHead);
    const files = new VaultFiles(staging);
    files.setKey(keys.file);
    files.writeFresh(backup.files, backup.header, head);
    if (!isEmptyLocation(directory)) throw new CertwrightError('INVALID_INPUT', msg('errors:backup.noLongerEmpty', { directory }));
    try {
      rmdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(staging, directory);
    syncDirectory(dirname(directory));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof CertwrightError) throw error;
    throw new CertwrightError('STORAGE_FAILURE', msg('errors:backup.restoreWriteFailed', { code: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
}
