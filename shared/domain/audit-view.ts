/** The Audit view's data: pages of entries and the result of checking the log. Plain data only. */
import type { Msg } from '../i18n/message.js';
import type { AuditEntry } from './audit.js';

export interface AuditPage {
  /** Entries matching the filter, in all. */
  readonly total: number;
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
}

export interface AuditCheck {
  readonly ok: boolean;
  readonly entries: number;
  /** `message` in English (the CLI's words); `reason` the same for the window to word (audit:problem.…). */
  readonly problems: ReadonlyArray<{ readonly line: number; readonly kind: string; readonly message: string; readonly reason: Msg }>;
}
