/**
 * Inspect anything, fed garbage: 10,000 mutations of the corpus OpenSSL and certtool make (bit flips,
 * truncation, ASN.1 length fields rewritten, bytes inserted and deleted, PEM text damaged, and
 * PKCS#12 files damaged inside with their MAC made valid again so the decryption paths run), plus a
 * few hand-made hostile inputs (absurd nesting, absurd lengths, too large, too many objects, a
 * PKCS#12 asking for too many MAC iterations).
 *
 * Every input must settle within {@link BOUND_MS}: as a report that serialises and names the source
 * of every object and problem, or as an InputError with a message. Any other exception is a crash.
 *
 * The mutations run in worker threads (as many as there are cores, at most 2) watched by the main
 * thread, so that even a synchronous endless loop is caught and named instead of hanging the run.
 * Mutation i is drawn from its own PRNG seeded with (seed, i); the corpus itself is made fresh each
 * run (new keys), so a failure prints the input's bytes — base64 — as the real reproduction.
 *   FUZZ_SEED=0x…   another seed          FUZZ_COUNT=n   another number of mutations
 *   FUZZ_ONLY=i     only mutation i (with the seed of the failing run)
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { oidText, walkDer, type DerNode } from '../../electron/engine/inspect/der.js';
import { inspectInput, type InspectContext, type InspectRequest } from '../../electron/engine/inspect/inspect.js';
import { InputError } from '../../electron/engine/inspect/read-input.js';
import { bmpPassword, KDF_ID, pkcs12Kdf, type KdfHash } from '../../electron/engine/export/pkcs12-kdf.js';
import { INSPECT_MAX_BYTES, INSPECT_MAX_OBJECTS, type InspectionReport } from '../../shared/domain/inspect.js';
import { CORPUS_PASSWORD, makeCorpus } from '../support/inspect-corpus.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';
import { isMsg } from '../../shared/i18n/message.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed1e55) >>> 0;
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const ONLY = process.env.FUZZ_ONLY === undefined ? null : Number(process.env.FUZZ_ONLY);
/** Every input settles within this, or it is a finding. */
const BOUND_MS = 2_000;
/** A worker that has not started a new input for this long is stuck: it is stopped and the input named. */
const HANG_MS = 30_000;
const seedText = `0x${SEED.toString(16).padStart(8, '0')}`;

// ---- Deterministic randomness ----------------------------------------------------------------------

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)]!;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

// ---- DER helpers -------------------------------------------------------------------------------------

function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...encodeLength(body.length)]), body]));
}

function nodesOf(root: DerNode): DerNode[] {
  const all: DerNode[] = [];
  const visit = (node: DerNode) => {
    all.push(node);
    node.children.forEach(visit);
  };
  visit(root);
  return all;
}

const whole = (bytes: Uint8Array, node: DerNode) => bytes.subarray(node.offset, node.offset + node.headerLength + node.length + (node.indefinite ? 2 : 0));
const inside = (bytes: Uint8Array, node: DerNode) => bytes.subarray(node.offset + node.headerLength, node.offset + node.headerLength + node.length);

