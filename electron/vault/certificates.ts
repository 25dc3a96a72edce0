/**
 * The certificate records of a vault (format 2; docs/DESIGN.md, "Scale").
 *
 * - 256 bucket shards, `certificates-00` … `certificates-ff`, by the first two hex digits of the
 *   record id (ids are random, so the buckets fill evenly): issuing one certificate rewrites one
 *   bucket, about 1/256 of the inventory (≈ 50 KB at 10,000 certificates), and a lookup by id reads
 *   one bucket whatever its authority.
 * - Pending-batch shards, `certificates-batch` and `certificates-batch-1` … `-127`: a write that spans
 *   several buckets (a bulk issue, an mTLS pair, renewal links) is one atomic write of one free such
 *   shard, so a batch lands whole or not at all, as it did when each authority had one shard. Its
 *   records win over the buckets' copies until they are folded into the buckets (written there,
 *   then the shard emptied; a crash in between leaves the same records in both). A small batch is
 *   folded at once (its own shard only); a big one stays pending until a write changes one of its
 *   records, or every shard is taken — then all are folded together. So the 100 batches of a
 *   100,000-certificate bulk issue write each record once, not the whole inventory once per batch.
 * - Each record is stored with `seq`, its place in issue order, so lists keep the order they had.
 * - `scheduled-revocations`: the ids of records with a scheduled revocation and its time (a few, while
 *   renewals overlap), so the check at every unlock reads that small file instead of every record.
 *   It is never narrower than the records: a change widens it before the records are written and
 *   narrows it after, and the record itself stays the truth.
 *
 * Invariants: every write holds the vault lock; a direct bucket write never changes a pending record
 * (the pending shards are folded first), so a pending record is never older than its bucket copy,
 * and a record is pending in one shard at most. Readers take no lock: they re-read only files whose
 * stamp changed, and read again when a pending shard changed while they were reading buckets.
 * The shards' MACs are checked on every read (files.ts) and, after unlock, by the vault's
 * background pass — not at unlock (docs/vault-format.md, "What is checked when").
 */
import { CertwrightError } from '../../shared/errors.js';
import { CertificateRecord, certificateRecordFast } from './records.js';
import { NO_FILE, type ShardRead, type VaultFiles } from './files.js';
import { msg } from '../../shared/i18n/message.js';

export const BUCKETS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export const bucketOf = (id: string): string => id.slice(0, 2);
export const bucketShard = (bucket: string): string => `certificates-${bucket}`;
export const PENDING_SHARD = 'certificates-batch';
/** Pending shards; when every one holds a batch, they are all folded before the next. */
export const PENDING_SLOTS = 128;
const pendingSlot = (slot: number): string => (slot === 0 ? PENDING_SHARD : `${PENDING_SHARD}-${slot}`);
const PENDING_NAME = /^certificates-batch(?:-([1-9][0-9]{0,2}))?$/;
const BUCKET_NAME = /^certificates-[0-9a-f]{2}$/;
/** The files that grow with the inventory: their MACs are checked on first read and in the background after unlock, not at unlock. */
export const isCertificateShard = (name: string): boolean => BUCKET_NAME.test(name) || PENDING_NAME.test(name);
/** Records with a scheduled revocation: id → the earliest time it may be due. */
export const SCHEDULED = 'scheduled-revocations';
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

const slotOf = (name: string): number => Number(PENDING_NAME.exec(name)?.[1] ?? 0);

function corrupt(where: string): CertwrightError {
  return new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedCertificateAt', { where }));
}

/** Records are shared by every reader until their file changes: frozen, so no caller can change the cache. */
export function freezeRecord(record: CertificateRecord): CertificateRecord {
  if (record.sealedKey) Object.freeze(record.sealedKey);
  return Object.freeze(record);
}

function parseEntry(id: string, raw: unknown, where: string): StoredEntry {
  const record = certificateRecordFast(raw) ?? CertificateRecord.safeParse(raw).data;
  const seq = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
  if (!record || record.id !== id || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw corrupt(where);
  return { record: freezeRecord(record), seq };
}

function parseBucket(bucket: string, doc: Record<string, unknown>): Map<string, StoredEntry> {
  const entries = new Map<string, StoredEntry>();
  for (const [id, raw] of Object.entries(doc)) {
    if (bucketOf(id) !== bucket) throw corrupt(`${bucketShard(bucket)}: ${id} does not belong there`);
    entries.set(id, parseEntry(id, raw, bucketShard(bucket)));
  }
  return entries;
}

function parsePending(name: string, read: ShardRead): Pending {
  const { generation, records } = read.doc;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || typeof records !== 'object' || records === null || Array.isArray(records)) throw corrupt(name);
  const entries = new Map<string, StoredEntry>();
  for (const [id, raw] of Object.entries(records)) entries.set(id, parseEntry(id, raw, name));
  return { stamp: read.stamp, entries, generation };
}

