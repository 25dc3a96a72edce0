/**
 * Every vault file, authenticated, versioned and written through the one durable writer
 * (docs/vault-format.md). A file `<name>.cwv` is two lines:
 *
 *   {"cwv":3,"name":"<name>","gen":<n>,"mac":"<hex>"}
 *   <the document as compact JSON>
 *
 * `mac` is HMAC-SHA256 under the file key (derived from the vault master key) over
 * `certwright-vault-file\0<name>\0<gen>\0<document bytes>`: a file edited by hand, or copied over
 * another name, does not check. `gen` counts the file's writes; `manifest.cwv` (authenticated the
 * same way) records every file's gen and the audit log's head, so one file rolled back to an older
 * copy — or deleted — is caught too. Files are written first and the manifest last, so a crash in
 * between leaves files exactly one gen ahead of the manifest, which is accepted (and put right by the
 * next write); anything else is tampering.
 *
 * A transaction stages its writes and writes them at commit, in order, after the audit append and
 * before the manifest: a file never lands without the audit entry of the change it carries (a crash
 * between the two leaves an audit entry for a change that did not land — the key did sign — never
 * the reverse). Reads inside the transaction see what it staged.
 *
 * Reads take no lock: a file is re-read only when its stamp (mtime, ctime, size, inode) changed, and
 * stamps are checked at most once per synchronous run of code (forgotten at the next microtask), so a
 * list that builds 10,000 summaries stats each file once. An apparent mismatch is read again from the
 * disk once before it counts as tampering: another process may be between its file and manifest writes.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CertwrightError } from '../../shared/errors.js';
import { ensurePrivateDirectory, removeFileDurable, writeFileDurable } from './durable.js';
import { msg, type Msg } from '../../shared/i18n/message.js';

export const FILE_EXTENSION = '.cwv';
export const NO_FILE = 'none';
export const MANIFEST = 'manifest';
export const HEADER = 'vault';
const FORMAT = 3;
const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;
/** More than an envelope line can take (its name is at most 81 characters). */
const ENVELOPE_HEAD_BYTES = 512;

export interface AuditHeadRecord {
  readonly seq: number;
  readonly hash: string;
}

interface Manifest {
  readonly gen: number;
  readonly files: Readonly<Record<string, number>>;
  readonly audit: AuditHeadRecord;
}

export interface ShardRead {
  readonly stamp: string;
  readonly doc: Record<string, unknown>;
}

interface Envelope {
  readonly name: string;
  readonly gen: number;
  readonly mac: string;
  readonly docText: string;
}

function stampOf(info: Stats | undefined): string {
  return info ? `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}` : NO_FILE;
}

/** `what` says what is wrong with the file: an `errors:tamper.*` key and its parameters, nested in the sentence. */
export function tampered(file: string, what: Msg, directory: string): CertwrightError {
  return new CertwrightError('VAULT_TAMPERED', msg('errors:files.tampered', { ...what.params, file: `${file}${FILE_EXTENSION}`, what: what.key, directory }));
}

export function macOf(key: KeyObject, name: string, gen: number, docText: string): string {
  return createHmac('sha256', key).update(`certwright-vault-file\0${name}\0${gen}\0`).update(docText).digest('hex');
}

/** Splits and shape-checks a file's bytes (nothing is trusted until its MAC checks). */
export function parseEnvelope(text: string): Envelope | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  let head: unknown;
  try {
    head = JSON.parse(text.slice(0, newline));
  } catch {
    return null;
  }
  const h = head as { cwv?: unknown; name?: unknown; gen?: unknown; mac?: unknown } | null;
  if (!h || h.cwv !== FORMAT || typeof h.name !== 'string' || !Number.isSafeInteger(h.gen) || (h.gen as number) < 1 || typeof h.mac !== 'string' || !/^[0-9a-f]{64}$/.test(h.mac)) return null;
  return { name: h.name, gen: h.gen as number, mac: h.mac, docText: text.slice(newline + 1) };
}

export function formatFile(key: KeyObject, name: string, gen: number, doc: unknown): string {
  const docText = JSON.stringify(doc);
  return `${JSON.stringify({ cwv: FORMAT, name, gen, mac: macOf(key, name, gen, docText) })}\n${docText}`;
}

