/** Derives the vault's key-encryption key from the passphrase with scrypt. */
import { randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import type { EngineCrypto } from '../engine/webcrypto.js';

/**
 * Bounds on what a header may ask for. The header is read before the passphrase can authenticate
 * anything, so an edited one must not be able to make unlocking exhaust memory or run for hours:
 * N ≤ 2^20 (1 GiB at r = 8) and the memory scrypt needs (128 · N · r bytes) at most 1 GiB, p ≤ 4.
 */
export const SCRYPT_LIMITS = { maxN: 2 ** 20, maxR: 16, maxP: 4, maxMemoryBytes: 2 ** 30 } as const;

export const ScryptParams = z
  .object({
    name: z.literal('scrypt'),
    /** CPU/memory cost; 2^17 costs about 0.3 s and 128 MiB on a laptop core. */
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(SCRYPT_LIMITS.maxN)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
    p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
    saltB64: z.string().min(16).max(128),
    keyLength: z.literal(32),
    /** The passphrase is Unicode-normalized first, so the same words typed on another keyboard unlock. */
    normalization: z.literal('NFC'),
  })
  .refine((k) => 128 * k.N * k.r <= SCRYPT_LIMITS.maxMemoryBytes, 'The key-derivation parameters ask for more than 1 GiB of memory');
export type ScryptParams = z.infer<typeof ScryptParams>;

export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export function freshScryptParams(): ScryptParams {
  return { name: 'scrypt', ...DEFAULT_SCRYPT, saltB64: randomBytes(16).toString('base64'), keyLength: 32, normalization: 'NFC' };
}

function scryptAsync(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const maxmem = 256 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(params.saltB64, 'base64'),
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** The key-encryption key: AES-256-GCM, non-extractable, held only while the vault is unlocked. */
export async function deriveKeyEncryptionKey(passphrase: string, params: ScryptParams, crypto: EngineCrypto): Promise<CryptoKey> {
  const raw = await scryptAsync(passphrase, params);
  try {
    return await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}
