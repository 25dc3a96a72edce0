/**
 * The certificate records of a vault (format 2; docs/DESIGN.md, "Scale").
 *
 * - 256 bucket shards, `certificates-00` … `certificates-ff`, by the first two hex digits of the
 *   record id (ids are random, so the buckets fill evenly): issuing one certificate rewrites one
 *   bucket, about 1/256 of the inventory (≈ 50 KB at 10,000 certificates), and a lookup by id reads
 *   one bucket whatever its authority.
 * - One pending-batch shard, `certificates-batch`: a write that spans several buckets (a bulk issue,
 *   an mTLS pair, renewal links) is one atomic write of this shard, so a batch lands whole or not at
 *   all, as it did when each authority had one shard. Its records win over the buckets' copies
 *   until they are folded into the buckets (written there, then the pending shard emptied; a crash
 *   in between leaves the same records in both). A small batch is folded at once; a big one when a
 *   later write needs the pending shard or changes one of its records.
 * - Each record is stored with `seq`, its place in issue order, so lists keep the order they had.
 *
 * Invariants: every write holds the vault lock; a direct bucket write never changes a pending record
 * (the pending shard is folded first), so a pending record is never older than its bucket copy.
 * Readers take no lock: they re-read only files whose stamp changed, and read again when the
 * pending shard changed while they were reading buckets.
 */
import { CertwrightError } from '../../shared/errors.js';
import { CertificateRecord } from './records.js';
import { NO_FILE, type ShardRead, type VaultFiles } from './files.js';

export const BUCKETS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export const bucketOf = (id: string): string => id.slice(0, 2);
export const bucketShard = (bucket: string): string => `certificates-${bucket}`;
export const PENDING_SHARD = 'certificates-batch';
/** A batch that touches at most this many buckets is folded as soon as it is written. */
export const FOLD_AT_ONCE_BUCKETS = 16;
/** Read attempts while another process keeps rewriting the pending shard; then the last read stands. */
const READ_ATTEMPTS = 5;

export interface StoredEntry {
  readonly record: CertificateRecord;
  /** Place in issue order (1, 2, …), unique in the vault. */
  readonly seq: number;
}

interface Shard {
  readonly stamp: string;
  readonly entries: ReadonlyMap<string, StoredEntry>;
}

interface Pending extends Shard {
  /** Raised on every write of the pending shard. */
  readonly generation: number;
}

export interface CertificateView {
  readonly byId: ReadonlyMap<string, StoredEntry>;
  /** Each authority's records in issue order. */
  readonly byAuthority: ReadonlyMap<string, readonly CertificateRecord[]>;
  readonly maxSeq: number;
}

interface MutableView {
  readonly byId: Map<string, StoredEntry>;
  readonly byAuthority: Map<string, CertificateRecord[]>;
  /** Each authority's serial numbers, built when first asked for (every issuance asks). */
  readonly serials: Map<string, Set<string>>;
  maxSeq: number;
}

const EMPTY_PENDING: Pending = { stamp: NO_FILE, entries: new Map(), generation: 0 };

function corrupt(where: string): CertwrightError {
  return new CertwrightError('VAULT_CORRUPT', `A certificate record is damaged or from a newer version of Certwright (${where})`);
}

/** Records are shared by every reader until their file changes: frozen, so no caller can change the cache. */
export function freezeRecord(record: CertificateRecord): CertificateRecord {
  if (record.sealedKey) Object.freeze(record.sealedKey);
  return Object.freeze(record);
}

function parseEntry(id: string, raw: unknown, where: string): StoredEntry {
  const parsed = CertificateRecord.safeParse(raw);
  const seq = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
  if (!parsed.success || parsed.data.id !== id || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw corrupt(where);
  return { record: freezeRecord(parsed.data), seq };
}

function parseBucket(bucket: string, doc: Record<string, unknown>): Map<string, StoredEntry> {
  const entries = new Map<string, StoredEntry>();
  for (const [id, raw] of Object.entries(doc)) {
    if (bucketOf(id) !== bucket) throw corrupt(`${bucketShard(bucket)}: ${id} does not belong there`);
    entries.set(id, parseEntry(id, raw, bucketShard(bucket)));
  }
  return entries;
}

function parsePending(read: ShardRead): Pending {
  const { generation, records } = read.doc;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || typeof records !== 'object' || records === null || Array.isArray(records)) throw corrupt(PENDING_SHARD);
  const entries = new Map<string, StoredEntry>();
  for (const [id, raw] of Object.entries(records)) entries.set(id, parseEntry(id, raw, PENDING_SHARD));
  return { stamp: read.stamp, entries, generation };
}

