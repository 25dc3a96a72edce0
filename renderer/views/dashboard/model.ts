/**
 * The dashboard's pure logic: which screen to show, the tones of the expiry tiles, the timeline's
 * week labels and chart rows, and the sentences. No React, no IPC: unit-tested on its own.
 */
import type { CertificateStatus } from '../../../shared/domain/certificate.js';
import { TIMELINE_WEEKS, type AuthorityTimeline, type CrlDue, type DashboardData, type ExpirySettings } from '../../../shared/domain/expiry.js';
import type { BackupStatus } from '../../../shared/domain/vault.js';
import type { CertificateFilter } from '../../app/navigation.js';
import { intlLocale, t } from '../../i18n/instance.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** How many distinct series colours the stylesheet defines (.dash-series-0 … -5). */
export const SERIES_COLOURS = 6;


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
        ? t('dashboard:tile.nothingToRenew')
        : tone === 'urgent'
          ? t('dashboard:tile.urgent')
          : tone === 'warning'
            ? t('dashboard:tile.warning')
            : t('dashboard:tile.plan');
    return { days, count, tone, label: t('dashboard:tile.expiringWithin', { count: days }), note, filter: { expiringWithinDays: days } };
  });
}

export interface StatusCell {
  readonly key: CertificateStatus | 'total';
  readonly label: string;
  readonly count: number;
  /** What the Certificates view opens with; undefined: the whole list. */
  readonly filter: CertificateFilter | undefined;
}

/** The statuses in order, each with its words (built when asked, so they follow the language). */
const statusOrder = (): ReadonlyArray<{ key: CertificateStatus; label: string }> => [
  { key: 'valid', label: t('common:status.valid') },
  { key: 'expired', label: t('common:status.expired') },
  { key: 'not-yet-valid', label: t('common:status.notYetValid') },
  { key: 'revoked', label: t('common:status.revoked') },
];

export function statusCells(counts: DashboardData['counts']): StatusCell[] {
  return [{ key: 'total', label: t('dashboard:status.total'), count: counts.total, filter: undefined }, ...statusOrder().map(({ key, label }) => ({ key, label, count: counts[key], filter: { status: key } }))];
}

// ---- Timeline -------------------------------------------------------------------------------

/** A week's first day as a short date in the window's language ("Mar 3", "3月3日"). */
const shortDate = (d: Date) => new Intl.DateTimeFormat(intlLocale(), { month: 'short', day: 'numeric' }).format(d);

/** When each week of the timeline starts: week 0 is `start` (today), then every 7 days. */
export function weekStarts(start: string, weeks: number = TIMELINE_WEEKS): Date[] {
  const t0 = Date.parse(start);
  return Array.from({ length: weeks }, (_, i) => new Date(t0 + i * WEEK_MS));
}

/** The x-axis labels: each week's first day as a short date ("Mar 3"). */
export function weekLabels(start: string, weeks: number = TIMELINE_WEEKS, format: (d: Date) => string = shortDate): string[] {
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
  if (chart.total === 0) return t('dashboard:chart.summaryNone', { weeks });
  const peak = chart.rows.reduce((best, r) => (r.total > best.total ? r : best), chart.rows[0]!);
  const by = new Intl.ListFormat(intlLocale(), { type: 'conjunction', style: 'narrow' }).format(chart.series.map((s) => t('dashboard:chart.byAuthority', { name: s.name, count: s.total })));
  return t('dashboard:chart.summary', { count: chart.total, weeks, week: peak.label, peak: peak.total, by });
}

// ---- Sentences ------------------------------------------------------------------------------

/** "Takes 312 certificates and 2 CAs with it." — what stops working when an authority ends. */
export function blastRadiusSentence(radius: { readonly certificates: number; readonly authorities: number }): string {
  const { certificates, authorities } = radius;
  if (certificates > 0 && authorities > 0) {
    return t('dashboard:blast.both', { certificates: t('dashboard:count.certificates', { count: certificates }), cas: t('dashboard:count.cas', { count: authorities }) });
  }
  if (certificates > 0) return t('dashboard:blast.certificates', { count: certificates });
  if (authorities > 0) return t('dashboard:blast.cas', { count: authorities });
  return t('dashboard:blast.none');
}

/** "in 5 hours", "in 40 minutes", "in 1 day". */
export function inWords(ms: number): string {
  if (ms >= DAY_MS) return t('common:time.inDays', { count: Math.floor(ms / DAY_MS) });
  if (ms >= HOUR_MS) return t('common:time.inHours', { count: Math.floor(ms / HOUR_MS) });
  return t('common:time.inMinutes', { count: Math.max(1, Math.floor(ms / 60_000)) });
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
      return { tone: 'urgent', status: t('dashboard:crl.overdue'), detail: t('dashboard:crl.overdueDetail', { since: formatDateTime(crl.nextUpdate ?? now) }) };
    case 'due':
      return { tone: 'warning', status: t('dashboard:crl.due', { when: inWords(Date.parse(crl.nextUpdate ?? now) - Date.parse(now)) }), detail: t('dashboard:crl.dueDetail', { at: formatDateTime(crl.nextUpdate ?? now) }) };
    case 'unpublished':
      return { tone: 'urgent', status: t('dashboard:crl.neverPublished'), detail: t('dashboard:crl.neverPublishedDetail') };
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
  const days = { count: backup.reminderDays };
  if (backup.lastBackupAt === null) return { tone, status: t('dashboard:backup.none'), detail: t('dashboard:backup.onlyCopy', days) };
  const ago = Math.max(0, Math.floor((Date.parse(now) - Date.parse(backup.lastBackupAt)) / DAY_MS));
  const status = ago === 0 ? t('dashboard:backup.today') : ago === 1 ? t('dashboard:backup.yesterday') : t('dashboard:backup.daysAgo', { count: ago });
  return { tone, status, detail: backup.overdue ? t('dashboard:backup.changesSince', days) : t('dashboard:backup.reminder', days) };
}
