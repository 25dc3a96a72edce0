/**
 * PEM for the engine: the reader and writer of shared/pem.ts (the one implementation, also used by
 * the renderer) with the bytes decoded and encoded by Buffer, which copes with inputs far larger than
 * x509's PemConverter or atob do.
 */
import { CertwrightError } from '../../shared/errors.js';
import { pemDamageMessage, pemText, readPem, type PemBlock } from '../../shared/pem.js';

export { containsPem, countPemBlocks, pemDamageMessage, readPem, type DamagedPemBlock, type PemBlock, type PemEntry } from '../../shared/pem.js';

/** PEM armour (RFC 7468): base64 in 64-character lines between BEGIN and END lines. */
export function toPem(label: string, der: Uint8Array): string {
  return pemText(label, Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64'));
}

/** The bytes of a whole block. */
export function pemBytes(block: PemBlock): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(block.base64, 'base64'));
}

export interface DecodedBlock {
  /** The PEM label ("CERTIFICATE", "CERTIFICATE REQUEST", …), or null for bare DER. */
  readonly label: string | null;
  readonly der: Uint8Array<ArrayBuffer>;
  /** 1-based position among the blocks, for messages. */
  readonly index: number;
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** The bytes of text that is nothing but base64 (DER sent as text); null for any other text. */
export function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  const trimmed = text.trim();
  return BASE64.test(trimmed) ? new Uint8Array(Buffer.from(trimmed.replace(/\s+/g, ''), 'base64')) : null;
}

/** Thrown with a message a person can act on. */
export class DecodeError extends Error {}

/**
 * Reads PEM text (any number of blocks) or base64 of DER (what the renderer sends for a binary
 * file). Any damaged block makes the whole text refused, with its reason.
 */
export function decodeObjects(text: string): DecodedBlock[] {
  const trimmed = text.trim();
  const entries = readPem(trimmed);
  if (entries.length > 0) {
    return entries.map((entry) => {
      if (!entry.ok) throw new DecodeError(pemDamageMessage(entry));
      return { label: entry.label, der: pemBytes(entry), index: entry.index };
    });
  }
  if (trimmed.includes('-----BEGIN')) throw new DecodeError('The PEM armour is damaged: BEGIN and END lines need five dashes on each side');
  const der = base64Bytes(trimmed);
  if (der === null) throw new DecodeError('This is neither PEM text nor base64-encoded DER');
  if (der.length === 0 || der[0] !== 0x30) throw new DecodeError('This is not DER: a DER structure starts with a SEQUENCE');
  return [{ label: null, der, index: 1 }];
}

/** {@link decodeObjects} for what a user gave in an input field: unreadable input is an INVALID_INPUT on that field. */
export function decodeField(text: string, field: string): DecodedBlock[] {
  try {
    return decodeObjects(text);
  } catch (error) {
    if (error instanceof DecodeError) throw new CertwrightError('INVALID_INPUT', `${field}: ${error.message}`, { field });
    throw error;
  }
}

/**
 * The DER of every CERTIFICATE block, in order; other blocks (a key in the same file) are passed
 * over. `damaged: 'throw'` refuses a damaged certificate block with its reason; 'skip' leaves it out.
 */
export function certificatesFromPem(text: string, damaged: 'throw' | 'skip' = 'throw'): Uint8Array<ArrayBuffer>[] {
  return readPem(text).flatMap((entry) => {
    if (entry.label !== 'CERTIFICATE') return [];
    if (entry.ok) return [pemBytes(entry)];
    if (damaged === 'throw') throw new DecodeError(pemDamageMessage(entry));
    return [];
  });
}