function parseDoc(docText: string): Record<string, unknown> | null {
  let doc: unknown;
  try {
    doc = JSON.parse(docText);
  } catch {
    return null;
  }
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
}

const EMPTY_MANIFEST: Manifest = { gen: 0, files: {}, audit: { seq: 0, hash: '0'.repeat(64) } };

export class VaultFiles {
  readonly directory: string;
  #key: KeyObject | null = null;
  #memo: Map<string, string> | null = null;
  /** The manifest as last read or written, with its stamp. */
  #manifest: { stamp: string; manifest: Manifest } | null = null;
  /** Gens written in the open transaction (under the lock), to go into the manifest at commit. */
  #pending: Map<string, number> | null = null;
  /** Documents the open transaction staged, as they will be after it (reads see them). */
  #staged = new Map<string, { readonly stamp: string; readonly doc: Record<string, unknown> }>();
  /** Every staged write in order: a file written twice is written twice, so a multi-file protocol (the pending batch) keeps its order on disk. */
  #log: Array<{ readonly name: string; readonly text: string }> = [];
  /**
   * For each file this process wrote, the stamp callers were given (its staged stamp) and the stamp
   * it has on disk: while the file is unchanged, it keeps showing the stamp callers cached.
   */
  readonly #aliases = new Map<string, { readonly real: string; readonly shown: string }>();
  /** The manifest's stamp as this process last saw or wrote it, and a count of the times another process was found to have committed since. */
  #knownManifest: string | null = null;
  #epoch = 0;
  /**
   * The stamp at which each file last passed its check (MAC, name, generation) in this session: the
   * background pass (Vault.fullyVerified) skips a file a reader has checked since it last changed.
   */
  readonly #verified = new Map<string, string>();

  constructor(directory: string) {
    this.directory = directory;
  }

  /** The file key while the vault is unlocked; null drops it. */
  setKey(key: KeyObject | null): void {
    this.#key = key;
    this.#manifest = null;
    this.#knownManifest = null;
    this.#verified.clear();
  }

  /**
   * Changes when another process has committed since this one last looked — one stat of the
   * manifest, which every commit rewrites — so a reader holding everything parsed (the 257
   * certificate files) need not stat each file again while nothing changed elsewhere.
   */
  epoch(): number {
    const stamp = this.stamp(MANIFEST);
    if (stamp !== this.#knownManifest) {
      this.#knownManifest = stamp;
      this.#epoch++;
    }
    return this.#epoch;
  }

  path(name: string): string {
    return join(this.directory, `${name}${FILE_EXTENSION}`);
  }

  exists(name: string): boolean {
    return statSync(this.path(name), { throwIfNoEntry: false }) !== undefined;
  }

  /** The file's version as of this synchronous run (`none` when it does not exist). */
  stamp(name: string): string {
    const staged = this.#staged.get(name);
    if (staged) return staged.stamp;
    const memo = this.#turn();
    let stamp = memo.get(name);
    if (stamp === undefined) {
      stamp = this.stampNow(name);
      memo.set(name, stamp);
    }
    return stamp;
  }

  stampNow(name: string): string {
    const staged = this.#staged.get(name);
    if (staged) return staged.stamp;
    return this.#shown(name, stampOf(statSync(this.path(name), { throwIfNoEntry: false })));
  }

