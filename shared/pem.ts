/**
 * PEM armour (RFC 7468, with RFC 1421's encapsulated headers): the one reader and writer of its
 * text, for main, the engine, the worker and the renderer alike. Text only — no Node built-ins, no
 * Buffer: it finds the blocks, their labels and headers, and checks their base64; turning base64
 * into bytes is the caller's (electron/engine/pem.ts decodes with Buffer, which copes with inputs
 * far larger than atob does comfortably).
 *
 * Tolerant of what copying does to PEM: CRLF line ends, indentation, blank lines, text around the
 * blocks. Each block is read on its own, so one damaged block does not hide the others.
 */

/** A BEGIN line. Labels are capitals, digits, spaces and '#': what every tool writes. */
const BEGIN_LINE = /-----BEGIN ([A-Z0-9 #]+)-----/;
const BEGIN = new RegExp(BEGIN_LINE.source, 'g');
const ANY_END = /-----END ([A-Z0-9 #]+)-----/;
/** An RFC 1421 header line ("Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,…"); base64 has no ':'. */
const HEADER = /^[ \t]*([A-Za-z][A-Za-z0-9-]*):(.*)$/gm;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** A block whose armour and base64 are whole. */
export interface PemBlock {
  readonly ok: true;
  /** 1-based position among the BEGIN lines of the text, for messages. */
  readonly index: number;
  readonly label: string;
  /** Encapsulated headers by name, as written ("Proc-Type", "DEK-Info"); empty for RFC 7468 blocks. */
  readonly headers: Readonly<Record<string, string>>;
  /** The base64 body without whitespace. */
  readonly base64: string;
  /** The block's text, BEGIN line to END line. */
  readonly text: string;
}

/** Why a block cannot be read. */
export type PemDamage = 'truncated' | 'mismatched-end' | 'not-base64' | 'empty' | 'partial-bytes';

export interface DamagedPemBlock {
  readonly ok: false;
  readonly index: number;
  readonly label: string;
  readonly damage: PemDamage;
  /** For 'mismatched-end': the label of the END line that closes it. */
  readonly endLabel: string | null;
}

export type PemEntry = PemBlock | DamagedPemBlock;

/** Does the text hold a PEM BEGIN line at all? */
export function containsPem(text: string): boolean {
  return BEGIN_LINE.test(text);
}

/** How many BEGIN lines the text holds: cheap, for refusing absurd inputs before reading them. */
export function countPemBlocks(text: string): number {
  return text.match(BEGIN)?.length ?? 0;
}

function headersOf(body: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [, name = '', value = ''] of body.matchAll(HEADER)) headers[name] ??= value.trim();
  return headers;
}

/** Every block of the text in order, each either read or named as damaged. */
export function readPem(text: string): PemEntry[] {
  const begins = [...text.matchAll(BEGIN)];
  return begins.map((match, i): PemEntry => {
    const index = i + 1;
    const label = match[1]!;
    const bodyStart = match.index + match[0].length;
    const nextBegin = begins[i + 1]?.index ?? text.length;
    const endLine = `-----END ${label}-----`;
    // Only up to the next BEGIN line: each stretch of the text is searched once, however many blocks lack their END.
    const region = text.slice(bodyStart, nextBegin);
    const endIn = region.indexOf(endLine);
    const damaged = (damage: PemDamage, endLabel: string | null = null): DamagedPemBlock => ({ ok: false, index, label, damage, endLabel });
    if (endIn < 0) {
      const otherEnd = ANY_END.exec(region);
      return otherEnd ? damaged('mismatched-end', otherEnd[1]!) : damaged('truncated');
    }
    const endAt = bodyStart + endIn;
    const body = region.slice(0, endIn);
    const base64 = body.replace(HEADER, '');
    if (!BASE64.test(base64)) return damaged('not-base64');
    const compact = base64.replace(/\s+/g, '');
    if (compact.length === 0) return damaged('empty');
    if (compact.replace(/=+$/, '').length % 4 === 1 || /=[^=]/.test(compact)) return damaged('partial-bytes');
    return { ok: true, index, label, headers: headersOf(body), base64: compact, text: text.slice(match.index, endAt + endLine.length) };
  });
}

/** A sentence for a damaged block: "PEM block 3 is truncated: its END line is missing". */
export function pemDamageMessage(entry: DamagedPemBlock): string {
  const block = `PEM block ${entry.index}`;
  switch (entry.damage) {
    case 'truncated':
      return `${block} is truncated: its END line is missing`;
    case 'mismatched-end':
      return `${block} starts as ${entry.label} but ends as ${entry.endLabel}`;
    case 'not-base64':
      return `${block} (${entry.label}) contains characters that are not base64 — it was damaged in copying (look for smart quotes, ellipses or a line cut in the middle)`;
    case 'empty':
      return `${block} (${entry.label}) is empty`;
    case 'partial-bytes':
      return `${block} (${entry.label}) is truncated or damaged: its base64 does not decode to whole bytes`;
  }
}

/** The armour around base64: 64-character lines between BEGIN and END lines, ending with a newline. */
export function pemText(label: string, base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
