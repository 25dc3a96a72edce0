/**
 * The dashboard's pure logic: which screen to show, the tones of the expiry tiles, the timeline's
 * week labels and chart rows, and the sentences. No React, no IPC: unit-tested on its own.
 */
import type { CertificateStatus } from '../../../shared/domain/certificate.js';
import { TIMELINE_WEEKS, type AuthorityTimeline, type CrlDue, type DashboardData, type ExpirySettings } from '../../../shared/domain/expiry.js';
import type { BackupStatus } from '../../../shared/domain/vault.js';
import type { CertificateFilter } from '../../app/navigation.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** How many distinct series colours the stylesheet defines (.dash-series-0 … -5). */
export const SERIES_COLOURS = 6;

const number = (n: number) => n.toLocaleString('en-US');

/** "1 certificate", "312 certificates". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

// ---- Which dashboard --------------------------------------------------------------------------

/**
 * no-authorities: an empty vault, pointed at "New root CA"; no-certificates: authorities but nothing
 * issued yet (the authority panels still matter); ready: the whole dashboard.
 */
export type DashboardState = 'no-authorities' | 'no-certificates' | 'ready';

export function dashboardState(data: Pick<DashboardData, 'counts'>, authorityCount: number): DashboardState {
  if (authorityCount === 0) return 'no-authorities';
  return data.counts.total === 0 ? 'no-certificates' : 'ready';
}

// ---- Tiles ----------------------------------------------------------------------------------

/** urgent: the danger tone; warning: the warning tone; neutral: worth a look; clear: nothing there. */
export type Tone = 'urgent' | 'warning' | 'neutral' | 'clear';

/** The tone of "N expire within `days` days": by the user's thresholds, and calm when N is 0. */
export function windowTone(days: number, count: number, settings: Pick<ExpirySettings, 'warningDays' | 'urgentDays'>): Tone {
  if (count === 0) return 'clear';
  if (days <= settings.urgentDays) return 'urgent';
  if (days <= settings.warningDays) return 'warning';
  return 'neutral';
}

/** The tone of something `daysLeft` days from its end (an authority): by the same thresholds. */
export function daysLeftTone(daysLeft: number, settings: Pick<ExpirySettings, 'warningDays' | 'urgentDays'>): Exclude<Tone, 'clear'> {
  if (daysLeft <= settings.urgentDays) return 'urgent';
  if (daysLeft <= settings.warningDays) return 'warning';
  return 'neutral';
}

export interface ExpiryTile {
  readonly days: number;
  readonly count: number;
  readonly tone: Tone;
  readonly label: string;
  /** Why it has its tone, in words. */
  readonly note: string;
  readonly filter: CertificateFilter;
}

export function expiryTiles(data: Pick<DashboardData, 'expiring' | 'settings'>): ExpiryTile[] {
  return data.expiring.map(({ days, count }) => {
    const tone = windowTone(days, count, data.settings);
    const note =
      tone === 'clear'
        ? 'Nothing to renew'
        : tone === 'urgent'
          ? 'Urgent: renew now'
          : tone === 'warning'
            ? 'Within your warning window'
            : 'Plan the renewal';
    return { days, count, tone, label: `Expiring within ${days} days`, note, filter: { expiringWithinDays: days } };
  });
}

export interface StatusCell {
  readonly key: CertificateStatus | 'total';
  readonly label: string;
  readonly count: number;
  /** What the Certificates view opens with; undefined: the whole list. */
  readonly filter: CertificateFilter | undefined;
}

const STATUS_ORDER: ReadonlyArray<{ key: CertificateStatus; label: string }> = [
  { key: 'valid', label: 'Valid' },
  { key: 'expired', label: 'Expired' },
  { key: 'not-yet-valid', label: 'Not yet valid' },
  { key: 'revoked', label: 'Revoked' },
];

export function statusCells(counts: DashboardData['counts']): StatusCell[] {
  return [{ key: 'total', label: 'Total', count: counts.total, filter: undefined }, ...STATUS_ORDER.map(({ key, label }) => ({ key, label, count: counts[key], filter: { status: key } }))];
}

// ---- Timeline -------------------------------------------------------------------------------

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** When each week of the timeline starts: week 0 is `start` (today), then every 7 days. */
export function weekStarts(start: string, weeks: number = TIMELINE_WEEKS): Date[] {
  const t0 = Date.parse(start);
  return Array.from({ length: weeks }, (_, i) => new Date(t0 + i * WEEK_MS));
}

/** The x-axis labels: each week's first day as a short date ("Mar 3"). */
export function weekLabels(start: string, weeks: number = TIMELINE_WEEKS, format: (d: Date) => string = (d) => shortDate.format(d)): string[] {
  return weekStarts(start, weeks).map(format);
}

export interface Series {
  /** The row property holding this series' counts (authority ids are safe as keys, but a prefix keeps them apart from ours). */
  readonly key: string;
  readonly authorityId: string;
  readonly name: string;
  /** Certificates of this authority expiring in the whole timeline. */
  readonly total: number;
  /** 0 … SERIES_COLOURS-1: the stylesheet's colour for it. */
  readonly colour: number;
}

