/** AES-256-GCM sealing of secrets under the key-encryption key, bound to a context string. */
import { z } from 'zod';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';

export const SealedBox = z.object({
  alg: z.literal('A256GCM'),
  nonceB64: z.string().min(1),
  ciphertextB64: z.string().min(1),
});
export type SealedBox = z.infer<typeof SealedBox>;

const NONCE_BYTES = 12;
const utf8 = new TextEncoder();

/** Thrown when a box does not open: wrong key, wrong context, or tampered bytes. */
export class SealOpenError extends Error {
  constructor() {
    super('The sealed data could not be authenticated');
    this.name = 'SealOpenError';
  }
}

/**
 * Encrypts `plaintext` with a fresh nonce. `context` is authenticated as associated data, so a box
 * copied onto another record (or used as the check value) does not open there.
 */
export async function seal(kek: CryptoKey, plaintext: Bytes, context: string, crypto: EngineCrypto): Promise<SealedBox> {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: utf8.encode(context) }, kek, plaintext);
  return { alg: 'A256GCM', nonceB64: Buffer.from(nonce).toString('base64'), ciphertextB64: Buffer.from(ciphertext).toString('base64') };
}

export async function open(kek: CryptoKey, box: SealedBox, context: string, crypto: EngineCrypto): Promise<Bytes> {
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Buffer.from(box.nonceB64, 'base64'), additionalData: utf8.encode(context) },
      kek,
      Buffer.from(box.ciphertextB64, 'base64'),
    );
    return new Uint8Array(plaintext);
  } catch {
    throw new SealOpenError();
  }
}