function parseScheduled(doc: Record<string, unknown>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [id, at] of Object.entries(doc)) {
    if (typeof at !== 'string') throw corrupt(SCHEDULED);
    index.set(id, at);
  }
  return index;
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
  /** Parsed pending shards by file name (absent: no file, or never looked at). */
  readonly #pending = new Map<string, Pending>();
  /** The pending shards there are (the manifest's and the folder's), as of the files' epoch. */
  #slots: { readonly epoch: number; readonly names: string[] } | null = null;
  /** The scheduled-revocations index as last read, with its stamp. */
  #scheduled: { readonly stamp: string; readonly index: ReadonlyMap<string, string> } | null = null;
  /** Built from the buckets and the pending batches; dropped when one of them changes on disk. */
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
    this.#pending.clear();
    this.#slots = null;
    this.#scheduled = null;
    this.#view = null;
    this.#viewEpoch = -1;
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
      if (changed && attempt < READ_ATTEMPTS && this.#pendingMoved()) {
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

  /** One record by id: from the view while it is current, else reads at most its bucket and the pending batches. */
  entry(id: string): StoredEntry | undefined {
    if (this.#view && this.#viewEpoch === this.#files.epoch()) return this.#view.byId.get(id);
    this.#refreshPending();
    const bucket = bucketOf(id);
    this.#refreshBucket(bucket);
    for (const shard of this.#pending.values()) {
      const found = shard.entries.get(id);
      if (found) return found;
    }
    return this.#buckets.get(bucket)?.entries.get(id);
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

  /**
   * The records whose scheduled revocation is due at `now` (ISO 8601), in issue order: from the
   * index, each confirmed by its record; every record when there is no index yet.
   */
  scheduledDue(now: string): CertificateRecord[] {
    const index = this.#readScheduled();
    const due = (r: CertificateRecord) => r.scheduledRevocation !== null && r.scheduledRevocation <= now;
    if (!index) return [...this.view().byId.values()].filter((e) => due(e.record)).sort((a, b) => a.seq - b.seq).map((e) => e.record);
    const found: StoredEntry[] = [];
    for (const [id, at] of index) {
      if (at > now) continue;
      const entry = this.entry(id);
      if (entry && due(entry.record)) found.push(entry);
    }
    return found.sort((a, b) => a.seq - b.seq).map((e) => e.record);
  }

  /** Writes the scheduled-revocations index from every record when the vault has none yet (once, for a vault made before it). */
  ensureScheduledIndex(write: (fn: () => void) => void): void {
    if (this.#files.exists(SCHEDULED)) return;
    write(() => {
      if (this.#readScheduled()) return;
      this.#writeScheduled(this.#fullIndex());
    });
  }

  #fullIndex(): Map<string, string> {
    const index = new Map<string, string>();
    for (const { record } of this.view().byId.values()) if (record.scheduledRevocation !== null) index.set(record.id, record.scheduledRevocation);
    return index;
  }

  #readScheduled(): ReadonlyMap<string, string> | null {
    const stamp = this.#files.stamp(SCHEDULED);
    if (stamp === NO_FILE) return null;
    if (this.#scheduled?.stamp === stamp) return this.#scheduled.index;
    const read = this.#files.read(SCHEDULED);
    if (!read) return null;
    this.#scheduled = { stamp: read.stamp, index: parseScheduled(read.doc) };
    return this.#scheduled.index;
  }

  #writeScheduled(index: ReadonlyMap<string, string>): void {
    this.#files.write(SCHEDULED, Object.fromEntries(index));
    this.#scheduled = { stamp: this.#files.wrote(SCHEDULED), index };
  }

  #commit(entries: readonly StoredEntry[], added: boolean): void {
    // Held aside while writing: if a write fails, the view is rebuilt from what did land.
    const view = this.#view;
    const seen = this.#seen;
    this.#view = null;
    this.#refreshPending();
    // The index widens first (a time moved earlier or a new id) and narrows last: a crash in
    // between leaves it wider than the records, never narrower.
    const indexed = this.#readScheduled() ?? (entries.some((e) => e.record.scheduledRevocation !== null) ? this.#fullIndex() : null);
    let final: Map<string, string> | null = null;
    if (indexed) {
      const wider = new Map(indexed);
      final = new Map(indexed);
      for (const { record } of entries) {
        const at = record.scheduledRevocation;
        const before = wider.get(record.id);
        if (at !== null && (before === undefined || at < before)) wider.set(record.id, at);
        if (at === null) final.delete(record.id);
        else final.set(record.id, at);
      }
      if (!sameIndex(wider, indexed) || !this.#files.exists(SCHEDULED)) this.#writeScheduled(wider);
      if (sameIndex(final, wider)) final = null;
    }
    const groups = byBucket(entries);
    // Pending records are folded before one of them changes.
    if (entries.some((e) => [...this.#pending.values()].some((p) => p.entries.has(e.record.id)))) this.#fold();
    const [only] = groups;
    if (groups.size === 1 && only) {
      const [bucket, group] = only;
      this.#refreshBucket(bucket);
      const merged = new Map(this.#buckets.get(bucket)?.entries);
      for (const e of group) merged.set(e.record.id, e);
      this.#writeBucket(bucket, merged);
    } else if (groups.size > 1) {
      let slot = this.#freeSlot();
      if (slot === null) {
        this.#fold();
        slot = PENDING_SHARD;
      }
      this.#writePending(slot, new Map(entries.map((e) => [e.record.id, e])));
      if (groups.size <= FOLD_AT_ONCE_BUCKETS) this.#fold([slot]);
    }
    if (final) this.#writeScheduled(final);
    if (view && added && this.#seen === seen) this.#view = patched(view, entries);
  }

  /** The lowest-numbered pending shard that holds nothing; null when every one holds a batch. */
  #freeSlot(): string | null {
    for (let slot = 0; slot < PENDING_SLOTS; slot++) {
      const name = pendingSlot(slot);
      if ((this.#pending.get(name)?.entries.size ?? 0) === 0) return name;
    }
    return null;
  }

  /** Writes the records of the pending shards named (all by default) into their buckets, then empties those shards. */
  #fold(names: readonly string[] = [...this.#pending.keys()]): void {
    const folded = names.filter((name) => (this.#pending.get(name)?.entries.size ?? 0) > 0);
    const all: StoredEntry[] = [];
    for (const name of folded) for (const entry of this.#pending.get(name)!.entries.values()) all.push(entry);
    for (const [bucket, group] of byBucket(all)) {
      this.#refreshBucket(bucket);
      const merged = new Map(this.#buckets.get(bucket)?.entries);
      for (const e of group) merged.set(e.record.id, e);
      this.#writeBucket(bucket, merged);
    }
    for (const name of folded) this.#writePending(name, new Map());
  }

  #writeBucket(bucket: string, entries: Map<string, StoredEntry>): void {
    const name = bucketShard(bucket);
    this.#files.write(name, serialize(entries.values()));
    this.#buckets.set(bucket, { stamp: this.#files.wrote(name), entries });
  }

  #writePending(name: string, entries: Map<string, StoredEntry>): void {
    const generation = (this.#pending.get(name)?.generation ?? 0) + 1;
    this.#files.write(name, { generation, records: serialize(entries.values()) });
    this.#pending.set(name, { stamp: this.#files.wrote(name), entries, generation });
    const slots = this.#slots;
    if (slots && !slots.names.includes(name)) slots.names.push(name);
  }

  /** The pending shards there are: those the manifest records and those in the folder (one a crash left before its manifest write). */
  #slotNames(): readonly string[] {
    const epoch = this.#files.epoch();
    if (this.#slots?.epoch === epoch) return this.#slots.names;
    const names = new Set<string>([PENDING_SHARD, ...this.#pending.keys()]);
    for (const name of this.#files.manifestNames()) if (PENDING_NAME.test(name)) names.add(name);
    for (const name of this.#files.list()) if (PENDING_NAME.test(name)) names.add(name);
    this.#slots = { epoch, names: [...names].sort((a, b) => slotOf(a) - slotOf(b)) };
    return this.#slots.names;
  }

  #refreshPending(): boolean {
    let changed = false;
    for (const name of this.#slotNames()) {
      const cached = this.#pending.get(name);
      if (this.#files.stamp(name) === (cached?.stamp ?? NO_FILE)) continue;
      const read = this.#files.read(name);
      if (read) this.#pending.set(name, parsePending(name, read));
      else this.#pending.delete(name);
      changed = true;
    }
    if (changed) {
      this.#view = null;
      this.#seen++;
    }
    return changed;
  }

  /** Whether a pending shard changed on disk since it was read (another process is writing or folding). */
  #pendingMoved(): boolean {
    return this.#slotNames().some((name) => this.#files.stampNow(name) !== (this.#pending.get(name)?.stamp ?? NO_FILE));
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
    for (const shard of this.#pending.values()) for (const [id, entry] of shard.entries) byId.set(id, entry);
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

function sameIndex(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, at] of a) if (b.get(id) !== at) return false;
  return true;
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
