/**
 * Vault-wide settings (`settings.cwv`): the preferences every window and CLI run share (expiry
 * thresholds, notifications, auto-lock, backup reminder) and when the vault was last backed up.
 */
import type { AppSettings } from '../../shared/domain/expiry.js';
import { CertwrightError } from '../../shared/errors.js';
import type { VaultFiles } from './files.js';
import { StoredAppSettings } from './records.js';
import { msg } from '../../shared/i18n/message.js';

export const SETTINGS = 'settings';

/** What a new vault starts with. */
export const FRESH_SETTINGS_DOC = (): Record<string, unknown> => ({ app: StoredAppSettings.parse({}), lastBackupAt: null });

export class SettingsFile {
  readonly #files: VaultFiles;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  #doc(): { app: unknown; lastBackupAt: string | null } {
    const doc = this.#files.read(SETTINGS)?.doc ?? {};
    return { app: doc.app ?? {}, lastBackupAt: typeof doc.lastBackupAt === 'string' ? doc.lastBackupAt : null };
  }

  /** Defaults for whatever is absent (older vaults read as defaults). */
  app(): AppSettings {
    const parsed = StoredAppSettings.safeParse(this.#doc().app);
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedSettings'));
    return parsed.data;
  }

  lastBackupAt(): string | null {
    return this.#doc().lastBackupAt;
  }

  /** Inside a transaction. */
  writeApp(app: AppSettings): void {
    this.#files.write(SETTINGS, { ...this.#doc(), app });
  }

  /** Inside a transaction. */
  writeLastBackup(at: Date): void {
    this.#files.write(SETTINGS, { ...this.#doc(), lastBackupAt: at.toISOString() });
  }
}
