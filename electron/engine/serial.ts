import type { EngineCrypto } from './webcrypto.js';

/** Bytes of randomness in a serial number: 127 random bits, well above the 64 that CA/B rules ask for. */
const SERIAL_BYTES = 16;

/**
 * A random, positive serial number as hex, always SERIAL_BYTES long: the top bit is cleared (positive
 * in DER) and the first byte is never zero (so DER needs no padding and the length is stable).
 */
export function randomSerialNumber(crypto: EngineCrypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SERIAL_BYTES));
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return Buffer.from(bytes).toString('hex');
}
