/** PEM armour (RFC 7468): base64 in 64-character lines between BEGIN and END lines. */
export function toPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface DecodedBlock {
  /** The PEM label ("CERTIFICATE", "CERTIFICATE REQUEST", …), or null for bare DER. */
  readonly label: string | null;
  readonly der: Uint8Array<ArrayBuffer>;
  /** 1-based position among the blocks, for messages. */
  readonly index: number;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** Thrown with a message a person can act on. */
export class DecodeError extends Error {}

/**
 * Reads PEM text (any number of blocks) or base64 of DER (what the renderer sends for a binary
 * file). Decodes with Buffer, which copes with inputs far larger than x509's PemConverter does.
 */
export function decodeObjects(text: string): DecodedBlock[] {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) {
    const blocks: DecodedBlock[] = [];
    for (const match of trimmed.matchAll(BLOCK)) {
      const [, begin = '', body = '', end = ''] = match;
      const index = blocks.length + 1;
      if (begin !== end) throw new DecodeError(`PEM block ${index} starts as ${begin} but ends as ${end}`);
      const base64 = body.replace(/^[A-Za-z-]+:.*$/gm, '');
      if (!BASE64.test(base64)) throw new DecodeError(`PEM block ${index} (${begin}) contains characters that are not base64`);
      const der = new Uint8Array(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
      if (der.length === 0) throw new DecodeError(`PEM block ${index} (${begin}) is empty`);
      blocks.push({ label: begin, der, index });
    }
    const begins = trimmed.match(/-----BEGIN /g)?.length ?? 0;
    if (begins > blocks.length) throw new DecodeError(`PEM block ${blocks.length + 1} is truncated: its END line is missing`);
    return blocks;
  }
  if (!BASE64.test(trimmed)) throw new DecodeError('This is neither PEM text nor base64-encoded DER');
  const der = new Uint8Array(Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'));
  if (der.length === 0 || der[0] !== 0x30) throw new DecodeError('This is not DER: a DER structure starts with a SEQUENCE');
  return [{ label: null, der, index: 1 }];
}
