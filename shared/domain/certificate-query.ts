/**
 * The certificates list as data: what a row is searched by, what is hidden by default, the filters,
 * the sort orders — and the index main keeps of the whole inventory, so that only the window of
 * rows a screen shows ever crosses IPC (DESIGN.md §6).
 *
 * Used by main (electron/services/inventory.ts keeps a {@link CertificateListIndex}; it sorts,
 * filters and counts) and by the renderer (the small helpers: retired, SAN text, sort keys). Pure:
 * no Node built-ins, no DOM.
 *
 * Two forms of the same rules:
 *   - the simple one, {@link indexCertificates} + {@link sortRows} + {@link selectRows}: the whole
 *     list in, the whole list out. It is the reference the paged index is held to in the tests
 *     (test/unit/certificate-query.test.ts), and what small lists use.
 *   - {@link CertificateListIndex}: built for 100,000 certificates. Rows are kept between changes
 *     (a row is remade only when its summary object changes); each sort key's ranks are kept by
 *     *value* (a new certificate inserts its name among the sorted names, it does not sort them all
 *     again); a sorted order per key and direction is one native numeric sort; a query is one pass
 *     over that order, and the answer is the window asked for, the counts and the facets.
 */
import { CERTIFICATE_KINDS, type CertificateKind, type CertificateStatus, type CertificateSummary } from './certificate.js';
import { canRevoke, isFinal } from './revocation.js';
import { checkDnsName, type SanEntry } from '../validation/san.js';

// ---- The vocabulary ------------------------------------------------------------------------------

