/**
 * The vault's key hierarchy (docs/vault-format.md):
 *
 *   passphrase ──scrypt──► key-encryption key (KEK) ──wraps──► vault master key M (32 random bytes)
 *   M ──HKDF-SHA256──► seal key (AES-256-GCM: private keys), file key (HMAC: every vault file),
 *                       audit key (HMAC: the audit log), backup key (AES-256-GCM: backup files)
 *
 * The passphrase only wraps M, so changing it rewrites one file (the header) and nothing else: at any
 * moment exactly one of the old and the new passphrase opens the vault. Subkeys are separated by
 * their HKDF info strings; M never leaves the main process and is zeroed where it was copied.
 */
import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { EngineCrypto } from '../engine/webcrypto.js';

export const MASTER_KEY_BYTES = 32;

const INFO = {
  seal: 'certwright:seal:v3',
  file: 'certwright:vault-file:v3',
  audit: 'certwright:audit-log:v1',
  backup: 'certwright:backup:v1',
} as const;

export interface VaultKeys {
  /** M itself, kept to re-wrap under a new passphrase and to derive backup keys. */
  readonly master: KeyObject;
  /** Seals private keys (AES-256-GCM, non-extractable). */
  readonly seal: CryptoKey;
  /** Authenticates every vault file (HMAC-SHA256). */
  readonly file: KeyObject;
  /** Authenticates the audit log (HMAC-SHA256). */
  readonly audit: KeyObject;
}

function subkey(master: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, new Uint8Array(0), info, 32));
}

export function freshMasterKey(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(MASTER_KEY_BYTES));
}

/** Derives every subkey from M. The caller zeroes `master` afterwards. */
export async function deriveVaultKeys(master: Uint8Array, crypto: EngineCrypto): Promise<VaultKeys> {
  const sealRaw = subkey(master, INFO.seal);
  try {
    const seal = await crypto.subtle.importKey('raw', sealRaw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    return { master: createSecretKey(Buffer.from(master)), seal, file: createSecretKey(subkey(master, INFO.file)), audit: createSecretKey(subkey(master, INFO.audit)) };
  } finally {
    sealRaw.fill(0);
  }
}

/** The raw backup key (AES-256-GCM) for one backup file; the caller zeroes it. */
export function backupKeyBytes(master: Uint8Array): Buffer {
  return subkey(master, INFO.backup);
}

/** M's bytes, for wrapping or deriving; the caller zeroes them. */
export function masterBytes(keys: Pick<VaultKeys, 'master'>): Buffer {
  return keys.master.export();
}
