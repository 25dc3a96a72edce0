/**
 * The vault's token issuers (`token-issuers.cwv`, one document keyed by record id): each with its
 * signing keys — the current one and retired ones still in the JWKS — sealed like CA keys, bound to
 * the holder kind `token-issuer`, the key's record id and the SHA-256 of its public key.
 */
import { z } from 'zod';
import { CertwrightError } from '../../shared/errors.js';
import { KEY_ALGORITHMS } from '../../shared/domain/keys.js';
import { TOKEN_ALGORITHMS } from '../../shared/domain/service-identity.js';
import { tampered, type VaultFiles } from './files.js';
import { RECORD_SCHEMA_VERSION } from './records.js';
import { SealedBox } from './seal.js';
import { msg } from '../../shared/i18n/message.js';

export const TOKEN_ISSUERS = 'token-issuers';

const RecordId = z.string().regex(/^[0-9a-f]{32}$/);

export const TokenKeyRecord = z.object({
  /** The sealed key's record id. */
  id: RecordId,
  kid: z.string().min(1),
  algorithm: z.enum(TOKEN_ALGORITHMS),
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  spkiDerB64: z.string().min(1),
  /** Public members only, with kid, alg and use. */
  publicJwk: z.record(z.string(), z.string()),
  sealedKey: SealedBox,
  createdAt: z.string(),
  /** When a newer key took over; null for the current key. */
  retiredAt: z.string().nullable().default(null),
  /** The latest exp of a token this key signed: a retired key stays in the JWKS until then. */
  lastTokenExpiresAt: z.string().nullable().default(null),
});
export type TokenKeyRecord = z.infer<typeof TokenKeyRecord>;

export const TokenIssuerRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  name: z.string().min(1),
  algorithm: z.enum(TOKEN_ALGORITHMS),
  createdAt: z.string(),
  tokensSigned: z.number().int().min(0).default(0),
  /** Newest first; exactly one has retiredAt null. */
  keys: z.array(TokenKeyRecord).min(1),
});
export type TokenIssuerRecord = z.infer<typeof TokenIssuerRecord>;

/** When a retired key leaves the JWKS: once the last token it signed has expired (or at once, if it signed none). */
export function leavesJwksAt(key: TokenKeyRecord): string | null {
  if (key.retiredAt === null) return null;
  return key.lastTokenExpiresAt !== null && key.lastTokenExpiresAt > key.retiredAt ? key.lastTokenExpiresAt : key.retiredAt;
}

/** The keys still in an issuer's JWKS at `now`: the current one and retired ones whose tokens may still be live. */
export function liveKeys(issuer: TokenIssuerRecord, now: Date): TokenKeyRecord[] {
  const at = now.toISOString();
  return issuer.keys.filter((k) => k.retiredAt === null || (leavesJwksAt(k) ?? '') > at);
}

export function currentKey(issuer: TokenIssuerRecord): TokenKeyRecord {
  const key = issuer.keys.find((k) => k.retiredAt === null);
  if (!key) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.issuerWithoutKey', { name: issuer.name }));
  return key;
}

export class TokenIssuerTable {
  readonly #files: VaultFiles;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  /** Oldest first. */
  list(): TokenIssuerRecord[] {
    const read = this.#files.read(TOKEN_ISSUERS);
    return Object.entries(read?.doc ?? {})
      .map(([id, raw]) => {
        const parsed = TokenIssuerRecord.safeParse(raw);
        if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedTokenIssuer'));
        if (parsed.data.id !== id) throw tampered(TOKEN_ISSUERS, msg('errors:tamper.misplacedRecord', { id }), this.#files.directory);
        return parsed.data;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Adds or replaces one record (inside a transaction). */
  put(record: TokenIssuerRecord): void {
    this.#files.write(TOKEN_ISSUERS, { ...(this.#files.read(TOKEN_ISSUERS)?.doc ?? {}), [record.id]: record });
  }
}