export const SORT_KEYS = ['commonName', 'sans', 'profile', 'issuer', 'serial', 'notAfter', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_DIRECTIONS = ['ascending', 'descending'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export interface SortState {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

/** Soonest effective expiry first: what needs attention. */
export const DEFAULT_SORT: SortState = { key: 'notAfter', direction: 'ascending' };

export const CERTIFICATE_STATUSES = ['valid', 'expired', 'not-yet-valid', 'revoked'] as const satisfies readonly CertificateStatus[];
export const STATUS_FILTERS = ['all', ...CERTIFICATE_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * A filter another view hands over through navigation (the Dashboard's "expiring within 30 days",
 * "revoked"), shown as a removable chip.
 */
export interface ListFilter {
  readonly expiringWithinDays?: number | undefined;
  readonly status?: CertificateStatus | undefined;
  /** Issued by this authority itself (not by a CA below it): the dashboard's "leaves a root signed". */
  readonly authorityId?: string | undefined;
}

/** The longest text filter main takes. */
export const QUERY_MAX_LENGTH = 200;
/** The most rows one window holds. */
export const WINDOW_MAX_ROWS = 500;
/** The most ids a selection (`among`) may name: an inventory's size. */
export const SELECTION_MAX_IDS = 200_000;

/** Which certificates a list shows (everything but the order and the window). */
export interface CertificateQuery {
  /** Text: common name, subject, issuer, any SAN (both IDN forms), serial or fingerprint. */
  readonly query: string;
  readonly status: StatusFilter;
  /** "Show expired and revoked" is on. */
  readonly showRetired: boolean;
  /** The filter handed over by another view (a chip). */
  readonly filter?: ListFilter | null | undefined;
  /** Listed even when retired: the certificate open in the detail pane (it still has to pass the filters). */
  readonly pinnedId?: string | null | undefined;
  /** Only certificates whose private key the vault holds (what can be presented as a client). */
  readonly withKey?: boolean | undefined;
}

/** A query at a moment: "expiring within" is judged against `now`. */
export interface TableView extends CertificateQuery {
  readonly now: Date;
}

/**
 * Counts over the certificates that pass the text, the handed-over filter and `withKey` — before
 * the status choice and the hiding of retired ones — so a status or profile can say how many it has.
 */
export interface CertificateFacets {
  readonly status: Readonly<Record<CertificateStatus, number>>;
  readonly profile: Readonly<Record<CertificateKind, number>>;
}

/** One window of the list as main answers it. */
export interface CertificateWindow {
  /** The rows from `offset`, at most the limit asked for. */
  readonly rows: readonly CertificateSummary[];
  readonly offset: number;
  /** How many pass the query (the scroll height). */
  readonly matching: number;
  /** Every certificate in the vault. */
  readonly total: number;
  /** How many of all are retired (hidden unless asked for). */
  readonly retired: number;
  /** How many of the matching ones can be revoked (what "select all" would tick). */
  readonly revocable: number;
  /** Where the pinned certificate is among the matching ones; null when it is not among them. */
  readonly pinnedIndex: number | null;
  readonly facets: CertificateFacets;
  /** Changes whenever the inventory does: windows of one revision fit together. */
  readonly revision: number;
}

/** The matching certificates an action on "every one selected" takes. */
export interface CertificateSelection {
  /** Matching, and revocable (not revoked, or on hold): what a tick can hold. */
  readonly ids: readonly string[];
  /** Those of `ids` that can be renewed (not revoked, not already replaced). */
  readonly renewable: readonly string[];
}

const DAY_MS = 86_400_000;

// ---- How a certificate reads, and what it is ----------------------------------------------------------

/**
 * A SAN's Unicode form where it has one (an IDN's A-label decoded), as the SAN editor shows it
 * (renderer/components/san-model.ts unicodeForm): only names with an "xn--" label have one, so the
 * costly decoding is skipped for every other.
 */
export function sanUnicode(entry: SanEntry): string | undefined {
  if ((entry.type !== 'dns' && entry.type !== 'email') || !entry.value.toLowerCase().includes('xn--')) return undefined;
  if (entry.type === 'dns') {
    const check = checkDnsName(entry.value);
    return check.ok ? check.unicode : undefined;
  }
  const at = entry.value.lastIndexOf('@');
  const domain = checkDnsName(entry.value.slice(at + 1));
  return domain.ok && domain.unicode ? `${entry.value.slice(0, at)}@${domain.unicode}` : undefined;
}

/** How a SAN reads in the table: IDNs in Unicode. */
export function sanText(entry: SanEntry): string {
  return sanUnicode(entry) ?? entry.value;
}

/** First SAN and how many more: "api.acme.internal +2". */
export function sanSummary(sans: readonly SanEntry[]): { readonly first: string; readonly more: number } {
  return { first: sans[0] ? sanText(sans[0]) : '', more: Math.max(0, sans.length - 1) };
}

export const hexOnly = (s: string) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();

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

/** Can it be renewed at all: not revoked, not already replaced (main's rule, electron/services/renewing.ts). */
export function isRenewable(c: Pick<CertificateSummary, 'revocation' | 'replacedById'>): boolean {
  return c.revocation === null && c.replacedById === null;
}

/** Clicking a header: sort by it ascending, or flip the direction when it is already the key. */
export function toggleSort(current: SortState, key: SortKey): SortState {
  return current.key === key ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' };
}

// ---- Rows: what a keystroke needs, computed once per certificate ------------------------------------

/** One certificate with its precomputed search keys. */
export interface TableRow {
  readonly certificate: CertificateSummary;
  /** Its position in the list (sort ranks are stored by it; the last tie-break). */
  readonly position: number;
  /** Common name, subject, issuer and every SAN (both IDN forms), lowercase, NUL-separated. */
  readonly text: string;
  /** Serial and SHA-256 fingerprint, hex digits only, space-separated. */
  readonly hex: string;
  readonly retired: boolean;
  /** effectiveNotAfter in ms. */
  readonly expires: number;
}

export function tableRow(c: CertificateSummary, position: number): TableRow {
  const words = [c.subject.commonName, c.subjectDn, c.issuerCommonName];
  for (const s of c.sans) {
    words.push(s.value);
    const unicode = sanUnicode(s);
    if (unicode !== undefined && unicode !== s.value) words.push(unicode);
  }
  return {
    certificate: c,
    position,
    text: words.join('\u0000').toLowerCase(),
    hex: `${hexOnly(c.serialNumberHex)} ${hexOnly(c.sha256Fingerprint)}`,
    retired: isRetired(c),
    expires: Date.parse(c.effectiveNotAfter),
  };
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

/** A view prepared once per query: the row test is then a few comparisons. */
interface PreparedView {
  readonly q: PreparedQuery;
  readonly status: StatusFilter;
  readonly chipStatus: CertificateStatus | undefined;
  /** A status asked for explicitly — in the status filter or the handed-over filter. */
  readonly asked: StatusFilter | null;
  readonly showRetired: boolean;
  readonly pinnedId: string | null;
  /** Effective expiry at or before this (ms) for "expiring within"; null: no such filter. */
  readonly expiresBy: number | null;
  readonly withKey: boolean;
  readonly authorityId: string | null;
}

function prepareView(view: TableView): PreparedView {
  const days = view.filter?.expiringWithinDays;
  return {
    q: prepareQuery(view.query),
    status: view.status,
    chipStatus: view.filter?.status,
    asked: view.filter?.status ?? (view.status === 'all' ? null : view.status),
    showRetired: view.showRetired,
    pinnedId: view.pinnedId ?? null,
    expiresBy: days === undefined ? null : view.now.getTime() + days * DAY_MS,
    withKey: view.withKey === true,
    authorityId: view.filter?.authorityId ?? null,
  };
}

/** Passes the text, the handed-over filter and `withKey`: what the facets count. */
function passesBase(row: TableRow, v: PreparedView): boolean {
  const c = row.certificate;
  if (v.withKey && !c.hasPrivateKey) return false;
  if (v.chipStatus !== undefined && c.status !== v.chipStatus) return false;
  if (v.authorityId !== null && c.authorityId !== v.authorityId) return false;
  if (v.expiresBy !== null && !(c.status === 'valid' && c.replacedById === null && row.expires <= v.expiresBy)) return false;
  return rowMatches(row, v.q);
}

/** …and the status choice and the hiding of retired ones: shown. */
function passesRest(row: TableRow, v: PreparedView): boolean {
  const c = row.certificate;
  if (v.status !== 'all' && c.status !== v.status) return false;
  return !row.retired || v.showRetired || c.id === v.pinnedId || (v.asked !== null && v.asked !== 'valid' && c.status === v.asked);
}

/**
 * The rows to show, in the order of `sorted` (from `sortRows`). A status asked for explicitly —
 * in the status filter or the handed-over filter — shows retired certificates of that status.
 */
export function selectRows(sorted: readonly TableRow[], view: TableView): CertificateSummary[] {
  const v = prepareView(view);
  const out: CertificateSummary[] = [];
  for (const row of sorted) if (passesBase(row, v) && passesRest(row, v)) out.push(row.certificate);
  return out;
}

// ---- Sorting: the simple form --------------------------------------------------------------------

const STATUS_ORDER: Readonly<Record<CertificateStatus, number>> = { valid: 0, 'not-yet-valid': 1, expired: 2, revoked: 3 };

/** Names as a person reads them ("svc-2" before "svc-10"), case and accents aside. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type StringKey = Exclude<SortKey, 'notAfter' | 'status'>;

function stringSortValue(c: CertificateSummary, key: StringKey): string {
  switch (key) {
    case 'commonName':
      return c.subject.commonName;
    case 'sans':
      return c.sans[0] ? sanText(c.sans[0]) : '';
    case 'profile':
      return c.profile;
    case 'issuer':
      return c.issuerCommonName;
    case 'serial':
      return c.serialNumberHex.toLowerCase();
  }
}

/** Hex serials in code-unit order; names with the collator. */
const compareFor = (key: StringKey) => (key === 'serial' ? byCodeUnit : collator.compare);

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
  const rows = list.map((c, position) => {
    byId.set(c.id, c);
    const row = tableRow(c, position);
    if (row.retired) retired++;
    return row;
  });
  return { rows, byId, retired, ranks: new Map() };
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

function ranksFor(index: TableIndex, key: SortKey): Uint32Array {
  let ranks = index.ranks.get(key);
  if (!ranks) {
    if (key === 'notAfter') ranks = denseRanks(index.rows.map((r) => r.expires), (a, b) => a - b);
    else if (key === 'status') ranks = Uint32Array.from(index.rows, (r) => STATUS_ORDER[r.certificate.status]);
    else ranks = denseRanks(index.rows.map((r) => stringSortValue(r.certificate, key)), compareFor(key));
    index.ranks.set(key, ranks);
  }
  return ranks;
}

function newestRanks(index: TableIndex): Uint32Array {
  // Newest first: the later createdAt gets the lower rank.
  if (!index.newest) index.newest = denseRanks(index.rows.map((r) => r.certificate.createdAt), (a, b) => byCodeUnit(b, a));
  return index.newest;
}

/** Every row in the chosen order; ties keep a stable, useful order: newest first, then list order. */
export function sortRows(index: TableIndex, sort: SortState): TableRow[] {
  const ranks = ranksFor(index, sort.key);
  const newest = newestRanks(index);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...index.rows].sort((a, b) => sign * (ranks[a.position]! - ranks[b.position]!) || newest[a.position]! - newest[b.position]!);
}

/** Matches on common name, subject, issuer, any SAN (both IDN forms), serial and fingerprint (colons optional). */
export function matchesText(c: CertificateSummary, query: string): boolean {
  return rowMatches(tableRow(c, 0), prepareQuery(query));
}

/** Filters by text and status only: nothing hidden by default. */
export function filterCertificates(list: readonly CertificateSummary[], query: string, status: StatusFilter): CertificateSummary[] {
  return selectRows(indexCertificates(list).rows, { query, status, showRetired: true, now: new Date() });
}

export function sortCertificates(list: readonly CertificateSummary[], sort: SortState): CertificateSummary[] {
  return sortRows(indexCertificates(list), sort).map((r) => r.certificate);
}

// ---- Ranks kept by value -------------------------------------------------------------------------------

/** Lets other work run during a long computation (main's event loop: IPC, timers). */
export type Pause = () => Promise<void>;

/** Every this many comparisons, a long sort looks at the clock. */
const CHECK_EVERY = 2048;

/** Runs `step` until it says it is done, pausing whenever `sliceMs` has passed. */
async function sliced(step: () => boolean, pause: Pause | null, sliceMs: number): Promise<void> {
  for (;;) {
    const deadline = Date.now() + sliceMs;
    do {
      for (let i = 0; i < CHECK_EVERY; i++) if (step()) return;
    } while (Date.now() < deadline);
    if (pause) await pause();
  }
}

/** Sorts `items` by `compare` (a new array or `items` itself): a stable bottom-up merge sort that pauses every `sliceMs`. */
async function mergeSort<T>(items: T[], compare: (a: T, b: T) => number, pause: Pause | null, sliceMs: number): Promise<T[]> {
  let from = items;
  // Filled by index in order of the merges: an array made by push, not new Array(n) (which V8 makes a slow dictionary past 100,000).
  let to: T[] = items.slice();
  const n = items.length;
  for (let width = 1; width < n; width *= 2) {
    let i = 0;
    let j = 0;
    let k = 0;
    let mid = 0;
    let right = 0;
    const start = (at: number) => {
      mid = Math.min(at + width, n);
      right = Math.min(at + 2 * width, n);
      i = at;
      j = mid;
      k = at;
    };
    start(0);
    const [src, dst] = [from, to];
    await sliced(
      () => {
        if (i < mid && (j >= right || compare(src[i]!, src[j]!) <= 0)) dst[k++] = src[i++]!;
        else if (j < right) dst[k++] = src[j++]!;
        if (k >= right) {
          if (right >= n) return true;
          start(right);
        }
        return false;
      },
      pause,
      sliceMs,
    );
    [from, to] = [to, from];
  }
  return from;
}

/** One distinct value and its dense rank (renumbered in place when values come in below it). */
interface RankEntry<T> {
  readonly value: T;
  rank: number;
}

/** First index in `sorted` whose value is not below `value`. */
function lowerBound<T>(sorted: ReadonlyArray<RankEntry<T>>, value: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(sorted[mid]!.value, value) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The dense rank of every value seen, under one comparison (values it calls equal share a rank).
 * New values are inserted among the sorted ones — a few comparisons each — unless there are many,
 * when all are sorted again (pausing, so main keeps answering). Either way {@link include} says how
 * the ranks given out before moved (old rank → new rank), so ranks stored elsewhere are renumbered
 * with a table lookup instead of looked up again.
 */
export class ValueRanks<T extends string | number = string> {
  readonly #compare: (a: T, b: T) => number;
  /** Every value seen, sorted, with its rank. */
  #sorted: Array<RankEntry<T>> = [];
  readonly #entries = new Map<T, RankEntry<T>>();
  #groups = 0;
  /** Changes run one at a time. */
  #busy: Promise<unknown> = Promise.resolve();

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  /** How many distinct ranks there are (every rank is below it). */
  get groups(): number {
    return this.#groups;
  }

  rankOf(value: T): number | undefined {
    return this.#entries.get(value)?.rank;
  }

  /**
   * Takes in every value of `values` not seen yet. Resolves with how the ranks given out before moved
   * (`moved[oldRank]` is its new rank), or null when none moved.
   */
  include(values: Iterable<T>, pause: Pause | null = null, sliceMs = 12): Promise<Uint32Array | null> {
    const run = this.#busy.then(() => this.#include(values, pause, sliceMs));
    this.#busy = run.catch(() => undefined);
    return run;
  }

  async #include(values: Iterable<T>, pause: Pause | null, sliceMs: number): Promise<Uint32Array | null> {
    const fresh: Array<RankEntry<T>> = [];
    for (const value of values) {
      if (this.#entries.has(value)) continue;
      const entry = { value, rank: -1 };
      this.#entries.set(value, entry);
      fresh.push(entry);
    }
    if (fresh.length === 0) return null;
    const before = this.#groups;
    const oldRank = Int32Array.from(this.#sorted, (e) => e.rank);
    const compare = this.#compare;
    const byValue = (a: RankEntry<T>, b: RankEntry<T>) => compare(a.value, b.value);
    let sorted: Array<RankEntry<T>>;
    let reused: Int32Array;
    if (fresh.length > 256 && fresh.length * 16 > this.#sorted.length) {
      // Many: sort them all again (the old ones' ranks are read from `oldRank` by entry below).
      const all = this.#sorted.concat(fresh);
      const wasAt = new Map<RankEntry<T>, number>();
      this.#sorted.forEach((e, i) => wasAt.set(e, i));
      sorted = await mergeSort(all, byValue, pause, sliceMs);
      reused = Int32Array.from(sorted, (e) => wasAt.get(e) ?? -1);
    } else {
      // A few: each finds its place by binary search, and the lists are merged.
      fresh.sort(byValue);
      const old = this.#sorted;
      const at = fresh.map((e) => lowerBound(old, e.value, compare));
      sorted = [];
      reused = new Int32Array(old.length + fresh.length);
      let f = 0;
      for (let i = 0; i <= old.length; i++) {
        while (f < fresh.length && at[f] === i) {
          reused[sorted.length] = -1;
          sorted.push(fresh[f++]!);
        }
        if (i < old.length) {
          reused[sorted.length] = i;
          sorted.push(old[i]!);
        }
      }
    }
    // Renumber: two old neighbours share a rank as they did; a new value is compared with its neighbour.
    const moved = new Uint32Array(Math.max(1, before));
    let rank = -1;
    let i = 0;
    const n = sorted.length;
    if (n > 0) {
      await sliced(
        () => {
          const entry = sorted[i]!;
          const was = reused[i]!;
          const previous = i > 0 ? reused[i - 1]! : -1;
          const same = i > 0 && (was >= 0 && previous >= 0 ? oldRank[was] === oldRank[previous] : compare(sorted[i - 1]!.value, entry.value) === 0);
          if (!same) rank++;
          entry.rank = rank;
          if (was >= 0) moved[oldRank[was]!] = rank;
          return ++i >= n;
        },
        pause,
        sliceMs,
      );
    }
    this.#sorted = sorted;
    this.#groups = rank + 1;
    return before === 0 ? null : moved;
  }
}

// ---- The index main keeps ---------------------------------------------------------------------------

/** Ranks of one sort key by row position, and how many distinct ranks there are. */
interface KeyRanks {
  readonly ranks: Uint32Array;
  readonly groups: number;
}

/**
 * Row positions ordered by (rank of the key, newest first, position). The three are packed into one
 * exact integer per row — below 2^53 up to about 200,000 rows — and sorted natively; beyond that a
 * comparison sort does the same.
 */
function orderBy(key: KeyRanks, newest: KeyRanks, descending: boolean): Uint32Array {
  const n = key.ranks.length;
  const order = new Uint32Array(n);
  const top = Math.max(0, key.groups - 1);
  const ranks = key.ranks;
  const newestRanks = newest.ranks;
  if (Math.max(1, key.groups) * Math.max(1, newest.groups) * Math.max(1, n) < Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    const width = Math.max(1, newest.groups);
    if (descending) for (let p = 0; p < n; p++) packed[p] = ((top - ranks[p]!) * width + newestRanks[p]!) * n + p;
    else for (let p = 0; p < n; p++) packed[p] = (ranks[p]! * width + newestRanks[p]!) * n + p;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = packed[i]! % n;
    return order;
  }
  const rankOf = (p: number) => (descending ? top - ranks[p]! : ranks[p]!);
  const positions = Array.from({ length: n }, (_, p) => p);
  positions.sort((a, b) => rankOf(a) - rankOf(b) || newestRanks[a]! - newestRanks[b]! || a - b);
  order.set(positions);
  return order;
}

/** The sort keys ranked by value (status has four values: its rank is its order). */
type RankedKey = Exclude<SortKey, 'status'> | 'created';

/** A sort key's ranks by row uid (rows keep their uid while their summary is the same object). */
interface UidRanks {
  ranks: Uint32Array;
  /** Rows with a lower uid are ranked. */
  below: number;
}

export interface ListIndexOptions {
  /** Lets main's event loop run during long work (setImmediate in main); none: run through. */
  readonly pause?: Pause | undefined;
  /** How long a stretch of work runs before pausing. */
  readonly sliceMs?: number | undefined;
}

/** Per-row flags, so a query's pass reads numbers, not objects. */
const RETIRED = 1;
const HAS_KEY = 2;
/** Valid and not replaced (what "expiring within" counts). */
const IN_SERVICE = 4;
const REVOCABLE = 8;
const RENEWABLE = 16;
const STATUS_CODE: Readonly<Record<CertificateStatus, number>> = { valid: 0, expired: 1, 'not-yet-valid': 2, revoked: 3 };
const PROFILE_CODE = Object.fromEntries(CERTIFICATE_KINDS.map((p, i) => [p, i])) as Readonly<Record<CertificateKind, number>>;

/** The rows of one revision, as columns. */
interface Columns {
  readonly summaries: readonly CertificateSummary[];
  /** Each row's uid: kept with the row while its summary is the same object (ranks are stored by it). */
  readonly uid: Uint32Array;
  readonly retired: number;
  readonly status: Uint8Array;
  readonly profile: Uint8Array;
  readonly flags: Uint8Array;
  readonly expires: Float64Array;
  readonly text: readonly string[];
  readonly hex: readonly string[];
}

const NO_COLUMNS: Columns = { summaries: [], uid: new Uint32Array(0), retired: 0, status: new Uint8Array(0), profile: new Uint8Array(0), flags: new Uint8Array(0), expires: new Float64Array(0), text: [], hex: [] };

function flagsOf(row: TableRow): number {
  const c = row.certificate;
  return (
    (row.retired ? RETIRED : 0) |
    (c.hasPrivateKey ? HAS_KEY : 0) |
    (c.status === 'valid' && c.replacedById === null ? IN_SERVICE : 0) |
    (canRevoke(c.revocation) ? REVOCABLE : 0) |
    (isRenewable(c) ? RENEWABLE : 0)
  );
}

interface Matches {
  readonly key: string;
  readonly revision: number;
  readonly at: number;
  /** Matching row positions, in order. */
  readonly positions: Uint32Array;
  readonly count: number;
  readonly revocable: number;
  readonly pinnedIndex: number | null;
  readonly facets: CertificateFacets;
}

/** How long one pass's answer serves the next windows of the same query (scrolling). */
const MATCHES_FRESH_MS = 2000;

/** The rows passing the text, the handed-over filter and `withKey`, in a sort's order (see #base). */
interface Base {
  readonly key: string;
  readonly revision: number;
  readonly at: number;
  readonly text: string;
  readonly hex: string | null;
  readonly positions: Uint32Array;
  readonly count: number;
}

/** How many bases are kept (a few keystrokes back). */
const BASES_KEPT = 8;
/** Rows made between two pauses when the list is taken. */
const ROWS_PER_SLICE = 4096;

/** A reset under way: the new list, the old columns, and the new columns being filled. */
interface Fill {
  readonly list: readonly CertificateSummary[];
  readonly old: Columns;
  oldById: Map<string, number> | null;
  /** Where in the old rows the walk is. */
  j: number;
  nextUid: number;
  readonly summaries: CertificateSummary[];
  readonly uid: Uint32Array;
  readonly status: Uint8Array;
  readonly profile: Uint8Array;
  readonly flags: Uint8Array;
  readonly expires: Float64Array;
  readonly text: string[];
  readonly hex: string[];
  retired: number;
}

/**
 * Fills the new columns from `from` on, until `newRows` rows had to be made (or the end); returns
 * where it stopped. The old rows are walked alongside: a list that changed in a few places finds
 * nearly every row where it was, and only a row that is not looks up where it went (or that it is
 * new). A row whose summary is the same object keeps its columns and its uid.
 */
function fillRows(f: Fill, from: number, newRows: number): number {
  const { list, old, summaries, uid, status, profile, flags, expires, text, hex } = f;
  const was = old.summaries;
  let made = 0;
  let position = from;
  for (; position < list.length && made < newRows; position++) {
    const c = list[position]!;
    let before: number;
    if (f.j < was.length && was[f.j]!.id === c.id) before = f.j;
    // Past the old rows, or the old row here comes next: a new one (issued) — a row that moved would only be made again.
    else if (f.j >= was.length || (position + 1 < list.length && list[position + 1]!.id === was[f.j]!.id)) before = -1;
    // The old row here is gone and the next one follows.
    else if (f.j + 1 < was.length && was[f.j + 1]!.id === c.id) before = f.j + 1;
    else {
      if (!f.oldById) {
        const byId = new Map<string, number>();
        for (let p = 0; p < was.length; p++) byId.set(was[p]!.id, p);
        f.oldById = byId;
      }
      before = f.oldById.get(c.id) ?? -1;
    }
    if (before >= 0) f.j = before + 1;
    summaries.push(c);
    if (before >= 0 && was[before] === c) {
      uid[position] = old.uid[before]!;
      status[position] = old.status[before]!;
      profile[position] = old.profile[before]!;
      flags[position] = old.flags[before]!;
      expires[position] = old.expires[before]!;
      text.push(old.text[before]!);
      hex.push(old.hex[before]!);
    } else {
      const row = tableRow(c, position);
      uid[position] = f.nextUid++;
      status[position] = STATUS_CODE[c.status];
      profile[position] = PROFILE_CODE[c.profile];
      flags[position] = flagsOf(row);
      expires[position] = row.expires;
      text.push(row.text);
      hex.push(row.hex);
      made++;
    }
    if ((flags[position]! & RETIRED) !== 0) f.retired++;
  }
  return position;
}

/**
 * The inventory as main keeps it: rows with their search keys (kept as columns for the query's
 * pass), ranks per sort key, sorted orders, and the last query's matches. {@link reset} takes the
 * whole list (in list order) whenever it changes; rows whose summary is the same object are kept,
 * and each sort key's ranks are kept by value, so a change costs passes over the list, not a sort
 * of it.
 */
export class CertificateListIndex {
  readonly #pause: Pause | null;
  readonly #sliceMs: number;
  #columns: Columns = NO_COLUMNS;
  /** Row position by certificate id, for the current columns; made when first needed. */
  #byId: Map<string, number> | null = null;
  #revision = 0;
  #nextUid = 0;
  /** Resets run one at a time. */
  #resetting: Promise<unknown> = Promise.resolve();
  /** Each sort key's ranks of values, kept across revisions. */
  readonly #values = {
    commonName: new ValueRanks<string>(collator.compare),
    sans: new ValueRanks<string>(collator.compare),
    profile: new ValueRanks<string>(collator.compare),
    issuer: new ValueRanks<string>(collator.compare),
    serial: new ValueRanks<string>(byCodeUnit),
    created: new ValueRanks<string>(byCodeUnit),
    notAfter: new ValueRanks<number>((a, b) => a - b),
  };
  /** Each sort key's ranks by row uid, kept across revisions; one update at a time per key. */
  readonly #uidRanks = new Map<RankedKey, UidRanks>();
  readonly #ranking = new Map<RankedKey, Promise<unknown>>();
  /** For the current revision: ranks by position, orders by key and direction. */
  #ranks = new Map<SortKey | 'created', KeyRanks>();
  #orders = new Map<string, Uint32Array>();
  #matches: Matches | null = null;
  #bases: Base[] = [];

  constructor(options: ListIndexOptions = {}) {
    this.#pause = options.pause ?? null;
    this.#sliceMs = options.sliceMs ?? 12;
  }

  get revision(): number {
    return this.#revision;
  }

  get size(): number {
    return this.#columns.summaries.length;
  }

  get retired(): number {
    return this.#columns.retired;
  }

  /** Every certificate, in list order (shared: do not change it). */
  summaries(): readonly CertificateSummary[] {
    return this.#columns.summaries;
  }

  /** Each certificate's effective expiry in ms, aligned with summaries() (shared: do not change it). */
  effectiveNotAfterMs(): Float64Array {
    return this.#columns.expires;
  }

  get(id: string): CertificateSummary | undefined {
    const p = this.#positionOf(id);
    return p === undefined ? undefined : this.#columns.summaries[p];
  }

  #positionOf(id: string): number | undefined {
    if (!this.#byId) {
      const byId = new Map<string, number>();
      this.#columns.summaries.forEach((c, p) => byId.set(c.id, p));
      this.#byId = byId;
    }
    return this.#byId.get(id);
  }

  /**
   * Takes the whole list, in list order (the last tie-break of every sort). Rows whose summary is
   * the object they were made from are kept; new ones are made a slice at a time. Resolves with
   * whether anything changed (the revision moved on). Queries meanwhile answer for the list before.
   */
  reset(list: readonly CertificateSummary[]): Promise<boolean> {
    const run = this.#resetting.then(() => this.#reset(list));
    this.#resetting = run.catch(() => undefined);
    return run;
  }

  async #reset(list: readonly CertificateSummary[]): Promise<boolean> {
    const was = this.#columns.summaries;
    if (list.length === was.length && list.every((c, i) => was[i] === c)) return false;
    const n = list.length;
    const into: Fill = {
      list,
      old: this.#columns,
      oldById: null,
      j: 0,
      nextUid: this.#nextUid,
      // Filled in order by push (new Array(n) is a slow dictionary in V8 past 100,000 elements).
      summaries: [],
      uid: new Uint32Array(n),
      status: new Uint8Array(n),
      profile: new Uint8Array(n),
      flags: new Uint8Array(n),
      expires: new Float64Array(n),
      text: [],
      hex: [],
      retired: 0,
    };
    // In slices of new rows, pausing between them; the loop itself is synchronous (fillRows).
    for (let position = 0; position < n; ) {
      position = fillRows(into, position, ROWS_PER_SLICE);
      if (position < n && this.#pause) await this.#pause();
    }
    this.#nextUid = into.nextUid;
    const { summaries, uid, retired, status, profile, flags, expires, text, hex } = into;
    this.#columns = { summaries, uid, retired, status, profile, flags, expires, text, hex };
    this.#byId = null;
    this.#revision++;
    this.#ranks = new Map();
    this.#orders = new Map();
    this.#matches = null;
    this.#bases = [];
    return true;
  }

  /** Computes every sort key's ranks and the default order now, so no first click waits for them. */
  async warm(): Promise<void> {
    for (const key of [DEFAULT_SORT.key, ...SORT_KEYS.filter((k) => k !== DEFAULT_SORT.key)]) await this.#keyRanks(key);
    await this.#order(DEFAULT_SORT);
  }

  /** The key's ranks by position for the current revision. */
  async #keyRanks(key: SortKey | 'created'): Promise<KeyRanks> {
    for (;;) {
      const revision = this.#revision;
      const cached = this.#ranks.get(key);
      if (cached) return cached;
      const columns = this.#columns;
      let computed: KeyRanks;
      if (key === 'status') computed = { ranks: Uint32Array.from(columns.summaries, (c) => STATUS_ORDER[c.status]), groups: 4 };
      else {
        const byUid = await this.#rankByUid(key, columns);
        if (this.#revision !== revision) continue; // the list changed meanwhile: again, with the new one
        const n = columns.summaries.length;
        const ranks = new Uint32Array(n);
        const groups = this.#values[key].groups;
        // Newest first: the latest createdAt gets rank 0.
        if (key === 'created') for (let p = 0; p < n; p++) ranks[p] = groups - 1 - byUid[columns.uid[p]!]!;
        else for (let p = 0; p < n; p++) ranks[p] = byUid[columns.uid[p]!]!;
        computed = { ranks, groups };
      }
      this.#ranks.set(key, computed);
      return computed;
    }
  }

  /**
   * The key's ranks by row uid, brought up to date for `columns`: only rows not ranked before have
   * their value looked at; the ranks of the others are renumbered by a table when new values came
   * in below theirs.
   */
  #rankByUid(key: RankedKey, columns: Columns): Promise<Uint32Array> {
    const run = (this.#ranking.get(key) ?? Promise.resolve()).then(async () => {
      const state = this.#uidRanks.get(key) ?? { ranks: new Uint32Array(0), below: 0 };
      const below = state.below;
      const fresh: number[] = [];
      for (let p = 0; p < columns.uid.length; p++) if (columns.uid[p]! >= below) fresh.push(p);
      const valueOf = (p: number): string | number => (key === 'notAfter' ? columns.expires[p]! : key === 'created' ? columns.summaries[p]!.createdAt : stringSortValue(columns.summaries[p]!, key));
      const values = fresh.map(valueOf);
      const ranker = this.#values[key] as ValueRanks<string | number>;
      const moved = await ranker.include(values, this.#pause, this.#sliceMs);
      const top = this.#nextUid;
      let ranks = state.ranks;
      if (ranks.length < top) {
        const grown = new Uint32Array(Math.max(top, Math.ceil(ranks.length * 1.5)));
        grown.set(ranks);
        ranks = grown;
      }
      if (moved) for (let u = 0; u < below; u++) ranks[u] = moved[ranks[u]!]!;
      for (let i = 0; i < fresh.length; i++) ranks[columns.uid[fresh[i]!]!] = ranker.rankOf(values[i]!)!;
      // Every uid of these columns is ranked now; rows made since (a later reset) are not.
      const ranked = columns.uid.reduce((m, u) => Math.max(m, u + 1), below);
      this.#uidRanks.set(key, { ranks, below: ranked });
      return ranks;
    });
    this.#ranking.set(key, run.catch(() => undefined));
    return run;
  }

  /** Row positions in the sort's order, for the current revision. */
  async #order(sort: SortState): Promise<{ order: Uint32Array; revision: number }> {
    for (;;) {
      const revision = this.#revision;
      const name = `${sort.key}:${sort.direction}`;
      const cached = this.#orders.get(name);
      if (cached) return { order: cached, revision };
      const key = await this.#keyRanks(sort.key);
      const newest = await this.#keyRanks('created');
      if (this.#revision !== revision) continue;
      const order = orderBy(key, newest, sort.direction === 'descending');
      this.#orders.set(name, order);
      return { order, revision };
    }
  }

  /**
   * The rows passing the text, the handed-over filter and `withKey`, in the sort's order: from the
   * previous answer when the text only grew (a keystroke: "ord" after "or" looks only at what "or"
   * matched) or is one asked for lately (a backspace), else one pass over every row.
   */
  #base(v: PreparedView, sort: SortState, order: Uint32Array, revision: number, now: number): Base {
    const key = JSON.stringify([v.chipStatus ?? null, v.expiresBy === null ? null : v.expiresBy - now, v.withKey, v.authorityId, sort.key, sort.direction]);
    const fresh = (b: Base) => b.key === key && b.revision === revision && (v.expiresBy === null || (now >= b.at && now - b.at < MATCHES_FRESH_MS));
    const q = v.q.text;
    const qHex = v.q.hex;
    const same = this.#bases.find((b) => fresh(b) && b.text === q && b.hex === qHex);
    if (same) return same;
    const { flags, status, expires, text, hex, summaries } = this.#columns;
    // Rows matching the longer text are among those that matched the shorter one (see rowMatches).
    const narrower = this.#bases.find((b) => fresh(b) && (b.text === '' || (q.includes(b.text) && (qHex === null || (b.hex !== null && qHex.includes(b.hex))))));
    let positions: Uint32Array;
    let count = 0;
    if (narrower) {
      positions = new Uint32Array(narrower.count);
      for (let i = 0; i < narrower.count; i++) {
        const p = narrower.positions[i]!;
        if (text[p]!.includes(q) || (qHex !== null && hex[p]!.includes(qHex))) positions[count++] = p;
      }
    } else {
      const withKey = v.withKey;
      const chip = v.chipStatus === undefined ? -1 : STATUS_CODE[v.chipStatus];
      const hasDays = v.expiresBy !== null;
      const expiresBy = v.expiresBy ?? 0;
      const authorityId = v.authorityId;
      positions = new Uint32Array(order.length);
      for (let i = 0; i < order.length; i++) {
        const p = order[i]!;
        const f = flags[p]!;
        if (withKey && (f & HAS_KEY) === 0) continue;
        if (chip >= 0 && status[p] !== chip) continue;
        if (hasDays && ((f & IN_SERVICE) === 0 || expires[p]! > expiresBy)) continue;
        if (authorityId !== null && summaries[p]!.authorityId !== authorityId) continue;
        if (q !== '' && !text[p]!.includes(q) && (qHex === null || !hex[p]!.includes(qHex))) continue;
        positions[count++] = p;
      }
    }
    const base: Base = { key, revision, at: now, text: q, hex: qHex, positions, count };
    this.#bases = [base, ...this.#bases.filter((b) => b.revision === revision)].slice(0, BASES_KEPT);
    return base;
  }

  /** The matching positions in order, the counts and the facets: the base, then the status choice and the hiding of retired ones. */
  async #match(view: TableView, sort: SortState): Promise<Matches> {
    const key = JSON.stringify([view.query, view.status, view.showRetired, view.filter ?? null, view.pinnedId ?? null, view.withKey === true, sort.key, sort.direction]);
    const now = view.now.getTime();
    const last = this.#matches;
    if (last && last.key === key && last.revision === this.#revision && now >= last.at && now - last.at < MATCHES_FRESH_MS) return last;
    const { order, revision } = await this.#order(sort);
    // Synchronous from here: the columns are those of `revision`.
    const v = prepareView(view);
    const base = this.#base(v, sort, order, revision, now);
    const { status, profile, flags } = this.#columns;
    const wanted = v.status === 'all' ? -1 : STATUS_CODE[v.status];
    // A status asked for explicitly (not "valid") shows the retired ones of that status.
    const asked = v.asked !== null && v.asked !== 'all' && v.asked !== 'valid' ? STATUS_CODE[v.asked] : -1;
    const showRetired = v.showRetired;
    const pinned = v.pinnedId === null ? -1 : (this.#positionOf(v.pinnedId) ?? -1);
    const statusCounts = new Uint32Array(4);
    const profileCounts = new Uint32Array(CERTIFICATE_KINDS.length);
    const positions = new Uint32Array(base.count);
    let count = 0;
    let revocable = 0;
    let pinnedIndex: number | null = null;
    for (let i = 0; i < base.count; i++) {
      const p = base.positions[i]!;
      const f = flags[p]!;
      const s = status[p]!;
      statusCounts[s]!++;
      profileCounts[profile[p]!]!++;
      if (wanted >= 0 && s !== wanted) continue;
      if ((f & RETIRED) !== 0 && !showRetired && p !== pinned && s !== asked) continue;
      if (p === pinned) pinnedIndex = count;
      if ((f & REVOCABLE) !== 0) revocable++;
      positions[count++] = p;
    }
    const facets: CertificateFacets = {
      status: { valid: statusCounts[STATUS_CODE.valid]!, expired: statusCounts[STATUS_CODE.expired]!, 'not-yet-valid': statusCounts[STATUS_CODE['not-yet-valid']]!, revoked: statusCounts[STATUS_CODE.revoked]! },
      profile: Object.fromEntries(CERTIFICATE_KINDS.map((name, i) => [name, profileCounts[i]!])) as Record<CertificateKind, number>,
    };
    const matches: Matches = { key, revision, at: now, positions, count, revocable, pinnedIndex, facets };
    this.#matches = matches;
    return matches;
  }

  /** The window of `limit` rows from `offset` of what `view` shows in `sort`'s order, with the counts. */
  async query(view: TableView, sort: SortState, offset: number, limit: number): Promise<CertificateWindow> {
    const m = await this.#match(view, sort);
    const { summaries, retired } = this.#columns;
    const end = Math.min(m.count, offset + limit);
    const window: CertificateSummary[] = [];
    for (let i = offset; i < end; i++) window.push(summaries[m.positions[i]!]!);
    return { rows: window, offset, matching: m.count, total: summaries.length, retired, revocable: m.revocable, pinnedIndex: m.pinnedIndex, facets: m.facets, revision: m.revision };
  }

  /** Every certificate `view` shows, in `sort`'s order (an export of the list as shown). */
  async matching(view: TableView, sort: SortState = DEFAULT_SORT): Promise<CertificateSummary[]> {
    const m = await this.#match(view, sort);
    const summaries = this.#columns.summaries;
    return Array.from(m.positions.subarray(0, m.count), (p) => summaries[p]!);
  }

  /** The revocable ones of what `view` shows (of `among` only, when given), and which of them can be renewed. */
  async select(view: TableView, sort: SortState = DEFAULT_SORT, among: readonly string[] | null = null): Promise<CertificateSelection> {
    const m = await this.#match(view, sort);
    const { summaries, flags } = this.#columns;
    const wanted = among === null ? null : new Set(among);
    const ids: string[] = [];
    const renewable: string[] = [];
    for (let i = 0; i < m.count; i++) {
      const p = m.positions[i]!;
      const f = flags[p]!;
      if ((f & REVOCABLE) === 0) continue;
      const id = summaries[p]!.id;
      if (wanted !== null && !wanted.has(id)) continue;
      ids.push(id);
      if ((f & RENEWABLE) !== 0) renewable.push(id);
    }
    return { ids, renewable };
  }
}
