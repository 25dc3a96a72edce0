/**
 * A leaf certificate's validity as the user chooses it: a preset number of days, or an end date.
 * Checked against the issuing CA (a child never outlives its issuer: refused here, before main
 * would) and against the 825 days Apple platforms allow any TLS server certificate, a private CA's too (a warning).
 */
import { LEAF_VALIDITY_PRESETS, PRIVATE_LEAF_VALIDITY_WARN_DAYS } from '../../../shared/domain/certificate.js';
import { LEAF_VALIDITY_DAYS, type Input } from '../../../shared/ipc/contract.js';
import { formatDate } from '../../app/format.js';
import { t } from '../../i18n/instance.js';
import { addDays, DAY_MS } from './form.js';

export type ValidityChoice = { readonly mode: 'days'; readonly days: number } | { readonly mode: 'date'; /** YYYY-MM-DD, as a date input gives it. */ readonly date: string };

export function daysChoice(days: number): ValidityChoice {
  return { mode: 'days', days };
}

/** The presets, with the CA's default among them even when it is not a standard one. */
export function validityPresets(defaultDays: number): number[] {
  const all = new Set<number>([...LEAF_VALIDITY_PRESETS, defaultDays]);
  return [...all].sort((a, b) => a - b);
}

export function presetLabel(days: number): string {
  return t('wizard:validity.preset', { count: days });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The last second of that day, local time: what "valid until 1 March" means to a person. */
export function endOfDay(date: string): Date | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59);
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? undefined : d;
}

/** YYYY-MM-DD of a date, local time, for a date input's value and min/max. */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function validityEnd(choice: ValidityChoice, now: Date): Date | undefined {
  return choice.mode === 'days' ? addDays(now, choice.days) : endOfDay(choice.date);
}

export interface ValidityCheck {
  readonly end?: Date;
  /** Whole days from now to the end. */
  readonly days?: number;
  readonly error?: string;
  readonly warning?: string;
}

export function checkValidity(choice: ValidityChoice, now: Date, issuer: { readonly notAfter: string } | null): ValidityCheck {
  const end = validityEnd(choice, now);
  if (!end) return { error: choice.mode === 'date' && choice.date === '' ? t('wizard:validity.pickDate') : t('wizard:validity.notDate') };
  const days = Math.ceil((end.getTime() - now.getTime()) / DAY_MS);
  if (end.getTime() <= now.getTime()) return { end, days, error: t('wizard:validity.future') };
  if (issuer && issuer.notAfter !== '' && end.getTime() > new Date(issuer.notAfter).getTime()) {
    return { end, days, error: t('wizard:validity.issuerEnds', { date: formatDate(issuer.notAfter) }) };
  }
  if (days > LEAF_VALIDITY_DAYS.max) return { end, days, error: t('wizard:validity.atMost', { max: LEAF_VALIDITY_DAYS.max }) };
  if (days > PRIVATE_LEAF_VALIDITY_WARN_DAYS) return { end, days, warning: privateValidityWarning(days) };
  return { end, days };
}

/**
 * Certwright's CAs are private: browsers' 398-day limit is for publicly trusted CAs only; Apple's
 * 825 days hold for every TLS server certificate.
 */
export function privateValidityWarning(days: number): string {
  return t('wizard:validity.appleWarning', { days, limit: PRIVATE_LEAF_VALIDITY_WARN_DAYS });
}

/** What main receives. */
export function toValidity(choice: ValidityChoice): NonNullable<Input<'certificate.issue'>['validity']> {
  if (choice.mode === 'days') return { days: choice.days };
  const end = endOfDay(choice.date);
  // An impossible date becomes an empty string, which main's schema refuses with its own words.
  return { notAfter: end ? end.toISOString() : '' };
}
