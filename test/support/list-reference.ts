/**
 * The Certificates list and the dashboard's figures as they were computed before issue 14 ("Scale"):
 * the whole list in the renderer (renderer/views/certificate-table.ts at acb6ceb) and a sort per
 * figure in main (electron/services/dashboard.ts at acb6ceb). Kept here verbatim, apart from imports
 * and exports, as the reference the paged list in main and the one-pass dashboard are held to
 * (test/unit/certificate-query.test.ts): same rows, same order, same counts, same figures.
 */
import { NO_DEPLOYED } from '../../shared/domain/watch.js';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import { EXPIRY_WINDOWS, TIMELINE_WEEKS, type AuthorityExpiry, type CrlDue, type DashboardData } from '../../shared/domain/expiry.js';
import { isFinal } from '../../shared/domain/revocation.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { unicodeForm } from '../../renderer/components/san-model.js';
import type { BackupStatus } from '../../shared/domain/vault.js';
import type { ExpirySettings } from '../../shared/domain/expiry.js';

// ---- renderer/views/certificate-table.ts at acb6ceb ----------------------------------------------
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
  /** Issued by this authority itself (the dashboard's "leaves a root signed directly"). */
  readonly authorityId?: string | undefined;
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
    if (view.filter?.authorityId !== undefined && c.authorityId !== view.filter.authorityId) continue;
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

// ---- electron/services/dashboard.ts at acb6ceb ---------------------------------------------------

/** The dashboard's input as it was (whole authority summaries). */
export interface DashboardInput {
  readonly now: Date;
  readonly settings: ExpirySettings;
  readonly backup: BackupStatus;
  readonly authorities: readonly AuthoritySummary[];
  readonly certificates: readonly CertificateSummary[];
  /** Per authority: the latest CRL's nextUpdate (null: never published) and how many revocations it holds. */
  readonly crls: ReadonlyMap<string, { readonly nextUpdate: string | null; readonly revocations: number }>;
}


const DASH_DAY_MS = 86_400_000;
const WEEK_MS = 7 * DASH_DAY_MS;
const RECENT = 8;
/** Authorities are listed when they end within this many days. */
const AUTHORITY_HORIZON_DAYS = 365;

/** A certificate still in service: valid, and not yet replaced by a renewal. */
function inService(c: CertificateSummary): boolean {
  return c.status === 'valid' && c.replacedById === null;
}

/** Days from now to an instant, rounded down (negative once past). */
function daysUntil(iso: string, now: Date): number {
  return Math.floor((Date.parse(iso) - now.getTime()) / DASH_DAY_MS);
}

function descendants(authorities: readonly AuthoritySummary[], id: string): Set<string> {
  const below = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = authorities.filter((a) => a.parentId !== null && frontier.includes(a.parentId) && !below.has(a.id)).map((a) => a.id);
    next.forEach((n) => below.add(n));
    frontier = next;
  }
  return below;
}

function blastRadius(input: DashboardInput, authority: AuthoritySummary): AuthorityExpiry['blastRadius'] {
  const below = descendants(input.authorities, authority.id);
  const issuers = new Set([authority.id, ...below]);
  return { certificates: input.certificates.filter((c) => issuers.has(c.authorityId) && inService(c)).length, authorities: below.size };
}

function crlsDue(input: DashboardInput): CrlDue[] {
  const soon = input.now.getTime() + DASH_DAY_MS;
  const due: CrlDue[] = [];
  for (const a of input.authorities) {
    const crl = input.crls.get(a.id);
    if (!crl || a.state !== 'active') continue;
    const base = { authorityId: a.id, commonName: a.subject.commonName, nextUpdate: crl.nextUpdate };
    if (crl.nextUpdate === null) {
      if (crl.revocations > 0) due.push({ ...base, state: 'unpublished' });
    } else if (Date.parse(crl.nextUpdate) <= input.now.getTime()) due.push({ ...base, state: 'overdue' });
    else if (Date.parse(crl.nextUpdate) <= soon) due.push({ ...base, state: 'due' });
  }
  return due.sort((x, y) => (x.nextUpdate ?? '').localeCompare(y.nextUpdate ?? ''));
}

export function referenceDashboard(input: DashboardInput): DashboardData {
  const { now, certificates } = input;
  const counts: Record<CertificateStatus, number> = { valid: 0, expired: 0, 'not-yet-valid': 0, revoked: 0 };
  for (const c of certificates) counts[c.status]++;
  const live = certificates.filter(inService);
  const expiring = EXPIRY_WINDOWS.map((days) => ({ days, count: live.filter((c) => Date.parse(c.effectiveNotAfter) - now.getTime() <= days * DASH_DAY_MS).length }));

  const timeline = input.authorities
    .filter((a) => a.state === 'active')
    .map((a) => {
      const weeks = new Array<number>(TIMELINE_WEEKS).fill(0);
      for (const c of live) {
        if (c.authorityId !== a.id) continue;
        const week = Math.floor((Date.parse(c.effectiveNotAfter) - now.getTime()) / WEEK_MS);
        if (week >= 0 && week < TIMELINE_WEEKS) weeks[week]!++;
      }
      return { authorityId: a.id, commonName: a.subject.commonName, weeks };
    })
    .filter((t) => t.weeks.some((n) => n > 0));

  const authoritiesExpiring = input.authorities
    .filter((a) => a.state === 'active' && a.revocation === null && a.notAfter !== '' && daysUntil(a.notAfter, now) <= AUTHORITY_HORIZON_DAYS)
    .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, kind: a.kind, notAfter: a.notAfter, daysLeft: daysUntil(a.notAfter, now), blastRadius: blastRadius(input, a) }))
    .sort((x, y) => x.notAfter.localeCompare(y.notAfter));

  const newest = (list: readonly CertificateSummary[], at: (c: CertificateSummary) => string) => [...list].sort((x, y) => at(y).localeCompare(at(x))).slice(0, RECENT);
  return {
    now: now.toISOString(),
    settings: input.settings,
    backup: input.backup,
    counts: { ...counts, total: certificates.length },
    expiring,
    timeline: { start: now.toISOString(), authorities: timeline },
    crlsDue: crlsDue(input),
    authoritiesExpiring,
    recentlyIssued: newest(certificates, (c) => c.createdAt),
    recentlyRevoked: newest(
      certificates.filter((c) => c.revocation !== null),
      (c) => c.revocation!.revokedAt,
    ),
    leavesFromRoots: input.authorities
      .filter((a) => a.kind === 'root')
      .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, count: live.filter((c) => c.authorityId === a.id && c.profile !== 'ca').length }))
      .filter((r) => r.count > 0)
      .sort((x, y) => y.count - x.count),
    deployed: NO_DEPLOYED,
  };
}