export type ChartRow = { readonly week: number; readonly label: string; readonly total: number } & Readonly<Record<string, number | string>>;

export interface ChartData {
  readonly series: readonly Series[];
  readonly rows: readonly ChartRow[];
  readonly total: number;
}

/** One stacked bar per week, one series (colour) per authority, in the order the backend gave. */
export function chartData(timeline: { readonly authorities: readonly AuthorityTimeline[] }, labels: readonly string[]): ChartData {
  const series = timeline.authorities.map((a, i) => ({ key: `ca_${a.authorityId}`, authorityId: a.authorityId, name: a.commonName, total: a.weeks.reduce((s, n) => s + n, 0), colour: i % SERIES_COLOURS }));
  const rows = labels.map((label, week) => {
    const row: Record<string, number | string> = { week, label, total: 0 };
    let total = 0;
    timeline.authorities.forEach((a, i) => {
      const n = a.weeks[week] ?? 0;
      row[series[i]!.key] = n;
      total += n;
    });
    row.total = total;
    return row as ChartRow;
  });
  return { series, rows, total: series.reduce((s, x) => s + x.total, 0) };
}

/** The chart in one sentence, for its aria-label. */
export function chartSummary(chart: ChartData, weeks: number = TIMELINE_WEEKS): string {
  const head = `Expiry timeline, next ${weeks} weeks`;
  if (chart.total === 0) return `${head}: no certificate expires.`;
  const peak = chart.rows.reduce((best, r) => (r.total > best.total ? r : best), chart.rows[0]!);
  const by = chart.series.map((s) => `${s.name} ${number(s.total)}`).join(', ');
  return `${head}: ${plural(chart.total, 'certificate')} expire, most in the week of ${peak.label} (${number(peak.total)}). By authority: ${by}.`;
}

// ---- Sentences ------------------------------------------------------------------------------

/** "Takes 312 certificates and 2 CAs with it." — what stops working when an authority ends. */
export function blastRadiusSentence(radius: { readonly certificates: number; readonly authorities: number }): string {
  const parts = [radius.certificates > 0 ? plural(radius.certificates, 'certificate') : '', radius.authorities > 0 ? plural(radius.authorities, 'CA') : ''].filter(Boolean);
  return parts.length === 0 ? 'Nothing in service depends on it.' : `Takes ${parts.join(' and ')} with it.`;
}

/** "in 5 hours", "in 40 minutes", "in 1 day". */
export function inWords(ms: number): string {
  if (ms >= DAY_MS) return `in ${plural(Math.floor(ms / DAY_MS), 'day')}`;
  if (ms >= HOUR_MS) return `in ${plural(Math.floor(ms / HOUR_MS), 'hour')}`;
  return `in ${plural(Math.max(1, Math.floor(ms / 60_000)), 'minute')}`;
}

export interface CrlLine {
  readonly tone: Exclude<Tone, 'clear' | 'neutral'>;
  /** "Overdue", "Due in 5 hours", "Never published". */
  readonly status: string;
  readonly detail: string;
}

/** One CRL that needs publishing, in words. `formatDateTime` formats the instants. */
export function crlLine(crl: CrlDue, now: string, formatDateTime: (iso: string) => string): CrlLine {
  switch (crl.state) {
    case 'overdue':
      return { tone: 'urgent', status: 'Overdue', detail: `Clients checking it have refused it since ${formatDateTime(crl.nextUpdate ?? now)}. Publish a new CRL.` };
    case 'due':
      return { tone: 'warning', status: `Due ${inWords(Date.parse(crl.nextUpdate ?? now) - Date.parse(now))}`, detail: `Next update ${formatDateTime(crl.nextUpdate ?? now)}.` };
    case 'unpublished':
      return { tone: 'urgent', status: 'Never published', detail: 'It has revoked certificates, but no CRL says so yet.' };
  }
}

export interface BackupLine {
  readonly tone: 'warning' | 'clear';
  /** "No backup yet", "Last backup today", "Last backup 3 days ago". */
  readonly status: string;
  readonly detail: string;
}

/** When the vault was last backed up, in words, with the warning tone once it is overdue. */
export function backupLine(backup: BackupStatus, now: string): BackupLine {
  const tone = backup.overdue ? 'warning' : 'clear';
  const reminder = `The dashboard reminds you after ${plural(backup.reminderDays, 'day')}.`;
  if (backup.lastBackupAt === null) return { tone, status: 'No backup yet', detail: `The vault folder is the only copy of your CA keys. ${reminder}` };
  const days = Math.max(0, Math.floor((Date.parse(now) - Date.parse(backup.lastBackupAt)) / DAY_MS));
  const status = days === 0 ? 'Last backup today' : days === 1 ? 'Last backup yesterday' : `Last backup ${number(days)} days ago`;
  return { tone, status, detail: backup.overdue ? `Changes since then exist only in the vault folder. ${reminder}` : reminder };
}
