/**
 * PEM for the engine: the reader and writer of shared/pem.ts (the one implementation, also used by
 * the renderer) with the bytes decoded and encoded by Buffer, which copes with inputs far larger than
 * x509's PemConverter or atob do.
 */
import { CertwrightError, atField } from '../../shared/errors.js';
import { pemText, readPem, type DamagedPemBlock, type PemBlock } from '../../shared/pem.js';
import { ReasonedError } from '../../shared/i18n/reasoned-error.js';
import { msg, type Msg } from '../../shared/i18n/message.js';

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

/** Thrown with a message a person can act on: its reason as data (a catalog key), its message in English. */
export class DecodeError extends ReasonedError {}

/** pemDamageMessage's sentence as data, for a refusal the window words in its language. */
export const damageReason = (entry: DamagedPemBlock): Msg => msg(`errors:pem.damage.${entry.damage.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`, { index: entry.index, label: entry.label, endLabel: entry.endLabel ?? '' });

/**
 * Reads PEM text (any number of blocks) or base64 of DER (what the renderer sends for a binary
 * file). Any damaged block makes the whole text refused, with its reason.
 */
export function decodeObjects(text: string): DecodedBlock[] {
  const trimmed = text.trim();
  const entries = readPem(trimmed);
  if (entries.length > 0) {
    return entries.map((entry) => {
      if (!entry.ok) throw new DecodeError(damageReason(entry));
      return { label: entry.label, der: pemBytes(entry), index: entry.index };
    });
  }
  if (trimmed.includes('-----BEGIN')) throw new DecodeError(msg('errors:pem.armour'));
  const der = base64Bytes(trimmed);
  if (der === null) throw new DecodeError(msg('errors:pem.notPemOrBase64'));
  if (der.length === 0 || der[0] !== 0x30) throw new DecodeError(msg('errors:pem.notDer'));
  return [{ label: null, der, index: 1 }];
}

/** {@link decodeObjects} for what a user gave in an input field: unreadable input is an INVALID_INPUT on that field. */
export function decodeField(text: string, field: string): DecodedBlock[] {
  try {
    return decodeObjects(text);
  } catch (error) {
    if (error instanceof DecodeError) throw new CertwrightError('INVALID_INPUT', atField(field, error.reason.key, error.reason.params), { field });
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
    if (damaged === 'throw') throw new DecodeError(damageReason(entry));
    return [];
  });
}