function tagLength(bytes: Uint8Array, offset: number): number {
  if ((bytes[offset]! & 0x1f) !== 0x1f) return 1;
  let i = offset + 1;
  while (bytes[i]! & 0x80) i++;
  return i - offset + 1;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

// ---- The corpus, prepared for mutation ---------------------------------------------------------------

interface RawItem {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly password: string | null;
}

interface PemBlock {
  readonly label: string;
  /** The block's span in the text, BEGIN line to END line (and its newline). */
  readonly start: number;
  readonly end: number;
  /** Encapsulated headers (legacy encrypted keys), with the blank line after them; usually empty. */
  readonly headers: string;
  readonly der: Uint8Array;
}

/** A PKCS#12 file taken apart so its AuthenticatedSafe can be damaged and its MAC made valid again. */
interface P12Parts {
  readonly version: Uint8Array;
  readonly contentType: Uint8Array;
  readonly authSafe: Uint8Array;
  readonly digestAlgorithm: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: Uint8Array;
  readonly hash: KdfHash;
  readonly iterationCount: number;
}

interface Prepared extends RawItem {
  readonly pem: { readonly text: string; readonly blocks: PemBlock[]; readonly base64Chars: number[]; readonly lines: Array<[number, number]>; readonly endLines: Array<[number, number]> } | null;
  readonly p12: P12Parts | null;
}

const MAC_HASH_OIDS: Readonly<Record<string, KdfHash>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

function p12PartsOf(bytes: Uint8Array): P12Parts | null {
  try {
    const root = walkDer(bytes);
    const [version, authSafe, macData] = root.children;
    const [contentType, explicit] = authSafe!.children;
    const octets = explicit!.children[0]!;
    const [digestInfo, salt, iterations] = macData!.children;
    const [algorithm, digest] = digestInfo!.children;
    const hash = MAC_HASH_OIDS[oidText(inside(bytes, algorithm!.children[0]!))];
    if (!hash || octets.constructed || !digest || !iterations) return null;
    const count = inside(bytes, iterations).reduce((n, b) => n * 256 + b, 0);
    return {
      version: whole(bytes, version!),
      contentType: whole(bytes, contentType!),
      authSafe: inside(bytes, octets),
      digestAlgorithm: whole(bytes, algorithm!),
      salt: whole(bytes, salt!),
      iterations: whole(bytes, iterations),
      hash,
      iterationCount: count,
    };
  } catch {
    return null;
  }
}

/** The PFX again, around another AuthenticatedSafe, with a MAC that is right for it. */
function rebuildP12(parts: P12Parts, authSafe: Uint8Array, password: string, iterationsTlv = parts.iterations): Uint8Array {
  const salt = inside(parts.salt, walkDer(parts.salt));
  const size = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[parts.hash];
  const key = pkcs12Kdf(parts.hash, bmpPassword(password), salt, KDF_ID.mac, parts.iterationCount, size);
  const mac = new Uint8Array(createHmac(parts.hash, key).update(authSafe).digest());
  return tlv(0x30, parts.version, tlv(0x30, parts.contentType, tlv(0xa0, tlv(0x04, authSafe))), tlv(0x30, tlv(0x30, parts.digestAlgorithm, tlv(0x04, mac)), parts.salt, iterationsTlv));
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 #]+)-----\r?\n([\s\S]*?)-----END \1-----\r?\n?/g;
const HEADER_LINE = /^[A-Za-z-]+:/;

function prepare(item: RawItem): Prepared {
  const text = item.bytes[0] === 0x2d ? Buffer.from(item.bytes).toString('latin1') : null;
  if (text === null) return { ...item, pem: null, p12: item.password === null ? null : p12PartsOf(item.bytes) };
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const lines = match[2]!.split(/\r?\n/);
    const headerLines = lines.filter((l) => HEADER_LINE.test(l));
    const body = lines.filter((l) => !HEADER_LINE.test(l)).join('');
    blocks.push({ label: match[1]!, start: match.index, end: match.index + match[0].length, headers: headerLines.length > 0 ? `${headerLines.join('\n')}\n\n` : '', der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  const base64Chars: number[] = [];
  const lines: Array<[number, number]> = [];
  const endLines: Array<[number, number]> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.length > 0) lines.push([at, at + line.length + 1]);
    if (line.startsWith('-----END ')) endLines.push([at, at + line.length]);
    else if (!line.startsWith('-----') && !HEADER_LINE.test(line)) for (let i = 0; i < line.length; i++) base64Chars.push(at + i);
    at += line.length + 1;
  }
  return { ...item, pem: { text, blocks, base64Chars, lines, endLines }, p12: null };
}

function armour(block: PemBlock, der: Uint8Array): string {
  const body = b64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${block.label}-----\n${block.headers}${body.map((l) => `${l}\n`).join('')}-----END ${block.label}-----\n`;
}

// ---- Mutations ---------------------------------------------------------------------------------------

const DER_KINDS = ['bit-flip', 'bit-flips', 'truncate', 'length-field', 'tag', 'value', 'insert', 'delete'] as const;
const PEM_TEXT_KINDS = ['pem-char', 'pem-drop-line', 'pem-cut-end'] as const;
type DerKind = (typeof DER_KINDS)[number];

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Tags worth trying in place of another: every string and time type, the structural ones, a high-tag-number form. */
const TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a, 0x1c, 0x1e, 0x1f, 0x30, 0x31, 0x80, 0x82, 0x86, 0x87, 0xa0, 0xa3] as const;
const LENGTH_VARIANTS = ['00', '7f', '80', '81 ff', '84 ff ff ff ff', '+1', '-1', '85 (5 length bytes)', 'non-minimal'] as const;

/** One DER-level mutation; `detail` says exactly what was done. */
function mutateDer(der: Uint8Array, kind: DerKind, rng: Rng): { bytes: Uint8Array; kind: string; detail: string } {
  if (der.length === 0) return { bytes: der, kind, detail: 'empty to begin with' };
  switch (kind) {
    case 'bit-flip':
    case 'bit-flips': {
      const bytes = new Uint8Array(der);
      const flips = kind === 'bit-flip' ? 1 : 2 + int(rng, 15);
      const where: string[] = [];
      for (let n = 0; n < flips; n++) {
        const at = int(rng, bytes.length);
        const bit = int(rng, 8);
        bytes[at]! ^= 1 << bit;
        where.push(`${at}.${bit}`);
      }
      return { bytes, kind, detail: `byte.bit ${where.join(' ')}` };
    }
    case 'truncate': {
      const at = int(rng, der.length);
      return { bytes: der.slice(0, at), kind, detail: `cut to ${at} of ${der.length} bytes` };
    }
    case 'length-field': {
      let nodes: DerNode[];
      try {
        nodes = nodesOf(walkDer(der, { allowTrailing: true }));
      } catch {
        return mutateDer(der, 'bit-flip', rng); // not ASN.1 to begin with (encrypted PEM body)
      }
      const node = pick(rng, nodes);
      const at = node.offset + tagLength(der, node.offset);
      const size = node.offset + node.headerLength - at;
      const variant = pick(rng, LENGTH_VARIANTS);
      const bytes: number[] =
        variant === '+1' ? encodeLength(node.length + 1)
        : variant === '-1' ? encodeLength(Math.max(0, node.length - 1))
        : variant === '85 (5 length bytes)' ? [0x85, 0, 0, 0, 0, node.length & 0xff]
        : variant === 'non-minimal' ? [0x84, (node.length >>> 24) & 0xff, (node.length >>> 16) & 0xff, (node.length >>> 8) & 0xff, node.length & 0xff]
        : variant.split(' ').map((h) => parseInt(h, 16));
      return { bytes: splice(der, at, size, bytes), kind, detail: `length of the element at byte ${node.offset} (tag ${der[node.offset]!.toString(16)}, length ${node.length}) set to ${variant}` };
    }
    case 'tag':
    case 'value': {
      let nodes: DerNode[];
      try {
        nodes = nodesOf(walkDer(der, { allowTrailing: true }));
      } catch {
        return mutateDer(der, 'bit-flip', rng);
      }
      if (kind === 'tag') {
        // Another type in the same place, lengths untouched: a UTF8String read as a UniversalString, a SEQUENCE as a SET…
        const node = pick(rng, nodes);
        const was = der[node.offset]!;
        const tag = rng() < 0.5 ? was ^ (1 << int(rng, 8)) : pick(rng, TAGS);
        return { bytes: splice(der, node.offset, 1, [tag]), kind, detail: `tag at byte ${node.offset} changed from ${was.toString(16)} to ${tag.toString(16)}` };
      }
      // The contents of one primitive element (an INTEGER, OID, string, time, key bits) replaced, same length.
      const primitives = nodes.filter((n) => !n.constructed && n.length > 0);
      if (primitives.length === 0) return mutateDer(der, 'bit-flip', rng);
      const node = pick(rng, primitives);
      const variant = pick(rng, ['00…', 'ff…', '80 00…', '7f ff…', 'random'] as const);
      const fill = Array.from({ length: node.length }, (_, i) =>
        variant === '00…' ? 0 : variant === 'ff…' ? 0xff : variant === '80 00…' ? (i === 0 ? 0x80 : 0) : variant === '7f ff…' ? (i === 0 ? 0x7f : 0xff) : int(rng, 256),
      );
      return { bytes: splice(der, node.offset + node.headerLength, node.length, fill), kind, detail: `the ${node.length} content bytes of the element at byte ${node.offset} (tag ${der[node.offset]!.toString(16)}) set to ${variant}` };
    }
    case 'insert': {
      const at = int(rng, der.length + 1);
      if (rng() < 0.3) {
        // A copy of a piece of the input itself: plausible structure in the wrong place.
        const from = int(rng, der.length);
        const piece = der.slice(from, from + 1 + int(rng, 64));
        return { bytes: splice(der, at, 0, piece), kind, detail: `${piece.length} bytes from byte ${from} copied to byte ${at}` };
      }
      const piece = Array.from({ length: 1 + int(rng, 16) }, () => int(rng, 256));
      return { bytes: splice(der, at, 0, piece), kind, detail: `${piece.length} random bytes inserted at byte ${at}` };
    }
    case 'delete': {
      const at = int(rng, der.length);
      const count = 1 + int(rng, Math.min(16, der.length - at));
      return { bytes: splice(der, at, count, []), kind, detail: `${count} bytes deleted at byte ${at}` };
    }
  }
}

function mutatePemText(pem: NonNullable<Prepared['pem']>, kind: (typeof PEM_TEXT_KINDS)[number], rng: Rng): { bytes: Uint8Array; detail: string } {
  const bytes = new Uint8Array(Buffer.from(pem.text, 'latin1'));
  switch (kind) {
    case 'pem-char': {
      const at = pick(rng, pem.base64Chars);
      const roll = rng();
      const value = roll < 0.8 ? BASE64_ALPHABET.charCodeAt(int(rng, 64)) : roll < 0.85 ? 0x3d : int(rng, 256);
      bytes[at] = value;
      return { bytes, detail: `character at ${at} set to byte ${value.toString(16)}` };
    }
    case 'pem-drop-line': {
      const [from, to] = pick(rng, pem.lines);
      return { bytes: splice(bytes, from, to - from, []), detail: `line at ${from} (${JSON.stringify(pem.text.slice(from, Math.min(to, from + 30)))}…) dropped` };
    }
    case 'pem-cut-end': {
      const [from, to] = pick(rng, pem.endLines);
      const roll = rng();
      if (roll < 0.5) return { bytes: splice(bytes, from, to - from, []), detail: `END line at ${from} removed` };
      const cut = from + int(rng, to - from);
      if (roll < 0.75) return { bytes: splice(bytes, cut, to - cut, []), detail: `END line at ${from} cut at ${cut}` };
      return { bytes: bytes.slice(0, cut), detail: `text cut at ${cut}, inside the END line at ${from}` };
    }
  }
}

export interface Mutation {
  readonly index: number;
  readonly item: string;
  readonly kind: string;
  readonly detail: string;
  readonly bytes: Uint8Array;
  readonly password: string | null;
  readonly role: InspectRequest['role'];
  readonly hostCheck: string | null;
  /** The corpus root is in the vault (so chains reach an anchor and revocation is looked up). */
  readonly vaultRoot: boolean;
  /** The vault says everything the root signed is revoked. */
  readonly revoked: boolean;
  /** Chains may also end at the system store (which holds the corpus root). */
  readonly systemStore: boolean;
}

function mutation(corpus: readonly Prepared[], seed: number, index: number): Mutation {
  const rng = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const item = pick(rng, corpus);
  const options = {
    role: pick(rng, ['server', 'client', 'any'] as const),
    hostCheck: pick(rng, [null, null, 'svc.corpus.test', '10.1.2.3', 'gnutls.corpus.test']),
    vaultRoot: rng() < 0.5,
    revoked: rng() < 0.25,
    systemStore: rng() < 0.25,
  };
  // The password where the original needs one (mostly), so MAC checks and decryption run.
  let password = item.password !== null && rng() < 0.9 ? item.password : null;
  const base = { index, item: item.name, ...options };
  if (item.pem) {
    const pem = item.pem;
    const kind = pick(rng, [...DER_KINDS, ...PEM_TEXT_KINDS]);
    if ((PEM_TEXT_KINDS as readonly string[]).includes(kind)) {
      const { bytes, detail } = mutatePemText(pem, kind as (typeof PEM_TEXT_KINDS)[number], rng);
      return { ...base, kind, detail, bytes, password };
    }
    const which = int(rng, pem.blocks.length);
    const block = pem.blocks[which]!;
    const changed = mutateDer(block.der, kind as DerKind, rng);
    const text = pem.text.slice(0, block.start) + armour(block, changed.bytes) + pem.text.slice(block.end);
    return { ...base, kind: `${changed.kind} (PEM block ${which + 1}, re-armoured)`, detail: changed.detail, bytes: new Uint8Array(Buffer.from(text, 'latin1')), password };
  }
  const kinds: string[] = [...DER_KINDS];
  if (item.p12) kinds.push('p12-inner', 'p12-inner', 'p12-inner');
  const kind = pick(rng, kinds);
  if (kind === 'p12-inner' && item.p12 && item.password !== null) {
    // Damage the AuthenticatedSafe, then MAC it again: the parser goes past the MAC into the bags.
    const changed = mutateDer(item.p12.authSafe, pick(rng, DER_KINDS), rng);
    password = item.password;
    return { ...base, kind: `p12-inner ${changed.kind}`, detail: `${changed.detail} (in the AuthenticatedSafe; MAC recomputed)`, bytes: rebuildP12(item.p12, changed.bytes, password), password };
  }
  const changed = mutateDer(item.bytes, kind as DerKind, rng);
  return { ...base, kind: changed.kind, detail: changed.detail, bytes: changed.bytes, password };
}

// ---- Judging one input -------------------------------------------------------------------------------

function contextFor(m: Pick<Mutation, 'vaultRoot' | 'revoked'>, root: Uint8Array): InspectContext {
  return {
    vault: m.vaultRoot ? [{ der: root, authorityId: 'fuzz-root' }] : [],
    system: () => [root],
    now: new Date(),
    crypto: globalThis.crypto,
    revocationOf: () => (m.revoked ? { revokedAt: '2024-01-01T00:00:00.000Z', reason: 'keyCompromise' } : null),
  };
}

type Outcome = { readonly report: InspectionReport } | { readonly error: unknown };

/** Null when the outcome is one of the two allowed; otherwise what is wrong with it. */
function verdict(outcome: Outcome): string | null {
  if ('error' in outcome) {
    const { error } = outcome;
    if (error instanceof InputError) return error.message.trim().length > 0 ? null : 'InputError with an empty message';
    return `crash: ${error instanceof Error ? `${error.constructor.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 8).join('\n')}` : `non-Error thrown: ${String(error)}`}`;
  }
  const { report } = outcome;
  let json: string;
  try {
    json = JSON.stringify(report);
  } catch (error) {
    return `the report does not serialise: ${String(error)}`;
  }
  if (typeof json !== 'string') return 'the report serialises to nothing';
  // Every text is a catalog key that words to something: not empty, not the bare key of a missing text.
  const nonEmpty = (value: unknown) => isMsg(value) && english(value).trim().length > 0 && !english(value).includes(value.key) && !english(value).includes('$t(');
  for (const [i, object] of report.objects.entries()) if (!nonEmpty(object.source)) return `object ${i} (${object.kind}) has no source`;
  for (const [i, problem] of report.problems.entries()) {
    if (!nonEmpty(problem.source)) return `problem ${i} has no source: ${JSON.stringify(problem)}`;
    if (!nonEmpty(problem.message)) return `problem ${i} has no message: ${JSON.stringify(problem)}`;
  }
  for (const [i, finding] of report.findings.entries()) if (!nonEmpty(finding.title)) return `finding ${i} (${finding.id}) has no title`;
  if (report.objects.length === 0 && report.problems.length === 0) return 'the report says nothing: no object, no problem';
  return null;
}

async function settle(bytes: Uint8Array, request: InspectRequest, context: InspectContext): Promise<{ outcome: Outcome; ms: number }> {
  const start = performance.now();
  let outcome: Outcome;
  try {
    outcome = { report: await inspectInput(bytes, request, context) };
  } catch (error) {
    outcome = { error };
  }
  return { outcome, ms: performance.now() - start };
}

// ---- The worker side ---------------------------------------------------------------------------------

interface FuzzJob {
  readonly corpus: RawItem[];
  readonly root: Uint8Array;
  readonly seed: number;
  readonly indices: number[];
}

interface Failure {
  readonly index: number;
  readonly item: string;
  readonly kind: string;
  readonly detail: string;
  readonly password: string | null;
  readonly what: string;
  readonly ms: number;
  readonly base64: string;
}

interface KindStats {
  count: number;
  reports: number;
  inputErrors: number;
  ms: number;
  maxMs: number;
  maxIndex: number;
}

type WorkerMessage = { readonly type: 'start'; readonly index: number } | { readonly type: 'done'; readonly failures: Failure[]; readonly stats: Record<string, KindStats>; readonly times: number[] };

async function fuzzInWorker(job: FuzzJob): Promise<void> {
  const corpus = job.corpus.map(prepare);
  const failures: Failure[] = [];
  const stats: Record<string, KindStats> = {};
  const times: number[] = [];
  for (const index of job.indices) {
    parentPort!.postMessage({ type: 'start', index } satisfies WorkerMessage);
    const m = mutation(corpus, job.seed, index);
    const { outcome, ms } = await settle(m.bytes, { password: m.password, hostCheck: m.hostCheck, role: m.role, useSystemStore: m.systemStore }, contextFor(m, job.root));
    times.push(ms);
    const family = m.kind.replace(/ \(PEM block \d+, re-armoured\)$/, ' (PEM, re-armoured)');
    const s = (stats[family] ??= { count: 0, reports: 0, inputErrors: 0, ms: 0, maxMs: 0, maxIndex: -1 });
    s.count++;
    s.ms += ms;
    if ('report' in outcome) s.reports++;
    else if (outcome.error instanceof InputError) s.inputErrors++;
    if (ms > s.maxMs) {
      s.maxMs = ms;
      s.maxIndex = index;
    }
    const wrong = verdict(outcome) ?? (ms > BOUND_MS ? `took ${ms.toFixed(0)} ms, more than ${BOUND_MS} ms` : null);
    if (wrong) failures.push({ index, item: m.item, kind: m.kind, detail: m.detail, password: m.password, what: wrong, ms, base64: b64(m.bytes) });
  }
  parentPort!.postMessage({ type: 'done', failures, stats, times } satisfies WorkerMessage);
}

if (!isMainThread && (workerData as { fuzz?: FuzzJob } | null)?.fuzz) {
  await fuzzInWorker((workerData as { fuzz: FuzzJob }).fuzz);
}

// ---- The main side -----------------------------------------------------------------------------------

/** Runs one share of the mutations in a worker; a stuck or dead worker becomes a failure naming its input. */
function runWorker(job: FuzzJob, corpus: readonly Prepared[]): Promise<Extract<WorkerMessage, { type: 'done' }>> {
  const api = import.meta.resolve('tsx/esm/api');
  // The worker loads this very file through tsx, as the test runner's process does.
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { fuzz: job } });
  return new Promise((resolve) => {
    let current = -1;
    let since = performance.now();
    let settled = false;
    const failWith = (what: string) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      const m = current >= 0 ? mutation(corpus, job.seed, current) : null;
      const failure: Failure = m
        ? { index: m.index, item: m.item, kind: m.kind, detail: m.detail, password: m.password, what, ms: performance.now() - since, base64: b64(m.bytes) }
        : { index: -1, item: '-', kind: '-', detail: '-', password: null, what, ms: 0, base64: '' };
      resolve({ type: 'done', failures: [failure], stats: {}, times: [] });
    };
    const watchdog = setInterval(() => {
      if (performance.now() - since > HANG_MS) failWith(`hang: no result after ${HANG_MS} ms (the worker was stopped)`);
    }, 1000);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'start') {
        current = message.index;
        since = performance.now();
        return;
      }
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(message);
    });
    worker.on('error', (error) => failWith(`the worker died: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    worker.on('exit', (code) => failWith(`the worker exited (code ${code}) before finishing`));
  });
}

