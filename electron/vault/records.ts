/** The on-disk record formats. Every record carries a schema version for migrations. */
import { z } from 'zod';
import { KEY_ALGORITHMS } from '../../shared/domain/keys.js';
import { ScryptParams } from './kdf.js';
import { SealedBox } from './seal.js';

export const VAULT_FORMAT_VERSION = 1;
export const RECORD_SCHEMA_VERSION = 1;

export const VaultMeta = z.object({
  formatVersion: z.literal(VAULT_FORMAT_VERSION),
  createdAt: z.string(),
  kdf: ScryptParams,
  /** A known plaintext sealed under the key-encryption key: proves a passphrase right or wrong. */
  check: SealedBox,
});
export type VaultMeta = z.infer<typeof VaultMeta>;

export const AuthorityRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  kind: z.literal('root'),
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  certificateDerB64: z.string().min(1),
  /** PKCS#8 private key, sealed with the record id as associated data. */
  sealedKey: SealedBox,
  createdAt: z.string(),
});
export type AuthorityRecord = z.infer<typeof AuthorityRecord>;
