/**
 * The certificates table as pure data: text and status filters, what is hidden by default, sorting,
 * and how a row reads.
 *
 * Built for 10,000 certificates: `indexCertificates` does the expensive work once per list load —
 * the lowercase search text and hex digits of every certificate, whether it is retired — and sort
 * ranks are computed once per column and cached, so a keystroke is one pass of `includes` over
 * precomputed strings, and a header click is one numeric sort.
 */
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import { isFinal } from '../../shared/domain/revocation.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { daysLeft, expiryTone, type ExpiryTone } from '../app/format.js';
import { unicodeForm } from '../components/san-model.js';

export const SORT_KEYS = ['commonName', 'sans', 'profile', 'issuer', 'serial', 'notAfter', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

/** Soonest effective expiry first: what needs attention. */
export const DEFAULT_SORT: SortState = { key: 'notAfter', direction: 'ascending' };

export type StatusFilter = 'all' | CertificateStatus;

/**
 * A filter another view hands over through navigation (the Dashboard's "expiring within 30 days",
 * "revoked"), shown as a removable chip. Same fields as the certificates screen's `filter`.
 */
export interface ListFilter {
  readonly expiringWithinDays?: number | undefined;
  readonly status?: CertificateStatus | undefined;
}

const DAY_MS = 86_400_000;

/** How a SAN reads in the table: IDNs in Unicode. */
export function sanText(entry: SanEntry): string {
  return unicodeForm(entry) ?? entry.value;
}

/** First SAN and how many more: "api.acme.internal +2". */
export function sanSummary(sans: readonly SanEntry[]): { readonly first: string; readonly more: number } {
  return { first: sans[0] ? sanText(sans[0]) : '', more: Math.max(0, sans.length - 1) };
}

const hexOnly = (s: string) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();

/**
 * Out of the list by default: expired, revoked for good (a hold can still be lifted, so it stays),
 * or replaced by a renewal. "Show expired and revoked" brings them back.
 */
export function isRetired(c: CertificateSummary): boolean {
  if (c.replacedById !== null || c.status === 'expired') return true;
  return c.status === 'revoked' && (c.revocation === null || isFinal(c.revocation.reason));
}

/** Valid, not replaced, and its effective expiry within `days` of `now` (the Dashboard's count). */
export function isExpiringWithin(c: CertificateSummary, days: number, now: Date): boolean {
  return c.status === 'valid' && c.replacedById === null && Date.parse(c.effectiveNotAfter) - now.getTime() <= days * DAY_MS;
}

// ---- The index: what a keystroke needs, computed once per list --------------------------------

/** One certificate with its precomputed search keys. */
export interface TableRow {
  readonly certificate: CertificateSummary;
  /** Its position in the list as loaded (sort ranks are stored by it). */
  readonly position: number;
  /** Common name, subject, issuer and every SAN (both IDN forms), lowercase, NUL-separated. */
  readonly text: string;
  /** Serial and SHA-256 fingerprint, hex digits only, space-separated. */
  readonly hex: string;
  readonly retired: boolean;
  /** effectiveNotAfter in ms. */
  readonly expires: number;
}

export interface TableIndex {
  readonly rows: readonly TableRow[];
  readonly byId: ReadonlyMap<string, CertificateSummary>;
  /** How many are retired (hidden by default). */
  readonly retired: number;
  /** Per sort key, each row's rank (by position); filled on first use. */
  readonly ranks: Map<SortKey, Uint32Array>;
  /** Each row's rank by createdAt, newest first: the tie-break of every sort. */
  newest?: Uint32Array;
}

export function indexCertificates(list: readonly CertificateSummary[]): TableIndex {
  const byId = new Map<string, CertificateSummary>();
  let retired = 0;
  const rows = list.map((c, position): TableRow => {
    byId.set(c.id, c);
    const words = [c.subject.commonName, c.subjectDn, c.issuerCommonName];
    for (const s of c.sans) {
      words.push(s.value);
      // Only an A-label ("xn--") has another form worth searching; decoding is the costly part.
      const unicode = s.value.includes('xn--') || s.value.includes('XN--') ? unicodeForm(s) : undefined;
      if (unicode !== undefined && unicode !== s.value) words.push(unicode);
    }
    const row = {
      certificate: c,
      position,
      text: words.join('\u0000').toLowerCase(),
      hex: `${hexOnly(c.serialNumberHex)} ${hexOnly(c.sha256Fingerprint)}`,
      retired: isRetired(c),
      expires: Date.parse(c.effectiveNotAfter),
    };
    if (row.retired) retired++;
    return row;
  });
  return { rows, byId, retired, ranks: new Map() };
}

/** A typed query, prepared once per keystroke. */
export interface PreparedQuery {
  /** Lowercase, trimmed; '' matches everything. */
  readonly text: string;
  /** Hex digits of the query when it looks like a serial or fingerprint (4+ hex digits, colons and spaces ignored); else null. */
  readonly hex: string | null;
}

export function prepareQuery(query: string): PreparedQuery {
  const text = query.trim().toLowerCase();
  const hex = hexOnly(text);
  // Only look into serials and fingerprints for something that is hex (after dropping colons and spaces).
  return { text, hex: hex.length >= 4 && /^[0-9a-f:\s]+$/.test(text) ? hex : null };
}

export function rowMatches(row: TableRow, q: PreparedQuery): boolean {
  if (q.text === '') return true;
  return row.text.includes(q.text) || (q.hex !== null && row.hex.includes(q.hex));
}

/** What the table shows, besides sorting. */
export interface TableView {
  readonly query: string;
  readonly status: StatusFilter;
  /** "Show expired and revoked" is on. */
  readonly showRetired: boolean;
  /** The filter handed over by another view (a chip). */
  readonly filter?: ListFilter | null | undefined;
  /** Listed even when retired: the certificate open in the detail pane (it still has to pass the filters). */
  readonly pinnedId?: string | null | undefined;
  readonly now: Date;
}

/**
 * The rows to show, in the order of `sorted` (from `sortRows`). A status asked for explicitly —
 * in the status filter or the handed-over filter — shows retired certificates of that status.
 */
export function selectRows(sorted: readonly TableRow[], view: TableView): CertificateSummary[] {
  const q = prepareQuery(view.query);
  const asked = view.filter?.status ?? (view.status === 'all' ? null : view.status);
  const days = view.filter?.expiringWithinDays;
  const chipStatus = view.filter?.status;
  const out: CertificateSummary[] = [];
  for (const row of sorted) {
    const c = row.certificate;
    if (view.status !== 'all' && c.status !== view.status) continue;
    if (chipStatus !== undefined && c.status !== chipStatus) continue;
    if (row.retired && !view.showRetired && c.id !== view.pinnedId && !(asked !== null && asked !== 'valid' && c.status === asked)) continue;
    if (days !== undefined && !(c.status === 'valid' && c.replacedById === null && row.expires - view.now.getTime() <= days * DAY_MS)) continue;
    if (!rowMatches(row, q)) continue;
    out.push(c);
  }
  return out;
}

// ---- Sorting ---------------------------------------------------------------------------------

const STATUS_ORDER: Readonly<Record<CertificateStatus, number>> = { valid: 0, 'not-yet-valid': 1, expired: 2, revoked: 3 };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortValue(c: CertificateSummary, key: SortKey): string | number {
  switch (key) {
    case 'commonName':
      return c.subject.commonName;
    case 'sans':
      return sanSummary(c.sans).first;
    case 'profile':
      return c.profile;
    case 'issuer':
      return c.issuerCommonName;
    case 'serial':
      return c.serialNumberHex.toLowerCase();
    case 'notAfter':
      return Date.parse(c.effectiveNotAfter);
    case 'status':
      return STATUS_ORDER[c.status];
  }
}

/** Dense ranks (equal values share one) of `values`, compared with `compare`. */
function denseRanks<T>(values: readonly T[], compare: (a: T, b: T) => number): Uint32Array {
  const order = values.map((_, i) => i).sort((a, b) => compare(values[a]!, values[b]!));
  const ranks = new Uint32Array(values.length);
  let rank = 0;
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && compare(values[order[i - 1]!]!, values[order[i]!]!) !== 0) rank++;
    ranks[order[i]!] = rank;
  }
  return ranks;
}

