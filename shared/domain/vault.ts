/** The vault as the window sees it: its state, why it last locked, its security settings and backups. Plain data only. */
export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/** What locked the vault: the user, the idle timer, the system going to sleep or locking its screen, or the last window closing. */
export const LOCK_REASONS = ['user', 'idle', 'suspend', 'screen-locked', 'windows-closed'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export interface VaultStatus {
  readonly state: VaultState;
  /** Why the vault locked itself, when it did (absent after an explicit lock or before any). */
  readonly lockedBecause?: LockReason;
}

export interface SecuritySettings {
  /** Lock after this many minutes without use; null: never (the window warns against it). */
  readonly autoLockMinutes: number | null;
  /** The dashboard warns when the last backup is older than this many days. */
  readonly backupReminderDays: number;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { autoLockMinutes: 15, backupReminderDays: 7 };
export const AUTO_LOCK_MINUTES = { min: 1, max: 24 * 60 } as const;
export const BACKUP_REMINDER_DAYS = { min: 1, max: 365 } as const;

export interface BackupStatus {
  /** When the last backup of this vault was written; null: never. */
  readonly lastBackupAt: string | null;
  readonly reminderDays: number;
  /** No backup yet, or the last one is older than the reminder. */
  readonly overdue: boolean;
}

export interface BackupResult {
  /** False when the user closed the save dialog: nothing was written. */
  readonly cancelled: boolean;
  readonly path: string | null;
  readonly bytes: number;
  readonly at: string | null;
  /** SHA-256 of the backup file, to compare a copy against. */
  readonly sha256: string | null;
}

/** A backup restored into a folder the user chose (Settings → Restore…): where, and what it holds. */
export interface RestoredElsewhere {
  /** False when the user closed a dialog: nothing was written. */
  readonly cancelled: boolean;
  readonly folder: string | null;
  readonly authorities: number;
  readonly certificates: number;
  /** Audit entries, the restore's own included. */
  readonly auditEntries: number;
}
