import type { EngineCrypto } from './webcrypto.js';

/** Bytes of randomness in a serial number: 127 random bits, well above the 64 that CA/B rules ask for. */
const SERIAL_BYTES = 16;

/**
 * A random, positive serial number as hex, always SERIAL_BYTES long: the top bit is cleared (positive
 * in DER) and the first byte is never zero (so DER needs no padding and the length is stable).
 */
/**
 * A serial number as Certwright compares and stores it: lower-case hex, no separators, no leading
 * zero bytes (DER's sign padding, or "00" a tool printed) — the same certificate whoever spelled it.
 */
export function canonicalSerialHex(hex: string): string {
  const digits = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  const whole = digits.length % 2 === 1 ? `0${digits}` : digits;
  return whole.replace(/^(?:00)+(?=..)/, '') || '00';
}

export function randomSerialNumber(crypto: EngineCrypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SERIAL_BYTES));
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return Buffer.from(bytes).toString('hex');
}
