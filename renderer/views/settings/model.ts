/** The settings forms' drafts: text as typed, turned into what main takes. Pure. */
import type { ExpirySettings } from '../../../shared/domain/expiry.js';
import type { SecuritySettings } from '../../../shared/domain/vault.js';
import type { WatchSettings } from '../../../shared/domain/watch.js';
import { t } from '../../i18n/instance.js';

/** A whole number typed into a field (up to `digits` digits, four unless told), or null. */
export const wholeNumber = (text: string, digits = 4): number | null => (new RegExp(`^\\s*\\d{1,${digits}}\\s*$`).test(text) ? Number(text) : null);

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

// ---- Watching (issue 19) ---------------------------------------------------------------------

export type WatchField = 'intervalMinutes' | 'concurrency' | 'timeoutSeconds' | 'metricsServe' | 'metricsPort';
type WatchNumber = Exclude<WatchField, 'metricsServe'>;
export type WatchDraft = Readonly<Record<WatchNumber, string>> & { readonly metricsServe: boolean };

export const watchDraft = (w: WatchSettings): WatchDraft => ({
  intervalMinutes: String(w.intervalMinutes),
  concurrency: String(w.concurrency),
  timeoutSeconds: String(w.timeoutSeconds),
  metricsServe: w.metricsServe,
  metricsPort: String(w.metricsPort),
});

/** The words for a field that is not a whole number (the ranges are main's to refuse, at the field). */
const notWhole = (field: WatchNumber): string =>
  field === 'intervalMinutes' ? t('watch:settings.intervalInvalid') : field === 'concurrency' ? t('watch:settings.concurrencyInvalid') : field === 'timeoutSeconds' ? t('watch:settings.timeoutInvalid') : t('watch:settings.portInvalid');

/** What the draft asks main for, or the fields that are not whole numbers (the interval and port take five digits). */
export function watchInput(d: WatchDraft): { readonly ok: true; readonly value: WatchSettings } | { readonly ok: false; readonly errors: Partial<Record<WatchField, string>> } {
  const parsed = {
    intervalMinutes: wholeNumber(d.intervalMinutes, 5),
    concurrency: wholeNumber(d.concurrency),
    timeoutSeconds: wholeNumber(d.timeoutSeconds),
    metricsPort: wholeNumber(d.metricsPort, 5),
  };
  const bad = (Object.keys(parsed) as WatchNumber[]).filter((k) => parsed[k] === null);
  if (bad.length > 0) return { ok: false, errors: Object.fromEntries(bad.map((k) => [k, notWhole(k)])) };
  return { ok: true, value: { intervalMinutes: parsed.intervalMinutes!, concurrency: parsed.concurrency!, timeoutSeconds: parsed.timeoutSeconds!, metricsServe: d.metricsServe, metricsPort: parsed.metricsPort! } };
}

export function sameWatch(d: WatchDraft, w: WatchSettings): boolean {
  const input = watchInput(d);
  return input.ok && input.value.intervalMinutes === w.intervalMinutes && input.value.concurrency === w.concurrency && input.value.timeoutSeconds === w.timeoutSeconds && input.value.metricsServe === w.metricsServe && input.value.metricsPort === w.metricsPort;
}

/** The scrape job Prometheus needs, as one YAML line for prometheus.yml's `scrape_configs:` list. */
// eslint-disable-next-line i18next/no-literal-string -- YAML for Prometheus: code, the same in every language
export const scrapeConfigLine = (port: number): string => `- { job_name: certwright, static_configs: [{ targets: ['127.0.0.1:${port}'] }] }`;
