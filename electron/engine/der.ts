/**
 * The DER Certwright writes by hand, all of it fixed-format: wrapping already-encoded elements in a
 * SEQUENCE (or another constructed tag) — a tag, a definite length and the bytes — and the two X.509
 * time encodings. Everything with structure inside is encoded by @peculiar/asn1-schema; re-encoding
 * whole certificates (or a 100,000-entry CRL) through it costs most of the time of a bulk issuance.
 * What is written here is checked by OpenSSL and GnuTLS in the interop tests, for every key type.
 */
export const TAG = { sequence: 0x30, integer: 0x02, bitString: 0x03, octetString: 0x04, enumerated: 0x0a, oid: 0x06, utcTime: 0x17, generalizedTime: 0x18, context0: 0xa0, context3: 0xa3 } as const;

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/** tag ‖ length ‖ contents, for contents that are complete DER elements (or raw bytes for primitives). */
export function tlv(tag: number, ...contents: ReadonlyArray<Uint8Array | ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return tlvOf(tag, contents.map((c) => (c instanceof Uint8Array ? c : new Uint8Array(c))));
}

/** tlv() for a list of any length (a CRL's 100,000 entries would overflow a spread call). */
export function tlvOf(tag: number, parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const header = lengthBytes(length);
  const out = new Uint8Array(1 + header.length + length);
  out[0] = tag;
  out.set(header, 1);
  let offset = 1 + header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ---- Times (fixed formats; written directly, they are in every certificate and CRL entry) -----------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; seconds, Z, no fractions. */
export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return year >= 1950 && year < 2050 ? tlv(TAG.utcTime, Buffer.from(`${pad(year % 100)}${rest}`, 'ascii')) : generalizedTime(date, rest);
}

export function generalizedTime(date: Date, rest?: string): Uint8Array {
  const tail = rest ?? `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(TAG.generalizedTime, Buffer.from(`${pad(date.getUTCFullYear(), 4)}${tail}`, 'ascii'));
}

