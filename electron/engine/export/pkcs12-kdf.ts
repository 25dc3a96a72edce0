/**
 * The PKCS#12 key derivation (RFC 7292 Appendix B). WebCrypto lacks it, so it runs on node:crypto's
 * hashes. Every PKCS#12 MAC key comes from it (ID 3), and the legacy PBE schemes take their cipher
 * key (ID 1) and IV (ID 2) from it. The password is a BMPString with a terminating NUL.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { Bytes } from '../webcrypto.js';

export type KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const SIZES: Readonly<Record<KdfHash, { u: number; v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/** UTF-16BE code units, as a BMPString carries them. */
export function utf16be(text: string): Bytes {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 * i] = code >> 8;
    out[2 * i + 1] = code & 0xff;
  }
  return out;
}

/** The password as PKCS#12 hashes it: UTF-16BE plus two zero bytes; nothing at all for "no password". */
export function bmpPassword(password: string | null): Bytes {
  if (password === null) return new Uint8Array(0);
  const body = utf16be(password);
  const out = new Uint8Array(body.length + 2);
  out.set(body);
  return out;
}

const digest: (algorithm: string, data: Uint8Array) => Uint8Array =
  typeof oneShotHash === 'function'
    ? (algorithm, data) => oneShotHash(algorithm, data, 'buffer')
    : (algorithm, data) => createHash(algorithm).update(data).digest();

function repeatTo(source: Uint8Array, v: number): Uint8Array {
  if (source.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(v * Math.ceil(source.length / v));
  for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
  return out;
}

export function pkcs12Kdf(hash: KdfHash, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, length: number): Bytes {
  const { u, v } = SIZES[hash];
  const D = new Uint8Array(v).fill(id);
  const S = repeatTo(salt, v);
  const P = repeatTo(password, v);
  const I = new Uint8Array(S.length + P.length);
  I.set(S);
  I.set(P, S.length);
  const out = new Uint8Array(Math.ceil(length / u) * u);
  const input = new Uint8Array(v + I.length);
  for (let block = 0; block * u < length; block++) {
    input.set(D);
    input.set(I, v);
    let A = digest(hash, input);
    for (let i = 1; i < iterations; i++) A = digest(hash, A);
    out.set(A, block * u);
    if ((block + 1) * u >= length) break;
    const B = repeatTo(A, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out.slice(0, length);
}