/** Unique strings are collated once; every row then gets the rank of its string. */
function stringRanks(values: readonly string[]): Uint32Array {
  const unique = [...new Set(values)].sort(collator.compare);
  const rankOf = new Map<string, number>();
  let rank = 0;
  unique.forEach((v, i) => {
    if (i > 0 && collator.compare(unique[i - 1]!, v) !== 0) rank++;
    rankOf.set(v, rank);
  });
  return Uint32Array.from(values, (v) => rankOf.get(v) ?? 0);
}

function ranksFor(index: TableIndex, key: SortKey): Uint32Array {
  let ranks = index.ranks.get(key);
  if (!ranks) {
    const values = index.rows.map((r) => sortValue(r.certificate, key));
    if (key === 'notAfter' || key === 'status') ranks = denseRanks(values as number[], (a, b) => a - b);
    // Hex serials in code-unit order; names as a person reads them ("svc-2" before "svc-10").
    else if (key === 'serial') ranks = denseRanks(values as string[], (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    else ranks = stringRanks(values as string[]);
    index.ranks.set(key, ranks);
  }
  return ranks;
}

function newestRanks(index: TableIndex): Uint32Array {
  if (!index.newest) index.newest = denseRanks(index.rows.map((r) => r.certificate.createdAt), (a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return index.newest;
}

/** Every row in the chosen order; ties keep a stable, useful order: newest first. */
export function sortRows(index: TableIndex, sort: SortState): TableRow[] {
  const ranks = ranksFor(index, sort.key);
  const newest = newestRanks(index);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...index.rows].sort((a, b) => sign * (ranks[a.position]! - ranks[b.position]!) || newest[a.position]! - newest[b.position]!);
}

// ---- The simple forms (one call, no index kept) -----------------------------------------------

/** Matches on common name, subject, issuer, any SAN (both IDN forms), serial and fingerprint (colons optional). */
export function matchesText(c: CertificateSummary, query: string): boolean {
  return rowMatches(indexCertificates([c]).rows[0]!, prepareQuery(query));
}

/** Filters by text and status only: nothing hidden by default. */
export function filterCertificates(list: readonly CertificateSummary[], query: string, status: StatusFilter): CertificateSummary[] {
  return selectRows(indexCertificates(list).rows, { query, status, showRetired: true, now: new Date() });
}

export function sortCertificates(list: readonly CertificateSummary[], sort: SortState): CertificateSummary[] {
  return sortRows(indexCertificates(list), sort).map((r) => r.certificate);
}

/** Clicking a header: sort by it ascending, or flip the direction when it is already the key. */
export function toggleSort(current: SortState, key: SortKey): SortState {
  return current.key === key ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' };
}

// ---- How a row reads ---------------------------------------------------------------------------

export interface ExpiryNote {
  /** "expires in 12 days — limited by its CA", "expired 3 days ago", "expires today". */
  readonly text: string;
  readonly tone: ExpiryTone;
  /** Its chain ends before it does: the effective expiry is an issuer's. */
  readonly limited: boolean;
}

/** The effective expiry in words: the earliest notAfter in its chain, and whether a CA sets it. */
export function expiryNote(c: Pick<CertificateSummary, 'notAfter' | 'effectiveNotAfter'>, now: Date = new Date()): ExpiryNote {
  const limited = Date.parse(c.effectiveNotAfter) < Date.parse(c.notAfter);
  const days = daysLeft(c.effectiveNotAfter, now);
  const base = days < 0 ? `expired ${-days} ${-days === 1 ? 'day' : 'days'} ago` : days === 0 ? 'expires today' : `expires in ${days.toLocaleString()} ${days === 1 ? 'day' : 'days'}`;
  return { text: limited ? `${base} — limited by its CA` : base, tone: expiryTone(c.effectiveNotAfter, now), limited };
}

/** The chip of a handed-over filter: "Expiring within 30 days", "Status: Revoked". */
export function describeListFilter(filter: ListFilter, statusLabel: (s: CertificateStatus) => string): string {
  const parts: string[] = [];
  if (filter.expiringWithinDays !== undefined) parts.push(`Expiring within ${filter.expiringWithinDays} ${filter.expiringWithinDays === 1 ? 'day' : 'days'}`);
  if (filter.status !== undefined) parts.push(`Status: ${statusLabel(filter.status)}`);
  return parts.join(' · ');
}

/** "12 certificates", or "3 of 12 certificates" when some are filtered out or hidden. */
export function countText(shown: number, total: number): string {
  return shown === total ? `${total.toLocaleString()} certificates` : `${shown.toLocaleString()} of ${total.toLocaleString()} certificates`;
}