function describeFailure(f: Failure): string {
  return [
    `#${f.index} [${f.kind}] of “${f.item}”, password ${f.password === null ? 'none' : JSON.stringify(f.password)}: ${f.detail}`,
    `  → ${f.what.split('\n').join('\n    ')}`,
    `  (${f.ms.toFixed(0)} ms; reproduce: FUZZ_SEED=${seedText} FUZZ_ONLY=${f.index}, or inspect these bytes)`,
    `  base64: ${f.base64}`,
  ].join('\n');
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

if (isMainThread) {
  describe('inspecting damaged and hostile input', async () => {
    const dir = await tempDir('certwright-inspect-fuzz-');
    const items = await makeCorpus(dir);
    const raw: RawItem[] = await Promise.all(items.map(async (item) => ({ name: item.name, password: item.password, bytes: new Uint8Array(await readFile(item.file)) })));
    const root = new Uint8Array(await readFile(`${dir}/root.der`));
    const modernP12 = raw.find((r) => r.name.startsWith('PKCS#12 (OpenSSL 3'))!;
    const request = (password: string | null = null): InspectRequest => ({ password, hostCheck: null, role: 'any', useSystemStore: false });

    test(`${ONLY === null ? COUNT.toLocaleString('en-US') : `mutation #${ONLY} of the`} mutations of the corpus (seed ${seedText}) each settle within ${BOUND_MS} ms as a report or an InputError`, async () => {
      const corpus = raw.map(prepare);
      assert.ok(corpus.filter((c) => c.pem).length >= 10 && corpus.filter((c) => c.p12).length === 2, 'the corpus has its PEM inputs and two PKCS#12 files to take apart');
      const all = ONLY === null ? Array.from({ length: COUNT }, (_, i) => i) : [ONLY];
      const workers = Math.max(1, Math.min(2, availableParallelism(), all.length));
      const start = performance.now();
      const results = await Promise.all(
        Array.from({ length: workers }, (_, w) => runWorker({ corpus: raw, root, seed: SEED, indices: all.filter((i) => i % workers === w) }, corpus)),
      );
      const seconds = (performance.now() - start) / 1000;

      const failures = results.flatMap((r) => r.failures).sort((a, b) => a.index - b.index);
      const times = results.flatMap((r) => r.times).sort((a, b) => a - b);
      const stats: Record<string, KindStats> = {};
      for (const r of results) {
        for (const [kind, s] of Object.entries(r.stats)) {
          const t = (stats[kind] ??= { count: 0, reports: 0, inputErrors: 0, ms: 0, maxMs: 0, maxIndex: -1 });
          t.count += s.count;
          t.reports += s.reports;
          t.inputErrors += s.inputErrors;
          t.ms += s.ms;
          if (s.maxMs > t.maxMs) {
            t.maxMs = s.maxMs;
            t.maxIndex = s.maxIndex;
          }
        }
      }
      const lines = [
        `fuzz seed ${seedText}: ${times.length} inputs in ${seconds.toFixed(1)} s on ${workers} worker(s) = ${(times.length / seconds).toFixed(0)} inputs/s; per input median ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
        `${'mutation kind'.padEnd(42)} ${'count'.padStart(6)} ${'report'.padStart(7)} ${'refused'.padStart(8)} ${'mean ms'.padStart(8)} ${'max ms'.padStart(8)}  (slowest #)`,
        ...Object.entries(stats)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, s]) => `${kind.padEnd(42)} ${String(s.count).padStart(6)} ${String(s.reports).padStart(7)} ${String(s.inputErrors).padStart(8)} ${(s.ms / s.count).toFixed(2).padStart(8)} ${s.maxMs.toFixed(1).padStart(8)}  (#${s.maxIndex})`),
      ];
      console.log(lines.join('\n'));

      if (failures.length > 0) {
        const byWhat = new Map<string, number>();
        for (const f of failures) byWhat.set(f.what.split('\n')[0]!, (byWhat.get(f.what.split('\n')[0]!) ?? 0) + 1);
        assert.fail(
          [
            `${failures.length} of ${all.length} mutated inputs (seed ${seedText}) did not settle as a report or an InputError within ${BOUND_MS} ms:`,
            ...[...byWhat].map(([what, n]) => `  ${n} × ${what}`),
            '',
            ...failures.slice(0, 8).map(describeFailure),
            failures.length > 8 ? `… and ${failures.length - 8} more (#${failures.slice(8, 40).map((f) => f.index).join(', #')})` : '',
          ].join('\n'),
        );
      }
      assert.equal(times.length, all.length, 'every mutation was inspected');
    });

    /** A hand-made input: settles quickly, and in the way it must. */
    async function hostile(name: string, bytes: Uint8Array, expect: (outcome: Outcome) => void, password: string | null = null, boundMs = BOUND_MS): Promise<void> {
      const { outcome, ms } = await settle(bytes, request(password), contextFor({ vaultRoot: false, revoked: false }, root));
      const wrong = verdict(outcome);
      assert.equal(wrong, null, `${name}: ${wrong}`);
      assert.ok(ms < boundMs, `${name}: took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
      expect(outcome);
      console.log(`${name}: ${'report' in outcome ? `report, ${outcome.report.problems.length} problem(s): ${(outcome.report.problems[0] ? english(outcome.report.problems[0].message).slice(0, 120) : '-')}` : `InputError: ${(outcome.error as Error).message}`} (${ms.toFixed(0)} ms)`);
    }

    const problemMatching = (pattern: RegExp) => (outcome: Outcome) => {
      assert.ok('report' in outcome, `a report with a problem, not ${'error' in outcome ? String(outcome.error) : ''}`);
      assert.equal(outcome.report.objects.length, 0, 'nothing read from it');
      assert.match(outcome.report.problems.map((p) => english(p.message)).join('\n'), pattern);
    };
    const refused = (pattern: RegExp) => (outcome: Outcome) => {
      assert.ok('error' in outcome && outcome.error instanceof InputError, `refused with an InputError, not ${'report' in outcome ? `a report: ${JSON.stringify(outcome.report.problems.slice(0, 3))}` : String(outcome.error)}`);
      assert.match(outcome.error.message, pattern);
    };

    test('100,000 nested SEQUENCEs, indefinite length (30 80 … 00 00): refused as absurdly deep', async () => {
      const n = 100_000;
      const bytes = new Uint8Array(4 * n);
      for (let i = 0; i < n; i++) bytes.set([0x30, 0x80], 2 * i);
      await hostile('nested indefinite', bytes, problemMatching(/nested more than \d+ levels/));
    });

    test('100,000 nested SEQUENCEs, definite lengths: refused as absurdly deep', async () => {
      // Built from the inside out: each level wraps everything inside it with its own tag and length.
      const n = 100_000;
      const headers: number[][] = [];
      let length = 0;
      for (let i = 0; i < n; i++) {
        const header = [0x30, ...encodeLength(length)];
        headers.push(header);
        length += header.length;
      }
      const bytes = new Uint8Array(length);
      let at = 0;
      for (let i = n - 1; i >= 0; i--) {
        bytes.set(headers[i]!, at);
        at += headers[i]!.length;
      }
      assert.equal(walkDerDepthGuard(bytes), true);
      await hostile('nested definite', bytes, problemMatching(/nested more than \d+ levels/));
    });

    test('a length of 0x84FFFFFFFF (4 GiB) at the top and inside a real certificate: a problem, not an allocation', async () => {
      await hostile('4 GiB length at the top', new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00]), problemMatching(/length field is wrong|truncated/));
      const cert = raw.find((r) => r.name === 'DER certificate')!.bytes;
      const tbs = walkDer(cert).children[0]!;
      const patched = splice(cert, tbs.offset + 1, tbs.headerLength - 1, [0x84, 0xff, 0xff, 0xff, 0xff]);
      await hostile('4 GiB length of tbsCertificate', patched, problemMatching(/length field is wrong|truncated/));
    });

    test('10 MiB + 1 byte is refused with an InputError before parsing; exactly 10 MiB is read', async () => {
      const big = new Uint8Array(INSPECT_MAX_BYTES + 1).fill(0x41);
      await hostile('10 MiB + 1 byte', big, refused(/larger than 10 MiB/));
      // SEQUENCE { OCTET STRING } of exactly 10 MiB: read (an unknown structure), not refused for its size.
      const be3 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];
      const fitted = new Uint8Array(INSPECT_MAX_BYTES);
      const body = INSPECT_MAX_BYTES - 10;
      fitted.set([0x30, 0x83, ...be3(body + 5), 0x04, 0x83, ...be3(body)]);
      await hostile('10 MiB, exactly', fitted, problemMatching(/no kind Certwright knows/));
    });

    test(`40,000 tiny PEM blocks are refused (more than INSPECT_MAX_OBJECTS = ${INSPECT_MAX_OBJECTS})`, async () => {
      const ed = raw.find((r) => r.name === 'Ed25519 key')!;
      const { createPublicKey } = await import('node:crypto');
      const pub = createPublicKey(Buffer.from(ed.bytes)).export({ type: 'spki', format: 'pem' }).toString();
      const text = pub.repeat(40_000);
      assert.ok(text.length <= INSPECT_MAX_BYTES, `${text.length} bytes`);
      await hostile('40,000 Ed25519 public keys', new Uint8Array(Buffer.from(text)), refused(/more than 5000 objects/));
    });

    // PEM blocks are counted before any is decoded, so damaged ones count too.
    test('40,000 tiny damaged PEM blocks are refused too, not reported as 40,000 problems', async () => {
      const text = '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'.repeat(40_000);
      await hostile('40,000 damaged PEM blocks', new Uint8Array(Buffer.from(text)), refused(/more than 5000 objects|split it/));
    });

    test('a PKCS#12 asking for 2,000,001 MAC iterations is refused at once, not computed', async () => {
      const parts = p12PartsOf(modernP12.bytes)!;
      const tooMany = new Uint8Array([0x02, 0x03, 0x1e, 0x84, 0x81]); // 2,000,001
      assert.equal(parts.iterationCount, 2048);
      const pfx = tlv(0x30, parts.version, tlv(0x30, parts.contentType, tlv(0xa0, tlv(0x04, parts.authSafe))), tlv(0x30, tlv(0x30, parts.digestAlgorithm, tlv(0x04, new Uint8Array(32))), parts.salt, tooMany));
      await hostile('MAC iterations 2,000,001', pfx, problemMatching(/2000001 MAC iterations, more than Certwright will run/), CORPUS_PASSWORD, 250);
      await hostile('MAC iterations 2,000,001, no password', pfx, problemMatching(/2000001 MAC iterations|password/), null, 250);
    });

    test('the MAC recomputation this fuzz relies on is right: a rebuilt, undamaged PKCS#12 opens', async () => {
      for (const p12 of raw.filter((r) => r.name.startsWith('PKCS#12'))) {
        const parts = p12PartsOf(p12.bytes)!;
        const report = await inspectInput(rebuildP12(parts, parts.authSafe, CORPUS_PASSWORD), request(CORPUS_PASSWORD), contextFor({ vaultRoot: false, revoked: false }, root));
        assert.deepEqual(report.problems, [], p12.name);
        assert.equal(report.objects[0]?.kind, 'pkcs12', p12.name);
      }
    });
  });
}

/** The definite-length tower really is 100,000 levels of well-formed lengths (walkDer stops at its depth limit). */
function walkDerDepthGuard(bytes: Uint8Array): boolean {
  try {
    walkDer(bytes);
    return false;
  } catch (error) {
    return error instanceof Error && /nested more than/.test(error.message);
  }
}
