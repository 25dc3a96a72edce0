/**
 * Vaults written before format 3 (plain JSON files through conf: `vault.json`, `authorities.json`,
 * `certificates-*.json`, `revocations-<id>.json`, `crls-<id>.json`, `trusted.json`), read once to be
 * migrated at the first unlock (vault.ts). Nothing here writes: the migration writes the format-3
 * files through the authenticated writer, the header last, and only then removes these.
 *
 * Format 1 kept an authority's certificates in `certificates-<authorityId>`; format 2 in 256 buckets
 * `certificates-00…ff` plus a pending batch `certificates-batch` whose records win. Private keys were
 * sealed straight under the passphrase's key with the record id as associated data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertwrightError } from '../../shared/errors.js';
import { ScryptParams } from './kdf.js';
import { SealedBox } from './seal.js';
import { z } from 'zod';
import { msg } from '../../shared/i18n/message.js';

export const LEGACY_CHECK_CONTEXT = 'certwright:vault-check:v1';
export const legacyKeyContext = (recordId: string) => `certwright:private-key:${recordId}`;
const ID = /^[0-9a-f]{32}$/;

const LegacyMeta = z.object({
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  createdAt: z.string(),
  kdf: ScryptParams,
  check: SealedBox,
});
export type LegacyMeta = z.infer<typeof LegacyMeta>;

export interface LegacyVault {
  readonly meta: LegacyMeta;
  readonly settings: Record<string, unknown>;
  /** Raw authority records by id. */
  readonly authorities: Record<string, Record<string, unknown>>;
  /** Raw certificate records in issue order. */
  readonly certificates: ReadonlyArray<Record<string, unknown>>;
  readonly trusted: Record<string, unknown>;
  /** `revocations-<id>` and `crls-<id>` documents by file name. */
  readonly books: ReadonlyMap<string, Record<string, unknown>>;
  /** Every legacy file, to remove once migrated. */
  readonly files: readonly string[];
}

function corrupt(file: string): CertwrightError {
  return new CertwrightError('VAULT_CORRUPT', msg('errors:legacy.fileDamaged', { file }));
}

function readJson(directory: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(join(directory, file), 'utf8'));
  } catch {
    throw corrupt(file);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw corrupt(file);
  return doc as Record<string, unknown>;
}

function jsonFiles(directory: string): string[] {
  try {
    return readdirSync(directory).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True when the directory holds a vault of format 1 or 2. */
export function hasLegacyVault(directory: string): boolean {
  return jsonFiles(directory).includes('vault.json');
}

/** The legacy header: the KDF parameters and the check value, to test a passphrase before migrating. */
export function readLegacyMeta(directory: string): LegacyMeta {
  const parsed = LegacyMeta.safeParse(readJson(directory, 'vault.json').meta);
  if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:legacy.headerDamaged'));
  return parsed.data;
}

export function readLegacyVault(directory: string): LegacyVault {
  const files = jsonFiles(directory);
  const header = readJson(directory, 'vault.json');
  const meta = readLegacyMeta(directory);
  const authorities: Record<string, Record<string, unknown>> = {};
  if (files.includes('authorities.json')) {
    for (const [id, raw] of Object.entries(readJson(directory, 'authorities.json'))) {
      if (!ID.test(id) || typeof raw !== 'object' || raw === null) throw corrupt('authorities.json');
      authorities[id] = raw as Record<string, unknown>;
    }
  }
  const byCreation = Object.keys(authorities).sort((a, b) => String(authorities[a]!.createdAt).localeCompare(String(authorities[b]!.createdAt)));
  const certificates = new Map<string, { record: Record<string, unknown>; seq: number }>();
  let seq = 0;
  const take = (file: string, doc: Record<string, unknown>, withSeq: boolean) => {
    for (const [id, raw] of Object.entries(doc)) {
      if (!ID.test(id) || typeof raw !== 'object' || raw === null) throw corrupt(file);
      const { seq: stored, ...record } = raw as Record<string, unknown>;
      const place = withSeq && typeof stored === 'number' ? stored : ++seq;
      certificates.set(id, { record, seq: place });
    }
  };
  if (meta.formatVersion === 1) {
    for (const authorityId of byCreation) if (files.includes(`certificates-${authorityId}.json`)) take(`certificates-${authorityId}.json`, readJson(directory, `certificates-${authorityId}.json`), false);
  } else {
    for (const file of files.filter((f) => /^certificates-[0-9a-f]{2}\.json$/.test(f)).sort()) take(file, readJson(directory, file), true);
    if (files.includes('certificates-batch.json')) {
      const records = readJson(directory, 'certificates-batch.json').records;
      if (typeof records !== 'object' || records === null) throw corrupt('certificates-batch.json');
      take('certificates-batch.json', records as Record<string, unknown>, true);
    }
  }
  const books = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    const match = /^(revocations|crls)-([0-9a-f]{32})\.json$/.exec(file);
    if (match) books.set(`${match[1]}-${match[2]}`, readJson(directory, file));
  }
  return {
    meta,
    settings: typeof header.settings === 'object' && header.settings !== null ? (header.settings as Record<string, unknown>) : {},
    authorities,
    certificates: [...certificates.values()].sort((a, b) => a.seq - b.seq).map((c) => c.record),
    trusted: files.includes('trusted.json') ? readJson(directory, 'trusted.json') : {},
    books,
    files,
  };
}
