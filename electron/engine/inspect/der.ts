/**
 * A bounded reader of DER/BER structure: tag, length and children of every node, without knowing
 * the schema. It is the inspector's first line of defence (absurd nesting, truncation and length
 * fields that point past the end are refused here with a specific message, before any library parser
 * sees the bytes), its way of telling what an unlabeled blob is, and the source of the raw tree view.
 */
import { INSPECT_MAX_DEPTH } from '../../../shared/domain/inspect.js';

export interface DerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Offset of the tag byte in the walked buffer. */
  readonly offset: number;
  readonly headerLength: number;
  /** Length of the contents (for indefinite-length BER, up to the end-of-contents octets). */
  readonly length: number;
  /** BER indefinite length: the contents end with two zero bytes, not counted in `length`. */
  readonly indefinite: boolean;
  readonly children: readonly DerNode[];
}

/** Thrown with a message a person can act on: what is wrong and where. */
export class DerError extends Error {}

export const UNIVERSAL = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  printableString: 19,
  t61String: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  universalString: 28,
  bmpString: 30,
} as const;

interface Budget {
  nodes: number;
}

/** Nodes one walk may produce; a 10 MiB CRL has ~1.5 million, far below this. */
const NODE_BUDGET = 20_000_000;

/**
 * Walks the single structure at `start`. `allowTrailing` false (the default) makes bytes after the
 * outermost node an error, as they are in a DER file.
 */
export function walkDer(bytes: Uint8Array, options: { allowTrailing?: boolean; start?: number } = {}): DerNode {
  const start = options.start ?? 0;
  if (bytes.length - start < 2) throw new DerError('The input is too short to be ASN.1 (fewer than 2 bytes)');
  const node = readNode(bytes, start, bytes.length, 0, { nodes: 0 });
  const stop = end(node);
  if (!options.allowTrailing && stop !== bytes.length) {
    throw new DerError(`There are ${bytes.length - stop} stray bytes after the ASN.1 structure (it ends at byte ${stop} of ${bytes.length})`);
  }
  return node;
}

function readNode(bytes: Uint8Array, offset: number, limit: number, depth: number, budget: Budget): DerNode {
  if (depth > INSPECT_MAX_DEPTH) throw new DerError(`The ASN.1 is nested more than ${INSPECT_MAX_DEPTH} levels deep; no certificate, key or CRL is — refusing it`);
  if (++budget.nodes > NODE_BUDGET) throw new DerError('The ASN.1 has too many elements to inspect');
  if (offset >= limit) throw new DerError(`The ASN.1 is truncated at byte ${offset}: an element was expected`);
  const first = bytes[offset]!;
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  let i = offset + 1;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let n = 0; ; n++) {
      if (i >= limit || n > 3) throw new DerError(`The ASN.1 tag at byte ${offset} is truncated or absurdly long`);
      const b = bytes[i++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (i >= limit) throw new DerError(`The ASN.1 is truncated at byte ${i}: the length of the element at byte ${offset} is missing`);
  const lengthByte = bytes[i++]!;
  let length: number;
  let indefinite = false;
  if (lengthByte < 0x80) length = lengthByte;
  else if (lengthByte === 0x80) {
    if (!constructed) throw new DerError(`The element at byte ${offset} has an indefinite length but is not constructed`);
    indefinite = true;
    length = 0;
  } else {
    const count = lengthByte & 0x7f;
    if (count > 4) throw new DerError(`The element at byte ${offset} claims a length of ${count} bytes' worth — the length field is damaged`);
    if (i + count > limit) throw new DerError(`The ASN.1 is truncated at byte ${limit}: the length field of the element at byte ${offset} is cut off`);
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + bytes[i++]!;
  }
  const headerLength = i - offset;
  const contentStart = i;
  const children: DerNode[] = [];
  if (indefinite) {
    let cursor = contentStart;
    for (;;) {
      if (cursor + 2 > limit) throw new DerError(`The ASN.1 is truncated: the indefinite-length element at byte ${offset} never ends`);
      if (bytes[cursor] === 0 && bytes[cursor + 1] === 0) break;
      const child = readNode(bytes, cursor, limit, depth + 1, budget);
      children.push(child);
      cursor = end(child);
    }
    length = cursor - contentStart;
    return { tagClass, tagNumber, constructed, offset, headerLength, length, indefinite, children };
  }
  if (contentStart + length > limit) {
    throw new DerError(`The ASN.1 is truncated or a length field is wrong: the element at byte ${offset} says ${length} bytes follow, but only ${limit - contentStart} do`);
  }
  if (constructed) {
    let cursor = contentStart;
    const contentEnd = contentStart + length;
    while (cursor < contentEnd) {
      const child = readNode(bytes, cursor, contentEnd, depth + 1, budget);
      children.push(child);
      cursor = end(child);
    }
  }
  return { tagClass, tagNumber, constructed, offset, headerLength, length, indefinite, children };
}

/** The offset just past a node (including end-of-contents octets of an indefinite-length node). */
export function end(node: DerNode): number {
  return node.offset + node.headerLength + node.length + (node.indefinite ? 2 : 0);
}

export function contents(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.offset + node.headerLength, node.offset + node.headerLength + node.length);
}