export function serialize(entries: Iterable<StoredEntry>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const { record, seq } of entries) doc[record.id] = { ...record, seq };
  return doc;
}

function byBucket(entries: Iterable<StoredEntry>): Map<string, StoredEntry[]> {
  const groups = new Map<string, StoredEntry[]>();
  for (const entry of entries) {
    const bucket = bucketOf(entry.record.id);
    const group = groups.get(bucket);
    if (group) group.push(entry);
    else groups.set(bucket, [entry]);
  }
  return groups;
}

export class CertificateTable {
  readonly #files: VaultFiles;
  /** Parsed buckets by bucket, with the stamp of the file they were read from (absent: no file). */
  readonly #buckets = new Map<string, Shard>();
  #pending: Pending = EMPTY_PENDING;
  /** Built from the buckets and the pending batch; dropped when one of them changes on disk. */
  #view: MutableView | null = null;
  /** Counts changes found on disk, so a write knows whether the view it holds is still current. */
  #seen = 0;
  /** The files' epoch the view was built at (see VaultFiles.epoch). */
  #viewEpoch = -1;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  /** Drops everything read (on lock). */
  clear(): void {
    this.#buckets.clear();
    this.#pending = EMPTY_PENDING;
    this.#view = null;
  }

  /**
   * Every record, current as of this synchronous run; files that did not change are not read again,
   * and while no other process has committed (the manifest's epoch) none is even looked at.
   */
  view(): CertificateView {
    const epoch = this.#files.epoch();
    if (this.#view && this.#viewEpoch === epoch) return this.#view;
    this.#viewEpoch = epoch;
    for (let attempt = 1; ; attempt++) {
      let changed = this.#refreshPending();
      for (const bucket of BUCKETS) if (this.#refreshBucket(bucket)) changed = true;
      if (this.#view && !changed) return this.#view;
      // Another process wrote or folded a batch while we read the buckets: they may be half folded.
      if (changed && attempt < READ_ATTEMPTS && this.#files.stampNow(PENDING_SHARD) !== this.#pending.stamp) {
        this.#files.forget();
        continue;
      }
      return (this.#view = this.#build());
    }
  }

  /** The serial numbers of an authority's records (shared: do not change it). */
  serials(authorityId: string): ReadonlySet<string> {
    const view = this.view() as MutableView;
    let serials = view.serials.get(authorityId);
    if (!serials) {
      serials = new Set((view.byAuthority.get(authorityId) ?? []).map((r) => r.serialNumberHex));
      view.serials.set(authorityId, serials);
    }
    return serials;
  }

  /** One record by id: reads at most its bucket and the pending batch. */
  entry(id: string): StoredEntry | undefined {
    this.#refreshPending();
    const bucket = bucketOf(id);
    this.#refreshBucket(bucket);
    return this.#pending.entries.get(id) ?? this.#buckets.get(bucket)?.entries.get(id);
  }

  /** Stores new records, in this order, as one atomic batch. The caller holds the lock. */
  add(records: readonly CertificateRecord[]): void {
    let seq = this.view().maxSeq;
    this.#commit(
      records.map((record) => ({ record: freezeRecord(record), seq: ++seq })),
      true,
    );
  }

  /** Stores changed records (ids and places unchanged) as one atomic batch. The caller holds the lock. */
  replace(entries: readonly StoredEntry[]): void {
    this.#commit(
      entries.map(({ record, seq }) => ({ record: freezeRecord(record), seq })),
      false,
    );
  }

  #commit(entries: readonly StoredEntry[], added: boolean): void {
    // Held aside while writing: if a write fails, the view is rebuilt from what did land.
    const view = this.#view;
    const seen = this.#seen;
    this.#view = null;
    this.#refreshPending();
    const groups = byBucket(entries);
    // Pending records are folded before one of them changes, and before another batch takes the shard.
    if (entries.some((e) => this.#pending.entries.has(e.record.id)) || (groups.size > 1 && this.#pending.entries.size > 0)) this.#fold();
    const [only] = groups;
    if (groups.size === 1 && only) {
      const [bucket, group] = only;
      this.#refreshBucket(bucket);
      const merged = new Map(this.#buckets.get(bucket)?.entries);
      for (const e of group) merged.set(e.record.id, e);
      this.#writeBucket(bucket, merged);
    } else if (groups.size > 1) {
      this.#writePending(new Map(entries.map((e) => [e.record.id, e])));
      if (groups.size <= FOLD_AT_ONCE_BUCKETS) this.#fold();
    }
    if (view && added && this.#seen === seen) this.#view = patched(view, entries);
  }

  /** Writes the pending records into their buckets, then empties the pending shard. */
  #fold(): void {
    for (const [bucket, group] of byBucket(this.#pending.entries.values())) {
      this.#refreshBucket(bucket);
      const merged = new Map(this.#buckets.get(bucket)?.entries);
      for (const e of group) merged.set(e.record.id, e);
      this.#writeBucket(bucket, merged);
    }
    this.#writePending(new Map());
  }

  #writeBucket(bucket: string, entries: Map<string, StoredEntry>): void {
    const name = bucketShard(bucket);
    this.#files.write(name, serialize(entries.values()));
    this.#buckets.set(bucket, { stamp: this.#files.wrote(name), entries });
  }

  #writePending(entries: Map<string, StoredEntry>): void {
    const generation = this.#pending.generation + 1;
    this.#files.write(PENDING_SHARD, { generation, records: serialize(entries.values()) });
    this.#pending = { stamp: this.#files.wrote(PENDING_SHARD), entries, generation };
  }

  #refreshPending(): boolean {
    if (this.#files.stamp(PENDING_SHARD) === this.#pending.stamp) return false;
    const read = this.#files.read(PENDING_SHARD);
    this.#pending = read ? parsePending(read) : EMPTY_PENDING;
    this.#view = null;
    this.#seen++;
    return true;
  }

  #refreshBucket(bucket: string): boolean {
    const name = bucketShard(bucket);
    const cached = this.#buckets.get(bucket);
    if (this.#files.stamp(name) === (cached?.stamp ?? NO_FILE)) return false;
    const read = this.#files.read(name);
    if (read) this.#buckets.set(bucket, { stamp: read.stamp, entries: parseBucket(bucket, read.doc) });
    else this.#buckets.delete(bucket);
    this.#view = null;
    this.#seen++;
    return true;
  }

  #build(): MutableView {
    const byId = new Map<string, StoredEntry>();
    for (const shard of this.#buckets.values()) for (const [id, entry] of shard.entries) byId.set(id, entry);
    for (const [id, entry] of this.#pending.entries) byId.set(id, entry);
    const ordered = [...byId.values()].sort((a, b) => a.seq - b.seq);
    const byAuthority = new Map<string, CertificateRecord[]>();
    for (const { record } of ordered) {
      const list = byAuthority.get(record.authorityId);
      if (list) list.push(record);
      else byAuthority.set(record.authorityId, [record]);
    }
    return { byId, byAuthority, serials: new Map(), maxSeq: ordered.at(-1)?.seq ?? 0 };
  }

}

/** After our own write of new records: they go to the end of their authority's list (their seq is the highest). */
function patched(view: MutableView, entries: readonly StoredEntry[]): MutableView {
  for (const entry of entries) {
    view.byId.set(entry.record.id, entry);
    const list = view.byAuthority.get(entry.record.authorityId);
    if (list) list.push(entry.record);
    else view.byAuthority.set(entry.record.authorityId, [entry.record]);
    view.serials.get(entry.record.authorityId)?.add(entry.record.serialNumberHex);
    view.maxSeq = Math.max(view.maxSeq, entry.seq);
  }
  return view;
}