  #shown(name: string, real: string): string {
    const alias = this.#aliases.get(name);
    return alias?.real === real ? alias.shown : real;
  }

  /** Forgets the versions seen: the next checks go to the disk (taken with the write lock). */
  forget(): void {
    this.#memo = null;
  }

  /** After a write of ours: the version now on disk is the one we wrote. */
  wrote(name: string): string {
    const stamp = this.stampNow(name);
    this.#turn().set(name, stamp);
    return stamp;
  }

  /** The header's document without authentication: only to read the KDF parameters before unlocking. */
  readUnverified(name: string): Record<string, unknown> | null {
    let text: string;
    try {
      text = readFileSync(this.path(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const envelope = parseEnvelope(text);
    const doc = envelope && envelope.name === name ? parseDoc(envelope.docText) : null;
    if (!doc) throw new CertwrightError('VAULT_CORRUPT', msg('errors:files.headerDamaged', { file: `${name}${FILE_EXTENSION}` }));
    return doc;
  }

  /** Reads, authenticates and checks against the manifest; null when the file does not exist (and need not). */
  read(name: string): ShardRead | null {
    return this.#twice(name, () => this.#readChecked(name, true));
  }

  /**
   * Checks one file as read() does — MAC, name, generation against the manifest — without parsing
   * its document; nothing when it passed already at the version now on disk. The background half of
   * the integrity pass (docs/vault-format.md, "What is checked when").
   */
  verify(name: string): void {
    if (!this.#staged.has(name) && this.#verified.get(name) === this.stampNow(name)) return;
    this.#twice(name, () => this.#readChecked(name, false));
  }

  /** At unlock, for a file whose MAC is checked later: it must at least be there when the manifest names it. */
  checkPresent(name: string): void {
    this.#twice(name, () => {
      const recorded = name !== MANIFEST && this.#manifestNow().files[name] !== undefined;
      return !recorded || this.stampNow(name) !== NO_FILE ? { ok: true, value: null } : { ok: false, problem: msg('errors:tamper.missing') };
    });
  }

  /** The names of every file the manifest records (the header among them). */
  manifestNames(): string[] {
    return Object.keys(this.#manifestNow().files);
  }

  /** A check that failed is made once more from the disk before it counts: another process may be between its file and manifest writes. */
  #twice<T>(name: string, check: () => { ok: true; value: T } | { ok: false; problem: Msg }): T {
    const first = check();
    if (first.ok) return first.value;
    this.forget();
    this.#manifest = null;
    const second = check();
    if (second.ok) return second.value;
    throw tampered(name, second.problem, this.directory);
  }

  /** With `parse` false the document is not parsed (the answer is null). */
  #readChecked(name: string, parse: boolean): { ok: true; value: ShardRead | null } | { ok: false; problem: Msg } {
    const staged = this.#staged.get(name);
    if (staged) return { ok: true, value: parse ? staged : null };
    const key = this.#requireKey();
    const manifest = this.#manifestNow();
    const expected = name === MANIFEST ? undefined : (this.#pending?.get(name) ?? manifest.files[name]);
    let fd: number;
    try {
      fd = openSync(this.path(name), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#turn().set(name, NO_FILE);
      return expected === undefined ? { ok: true, value: null } : { ok: false, problem: msg('errors:tamper.missing') };
    }
    let stamp: string;
    let text: string;
    try {
      stamp = this.#shown(name, stampOf(fstatSync(fd)));
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    this.#turn().set(name, stamp);
    const envelope = parseEnvelope(text);
    if (!envelope) return { ok: false, problem: msg('errors:tamper.notVaultFile') };
    if (envelope.name !== name) return { ok: false, problem: msg('errors:tamper.otherContents', { other: `${envelope.name}${FILE_EXTENSION}` }) };
    const mac = Buffer.from(macOf(key, name, envelope.gen, envelope.docText), 'hex');
    if (!timingSafeEqual(mac, Buffer.from(envelope.mac, 'hex'))) return { ok: false, problem: msg('errors:tamper.integrity') };
    if (expected === undefined ? envelope.gen !== 1 && name !== MANIFEST : envelope.gen < expected) {
      return { ok: false, problem: expected === undefined ? msg('errors:tamper.notInManifest') : msg('errors:tamper.rolledBack', { version: envelope.gen, expected }) };
    }
    if (expected !== undefined && envelope.gen > expected + 1) return { ok: false, problem: msg('errors:tamper.manifestRolledBack', { version: envelope.gen, expected }) };
    this.#verified.set(name, stamp);
    if (!parse) return { ok: true, value: null };
    const doc = parseDoc(envelope.docText);
    if (!doc) return { ok: false, problem: msg('errors:tamper.notJson') };
    return { ok: true, value: { stamp, doc } };
  }

  /** Starts a transaction (the caller holds the vault lock). */
  begin(): void {
    this.#pending = new Map();
    this.#staged = new Map();
    this.#log = [];
  }

  /** Stages a document (written at commit): gen one past the manifest's, once per transaction. The document is taken over: do not change it afterwards. */
  write(name: string, doc: unknown): void {
    if (!NAME.test(name) || name === MANIFEST) throw new CertwrightError('INTERNAL', msg('errors:files.badName', { name }));
    const key = this.#requireKey();
    const pending = this.#pending;
    if (!pending) throw new CertwrightError('INTERNAL', msg('errors:files.outsideTransaction'));
    ensurePrivateDirectory(this.directory);
    let gen = pending.get(name);
    if (gen === undefined) {
      const manifest = this.#manifestNow();
      const recorded = manifest.files[name] ?? 0;
      const onDisk = this.#genOnDisk(name);
      if (onDisk > recorded) {
        // A crash left this file one ahead of the manifest (readers accept it). Record that version
        // first: should this write die too, the file is again only one ahead, never two.
        this.read(name);
        this.#writeManifest({ gen: manifest.gen + 1, files: { ...manifest.files, [name]: onDisk }, audit: manifest.audit });
      }
      gen = Math.max(recorded, onDisk) + 1;
      pending.set(name, gen);
    }
    const text = formatFile(key, name, gen, doc);
    this.#log.push({ name, text });
    // Reads in this transaction see the document itself: write() takes it over, callers build a fresh
    // one per write (a copy of a 100,000-entry revocation book would cost more than the write).
    this.#staged.set(name, { stamp: `staged:${gen}:${this.#log.length}`, doc: doc as Record<string, unknown> });
  }

  /** Ends the transaction: records the gens written and the audit head in the manifest (nothing to do when nothing changed). */
  commit(audit: AuditHeadRecord | null): void {
    const pending = this.#pending;
    const log = this.#log;
    const staged = this.#staged;
    this.#pending = null;
    this.#log = [];
    this.#staged = new Map();
    for (const { name, text } of log) writeFileDurable(this.path(name), text);
    // Callers cached the staged stamps: the files now on disk show them while unchanged.
    for (const [name, { stamp }] of staged) {
      this.#aliases.set(name, { real: stampOf(statSync(this.path(name), { throwIfNoEntry: false })), shown: stamp });
      this.#turn().set(name, stamp);
    }
    if (!pending || (pending.size === 0 && audit === null)) return;
    const current = this.#manifestNow();
    const files = { ...current.files };
    for (const [name, gen] of pending) files[name] = gen;
    this.#writeManifest({ gen: current.gen + 1, files, audit: audit ?? current.audit });
  }

  /**
   * Drops a transaction that failed. Nothing it staged reaches the disk; if it failed while its
   * files were being written at commit, those written are one gen ahead of the manifest, which
   * readers accept (their audit entry was appended first).
   */
  abort(): void {
    this.#pending = null;
    this.#log = [];
    this.#staged = new Map();
    this.#manifest = null;
  }

  /** The audit head the manifest recorded. */
  auditHead(): AuditHeadRecord {
    return this.#manifestNow().audit;
  }

  /** Every file the manifest names, read and checked once: a full integrity pass (at unlock, and what a backup holds). */
  verifyAll(): Map<string, Record<string, unknown>> {
    const docs = new Map<string, Record<string, unknown>>();
    for (const name of Object.keys(this.#manifestNow().files)) {
      const read = this.read(name);
      if (read) docs.set(name, read.doc);
    }
    return docs;
  }

  /**
   * Writes a complete vault into an empty directory (create, restore, migration): every file at gen 1,
   * the header, the manifest last. Before the header nothing here is a vault yet (a crash leaves
   * leftovers the next create or migration clears); a header without a manifest is a vault whose files
   * are all at their first version, which is exactly what was written.
   */
  writeFresh(files: ReadonlyMap<string, unknown>, header: unknown, audit: AuditHeadRecord): void {
    const key = this.#requireKey();
    ensurePrivateDirectory(this.directory);
    const gens: Record<string, number> = {};
    for (const [name, doc] of files) {
      if (!NAME.test(name) || name === MANIFEST || name === HEADER) throw new CertwrightError('INTERNAL', msg('errors:files.badName', { name }));
      writeFileDurable(this.path(name), formatFile(key, name, 1, doc));
      gens[name] = 1;
    }
    writeFileDurable(this.path(HEADER), formatFile(key, HEADER, 1, header));
    gens[HEADER] = 1;
    this.#writeManifest({ gen: 1, files: gens, audit });
    this.forget();
  }

  /** Names of the vault files present (without the extension). */
  list(): string[] {
    let entries: string[];
    try {
      entries = readdirSync(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.filter((e) => e.endsWith(FILE_EXTENSION) && !e.startsWith('.')).map((e) => e.slice(0, -FILE_EXTENSION.length));
  }

  remove(name: string): void {
    removeFileDurable(this.path(name));
    this.#turn().set(name, NO_FILE);
  }

  #writeManifest(manifest: Manifest): void {
    const key = this.#requireKey();
    writeFileDurable(this.path(MANIFEST), formatFile(key, MANIFEST, manifest.gen, { files: manifest.files, audit: manifest.audit }));
    const stamp = this.wrote(MANIFEST);
    this.#manifest = { stamp, manifest };
    // Our own commit is not news: what we hold parsed already has it.
    if (this.#knownManifest !== null) this.#knownManifest = stamp;
  }

  /**
   * The generation in the file's envelope line, unchecked: only that line is read (a bucket at
   * 100,000 certificates is ≈ 500 KB; every write used to read it whole, ≈ 1 ms of an issuance).
   * write() reads and checks the whole file when this is above the manifest's.
   */
  #genOnDisk(name: string): number {
    if (statSync(this.path(name), { throwIfNoEntry: false }) === undefined) return 0;
    let fd: number;
    try {
      fd = openSync(this.path(name), 'r');
    } catch {
      return 0;
    }
    try {
      const head = Buffer.alloc(ENVELOPE_HEAD_BYTES);
      const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
      const newline = text.indexOf('\n');
      const envelope = newline < 0 ? null : parseEnvelope(text.slice(0, newline + 1));
      return envelope && envelope.name === name ? envelope.gen : 0;
    } finally {
      closeSync(fd);
    }
  }

  #manifestNow(): Manifest {
    const stamp = this.stamp(MANIFEST);
    if (this.#manifest?.stamp === stamp) return this.#manifest.manifest;
    if (stamp === NO_FILE) {
      this.#manifest = { stamp, manifest: EMPTY_MANIFEST };
      return EMPTY_MANIFEST;
    }
    const key = this.#requireKey();
    const text = readFileSync(this.path(MANIFEST), 'utf8');
    const envelope = parseEnvelope(text);
    const doc = envelope ? parseDoc(envelope.docText) : null;
    if (!envelope || envelope.name !== MANIFEST || !doc) throw tampered(MANIFEST, msg('errors:tamper.damaged'), this.directory);
    if (!timingSafeEqual(Buffer.from(macOf(key, MANIFEST, envelope.gen, envelope.docText), 'hex'), Buffer.from(envelope.mac, 'hex'))) {
      throw tampered(MANIFEST, msg('errors:tamper.integrity'), this.directory);
    }
    const files = doc.files as Record<string, unknown> | undefined;
    const audit = doc.audit as { seq?: unknown; hash?: unknown } | undefined;
    if (!files || typeof files !== 'object' || !Object.values(files).every((g) => Number.isSafeInteger(g)) || !audit || !Number.isSafeInteger(audit.seq) || typeof audit.hash !== 'string') {
      throw tampered(MANIFEST, msg('errors:tamper.damaged'), this.directory);
    }
    const manifest: Manifest = { gen: envelope.gen, files: files as Record<string, number>, audit: { seq: audit.seq as number, hash: audit.hash } };
    this.#manifest = { stamp, manifest };
    return manifest;
  }

  #requireKey(): KeyObject {
    if (!this.#key) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.locked'));
    return this.#key;
  }

  #turn(): Map<string, string> {
    let memo = this.#memo;
    if (!memo) {
      const fresh = new Map<string, string>();
      memo = this.#memo = fresh;
      queueMicrotask(() => {
        if (this.#memo === fresh) this.#memo = null;
      });
    }
    return memo;
  }
}
