/**
 * The vault header `vault.cwv`: the KDF parameters and the vault master key wrapped under the
 * passphrase's key. It is read before anything can be authenticated (to derive that key), so its
 * KDF parameters are bounded (kdf.ts); once the master key is unwrapped the header's own MAC is
 * checked like every other file's.
 */
import { z } from 'zod';
import { CertwrightError } from '../../shared/errors.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { deriveKeyEncryptionKey, freshScryptParams, ScryptParams } from './kdf.js';
import { open, seal, SealedBox, SealOpenError } from './seal.js';
import { freshMasterKey } from './vault-keys.js';
import { msg } from '../../shared/i18n/message.js';

export const VAULT_FORMAT_VERSION = 3;
const WRAP_CONTEXT = 'certwright:vault-key:v3';

export const VaultHeader = z.object({
  formatVersion: z.literal(VAULT_FORMAT_VERSION),
  createdAt: z.string(),
  kdf: ScryptParams,
  /** The 32-byte vault master key, sealed under the key derived from the passphrase. */
  wrappedKey: SealedBox,
});
export type VaultHeader = z.infer<typeof VaultHeader>;

export function parseHeader(raw: unknown): VaultHeader {
  const formatVersion = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof formatVersion === 'number' && formatVersion > VAULT_FORMAT_VERSION) {
    throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.newerFormat', { format: formatVersion }));
  }
  const parsed = VaultHeader.safeParse(raw);
  if (!parsed.success) {
    // Read before anything can be authenticated, so damage and tampering look alike: both are refused.
    const kdfIssue = parsed.error.issues.some((i) => i.path[0] === 'kdf');
    throw new CertwrightError(
      'VAULT_TAMPERED',
      msg(kdfIssue ? 'errors:vault.headerKdfOutOfRange' : 'errors:vault.headerDamaged'),
    );
  }
  return parsed.data;
}

/** Wraps `master` under a fresh salt for `passphrase`. */
export async function wrapMasterKey(passphrase: string, master: Bytes, createdAt: string, crypto: EngineCrypto, scryptN?: number): Promise<VaultHeader> {
  const kdf = { ...freshScryptParams(), ...(scryptN ? { N: scryptN } : {}) };
  const kek = await deriveKeyEncryptionKey(passphrase, kdf, crypto);
  return { formatVersion: VAULT_FORMAT_VERSION, createdAt, kdf, wrappedKey: await seal(kek, master, WRAP_CONTEXT, crypto) };
}

/** The master key, or WRONG_PASSPHRASE. The caller zeroes it. */
export async function unwrapMasterKey(passphrase: string, header: VaultHeader, crypto: EngineCrypto): Promise<Bytes> {
  const kek = await deriveKeyEncryptionKey(passphrase, header.kdf, crypto);
  try {
    return await open(kek, header.wrappedKey, WRAP_CONTEXT, crypto);
  } catch (error) {
    if (error instanceof SealOpenError) throw new CertwrightError('WRONG_PASSPHRASE', msg('errors:vault.wrongPassphrase'));
    throw error;
  }
}

export { freshMasterKey };
