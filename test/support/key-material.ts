/**
 * Finds private key material where it must never be: in IPC outputs and events, in the page, in the
 * vault's files.
 *
 * Given the PKCS#8 of every key, it looks for the key's SECRET numbers (an EC or Ed25519 private
 * scalar or seed; RSA's d, p, q, dp, dq, qi — never the public half, which every certificate carries)
 * in every 16-byte window, so a partial copy of 31 bytes or more is found too. A haystack is searched
 * as it is and as everything it might be an encoding of, at any alignment:
 *
 * - raw bytes (DER inside a Uint8Array/Buffer, a binary string);
 * - JSON-escaped text (`\n`, `\/`, `\u002b`, escaped twice), decoded before anything else;
 * - base64 and base64url runs — PEM bodies with their line breaks, any offset — decoded;
 * - hex runs, lower or upper case, bare or separated (`ab:cd`, `AB CD`, `0x30, 0x81`), decoded;
 * - runs of byte values as JSON writes a Uint8Array or Buffer (`{"0":48,…}`, `{"data":[48,…]}`);
 * - and inside what those decode to, twice over (base64 of a PEM, hex of base64…);
 * - the secret numbers in decimal;
 * - any PEM "PRIVATE KEY" header at all, in any letter case.
 */
import { createPrivateKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KeyLeak {
  readonly where: string;
  /** How the key was found, e.g. "base64 (offset 2) → raw bytes", "PEM private key header". */
  readonly form: string;
  /** Which of the keys (its index); absent for a header, which names no key. */
  readonly key?: number;
}

export interface Haystack {
  readonly where: string;
  readonly bytes: Uint8Array;
}

/** Bytes of every window; a copy of at least 2·WINDOW − 1 bytes of a secret contains one. */
const WINDOW = 16;
/** How many decodings deep (base64 of hex of …) a haystack is followed. */
const MAX_DEPTH = 2;

interface Needles {
  readonly windows: readonly Buffer[];
  readonly decimals: readonly string[];
}

const fromB64url = (value: string) => Buffer.from(value, 'base64url');

/** The secret numbers of a PKCS#8 private key, big-endian, as JWK gives them. */
export function secretParts(pkcs8: Uint8Array): Buffer[] {
  try {
    const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    const parts = [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].filter((v): v is string => typeof v === 'string').map(fromB64url);
    if (parts.length > 0) return parts;
  } catch {
    // Not a key Node can describe as JWK (DSA, say): fall back to the whole encoding below.
  }
  // The last third of a PKCS#8 holds the private part for every common type; its first third may be public.
  const buf = Buffer.from(pkcs8);
  return [buf.subarray(Math.floor(buf.length / 3))];
}

function needlesOf(pkcs8: Uint8Array): Needles {
  const windows: Buffer[] = [];
  const decimals: string[] = [];
  for (const part of secretParts(pkcs8)) {
    if (part.length >= 8) decimals.push(BigInt(`0x${part.toString('hex')}`).toString(10));
    if (part.length <= WINDOW) {
      windows.push(part);
      continue;
    }
    for (let at = 0; at + WINDOW <= part.length; at += WINDOW) windows.push(part.subarray(at, at + WINDOW));
    if (part.length % WINDOW !== 0) windows.push(part.subarray(part.length - WINDOW));
  }
  return { windows, decimals };
}

// ---- What a haystack may encode ----------------------------------------------------------------------

interface View {
  readonly form: string;
  readonly bytes: Buffer;
  /** The same, as text (JSON escapes decoded), when it reads as text at all. */
  readonly text: string | null;
}

/** Between views searched as one buffer (a window spanning two views would need 16 chance bytes). */
const SEPARATOR = Buffer.from([0]);

const PEM_PRIVATE_HEADER = /-{5}\s*BEGIN[ \t]+(?:[A-Z0-9]+[ \t]+)*PRIVATE[ \t]+KEY\s*-{5}/i;
const BASE64_RUN = /[A-Za-z0-9+/_-]{22,}/g;
const HEX_RUN = /(?:0x)?[0-9a-fA-F]{2}(?:\s*[:,.-]?\s*(?:0x)?[0-9a-fA-F]{2}){15,}/gi;
const BYTE_LIST_RUN = /(?:"\d+"\s*:\s*)?\d{1,3}(?:\s*,\s*(?:"\d+"\s*:\s*)?\d{1,3}){15,}/g;

/** Decodes JSON string escapes (`\n`, `\"`, `\/`, `\u00e9` …), as often as they were applied (at most 3). */
export function unescapeJsonish(text: string): string {
  let current = text;
  for (let pass = 0; pass < 3 && current.includes('\\'); pass++) {
    const next = current.replace(/\\(?:u([0-9a-fA-F]{4})|([nrtbf/\\"']))/g, (_, hex: string | undefined, c: string | undefined) => {
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c!] ?? c!;
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

function byteList(run: string): Buffer | null {
  const values = run.split(',').map((piece) => Number(/(\d+)\s*$/.exec(piece)?.[1] ?? 'NaN'));
  return values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255) ? Buffer.from(values) : null;
}

/** Every reading of `bytes` worth searching, labelled with how it was reached. */
function viewsOf(bytes: Buffer, form: string, depth: number, out: View[]): void {
  const raw = bytes.toString('utf8');
  const text = unescapeJsonish(raw);
  out.push({ form, bytes, text });
  // Escapes decoded, or valid UTF-8 beyond ASCII (a binary string written as text): the code units as bytes.
  // eslint-disable-next-line no-control-regex
  if (text !== raw || (/[^\u0000-\u007f]/.test(text) && !raw.includes('\ufffd'))) out.push({ form: `${form} → binary text`, bytes: Buffer.from(text, 'latin1'), text: null });
  if (depth >= MAX_DEPTH) return;

  const compact = text.replace(/\s+/g, '');
  for (const [run] of compact.matchAll(BASE64_RUN)) {
    for (let offset = 0; offset < 4 && run.length - offset >= 22; offset++) {
      const decoded = Buffer.from(run.slice(offset), 'base64'); // takes base64url's - and _ too
      viewsOf(decoded, `${form} → base64 (offset ${offset})`, depth + 1, out);
    }
  }
  for (const [run] of text.matchAll(HEX_RUN)) {
    const digits = run.replace(/0x/gi, '').replace(/[^0-9a-fA-F]/g, '');
    for (const offset of [0, 1]) viewsOf(Buffer.from(digits.slice(offset, offset + Math.floor((digits.length - offset) / 2) * 2), 'hex'), `${form} → hex (offset ${offset})`, depth + 1, out);
  }
  for (const [run] of text.matchAll(BYTE_LIST_RUN)) {
    const decoded = byteList(run);
    if (decoded) viewsOf(decoded, `${form} → byte values`, depth + 1, out);
  }
}

// ---- The search ------------------------------------------------------------------------------------

/** Needle windows by their first four bytes: one pass over a haystack finds every key's windows at once. */
type WindowIndex = Map<number, Array<{ readonly window: Buffer; readonly key: number }>>;
/** Decimal needles by their first DECIMAL_PREFIX digits (every secret part of 8 bytes or more has at least that many). */
const DECIMAL_PREFIX = 17;
const DIGIT_RUN = new RegExp(`\\d{${DECIMAL_PREFIX},}`, 'g');

function windowIndex(needles: readonly Needles[]): { index: WindowIndex; short: Array<{ window: Buffer; key: number }> } {
  const index: WindowIndex = new Map();
  const short: Array<{ window: Buffer; key: number }> = [];
  needles.forEach(({ windows }, key) => {
    for (const window of windows) {
      if (window.length < 4) short.push({ window, key });
      else {
        const head = window.readUInt32BE(0);
        const list = index.get(head);
        if (list) list.push({ window, key });
        else index.set(head, [{ window, key }]);
      }
    }
  });
  return { index, short };
}

/**
 * Up to this many windows (a few EC keys), each is looked for with Buffer#includes, natively; beyond
 * (an RSA key has 56, a bulk issue's vault thousands), every offset is looked up once in the index
 * instead: a JavaScript loop, slower per byte, but one pass for any number of keys. Over a
 * 10,000-certificate vault's readings the native search took the scan from ~5.4 s to ~3.8 s.
 */
const NATIVE_SEARCH_WINDOWS = 32;

/** The keys any of whose windows occur in `bytes`: each window searched natively, or every offset looked up once (not one scan per key). */
function keysWithWindowsIn(bytes: Buffer, { index, short }: ReturnType<typeof windowIndex>): Set<number> {
  const found = new Set<number>();
  const all = [...index.values()].flat();
  if (all.length <= NATIVE_SEARCH_WINDOWS) {
    for (const { window, key } of [...all, ...short]) if (!found.has(key) && bytes.includes(window)) found.add(key);
    return found;
  }
  for (let at = 0; at + 4 <= bytes.length; at++) {
    const candidates = index.get(bytes.readUInt32BE(at));
    if (!candidates) continue;
    for (const { window, key } of candidates) if (at + window.length <= bytes.length && bytes.subarray(at, at + window.length).equals(window)) found.add(key);
  }
  for (const { window, key } of short) if (bytes.includes(window)) found.add(key);
  return found;
}

function decimalIndex(needles: readonly Needles[]): { index: Map<string, Array<{ readonly decimal: string; readonly key: number }>>; short: Array<{ decimal: string; key: number }> } {
  const index = new Map<string, Array<{ decimal: string; key: number }>>();
  const short: Array<{ decimal: string; key: number }> = [];
  needles.forEach(({ decimals }, key) => {
    for (const decimal of decimals) {
      // A part with leading zero bytes can be shorter than the prefix: searched on its own.
      if (decimal.length < DECIMAL_PREFIX) {
        short.push({ decimal, key });
        continue;
      }
      const head = decimal.slice(0, DECIMAL_PREFIX);
      const list = index.get(head);
      if (list) list.push({ decimal, key });
      else index.set(head, [{ decimal, key }]);
    }
  });
  return { index, short };
}

/** The keys any of whose secret numbers occur in decimal in `text` (only runs of digits long enough can hold one). */
function keysWithDecimalsIn(text: string, { index, short }: ReturnType<typeof decimalIndex>): Set<number> {
  const found = new Set<number>();
  for (const { decimal, key } of short) if (text.includes(decimal)) found.add(key);
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    for (let at = 0; at + DECIMAL_PREFIX <= run.length; at++) {
      for (const { decimal, key } of index.get(run.slice(at, at + DECIMAL_PREFIX)) ?? []) if (run.startsWith(decimal, at)) found.add(key);
    }
  }
  return found;
}

export function findKeyMaterial(haystacks: readonly Haystack[], keys: readonly Uint8Array[]): KeyLeak[] {
  const needles = keys.map(needlesOf);
  const windows = windowIndex(needles);
  const decimals = decimalIndex(needles);
  const leaks: KeyLeak[] = [];
  const seen = new Set<string>();
  const report = (leak: KeyLeak) => {
    const id = `${leak.where}\u0000${leak.form}\u0000${leak.key ?? ''}`;
    if (!seen.has(id)) {
      seen.add(id);
      leaks.push(leak);
    }
  };
  for (const { where, bytes } of haystacks) {
    const views: View[] = [];
    viewsOf(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'raw bytes', 0, views);
    // One pass over all readings at once; only a hit is worth finding again view by view, to name it.
    const allBytes = Buffer.concat(views.flatMap((view) => [view.bytes, SEPARATOR]));
    const allText = views.map((view) => view.text ?? '').join('\u0000');
    if (PEM_PRIVATE_HEADER.test(allText)) {
      for (const view of views) if (view.text !== null && PEM_PRIVATE_HEADER.test(view.text)) report({ where, form: `PEM private key header in ${view.form}` });
    }
    for (const key of keysWithWindowsIn(allBytes, windows)) {
      for (const view of views) if (needles[key]!.windows.some((window) => view.bytes.includes(window))) report({ where, form: view.form, key });
    }
    for (const key of keysWithDecimalsIn(allText, decimals)) {
      for (const view of views) if (view.text !== null && needles[key]!.decimals.some((decimal) => view.text!.includes(decimal))) report({ where, form: `${view.form} (decimal)`, key });
    }
  }
  return leaks;
}

/**
 * A value as haystacks: its JSON (which writes a Uint8Array as `{"0":48,…}` and a Buffer as
 * `{"type":"Buffer","data":[…]}`) and, on their own, the bytes of every ArrayBuffer, typed array
 * and DataView in it — Maps and Sets included, which JSON would drop.
 */
export function haystacksOf(where: string, value: unknown): Haystack[] {
  const out: Haystack[] = [];
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json !== undefined) out.push({ where, bytes: Buffer.from(json, 'utf8') });
  const strings: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): void => {
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer)) {
      out.push({ where: `${where} at ${path}`, bytes: new Uint8Array(v) });
      return;
    }
    if (ArrayBuffer.isView(v)) {
      out.push({ where: `${where} at ${path}`, bytes: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) });
      return;
    }
    if (typeof v === 'string') {
      if (json === undefined) strings.push(v);
      return;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, item] of v) {
        walk(k, `${path}<key>`);
        walk(item, `${path}.${String(k)}`);
        strings.push(...[k, item].filter((x): x is string => typeof x === 'string'));
      }
      return;
    }
    if (v instanceof Set) {
      for (const item of v) {
        walk(item, `${path}[]`);
        if (typeof item === 'string') strings.push(item);
      }
      return;
    }
    for (const [k, item] of Object.entries(v)) walk(item, path === '' ? k : `${path}.${k}`);
  };
  walk(value, '');
  if (strings.length > 0) out.push({ where: `${where} (strings)`, bytes: Buffer.from(strings.join('\n'), 'utf8') });
  return out;
}

export async function filesBelow(directory: string): Promise<Haystack[]> {
  const out: Haystack[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ where: path, bytes: await readFile(path) });
  }
  return out;
}
