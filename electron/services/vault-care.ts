/**
 * Looking after the vault itself: passphrase change, backup and restore, the settings, and the audit
 * log (list, verify, export). The work is in electron/vault; this decides what goes where.
 */
import type { AuditEntry } from '../../shared/domain/audit.js';
import type { AppSettings } from '../../shared/domain/expiry.js';
import { CertwrightError } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import { restoreBackup, writeBackup } from '../vault/backup.js';
import { Vault } from '../vault/vault.js';
import { csvCell } from './certificate-list-export.js';
import type { ChooseDestination, ChooseSource } from './destination.js';
import { writeBundle } from './write-bundle.js';
import { msg } from '../../shared/i18n/message.js';

export const BACKUP_EXTENSION = 'cwbackup';

const AUDIT_COLUMNS: ReadonlyArray<readonly [string, (e: AuditEntry) => string]> = [
  ['seq', (e) => String(e.seq)],
  ['at', (e) => e.at],
  ['kind', (e) => e.kind],
  ['authority_id', (e) => e.authorityId ?? ''],
  ['subject', (e) => e.subject ?? ''],
  ['serial', (e) => e.serial ?? ''],
  ['details', (e) => JSON.stringify(e.details)],
];

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [AUDIT_COLUMNS.map(([name]) => name), ...entries.map((e) => AUDIT_COLUMNS.map(([, value]) => csvCell(value(e))))];
  return `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
}

export class VaultCare {
  readonly #vault: Vault;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; crypto: EngineCrypto; now: () => Date }) {
    this.#vault = deps.vault;
    this.#crypto = deps.crypto;
    this.#now = deps.now;
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    await this.#vault.changePassphrase(current, next);
  }

  /** One encrypted file of the whole vault, written where `choose` says. */
  async backup(choose: ChooseDestination) {
    this.#vault.assertUnlocked();
    const at = this.#now();
    const out = await choose({ kind: 'file', title: msg('menu:dialog.backUpVault'), defaultName: `certwright-${at.toISOString().slice(0, 10)}.${BACKUP_EXTENSION}`, extensions: [BACKUP_EXTENSION] });
    if (out === null) return { cancelled: true, path: null, bytes: 0, at: null, sha256: null };
    return writeBackup(this.#vault, out, at);
  }

  /**
   * Restores a backup into this vault's (empty) place and opens it; false when the user picked no
   * file. The caller then does what follows any unlock (VaultSession.opened).
   */
  async restoreHere(passphrase: string, source: ChooseSource): Promise<boolean> {
    if (this.#vault.state() !== 'uninitialized') throw new CertwrightError('VAULT_EXISTS', msg('errors:vault.existsNoRestore'));
    const from = await source({ title: msg('menu:dialog.restoreBackup'), extensions: [BACKUP_EXTENSION] });
    if (from === null) return false;
    await restoreBackup(from, passphrase, this.#vault.directory, this.#crypto, this.#now());
    await this.#vault.unlock(passphrase);
    return true;
  }

  /** Restores a backup into another empty folder (a restore drill, or a move), and says what it holds. */
  async restoreElsewhere(passphrase: string, source: ChooseSource, folderOf: ChooseDestination) {
    const none = { cancelled: true, folder: null, authorities: 0, certificates: 0, auditEntries: 0 };
    const from = await source({ title: msg('menu:dialog.restoreBackup'), extensions: [BACKUP_EXTENSION] });
    if (from === null) return none;
    const folder = await folderOf({ kind: 'folder', title: msg('menu:dialog.restoreInto'), defaultName: 'certwright-restored' });
    if (folder === null) return none;
    await restoreBackup(from, passphrase, folder, this.#crypto, this.#now());
    // Opened once, as any later user of it would, to say what it holds; then closed again.
    const restored = new Vault({ directory: folder, crypto: this.#crypto, now: this.#now });
    await restored.unlock(passphrase);
    try {
      return { cancelled: false, folder, authorities: restored.listAuthorities().length, certificates: restored.listAllCertificates().length, auditEntries: restored.auditEntries({ limit: 1 }).total };
    } finally {
      restored.lock();
    }
  }

  settings(): AppSettings {
    return this.#vault.appSettings();
  }

  updateExpirySettings(expiry: AppSettings['expiry']): AppSettings {
    return this.#vault.updateAppSettings({ ...this.#vault.appSettings(), expiry });
  }

  updateSecuritySettings(security: AppSettings['security']): AppSettings {
    return this.#vault.updateAppSettings({ ...this.#vault.appSettings(), security });
  }

  auditEntries(input: ValidInput<'audit.list'>) {
    return this.#vault.auditEntries({ ...input.filter, offset: input.offset, limit: input.limit });
  }

  verifyAudit() {
    const result = this.#vault.verifyAudit();
    return { ok: result.ok, entries: result.entries, problems: result.problems.map((p) => ({ line: p.line, kind: p.kind, message: p.message, reason: p.reason })) };
  }

  async exportAudit(input: ValidInput<'audit.export'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const { entries } = this.#vault.auditEntries({ ...input.filter, everything: true });
    const name = `certwright-audit.${input.format}`;
    const out = await choose({ kind: 'file', title: msg('menu:dialog.saveAudit', { count: entries.length, format: input.format.toUpperCase() }), defaultName: name, extensions: [input.format] });
    if (out === null) return { cancelled: true, paths: [] };
    const contents = input.format === 'csv' ? auditCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`;
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
  }
}
