/**
 * Looking after the vault itself: passphrase change, backup and restore, the security settings, and
 * the audit log (list, verify, export). The work is in electron/vault; these only translate.
 */
import type { AuditEntry } from '../../../../shared/domain/audit.js';
import { CertwrightError } from '../../../../shared/errors.js';
import { writeBackup, restoreBackup } from '../../../vault/backup.js';
import { Vault } from '../../../vault/vault.js';
import { csvCell } from '../../../services/certificate-list-export.js';
import { writeBundle } from '../../../services/write-bundle.js';
import { noDialogs } from '../../platform/dialogs.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type VaultCareHandlers = Pick<Handlers, 'vault.changePassphrase' | 'vault.backup' | 'vault.restore' | 'vault.restoreTo' | 'settings.updateSecurity' | 'audit.list' | 'audit.verify' | 'audit.export'>;

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

export function vaultCareHandlers({ vault, crypto, now, dialogs = noDialogs }: Services, afterUnlock: () => Promise<void>): VaultCareHandlers {
  const status = () => ({ state: vault.state() });
  return {
    'vault.changePassphrase': async ({ current, next }) => {
      await vault.changePassphrase(current, next);
      return status();
    },
    'vault.backup': async () => {
      vault.assertUnlocked();
      const at = now();
      const out = await dialogs.chooseSaveFile({ title: 'Back up the vault', defaultName: `certwright-${at.toISOString().slice(0, 10)}.${BACKUP_EXTENSION}`, extensions: [BACKUP_EXTENSION] });
      if (out === null) return { cancelled: true, path: null, bytes: 0, at: null, sha256: null };
      return writeBackup(vault, out, at);
    },
    'vault.restore': async ({ passphrase }) => {
      if (vault.state() !== 'uninitialized') throw new CertwrightError('VAULT_EXISTS', 'A vault already exists here; a backup is restored only into an empty location');
      const from = await dialogs.chooseOpenFile({ title: 'Restore a vault backup', extensions: [BACKUP_EXTENSION] });
      if (from === null) return null;
      await restoreBackup(from, passphrase, vault.directory, crypto, now());
      await vault.unlock(passphrase);
      await afterUnlock();
      return status();
    },
    'vault.restoreTo': async ({ passphrase }) => {
      const none = { cancelled: true, folder: null, authorities: 0, certificates: 0, auditEntries: 0 };
      const from = await dialogs.chooseOpenFile({ title: 'Restore a vault backup', extensions: [BACKUP_EXTENSION] });
      if (from === null) return none;
      const folder = await dialogs.chooseFolder({ title: 'Restore into an empty folder', defaultName: 'certwright-restored' });
      if (folder === null) return none;
      await restoreBackup(from, passphrase, folder, crypto, now());
      // Opened once, as any later user of it would, to say what it holds; then closed again.
      const restored = new Vault({ directory: folder, crypto, now });
      await restored.unlock(passphrase);
      try {
        return { cancelled: false, folder, authorities: restored.listAuthorities().length, certificates: restored.listAllCertificates().length, auditEntries: restored.auditEntries({ limit: 1 }).total };
      } finally {
        restored.lock();
      }
    },
    'settings.updateSecurity': async (security) => vault.updateAppSettings({ ...vault.appSettings(), security }),
    'audit.list': async ({ filter, offset, limit }) => vault.auditEntries({ ...filter, offset, limit }),
    'audit.verify': async () => {
      const result = vault.verifyAudit();
      return { ok: result.ok, entries: result.entries, problems: result.problems.map((p) => ({ line: p.line, kind: p.kind, message: p.message })) };
    },
    'audit.export': async ({ format, filter }) => {
      const { entries } = vault.auditEntries({ ...filter, everything: true });
      const name = `certwright-audit.${format}`;
      const out = await dialogs.chooseSaveFile({ title: `Save ${entries.length} audit entries as ${format.toUpperCase()}`, defaultName: name, extensions: [format] });
      if (out === null) return { cancelled: true, paths: [] };
      const contents = format === 'csv' ? auditCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`;
      return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
    },
  };
}
