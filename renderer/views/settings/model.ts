/** The settings forms' drafts: text as typed, turned into what main takes. Pure. */
import type { ExpirySettings } from '../../../shared/domain/expiry.js';
import type { SecuritySettings } from '../../../shared/domain/vault.js';
import { t } from '../../i18n/instance.js';

/** A whole number typed into a field (up to four digits), or null. */
export const wholeNumber = (text: string): number | null => (/^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null);

// ---- Expiry warnings ------------------------------------------------------------------------

export type DayField = 'warningDays' | 'urgentDays';
export type ExpiryDraft = Readonly<Record<DayField, string>> & { readonly notifications: boolean };

export const expiryDraft = (e: ExpirySettings): ExpiryDraft => ({ warningDays: String(e.warningDays), urgentDays: String(e.urgentDays), notifications: e.notifications });
export const sameExpiry = (d: ExpiryDraft, e: ExpirySettings) => wholeNumber(d.warningDays) === e.warningDays && wholeNumber(d.urgentDays) === e.urgentDays && d.notifications === e.notifications;

/** What the draft asks main for, or the fields that are not whole numbers. */
export function expiryInput(d: ExpiryDraft): { readonly ok: true; readonly value: ExpirySettings } | { readonly ok: false; readonly errors: Partial<Record<DayField | 'notifications', string>> } {
  const warningDays = wholeNumber(d.warningDays);
  const urgentDays = wholeNumber(d.urgentDays);
  if (warningDays === null || urgentDays === null) {
    return {
      ok: false,
      errors: {
        ...(warningDays === null ? { warningDays: t('settings:expiry.warningInvalid') } : {}),
        ...(urgentDays === null ? { urgentDays: t('settings:expiry.urgentInvalid') } : {}),
      },
    };
  }
  return { ok: true, value: { warningDays, urgentDays, notifications: d.notifications } };
}

// ---- Security -------------------------------------------------------------------------------

export type AutoLock = 'idle' | 'never';
export type SecurityField = 'autoLockMinutes' | 'backupReminderDays';

export interface SecurityDraft {
  readonly autoLock: AutoLock;
  readonly minutes: string;
  readonly reminderDays: string;
}

export function securityDraft(s: SecuritySettings, fallbackMinutes: number): SecurityDraft {
  return { autoLock: s.autoLockMinutes === null ? 'never' : 'idle', minutes: String(s.autoLockMinutes ?? fallbackMinutes), reminderDays: String(s.backupReminderDays) };
}

/** What the draft asks main for, or the fields that are not whole numbers. */
export function securityInput(d: SecurityDraft): { readonly ok: true; readonly value: SecuritySettings } | { readonly ok: false; readonly errors: Partial<Record<SecurityField, string>> } {
  const minutes = d.autoLock === 'never' ? null : wholeNumber(d.minutes);
  const reminder = wholeNumber(d.reminderDays);
  if ((d.autoLock === 'idle' && minutes === null) || reminder === null) {
    return {
      ok: false,
      errors: {
        ...(d.autoLock === 'idle' && minutes === null ? { autoLockMinutes: t('settings:security.minutesInvalid') } : {}),
        ...(reminder === null ? { backupReminderDays: t('settings:security.daysInvalid') } : {}),
      },
    };
  }
  return { ok: true, value: { autoLockMinutes: minutes, backupReminderDays: reminder } };
}

export function sameSecurity(d: SecurityDraft, s: SecuritySettings): boolean {
  const input = securityInput(d);
  return input.ok && input.value.autoLockMinutes === s.autoLockMinutes && input.value.backupReminderDays === s.backupReminderDays;
}
