/**
 * The ACME accounts of the vault's authorities (`acme-accounts.cwv`, one document keyed by record
 * id): each an account key (public JWK and its RFC 7638 thumbprint) registered with one authority's
 * ACME server, its contacts, status and external account binding. No secret is kept here.
 */
import { z } from 'zod';
import { CertwrightError } from '../../shared/errors.js';
import { tampered, type VaultFiles } from './files.js';
import { RECORD_SCHEMA_VERSION } from './records.js';
import { msg } from '../../shared/i18n/message.js';

export const ACME_ACCOUNTS = 'acme-accounts';

const RecordId = z.string().regex(/^[0-9a-f]{32}$/);

export const AcmeAccountRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  authorityId: RecordId,
  /** Public members only. */
  jwk: z.record(z.string(), z.string()),
  thumbprint: z.string().min(1),
  status: z.enum(['valid', 'deactivated', 'revoked']),
  contact: z.array(z.string()).default([]),
  createdAt: z.string(),
  eabKeyId: z.string().nullable().default(null),
});
export type AcmeAccountRecord = z.infer<typeof AcmeAccountRecord>;

export class AcmeAccountTable {
  readonly #files: VaultFiles;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  /** Every account, oldest first. */
  list(): AcmeAccountRecord[] {
    const read = this.#files.read(ACME_ACCOUNTS);
    return Object.entries(read?.doc ?? {})
      .map(([id, raw]) => {
        const parsed = AcmeAccountRecord.safeParse(raw);
        if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedAcmeAccount'));
        if (parsed.data.id !== id) throw tampered(ACME_ACCOUNTS, msg('errors:tamper.misplacedRecord', { id }), this.#files.directory);
        return parsed.data;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Adds or replaces one record (inside a transaction). */
  put(record: AcmeAccountRecord): void {
    this.#files.write(ACME_ACCOUNTS, { ...(this.#files.read(ACME_ACCOUNTS)?.doc ?? {}), [record.id]: record });
  }
}
