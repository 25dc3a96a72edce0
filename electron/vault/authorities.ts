/**
 * The vault's authorities (`authorities.cwv`, one document keyed by record id): parsed and validated
 * once per version of the file and shared frozen (lists look one up per certificate). Writes happen
 * inside the vault's transaction, from the document as it is on disk now.
 */
import { CertwrightError } from '../../shared/errors.js';
import { tampered, type VaultFiles } from './files.js';
import { AuthorityRecord } from './records.js';
import { msg } from '../../shared/i18n/message.js';

export const AUTHORITIES = 'authorities';

export interface AuthorityIndex {
  /** Oldest first. */
  readonly list: readonly AuthorityRecord[];
  readonly byId: ReadonlyMap<string, AuthorityRecord>;
}

function freeze(record: AuthorityRecord): AuthorityRecord {
  Object.freeze(record.sealedKey);
  Object.freeze(record.settings);
  Object.freeze(record.externalChainDerB64);
  return Object.freeze(record);
}

function parse(raw: unknown): AuthorityRecord {
  const parsed = AuthorityRecord.safeParse(raw);
  if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedAuthority'));
  return parsed.data;
}

export class AuthorityTable {
  readonly #files: VaultFiles;
  #cache: (AuthorityIndex & { readonly stamp: string }) | null = null;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  clear(): void {
    this.#cache = null;
  }

  index(): AuthorityIndex {
    const stamp = this.#files.stamp(AUTHORITIES);
    if (this.#cache?.stamp === stamp) return this.#cache;
    const read = this.#files.read(AUTHORITIES);
    const list = Object.entries(read?.doc ?? {})
      .map(([id, raw]) => {
        const record = freeze(parse(raw));
        if (record.id !== id) throw tampered(AUTHORITIES, msg('errors:tamper.misplacedRecord', { id }), this.#files.directory);
        return record;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.#cache = { stamp: read?.stamp ?? stamp, list, byId: new Map(list.map((a) => [a.id, a])) };
    return this.#cache;
  }

  /** Adds or replaces one record (inside a transaction). */
  put(record: AuthorityRecord): void {
    this.#files.write(AUTHORITIES, { ...(this.#files.read(AUTHORITIES)?.doc ?? {}), [record.id]: record });
  }
}