/** The node's whole encoding, tag and length included. */
export function encoding(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.offset, end(node));
}

export function isUniversal(node: DerNode | undefined, tagNumber: number): node is DerNode {
  return node !== undefined && node.tagClass === 0 && node.tagNumber === tagNumber;
}

export function isContext(node: DerNode | undefined, tagNumber: number): node is DerNode {
  return node !== undefined && node.tagClass === 2 && node.tagNumber === tagNumber;
}

export function oidText(value: Uint8Array): string {
  if (value.length === 0) return '';
  const parts: number[] = [];
  let acc = 0;
  for (const b of value) {
    acc = acc * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(acc);
      acc = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** Reads an INTEGER that fits in a JS number (versions, path lengths); null when it does not. */
export function smallInteger(value: Uint8Array): number | null {
  if (value.length === 0 || value.length > 6) return null;
  let n = (value[0]! & 0x80) !== 0 ? -1 : 0;
  for (const b of value) n = n * 256 + b;
  return n;
}

const textDecoder = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** The text of an ASN.1 string type; null for other types. */
export function stringValue(bytes: Uint8Array, node: DerNode): string | null {
  if (node.tagClass !== 0 || node.constructed) return null;
  const value = contents(bytes, node);
  switch (node.tagNumber) {
    case UNIVERSAL.utf8String:
      return textDecoder.decode(value);
    case UNIVERSAL.printableString:
    case UNIVERSAL.ia5String:
    case 18: // NumericString
    case 26: // VisibleString
      return latin1.decode(value);
    case UNIVERSAL.t61String:
      return latin1.decode(value);
    case UNIVERSAL.bmpString: {
      let s = '';
      for (let i = 0; i + 1 < value.length; i += 2) s += String.fromCharCode((value[i]! << 8) | value[i + 1]!);
      // An odd length is damage (two bytes a character): the stray byte shows as U+FFFD, not silently dropped.
      return value.length % 2 === 1 ? `${s}\ufffd` : s;
    }
    case UNIVERSAL.universalString: {
      let s = '';
      for (let i = 0; i + 3 < value.length; i += 4) { const c = ((value[i]! << 24) | (value[i + 1]! << 16) | (value[i + 2]! << 8) | value[i + 3]!) >>> 0; s += c > 0x10ffff ? '\ufffd' : String.fromCodePoint(c); }
      return value.length % 4 === 0 ? s : `${s}\ufffd`;
    }
    default:
      return null;
  }
}

/** UTCTime / GeneralizedTime to a Date; null when malformed. */
export function timeValue(bytes: Uint8Array, node: DerNode): Date | null {
  const text = latin1.decode(contents(bytes, node));
  const utc = node.tagNumber === UNIVERSAL.utcTime;
  const match = utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text);
  if (!match) return null;
  const yearText = match[1]!;
  const year = utc ? (Number(yearText) >= 50 ? 1900 : 2000) + Number(yearText) : Number(yearText);
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? null : date;
}
