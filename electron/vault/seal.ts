/** AES-256-GCM sealing of secrets under the key-encryption key, bound to a context string. */
import { createCipheriv, KeyObject } from 'node:crypto';
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
  // Only for Node's own, untouched WebCrypto (a wrapped or counted subtle.encrypt must see every seal).
  const key = crypto.subtle === globalThis.crypto?.subtle && crypto.subtle.encrypt === NODE_ENCRYPT ? nodeKey(kek) : null;
  let ciphertext: Uint8Array | ArrayBuffer;
  if (key) {
    // Node's own key: node:crypto with the same key handle and the same box (ciphertext ‖ 16-byte
    // tag, as WebCrypto writes it; open() reads it through WebCrypto). Measured on the 2-core
    // machine: ≈ 16 µs of CPU against ≈ 48 µs through crypto.subtle — a tenth of a bulk issuance.
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(utf8.encode(context));
    ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  } else {
    ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: utf8.encode(context) }, kek, plaintext);
  }
  return { alg: 'A256GCM', nonceB64: Buffer.from(nonce).toString('base64'), ciphertextB64: Buffer.from(ciphertext as Uint8Array).toString('base64') };
}

const nodeKeys = new WeakMap<CryptoKey, KeyObject | null>();
const NODE_ENCRYPT = globalThis.crypto?.subtle?.encrypt;

/** The CryptoKey's own handle as a KeyObject (nothing is exported), or null for another provider's key. */
function nodeKey(key: CryptoKey): KeyObject | null {
  let object = nodeKeys.get(key);
  if (object === undefined) {
    try {
      object = KeyObject.from(key);
      if (object.type !== 'secret' || object.symmetricKeySize !== 32) object = null;
    } catch {
      object = null;
    }
    nodeKeys.set(key, object);
  }
  return object;
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
