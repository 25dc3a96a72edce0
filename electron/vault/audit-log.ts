/**
 * The vault's audit log: append-only, hash-chained, authenticated (docs/audit-log.md).
 *
 * One file, one entry per line: `<mac> <body>\n`. The body is compact JSON with a fixed key order,
 * the MAC is HMAC-SHA256 over the body's bytes under the audit key, and every body carries `prev`,
 * the SHA-256 of the whole previous line. Without the key nobody can write an entry that verifies;
 * with the chain (and the head the vault's authenticated manifest records) nobody can remove,
 * insert, reorder or cut off entries unnoticed.
 *
 * Writes go through durable.ts: an append is one appendFileDurable call (fsync before it returns);
 * a torn last line left by a crash mid-append is cut off by the next append with writeFileDurable.
 * Everything is synchronous; callers hold the vault's cross-process lock when appending.
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { AUDIT_KINDS, type AuditDetails, type AuditEntry, type AuditKind } from '../../shared/domain/audit.js';
import { CertwrightError } from '../../shared/errors.js';
import { appendFileDurable, removeFileDurable, writeFileDurable } from './durable.js';
import { english } from '../../shared/i18n/english.js';
import { msg, type Msg, type MsgParams } from '../../shared/i18n/message.js';

/** The code for a log that was tampered with or damaged (switch here when VAULT_TAMPERED exists). */
const TAMPERED = 'VAULT_TAMPERED' as const;

export const AUDIT_LOG_FILE = 'audit.log';
export const AUDIT_FORMAT_VERSION = 1;
/** `prev` of entry 1, and the hash of an empty log's head. */
export const ZERO_HASH = '0'.repeat(64);

