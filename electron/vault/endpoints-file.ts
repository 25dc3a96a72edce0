/**
 * Watched endpoints (docs/watch.md, "Storage and audit"): the list (`endpoints.cwv`, every change
 * audited), each endpoint's last probe (`watch-status-0.cwv` … `-f`) and its history
 * (`watch-history-0.cwv` … `-f`), sharded by the endpoint id's first hex digit and written after each
 * round without an audit entry (probes change nothing the user decided). The last probe is apart from
 * the history so the list of 5,000 endpoints reads one result each, not 48. All are vault files like
 * any other — authenticated, versioned, in the manifest — so an edited or rolled-back history is
 * caught as tampering.
 */
import { z } from 'zod';
import { CertwrightError } from '../../shared/errors.js';
import type { ProbeOutcome, ServedCertificate, ServedChange, WatchedEndpoint } from '../../shared/domain/watch.js';
import { msg } from '../../shared/i18n/message.js';
import { tampered, type VaultFiles } from './files.js';

export const ENDPOINTS = 'endpoints';
const SHARD_DIGITS = '0123456789abcdef';

const RecordId = z.string().regex(/^[0-9a-f]{32}$/);
const StoredEndpoint = z.strictObject({
  id: RecordId,
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  servername: z.string().max(253).nullable(),
  clientCertificateId: RecordId.nullable(),
  expect: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('certificate'), certificateId: RecordId }), z.strictObject({ kind: z.literal('service'), service: z.string().min(1) })]).nullable(),
  intervalMinutes: z.number().int().min(1).nullable(),
  addedAt: z.string(),
});

/** What makes two endpoints the same: host, port and the name sent (two virtual hosts on one port are two endpoints). */
export function endpointKey(endpoint: Pick<WatchedEndpoint, 'host' | 'port' | 'servername'>): string {
  return `${endpoint.host}|${endpoint.port}|${endpoint.servername ?? ''}`;
}

export interface EndpointIndex {
  /** In the order added. */
  readonly list: readonly WatchedEndpoint[];
  readonly byId: ReadonlyMap<string, WatchedEndpoint>;
  readonly byKey: ReadonlyMap<string, WatchedEndpoint>;
}

export class EndpointsFile {
  readonly #files: VaultFiles;
  #cache: (EndpointIndex & { readonly stamp: string }) | null = null;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  clear(): void {
    this.#cache = null;
  }

  index(): EndpointIndex {
    const stamp = this.#files.stamp(ENDPOINTS);
    if (this.#cache?.stamp === stamp) return this.#cache;
    const read = this.#files.read(ENDPOINTS);
    const raw = read?.doc.endpoints ?? [];
    if (!Array.isArray(raw)) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedEndpoints'));
    const list = raw.map((r) => {
      const parsed = StoredEndpoint.safeParse(r);
      if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedEndpoints'));
      return Object.freeze(parsed.data) as WatchedEndpoint;
    });
    this.#cache = { stamp: read?.stamp ?? stamp, ...indexOf(list) };
    return this.#cache;
  }

  /** Replaces the list (inside a transaction). */
  write(list: readonly WatchedEndpoint[]): void {
    this.#files.write(ENDPOINTS, { endpoints: list });
  }
}

function indexOf(list: readonly WatchedEndpoint[]): EndpointIndex {
  return { list, byId: new Map(list.map((e) => [e.id, e])), byKey: new Map(list.map((e) => [endpointKey(e), e])) };
}

/** What the last probe found of one endpoint and what it carries forward (EndpointStatus is made from it). */
export interface EndpointState {
  readonly last: ProbeOutcome;
  /** The leaf served at the last probe that reached the server (what a change is judged against). */
  readonly lastServed: ServedCertificate | null;
  readonly lastOkAt: string | null;
  /** Probes in a row that did not complete a handshake (the backoff). */
  readonly failuresInRow: number;
  /** The last probe that saw a request for a client certificate. */
  readonly clientAuthSeenAt: string | null;
}

/** One endpoint's history, newest first (EndpointHistory's results and changes). */
export interface EndpointHistoryRecord {
  readonly results: readonly ProbeOutcome[];
  readonly changes: readonly ServedChange[];
}

/** A result as stored in history: its leaf by SHA-256 (the same leaf served 48 times is stored once). */
type StoredResult = Omit<ProbeOutcome, 'leaf'> & { readonly leaf: string | null };
/**
 * Results in a row that found the same (all but their time and duration): stored once, with the time
 * and duration of each older repeat — a steady endpoint's 48 results cost one result and 47 pairs, so
 * 5,000 endpoints' history is megabytes, not the 120 MB 48 full results each would be.
 */
