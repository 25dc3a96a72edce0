/** Display helpers: dates, remaining validity, fingerprints. Pure functions. */

const DAY_MS = 24 * 60 * 60 * 1000;

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
}

export function formatDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
}

/** Whole days from `now` until `until`; negative once expired. */
export function daysLeft(until: string, now: Date = new Date()): number {
  return Math.floor((new Date(until).getTime() - now.getTime()) / DAY_MS);
}

export function describeDaysLeft(until: string, now: Date = new Date()): string {
  const days = daysLeft(until, now);
  if (days < 0) return `expired ${-days} ${-days === 1 ? 'day' : 'days'} ago`;
  if (days === 0) return 'expires today';
  return `${days.toLocaleString()} ${days === 1 ? 'day' : 'days'} left`;
}

/** "about 20 years" for long validities; undefined under two years, where days say it better. */
export function aboutYears(until: string, now: Date = new Date()): string | undefined {
  const years = daysLeft(until, now) / 365.25;
  if (years < 2) return undefined;
  return `about ${years >= 10 ? Math.round(years) : Math.round(years * 10) / 10} years`;
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

/** A long colon-hex value split into lines of `perLine` bytes, for detail panes. */
export function wrapHex(hex: string, perLine = 16): string[] {
  const parts = hex.split(':');
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += perLine) lines.push(parts.slice(i, i + perLine).join(':'));
  return lines;
}

/** "812 bytes", "1.0 KiB", "12.4 MiB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / 1024 / 1024, 'MiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The time of day to the second, for logs (the date apart, with formatDate). */
export function formatTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : timeFormat.format(date);
}
