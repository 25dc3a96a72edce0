/**
 * Display helpers: dates, remaining validity, sizes, fingerprints, in the window's language (Intl in
 * intlLocale(), words from the catalog). Pure functions of their input and the current language.
 */
import { intlLocale, t } from '../i18n/instance.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every date and time the renderer shows goes through these (docs/glossary.md), always with its zone,
 * the computer's own. English keeps the glossary's form, 2026-12-07 and 2026-12-07 14:03 UTC (Intl
 * en-US gives the digits and the zone's name, GMT+1 where it has no abbreviation); another language
 * gets Intl's own order for it (zh-CN: 2026/12/07 UTC 14:03).
 */
type Kind = 'date' | 'datetime' | 'time';

const OPTIONS: Readonly<Record<Kind, Intl.DateTimeFormatOptions>> = {
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  datetime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' },
};

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(locale: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, OPTIONS[kind])));
  return format;
}

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

/** The glossary's English forms, from Intl's parts (digits only: no words are joined here). */
const ENGLISH: Readonly<Record<Kind, (p: Parts) => string>> = {
  date: (p) => `${p.year}-${p.month}-${p.day}`,
  datetime: (p) => `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`,
  time: (p) => `${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`,
};

function formatMoment(value: string | Date, kind: Kind): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const locale = intlLocale();
  if (locale === 'en') {
    // eslint-disable-next-line i18next/no-literal-string -- a locale tag: en-US's digits and zone names
    const parts = Object.fromEntries(formatFor('en-US', kind).formatToParts(date).map((p) => [p.type, p.value])) as Parts;
    return ENGLISH[kind](parts);
  }
  return formatFor(locale, kind).format(date);
}

/** "2026-12-07" (the computer's time zone). */
export function formatDate(value: string | Date): string {
  return formatMoment(value, 'date');
}

/** "2026-12-07 14:03 UTC": the one way a moment is shown. */
export function formatDateTime(value: string | Date): string {
  return formatMoment(value, 'datetime');
}

/** The time of day to the second with its zone, for logs (the date apart, with formatDate): "14:03:22 UTC". */
export function formatTime(value: string | Date): string {
  return formatMoment(value, 'time');
}

/** A count in the window's language: "1,200". */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

/** Whole days from `now` until `until`; negative once expired. */
export function daysLeft(until: string, now: Date = new Date()): number {
  return Math.floor((new Date(until).getTime() - now.getTime()) / DAY_MS);
}

/** "29 days left", "expires today", "expired 3 days ago". */
export function describeDaysLeft(until: string, now: Date = new Date()): string {
  const days = daysLeft(until, now);
  if (days < 0) return t('common:time.expiredDaysAgo', { count: -days });
  if (days === 0) return t('common:time.expiresToday');
  return t('common:time.daysLeft', { count: days });
}

/** "about 20 years" for long validities; undefined under two years, where days say it better. */
export function aboutYears(until: string, now: Date = new Date()): string | undefined {
  const years = daysLeft(until, now) / 365.25;
  if (years < 2) return undefined;
  return t('common:time.aboutYears', { years: years >= 10 ? Math.round(years) : Math.round(years * 10) / 10 });
}

export type ExpiryTone = 'ok' | 'soon' | 'expired';

export function expiryTone(until: string, now: Date = new Date()): ExpiryTone {
  const days = daysLeft(until, now);
  return days < 0 ? 'expired' : days < 90 ? 'soon' : 'ok';
}

/** `AB:CD:…:EF` shortened to its first and last bytes, for lists; the full value goes in a title. */
export function shortFingerprint(fingerprint: string, bytes = 6): string {
  const parts = fingerprint.split(':');
  if (parts.length <= bytes * 2) return fingerprint;
  return `${parts.slice(0, bytes).join(':')} … ${parts.slice(-bytes).join(':')}`;
}

/** "812 bytes", "1 KiB", "12.4 MiB" (the number grouped and pointed per language). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return t('common:size.bytes', { count: bytes });
  // Whole units as they are, anything else to one decimal ("10.0 MiB" is just over 10), in the language's digits.
  const oneDecimal = (value: number) => new Intl.NumberFormat(intlLocale(), Number.isInteger(value) ? {} : { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024 * 1024) return t('common:size.kib', { value: oneDecimal(bytes / 1024) });
  return t('common:size.mib', { value: oneDecimal(bytes / 1024 / 1024) });
}

/**
 * A certificate's name wherever it is listed, titled or confirmed: its common name and its profile,
 * "orders · client". An mTLS pair's two certificates (and any same-name siblings) share the common
 * name; the profile tells them apart, so it is always there.
 */
export function certificateLabel(c: { readonly subject: { readonly commonName: string }; readonly profile?: string | undefined }): string {
  const name = c.subject.commonName.trim() === '' ? t('common:certificate.noCommonName') : c.subject.commonName;
  // No profile: a CA spoken of as a target (revoking a CA), whose name stands alone.
  return c.profile === undefined ? name : t('common:certificate.label', { name, profile: profileName(c.profile) });
}

/** A profile's word: server, client, peer, CA; an unknown one as written. */
export function profileName(profile: string): string {
  switch (profile) {
    case 'server':
      return t('common:profile.server');
    case 'client':
      return t('common:profile.client');
    case 'peer':
      return t('common:profile.peer');
    case 'ca':
      return t('common:profile.ca');
    default:
      return profile;
  }
}