export const MAX_DETAILS_KEYS = 32;
export const MAX_DETAIL_STRING = 1_000;
export const MAX_QUERY_LIMIT = 1_000;
const MAX_DETAIL_KEY = 64;
const MAX_SUBJECT = 4_096;
const MAX_SERIAL = 256;
/** head() reads this much of the file's end, more only when the last line is longer. */
const TAIL_WINDOW = 64 * 1024;

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from('\n');
const MAC_HEX = 64;
const HEX64 = /^[0-9a-f]{64}$/;
const AUTHORITY_ID = /^[0-9a-f]{32}$/;
const SERIAL = /^[0-9A-Fa-f]+$/;
const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The seq of a line cut short, as far as it was written. */
const TORN_SEQ = /^[0-9a-f]{64} \{"v":1,"seq":(\d+),/;
const KINDS: ReadonlySet<string> = new Set(AUDIT_KINDS);
/** The fixed-form start of a line, for query's filters: seq, at, kind, authorityId (undefined for null). */
const LINE_START = /^[0-9a-f]{64} \{"v":1,"seq":(\d+),"at":"([^"\\]*)","kind":"([^"\\]*)","authorityId":(?:null|"([0-9a-f]{32})"),/;

export interface AuditHead {
  readonly seq: number;
  /** SHA-256 (lowercase hex) of the last line without its newline; ZERO_HASH when the log is empty. */
  readonly hash: string;
}

export const EMPTY_HEAD: AuditHead = Object.freeze({ seq: 0, hash: ZERO_HASH });

export interface AuditEventInput {
  kind: AuditKind;
  /** 32 lowercase hex, or null. */
  authorityId?: string | null;
  /** Shortened (with …) past 4,096 characters. */
  subject?: string | null;
  /** Hex (either case, as given; '' counts as none), or null. */
  serial?: string | null;
  /** Flat: at most 32 keys; strings at most 1,000 characters; finite numbers. */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditProblem {
  /** 1-based line of the file where the problem shows (for a cut-off tail: one past the last line). */
  readonly line: number;
  readonly kind: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'torn' | 'malformed';
  /** English, for the CLI and logs. */
  readonly message: string;
  /** The same as a catalog key and parameters (`audit:problem.…`), for the window to word. */
  readonly reason: Msg;
}

/** The first problem of a failed check, nested into a refusal's words (`$t({{problemKey}})`). */
export function firstProblem(problems: readonly AuditProblem[]): MsgParams {
  const first = problems[0];
  return first ? { ...first.reason.params, problemKey: first.reason.key } : { problemKey: 'errors:audit.unknownProblem' };
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Authentic entries found (each seq counted once, copies not counted). */
  readonly entries: number;
  /** The head as head() sees it (the last complete line); when that line is not an entry, the last authentic entry's. */
  readonly head: AuditHead;
  readonly problems: AuditProblem[];
}

export interface AuditFilter {
  /** Only entries about this authority. */
  readonly authorityId?: string;
  /** Only these kinds (all when absent or empty). */
  readonly kinds?: readonly AuditKind[];
  /** ISO 8601: entries at or after this instant. */
  readonly from?: string;
  /** ISO 8601: entries at or before this instant (inclusive, as the IPC contract says). */
  readonly to?: string;
  /** Skip this many matching entries (newest first); default 0. */
  readonly offset?: number;
  /** At most this many entries (1-1000); default 100. */
  readonly limit?: number;
}

// ---- Lines -------------------------------------------------------------------------------------

// crypto.hash (one-shot, about twice as fast) is in Node 20.12+; createHash before that.
const sha256Hex: (bytes: Uint8Array) => string =
  typeof nodeCrypto.hash === 'function' ? (bytes) => nodeCrypto.hash('sha256', bytes, 'hex') : (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * The body exactly as written: what JSON.stringify writes for
 * {v, seq, at, kind, authorityId, subject, serial, details, prev} in this order, built from the
 * parts that do not change per line (`fixed`: kind to details, already JSON) without re-serialising them.
 */
function bodyOf(seq: number, at: string, fixed: string, prev: string): string {
  return `{"v":${AUDIT_FORMAT_VERSION},"seq":${seq},"at":${JSON.stringify(at)},${fixed},"prev":${JSON.stringify(prev)}}`;
}

/** The middle of a body: "kind":…,"authorityId":…,"subject":…,"serial":…,"details":{…} */
function fixedPart(event: Omit<AuditEntry, 'seq' | 'at'>): string {
  const json = JSON.stringify({ kind: event.kind, authorityId: event.authorityId, subject: event.subject, serial: event.serial, details: event.details });
  return json.slice(1, -1);
}

type Parsed =
  | { readonly ok: true; readonly entry: AuditEntry; readonly prev: string; readonly macOk: boolean }
  | { readonly ok: false; readonly reason: string; readonly seq: number | null };

function detailsProblem(details: unknown): string | null {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return 'details is not an object';
  const entries = Object.entries(details);
  if (entries.length > MAX_DETAILS_KEYS) return `details has ${entries.length} keys (at most ${MAX_DETAILS_KEYS})`;
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_DETAIL_KEY || key === '__proto__') return `details key "${key.slice(0, 80)}" is not allowed`;
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `details.${key} is not a finite number`;
      continue;
    }
    if (typeof value === 'string') {
      if (value.length > MAX_DETAIL_STRING) return `details.${key} is ${value.length} characters long (at most ${MAX_DETAIL_STRING})`;
      continue;
    }
    return `details.${key} is not a string, number, boolean or null`;
  }
  return null;
}

/** Shape of a parsed body: the entry, or why it is not one. */
function entryOf(value: unknown): { entry: AuditEntry; prev: string } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body is not a JSON object';
  const o = value as Record<string, unknown>;
  if (o.v !== AUDIT_FORMAT_VERSION) return `unknown format version ${JSON.stringify(o.v)}`;
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) return 'seq is not a positive integer';
  if (typeof o.at !== 'string' || !ISO_MS_UTC.test(o.at) || Number.isNaN(Date.parse(o.at))) return 'at is not an ISO 8601 UTC time';
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `unknown event kind ${JSON.stringify(o.kind)}`;
  if (o.authorityId !== null && (typeof o.authorityId !== 'string' || !AUTHORITY_ID.test(o.authorityId))) return 'authorityId is not an id';
  if (o.subject !== null && typeof o.subject !== 'string') return 'subject is not text';
  if (o.serial !== null && (typeof o.serial !== 'string' || !SERIAL.test(o.serial))) return 'serial is not hex';
  const details = detailsProblem(o.details);
  if (details) return details;
  if (typeof o.prev !== 'string' || !HEX64.test(o.prev)) return 'prev is not a SHA-256 hash';
  const entry: AuditEntry = {
    seq: o.seq,
    at: o.at,
    kind: o.kind as AuditKind,
    authorityId: o.authorityId,
    subject: o.subject,
    serial: o.serial,
    details: o.details as AuditDetails,
  };
  return { entry, prev: o.prev };
}

