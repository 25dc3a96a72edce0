/**
 * RC2-CBC decryption (RFC 2268), for reading legacy PKCS#12 files: OpenSSL 1.x and `openssl pkcs12
 * -legacy` encrypt the certificates with pbeWithSHAAnd40BitRC2-CBC. OpenSSL 3 keeps RC2 in its legacy
 * provider, which Node does not load, so it is done here. Decryption only: we never write RC2.
 */
import type { Bytes } from '../webcrypto.js';

const PITABLE = new Uint8Array(
  (
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
    'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
    '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b2555973' +
    '12d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
    'c5f3db47e5a59c770aa62068fe7fc1ad'
  )
    .match(/../g)!
    .map((h) => parseInt(h, 16)),
);

function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = (effectiveBits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  return K;
}

const SHIFTS = [1, 2, 3, 5];

function decryptBlock(K: Uint16Array, block: Uint8Array, out: Uint8Array, offset: number): void {
  const R = [0, 1, 2, 3].map((i) => block[2 * i]! | (block[2 * i + 1]! << 8));
  let j = 63;
  const mix = () => {
    for (let i = 3; i >= 0; i--) {
      const s = SHIFTS[i]!;
      let r = R[i]!;
      r = ((r >>> s) | (r << (16 - s))) & 0xffff;
      r = (r - K[j--]! - (R[(i + 3) % 4]! & R[(i + 2) % 4]!) - (~R[(i + 3) % 4]! & R[(i + 1) % 4]!)) & 0xffff;
      R[i] = r;
    }
  };
  const mash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) % 4]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) mix();
  mash();
  for (let n = 0; n < 6; n++) mix();
  mash();
  for (let n = 0; n < 5; n++) mix();
  for (let i = 0; i < 4; i++) {
    out[offset + 2 * i] = R[i]! & 0xff;
    out[offset + 2 * i + 1] = R[i]! >> 8;
  }
}

/** Thrown when the padding is wrong — almost always a wrong key. */
export class Rc2PaddingError extends Error {}

export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Bytes {
  if (data.length === 0 || data.length % 8 !== 0) throw new Rc2PaddingError('RC2 ciphertext is not a whole number of blocks');
  const K = expandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  let previous = iv;
  for (let offset = 0; offset < data.length; offset += 8) {
    const block = data.subarray(offset, offset + 8);
    decryptBlock(K, block, out, offset);
    for (let i = 0; i < 8; i++) out[offset + i]! ^= previous[i]!;
    previous = block;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8) throw new Rc2PaddingError('bad RC2 padding');
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new Rc2PaddingError('bad RC2 padding');
  return out.slice(0, out.length - pad);
}
