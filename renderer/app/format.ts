/** Display helpers: dates, remaining validity, fingerprints. Pure functions. */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every date and time the renderer shows goes through these (docs/glossary.md): the date as
 * 2026-12-07, a time as 2026-12-07 14:03 UTC — always with its zone, the computer's own
 * (its abbreviation, or GMT+1 where it has none). en-US only for the digits and the zone's name.
 */
const partsFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function partsOf(value: string | Date): Parts | undefined {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return undefined;
  return Object.fromEntries(partsFormat.formatToParts(date).map((p) => [p.type, p.value])) as Parts;
}

/** "2026-12-07" (the computer's time zone). */
export function formatDate(value: string | Date): string {
  const p = partsOf(value);
  return p ? `${p.year}-${p.month}-${p.day}` : String(value);
}

/** "2026-12-07 14:03 UTC": the one way a moment is shown. */
export function formatDateTime(value: string | Date): string {
  const p = partsOf(value);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}` : String(value);
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

/** "812 bytes", "1.0 KiB", "12.4 MiB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / 1024 / 1024, 'MiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** The time of day to the second with its zone, for logs (the date apart, with formatDate): "14:03:22 UTC". */
export function formatTime(value: string | Date): string {
  const p = partsOf(value);
  return p ? `${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}` : String(value);
}

/**
 * A certificate's name wherever it is listed, titled or confirmed: its common name and its profile,
 * "orders · client". An mTLS pair's two certificates (and any same-name siblings) share the common
 * name; the profile tells them apart, so it is always there.
 */
export function certificateLabel(c: { readonly subject: { readonly commonName: string }; readonly profile?: string | undefined }): string {
  const name = c.subject.commonName.trim() === '' ? '(no common name)' : c.subject.commonName;
  // No profile: a CA spoken of as a target (revoking a CA), whose name stands alone.
  return c.profile === undefined ? name : `${name} · ${c.profile === 'ca' ? 'CA' : c.profile}`;
}