export class AuditLog {
  readonly #path: string;
  readonly #key: KeyObject;
  #tailCache: Tail | null = null;

  /**
   * `key`: the audit key, 32 bytes — HKDF-SHA256(vault master key, salt empty,
   * info "certwright:audit-log:v1"), derived in vault-keys.ts.
   */
  constructor(path: string, key: KeyObject) {
    if (key.type !== 'secret' || key.symmetricKeySize !== 32) throw new CertwrightError('INTERNAL', msg('errors:audit.badKey'));
    this.#path = path;
    this.#key = key;
  }

  get path(): string {
    return this.#path;
  }

  #mac(body: Uint8Array | string): string {
    return createHmac('sha256', this.#key).update(body).digest('hex');
  }

  #macMatches(mac: string, body: Uint8Array): boolean {
    const expected = Buffer.from(this.#mac(body), 'latin1');
    const given = Buffer.from(mac, 'latin1');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * A complete line (no newline), parsed and authenticated. Its form is not compared with what
   * append writes: a matching MAC already says these are the bytes Certwright wrote.
   */
  #parse(line: Uint8Array): Parsed {
    const text = Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8');
    const failed = (reason: string): Parsed => {
      const torn = TORN_SEQ.exec(text);
      return { ok: false, reason, seq: torn ? Number(torn[1]) : null };
    };
    if (text.length === 0) return failed('the line is empty');
    if (text.length < MAC_HEX + 3 || text[MAC_HEX] !== ' ' || !HEX64.test(text.slice(0, MAC_HEX))) return failed('it does not start with a MAC');
    let value: unknown;
    try {
      value = JSON.parse(text.slice(MAC_HEX + 1));
    } catch {
      return failed('its body is not valid JSON');
    }
    const shaped = entryOf(value);
    if (typeof shaped === 'string') return failed(shaped);
    const macOk = this.#macMatches(text.slice(0, MAC_HEX), line.subarray(MAC_HEX + 1));
    return { ok: true, entry: shaped.entry, prev: shaped.prev, macOk };
  }

  // ---- The tail ---------------------------------------------------------------------------------