interface StoredRun {
  /** The newest result of the run. */
  readonly result: StoredResult;
  /** The older ones: [at, durationMs], newest first. */
  readonly repeats: ReadonlyArray<readonly [string, number]>;
}
interface StoredHistory {
  readonly runs: readonly StoredRun[];
  readonly leaves: Readonly<Record<string, ServedCertificate>>;
  readonly changes: readonly ServedChange[];
}

/** What two results found, without when and how long: equal means the same run. */
function sameFinding(a: StoredResult, b: StoredResult): boolean {
  const { at: _a, durationMs: _d, ...restA } = a;
  const { at: _b, durationMs: _e, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** The runs with `result` added (to the newest run when it found the same), at most `keep` results in all. */
function withResult(runs: readonly StoredRun[], result: StoredResult, keep: number): StoredRun[] {
  const [newest, ...older] = runs;
  const next: StoredRun[] = newest && sameFinding(newest.result, result) ? [{ result, repeats: [[newest.result.at, newest.result.durationMs], ...newest.repeats] }, ...older] : [{ result, repeats: [] }, ...runs];
  const kept: StoredRun[] = [];
  let left = keep;
  for (const run of next) {
    if (left <= 0) break;
    kept.push(run.repeats.length + 1 <= left ? run : { result: run.result, repeats: run.repeats.slice(0, left - 1) });
    left -= Math.min(left, run.repeats.length + 1);
  }
  return kept;
}

/**
 * An endpoint's state after one more probe: failures in a row counted (or reset by a handshake), the
 * leaf served carried forward (an unreachable probe serves nothing and changes nothing), when it last
 * asked for a client certificate. Also the change of what was served, if any.
 */
export function advance(previous: EndpointState | null, outcome: ProbeOutcome): { state: EndpointState; change: ServedChange | null } {
  const reached = outcome.reached === 'ok';
  const lastServed = previous?.lastServed ?? null;
  const changed = reached && (lastServed?.sha256 ?? null) !== (outcome.leaf?.sha256 ?? null);
  return {
    state: {
      last: outcome,
      lastServed: reached ? outcome.leaf : lastServed,
      lastOkAt: reached ? outcome.at : (previous?.lastOkAt ?? null),
      failuresInRow: reached ? 0 : (previous?.failuresInRow ?? 0) + 1,
      clientAuthSeenAt: outcome.clientCertificateRequested === true ? outcome.at : (previous?.clientAuthSeenAt ?? null),
    },
    change: changed ? { at: outcome.at, from: lastServed, to: outcome.leaf } : null,
  };
}

/**
 * Sharded documents `{ [endpointId]: record }` by the id's first hex digit. Only the shards of the
 * endpoints changed are rewritten, each from the document as it is on disk now (inside a transaction).
 */
class Shards {
  readonly #files: VaultFiles;
  readonly #prefix: string;

  constructor(files: VaultFiles, prefix: string) {
    this.#files = files;
    this.#prefix = prefix;
  }

  get names(): string[] {
    return [...SHARD_DIGITS].map((d) => `${this.#prefix}-${d}`);
  }

  nameOf(id: string): string {
    return `${this.#prefix}-${id[0]}`;
  }

  stamp(name: string): string {
    return this.#files.stamp(name);
  }

  read(name: string): { stamp: string; doc: Record<string, unknown> } {
    const stamp = this.#files.stamp(name);
    const read = this.#files.read(name);
    const doc = read?.doc ?? {};
    for (const id of Object.keys(doc)) if (this.nameOf(id) !== name) throw tampered(name, msg('errors:tamper.misplacedRecord', { id }), this.#files.directory);
    return { stamp: read?.stamp ?? stamp, doc };
  }

  /** Sets (or, with null, drops) records, inside a transaction; `read` are shards already read in it (not parsed twice). */
  write(updates: ReadonlyMap<string, unknown>, read?: ReadonlyMap<string, Record<string, unknown>>): void {
    const byShard = new Map<string, Array<[string, unknown]>>();
    for (const [id, record] of updates) {
      const name = this.nameOf(id);
      const shard = byShard.get(name);
      if (shard) shard.push([id, record]);
      else byShard.set(name, [[id, record]]);
    }
    for (const [name, changes] of byShard) {
      const doc: Record<string, unknown> = { ...(read?.get(name) ?? this.#files.read(name)?.doc ?? {}) };
      let changed = false;
      for (const [id, record] of changes) {
        if (record === null) {
          changed ||= id in doc;
          delete doc[id];
        } else {
          doc[id] = record;
          changed = true;
        }
      }
      if (changed) this.#files.write(name, doc);
    }
  }
}

/**
 * The last probe of every endpoint (`watch-status-X.cwv`): small (one result per endpoint), read by
 * the list, the dashboard and the schedule, so parsed once per version of each shard.
 */
export class WatchStatusFiles {
  readonly #shards: Shards;
  readonly #cache = new Map<string, { readonly stamp: string; readonly states: ReadonlyMap<string, EndpointState> }>();

  constructor(files: VaultFiles) {
    this.#shards = new Shards(files, 'watch-status');
  }

  clear(): void {
    this.#cache.clear();
  }

  get(id: string): EndpointState | null {
    return this.#shard(this.#shards.nameOf(id)).get(id) ?? null;
  }

  all(): Map<string, EndpointState> {
    const all = new Map<string, EndpointState>();
    for (const name of this.#shards.names) for (const [id, state] of this.#shard(name)) all.set(id, state);
    return all;
  }

  #shard(name: string): ReadonlyMap<string, EndpointState> {
    const stamp = this.#shards.stamp(name);
    const cached = this.#cache.get(name);
    if (cached?.stamp === stamp) return cached.states;
    const read = this.#shards.read(name);
    const states = new Map<string, EndpointState>();
    for (const [id, raw] of Object.entries(read.doc)) states.set(id, checkState(raw));
    this.#cache.set(name, { stamp: read.stamp, states });
    return states;
  }

  /** Inside a transaction; null drops an endpoint's state. */
  write(updates: ReadonlyMap<string, EndpointState | null>): void {
    this.#shards.write(updates);
  }
}

/**
 * Every endpoint's history (`watch-history-X.cwv`): the bulk of what is stored (5,000 endpoints × 48
 * results), so never cached: read for one endpoint's history, rewritten a shard at a time after a round.
 */
export class WatchHistoryFiles {
  readonly #shards: Shards;

  constructor(files: VaultFiles) {
    this.#shards = new Shards(files, 'watch-history');
  }

  nameOf(id: string): string {
    return this.#shards.nameOf(id);
  }

  get(id: string): EndpointHistoryRecord {
    const stored = this.#shards.read(this.#shards.nameOf(id)).doc[id];
    if (stored === undefined) return { results: [], changes: [] };
    const h = checkHistory(stored);
    const results: ProbeOutcome[] = [];
    for (const { result, repeats } of h.runs) {
      const outcome: ProbeOutcome = { ...result, leaf: result.leaf === null ? null : (h.leaves[result.leaf] ?? null) };
      results.push(outcome, ...repeats.map(([at, durationMs]) => ({ ...outcome, at, durationMs })));
    }
    return { results, changes: h.changes };
  }

  /** Adds one result (and change) per endpoint, newest first and capped, inside a transaction. */
  append(entries: ReadonlyMap<string, { outcome: ProbeOutcome; change: ServedChange | null }>, keep: { results: number; changes: number }): void {
    const updates = new Map<string, StoredHistory>();
    const docs = new Map<string, Record<string, unknown>>();
    for (const [id, { outcome, change }] of entries) {
      const name = this.#shards.nameOf(id);
      let doc = docs.get(name);
      if (!doc) docs.set(name, (doc = this.#shards.read(name).doc));
      const before: StoredHistory = doc[id] === undefined ? { runs: [], leaves: {}, changes: [] } : checkHistory(doc[id]);
      const runs = withResult(before.runs, { ...outcome, leaf: outcome.leaf?.sha256 ?? null }, keep.results);
      const leaves: Record<string, ServedCertificate> = {};
      for (const { result } of runs) if (result.leaf !== null) leaves[result.leaf] = result.leaf === outcome.leaf?.sha256 ? outcome.leaf : before.leaves[result.leaf]!;
      updates.set(id, { runs, leaves, changes: change ? [change, ...before.changes].slice(0, keep.changes) : before.changes });
    }
    this.#shards.write(updates, docs);
  }

  /** Inside a transaction. */
  drop(ids: readonly string[]): void {
    this.#shards.write(new Map(ids.map((id) => [id, null])));
  }
}

/**
 * A light check of a record's shape: the file's MAC already proves Certwright wrote it, and a full
 * schema over 5,000 × 48 results would cost more than the round that wrote them.
 */
function checkState(raw: unknown): EndpointState {
  const s = raw as Partial<EndpointState> | null;
  if (!s || typeof s !== 'object' || !s.last || typeof s.last !== 'object' || !Array.isArray(s.last.findings) || !Number.isSafeInteger(s.failuresInRow)) {
    throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedWatchState'));
  }
  return s as EndpointState;
}

function checkHistory(raw: unknown): StoredHistory {
  const h = raw as Partial<StoredHistory> | null;
  if (!h || typeof h !== 'object' || !Array.isArray(h.runs) || !Array.isArray(h.changes) || !h.leaves || typeof h.leaves !== 'object') {
    throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedWatchState'));
  }
  return h as StoredHistory;
}