  /** The end of the file: its last complete line and any torn bytes after it; cached by (size, mtimeMs, ino). */
  #tail(): Tail {
    const info = statSync(this.#path, { throwIfNoEntry: false });
    if (!info) return (this.#tailCache = NO_FILE_TAIL);
    if (this.#tailCache?.stamp === stampOf(info)) return this.#tailCache;
    let fd: number;
    try {
      fd = openSync(this.#path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.#tailCache = NO_FILE_TAIL);
      throw error;
    }
    try {
      const now = fstatSync(fd);
      const size = now.size;
      let window = Math.min(size, TAIL_WINDOW);
      for (;;) {
        const start = size - window;
        const buffer = Buffer.allocUnsafe(window);
        readFully(fd, buffer, start);
        const last = buffer.lastIndexOf(NEWLINE);
        const before = last > 0 ? buffer.lastIndexOf(NEWLINE, last - 1) : -1;
        if (start > 0 && before < 0) {
          // The last complete line (or the torn tail) starts before the window: look further back.
          window = Math.min(size, window * 4);
          continue;
        }
        const completeSize = start + last + 1;
        const torn = last + 1 < buffer.length ? Buffer.from(buffer.subarray(last + 1)) : null;
        const line = last < 0 ? null : Buffer.from(buffer.subarray(before + 1, last));
        const tail: Tail = { stamp: stampOf(now), completeSize, line, parsed: line ? this.#parse(line) : null, torn };
        return (this.#tailCache = tail);
      }
    } finally {
      closeSync(fd);
    }
  }

  #headOf(tail: Tail): AuditHead {
    if (!tail.line || !tail.parsed) return EMPTY_HEAD;
    if (!tail.parsed.ok) throw new CertwrightError(TAMPERED, msg('errors:audit.lastEntryInvalid', { reason: tail.parsed.reason }));
    return { seq: tail.parsed.entry.seq, hash: sha256Hex(tail.line) };
  }

  /** The head as on disk now: the last complete line (a torn line after it is ignored). Reads only the file's tail. */
  head(): AuditHead {
    return this.#headOf(this.#tail());
  }

  // ---- Append -----------------------------------------------------------------------------------

  /**
   * Appends the events as consecutive lines in one appendFileDurable call and returns the new head.
   * A torn last line (a crash mid-append) is cut off first — unless `acknowledged` says it had been
   * written completely (its seq is not beyond acknowledged.seq): then the log was cut, and the
   * append refuses. It also refuses to chain onto a last line whose MAC does not match, or onto a
   * log that ends before `acknowledged` or differs from it there.
   */
  append(events: readonly AuditEventInput[], at: Date, acknowledged?: AuditHead): AuditHead {
    const time = isoTime(at);
    const prepared = events.map((event, index) => prepare(event, index));

    // Every refusal comes before anything is written.
    let tail = this.#tail();
    const head = this.#headOf(tail); // the last complete line; a torn line after it does not count
    if (tail.parsed?.ok && !tail.parsed.macOk) {
      throw new CertwrightError(TAMPERED, msg('errors:audit.entryChanged', { seq: head.seq }));
    }
    if (tail.torn && acknowledged) {
      const cut = TORN_SEQ.exec(tail.torn.toString('latin1'));
      const tornSeq = cut ? Number(cut[1]) : head.seq + 1;
      if (tornSeq <= acknowledged.seq) {
        throw new CertwrightError(
          TAMPERED,
          msg('errors:audit.entryCutShort', { seq: tornSeq, recorded: acknowledged.seq }),
        );
      }
    }
    if (acknowledged) {
      if (head.seq < acknowledged.seq) {
        throw new CertwrightError(TAMPERED, msg('errors:audit.tailCut', { seq: head.seq, recorded: acknowledged.seq }));
      }
      if (head.seq === acknowledged.seq && head.hash !== acknowledged.hash) {
        throw new CertwrightError(TAMPERED, msg('errors:audit.entryReplaced', { seq: head.seq }));
      }
    }
    if (prepared.length === 0) return head;

    if (tail.torn) {
      // Left by a crash mid-append (never acknowledged): cut off, atomically, before appending.
      const whole = readFileSync(this.#path);
      writeFileDurable(this.#path, whole.subarray(0, Math.min(tail.completeSize, whole.length)));
      this.#tailCache = null;
      tail = this.#tail();
      const repaired = this.#headOf(tail);
      if (repaired.seq !== head.seq || repaired.hash !== head.hash) throw new CertwrightError('STORAGE_FAILURE', msg('errors:audit.changedWhileRepaired'));
    }

    let seq = head.seq;
    let prev = head.hash;
    let lastLine = Buffer.alloc(0);
    const lines: Buffer[] = [];
    for (const event of prepared) {
      seq += 1;
      const body = bodyOf(seq, time, fixedPart(event), prev);
      lastLine = Buffer.from(`${this.#mac(body)} ${body}`, 'utf8');
      lines.push(lastLine, NEWLINE_BYTES);
      prev = sha256Hex(lastLine);
    }
    const data = Buffer.concat(lines);
    appendFileDurable(this.#path, data);

    const next: AuditHead = { seq, hash: prev };
    const info = statSync(this.#path, { throwIfNoEntry: false });
    const last = prepared[prepared.length - 1] as Prepared;
    const parsed: Parsed = { ok: true, entry: { ...last, seq, at: time }, prev: lines.length > 2 ? sha256Hex(lines[lines.length - 4] as Buffer) : head.hash, macOk: true };
    this.#tailCache = info && info.size === tail.completeSize + data.length ? { stamp: stampOf(info), completeSize: info.size, line: lastLine, parsed, torn: null } : null;
    return next;
  }

  // ---- Verify -----------------------------------------------------------------------------------

  /**
   * Reads and checks every line: MAC, shape, seq continuity and the prev chain. With `expected` (the
   * head the vault's authenticated manifest recorded) a log that ends before it, or differs from it
   * there, is reported as cut off; entries after it are fine (a crash between the append and the
   * manifest write leaves those).
   */
  verify(expected?: AuditHead): AuditVerification {
    const { lines, torn } = splitLines(this.#readBytes());
    const records: LineRecord[] = lines.map((bytes, index) => {
      const parsed = this.#parse(bytes);
      const authentic = parsed.ok && parsed.macOk;
      return { line: index + 1, parsed, hash: sha256Hex(bytes), authentic, seq: parsed.ok ? parsed.entry.seq : 0 };
    });
    return judge(records, torn, expected);
  }

  // ---- Query ------------------------------------------------------------------------------------

  /**
   * Entries newest first (file order, reversed), filtered and windowed, with the number matching.
   * Reads the whole file. The filters are applied to each line's fixed-form start (seq, at, kind,
   * authorityId: one regular expression, no JSON parse); only the entries returned are parsed in
   * full. Lines that are not entries and a torn last line are skipped; MACs are not checked here
   * (verify does that).
   */
  query(filter: AuditFilter & { readonly everything?: boolean }): { total: number; entries: AuditEntry[] } {
    const offset = filter.offset ?? 0;
    // `everything`: an export, one read of the file instead of a page at a time.
    const limit = filter.everything ? Number.MAX_SAFE_INTEGER : (filter.limit ?? 100);
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('offset', 'errors:audit.badOffset');
    if (!filter.everything && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT)) throw invalid('limit', 'errors:audit.badLimit', { max: MAX_QUERY_LIMIT });
    const from = filter.from === undefined ? null : instant(filter.from, 'from');
    const to = filter.to === undefined ? null : instant(filter.to, 'to');
    const kinds = filter.kinds && filter.kinds.length > 0 ? new Set<string>(filter.kinds) : null;
    const authority = filter.authorityId ?? null;

    const rows = this.readAll().split('\n');
    rows.pop(); // '' after the last newline, or a torn line
    let total = 0;
    const entries: AuditEntry[] = [];
    for (let index = rows.length - 1; index >= 0; index -= 1) {
      const row = rows[index] as string;
      const start = LINE_START.exec(row);
      if (!start) continue;
      const [, , at, kind, authorityId] = start as unknown as [string, string, string, string, string | undefined];
      if (authority !== null && authorityId !== authority) continue;
      if (kinds && !kinds.has(kind)) continue;
      if (from !== null && at < from) continue;
      if (to !== null && at > to) continue;
      if (total >= offset && entries.length < limit) {
        let shaped: ReturnType<typeof entryOf> = 'its body is not valid JSON';
        try {
          shaped = entryOf(JSON.parse(row.slice(MAC_HEX + 1)));
        } catch {
          /* not an entry after all */
        }
        if (typeof shaped === 'string') continue;
        entries.push(shaped.entry);
      }
      total += 1;
    }
    return { total, entries };
  }

  /** The whole file as text ('' when there is none), e.g. for a backup; check it with verify first. */
  readAll(): string {
    return this.#readBytes().toString('utf8');
  }

  /** Removes the log (a vault being created over the remains of one that was not finished). */
  reset(): void {
    removeFileDurable(this.#path);
    this.#tailCache = null;
  }

  #readBytes(): Buffer {
    try {
      return readFileSync(this.#path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }
}

// ---- Helpers -----------------------------------------------------------------------------------

interface Tail {
  readonly stamp: string;
  /** Bytes up to and including the last newline. */
  readonly completeSize: number;
  /** The last complete line without its newline; null when there is none. */
  readonly line: Buffer | null;
  readonly parsed: Parsed | null;
  /** Bytes after the last newline (a line cut short), or null. */
  readonly torn: Buffer | null;
}

const NO_FILE_TAIL: Tail = { stamp: 'none', completeSize: 0, line: null, parsed: null, torn: null };

function stampOf(info: { size: number; mtimeMs: number; ino: number }): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

function readFully(fd: number, buffer: Buffer, position: number): void {
  let done = 0;
  while (done < buffer.length) {
    const read = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (read === 0) throw new CertwrightError('STORAGE_FAILURE', msg('errors:audit.changedWhileRead'));
    done += read;
  }
}

function splitLines(data: Buffer): { lines: Buffer[]; torn: Buffer | null } {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const end = data.indexOf(NEWLINE, start);
    if (end < 0) break;
    lines.push(data.subarray(start, end));
    start = end + 1;
  }
  return { lines, torn: start < data.length ? data.subarray(start) : null };
}

const internal = (message: string) => new CertwrightError('INTERNAL', msg('errors:audit.eventRejected', { message }));
const invalid = (field: string, key: string, params?: MsgParams) => new CertwrightError('INVALID_INPUT', msg(key, params), { field });

function isoTime(at: Date): string {
  const time = at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw internal('the time is not a valid date');
  const iso = new Date(time).toISOString();
  if (!ISO_MS_UTC.test(iso)) throw internal(`the time ${iso} is outside years 0000-9999`);
  return iso;
}

function instant(value: string, field: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalid(field, 'errors:audit.notIsoDate', { value: String(value).slice(0, 40) });
  return new Date(time).toISOString();
}

type Prepared = Omit<AuditEntry, 'seq' | 'at'>;

function prepare(event: AuditEventInput, index: number): Prepared {
  const where = `event ${index + 1}`;
  if (typeof event !== 'object' || event === null) throw internal(`${where} is not an object`);
  if (typeof event.kind !== 'string' || !KINDS.has(event.kind)) throw internal(`${where}: unknown kind ${JSON.stringify(event.kind)}`);
  const authorityId = event.authorityId ?? null;
  if (authorityId !== null && (typeof authorityId !== 'string' || !AUTHORITY_ID.test(authorityId))) throw internal(`${where}: authorityId is not 32 hex digits`);
  let subject = event.subject ?? null;
  if (subject !== null && typeof subject !== 'string') throw internal(`${where}: subject is not text`);
  // A subject is information, not an identifier (the serial is): an absurdly long one is shortened, not refused.
  if (subject !== null && subject.length > MAX_SUBJECT) subject = `${subject.slice(0, MAX_SUBJECT - 1)}…`;
  // '' is what a record without a serial (yet) holds: no serial.
  const serial = event.serial === '' ? null : (event.serial ?? null);
  if (serial !== null && (typeof serial !== 'string' || !SERIAL.test(serial) || serial.length > MAX_SERIAL)) throw internal(`${where}: serial is not hex (at most ${MAX_SERIAL} digits)`);
  const details = event.details ?? {};
  const problem = detailsProblem(details);
  if (problem) throw internal(`${where}: ${problem}`);
  // A copy, so later changes by the caller cannot differ from what was MACed.
  return { kind: event.kind, authorityId, subject, serial, details: { ...details } };
}

// ---- Judging a whole log -----------------------------------------------------------------------

interface LineRecord {
  readonly line: number;
  readonly parsed: Parsed;
  readonly hash: string;
  /** Well formed and its MAC matches. */
  readonly authentic: boolean;
  /** The entry's seq when well formed, else 0. */
  readonly seq: number;
}

interface Authentic extends LineRecord {
  readonly parsed: Extract<Parsed, { ok: true }>;
  readonly authentic: true;
}

/** Indices (into `seqs`) of one longest strictly increasing subsequence, in order. */
function longestIncreasing(seqs: readonly number[]): number[] {
  if (seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))) return seqs.map((_, i) => i); // the usual case
  const tails: number[] = []; // tails[k]: index of the smallest last seq of an increasing run of length k+1
  const previous = new Array<number>(seqs.length).fill(-1);
  for (let i = 0; i < seqs.length; i += 1) {
    const seq = seqs[i] as number;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((seqs[tails[middle] as number] as number) < seq) low = middle + 1;
      else high = middle;
    }
    if (low < tails.length && seqs[tails[low] as number] === seq) continue; // a repeat: the first one stays in place
    if (low > 0) previous[i] = tails[low - 1] as number;
    tails[low] = i;
  }
  const result: number[] = [];
  for (let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; i >= 0; i = previous[i] as number) result.push(i);
  return result.reverse();
}

function judge(records: readonly LineRecord[], torn: Buffer | null, expected: AuditHead | undefined): AuditVerification {
  const problems: AuditProblem[] = [];
  const authentic = records.filter((record): record is Authentic => record.authentic);

  // The entries in order: one longest run of increasing seq in file order. Every other authentic
  // line is a copy (its seq is taken) or out of order.
  const inOrder = new Set<LineRecord>(longestIncreasing(authentic.map((entry) => entry.seq)).map((i) => authentic[i] as Authentic));
  const bySeq = new Map<number, Authentic>();
  for (const entry of authentic) if (inOrder.has(entry)) bySeq.set(entry.seq, entry);
  const outOfOrder: Authentic[] = [];
  const copies: Authentic[] = [];
  for (const entry of authentic) {
    if (inOrder.has(entry)) continue;
    if (bySeq.has(entry.seq)) {
      copies.push(entry);
    } else {
      bySeq.set(entry.seq, entry);
      outOfOrder.push(entry);
    }
  }

  // Neighbours in file order among the in-order entries, for every line (index = line - 1).
  const before = new Array<Authentic | null>(records.length).fill(null);
  const after = new Array<Authentic | null>(records.length).fill(null);
  let last: Authentic | null = null;
  for (let i = 0; i < records.length; i += 1) {
    before[i] = last;
    const record = records[i] as LineRecord;
    if (inOrder.has(record)) last = record as Authentic;
  }
  last = null;
  for (let i = records.length - 1; i >= 0; i -= 1) {
    after[i] = last;
    const record = records[i] as LineRecord;
    if (inOrder.has(record)) last = record as Authentic;
  }
  /** Where a line stands among the in-order entries: the variant of a problem's words and its neighbours. */
  const between = (line: number): { readonly where: 'between' | 'after' | 'before' | 'nowhere'; readonly a?: number; readonly b?: number } => {
    const a = before[line - 1];
    const b = after[line - 1];
    if (a && b) return { where: 'between', a: a.seq, b: b.seq };
    if (a) return { where: 'after', a: a.seq };
    if (b) return { where: 'before', b: b.seq };
    return { where: 'nowhere' };
  };
  /** A problem in words: the catalog's key and parameters, and their English. */
  const problem = (line: number, kind: AuditProblem['kind'], key: string, params: MsgParams): AuditProblem => {
    const reason = msg(`audit:problem.${key}`, params);
    return { line, kind, message: english(reason), reason };
  };
  const placed = (key: string, line: number, kind: AuditProblem['kind'], params: MsgParams): AuditProblem => {
    const { where, a, b } = between(line);
    return problem(line, kind, `${key}.${where}`, { ...params, ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) });
  };

  for (const entry of copies) {
    const kept = bySeq.get(entry.seq) as Authentic;
    const params = { line: entry.line, seq: entry.seq, kept: kept.line };
    problems.push(kept.hash === entry.hash ? placed('copy', entry.line, 'inserted', params) : problem(entry.line, 'inserted', 'twoHistories', params));
  }
  for (const entry of outOfOrder) {
    problems.push(placed('reordered', entry.line, 'reordered', { line: entry.line, seq: entry.seq }));
  }

  // Lines that are not authentic entries take the places of missing entries where there are some
  // (an entry changed or damaged in place); otherwise they were inserted. After the last in-order
  // entry, places beyond the head the vault recorded are not missing entries: lines there were added.
  const slotOf = new Map<number, number>(); // seq -> line of a damaged line standing in its place
  let i = 0;
  while (i < records.length) {
    if ((records[i] as LineRecord).authentic) {
      i += 1;
      continue;
    }
    // A run of lines that are not authentic entries, between the same in-order neighbours
    // (copies and out-of-order entries inside it are judged above).
    const run: LineRecord[] = [];
    let j = i;
    for (; j < records.length; j += 1) {
      const record = records[j] as LineRecord;
      if (inOrder.has(record)) break;
      if (!record.authentic) run.push(record);
    }
    const low = before[i]?.seq ?? 0;
    const high = after[i]?.seq ?? Number.POSITIVE_INFINITY;
    const trailing = high === Number.POSITIVE_INFINITY;
    const cap = trailing && expected ? expected.seq : Number.POSITIVE_INFINITY;
    const free = (seq: number) => seq > low && seq < high && seq <= cap && !bySeq.has(seq) && !slotOf.has(seq);
    const assigned = new Map<LineRecord, number>();
    for (const record of run) {
      const claimed = record.parsed.ok ? record.parsed.entry.seq : record.parsed.seq;
      if (claimed !== null && free(claimed)) {
        assigned.set(record, claimed);
        slotOf.set(claimed, record.line);
      }
    }
    let next = low + 1;
    for (const record of run) {
      if (assigned.has(record)) continue;
      while (next < high && next <= cap && !free(next)) next += 1;
      if (free(next)) {
        assigned.set(record, next);
        slotOf.set(next, record.line);
      }
    }
    for (const record of run) {
      const seq = assigned.get(record);
      const parsed = record.parsed;
      // The parser's own reason (why the line is not an entry) is quoted as it is, in English.
      if (!parsed.ok) {
        problems.push(
          seq === undefined
            ? problem(record.line, 'malformed', 'malformed', { line: record.line, why: parsed.reason })
            : problem(record.line, 'malformed', 'damaged', { line: record.line, seq, why: parsed.reason }),
        );
      } else if (seq === undefined) {
        problems.push(
          trailing && expected
            ? problem(record.line, 'inserted', 'addedAfterHead', { line: record.line, head: expected.seq })
            : placed('inserted', record.line, 'inserted', { line: record.line }),
        );
      } else {
        problems.push(problem(record.line, 'edited', trailing && !expected ? 'editedOrAdded' : 'edited', { seq }));
      }
    }
    i = j;
  }

  // Places no line fills: deleted entries (within the log; a cut-off tail is judged against `expected`).
  const known = [...bySeq.keys(), ...slotOf.keys()].sort((a, b) => a - b);
  let previous = 0;
  for (const seq of known) {
    if (seq > previous + 1) {
      const atLine = bySeq.get(seq)?.line ?? (slotOf.get(seq) as number);
      problems.push(
        previous === 0
          ? seq === 2
            ? problem(atLine, 'deleted', 'firstMissing', {})
            : problem(atLine, 'deleted', 'startMissing', { last: seq - 1 })
          : seq - previous === 2
            ? problem(atLine, 'deleted', 'oneMissing', { a: previous, b: seq })
            : problem(atLine, 'deleted', 'rangeMissing', { from: previous + 1, to: seq - 1, a: previous, b: seq }),
      );
    }
    previous = seq;
  }

  // The chain, in seq order, wherever two consecutive entries are both authentic.
  for (const [seq, entry] of bySeq) {
    const prior = seq === 1 ? null : bySeq.get(seq - 1);
    if (seq !== 1 && !prior) continue;
    const wanted = prior ? prior.hash : ZERO_HASH;
    if (entry.parsed.prev !== wanted) {
      problems.push(
        seq === 1
          ? problem(entry.line, 'inserted', 'notAStart', { line: entry.line })
          : problem(entry.line, 'inserted', 'notFollowing', { line: entry.line, seq, previous: seq - 1 }),
      );
    }
  }

  // A line cut short by a crash mid-append.
  const lastSeq = known.length > 0 ? (known[known.length - 1] as number) : 0;
  let tornSeq: number | null = null;
  if (torn) {
    const cut = TORN_SEQ.exec(torn.toString('latin1'));
    tornSeq = cut ? Number(cut[1]) : lastSeq + 1;
    problems.push(problem(records.length + 1, 'torn', 'torn', { line: records.length + 1, seq: tornSeq }));
  }

  // Against the head the vault recorded.
  if (expected && expected.seq > 0) {
    if (lastSeq < expected.seq) {
      const midLine = tornSeq !== null && tornSeq <= expected.seq;
      const key = `${lastSeq === 0 ? 'noEntries' : 'endsEarly'}${midLine ? 'MidLine' : ''}`;
      problems.push(problem(records.length + 1, 'truncated', key, { last: lastSeq, recorded: expected.seq }));
    } else {
      const recorded = bySeq.get(expected.seq);
      if (recorded && recorded.hash !== expected.hash) {
        problems.push(problem(recorded.line, 'truncated', 'rewritten', { seq: expected.seq }));
      }
    }
  }

  problems.sort((a, b) => a.line - b.line);
  const lastRecord = records.length > 0 ? (records[records.length - 1] as LineRecord) : null;
  let head: AuditHead = EMPTY_HEAD;
  if (lastRecord?.parsed.ok) head = { seq: lastRecord.parsed.entry.seq, hash: lastRecord.hash };
  else if (bySeq.has(lastSeq)) head = { seq: lastSeq, hash: (bySeq.get(lastSeq) as Authentic).hash };
  return { ok: problems.length === 0, entries: bySeq.size, head, problems };
}
