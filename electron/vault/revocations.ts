/**
 * An authority's revocation book: the revoked serials with reason and dates and the last CRL number
 * handed out (shard `revocations-<id>`), and its published CRLs — history and the latest DER — in a
 * shard of their own (`crls-<id>`), so publishing a CRL never rewrites a large list of entries.
 *
 * Entries are stored compactly — `serial: [reason, revokedAt, invalidityDate | null, certificateId | null]`
 * — and checked with a plain loop, not a schema per entry: at 100,000 revocations the shard is a few
 * megabytes and is read on every revocation.
 */
import { CertwrightError } from '../../shared/errors.js';
import { REVOCATION_REASONS, type RevocationReason } from '../../shared/domain/revocation.js';
import { msg } from '../../shared/i18n/message.js';

export interface Revocation {
  readonly serialNumberHex: string;
  readonly reason: RevocationReason;
  /** ISO 8601. */
  readonly revokedAt: string;
  readonly invalidityDate: string | null;
  /** The certificate record revoked, when it is a leaf of this vault; null for a CA certificate. */
  readonly certificateId: string | null;
}

export interface CrlRecord {
  readonly number: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string;
  readonly entries: number;
  readonly sha256: string;
}

export interface RevocationBook {
  readonly entries: ReadonlyMap<string, Revocation>;
  /** The highest CRL number handed out (0: none yet). Numbers are reserved before signing, never reused. */
  readonly lastCrlNumber: number;
  /** Published CRLs, oldest first. */
  readonly history: readonly CrlRecord[];
  /** DER of the newest published CRL. */
  readonly latestCrlDerB64: string | null;
}

export const EMPTY_BOOK: RevocationBook = { entries: new Map(), lastCrlNumber: 0, history: [], latestCrlDerB64: null };

/** History kept per authority; older CRLs are superseded and only their facts matter. */
export const CRL_HISTORY_LIMIT = 200;

type StoredEntry = [RevocationReason, string, string | null, string | null];

const REASONS = new Set<string>(REVOCATION_REASONS);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
const SERIAL = /^[0-9a-f]{1,40}$/;
const ID = /^[0-9a-f]{32}$/;

function corrupt(what: string): CertwrightError {
  return new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedRevocations', { what }));
}

export function parseBook(store: Record<string, unknown>, crls: Record<string, unknown>): RevocationBook {
  const raw = store.entries ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw corrupt('entries');
  const entries = new Map<string, Revocation>();
  for (const [serial, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!SERIAL.test(serial) || !Array.isArray(value) || value.length !== 4) throw corrupt(`entry ${serial}`);
    const [reason, revokedAt, invalidityDate, certificateId] = value as unknown[];
    if (typeof reason !== 'string' || !REASONS.has(reason) || typeof revokedAt !== 'string' || !ISO.test(revokedAt)) throw corrupt(`entry ${serial}`);
    if (invalidityDate !== null && (typeof invalidityDate !== 'string' || !ISO.test(invalidityDate))) throw corrupt(`entry ${serial}`);
    if (certificateId !== null && (typeof certificateId !== 'string' || !ID.test(certificateId))) throw corrupt(`entry ${serial}`);
    entries.set(serial, { serialNumberHex: serial, reason: reason as RevocationReason, revokedAt, invalidityDate: invalidityDate as string | null, certificateId: certificateId as string | null });
  }
  const lastCrlNumber = store.lastCrlNumber ?? 0;
  if (typeof lastCrlNumber !== 'number' || !Number.isSafeInteger(lastCrlNumber) || lastCrlNumber < 0) throw corrupt('CRL number');
  const history = crls.history ?? [];
  if (!Array.isArray(history) || !history.every(isCrlRecord)) throw corrupt('CRL history');
  const latest = crls.latestCrlDerB64 ?? null;
  if (latest !== null && typeof latest !== 'string') throw corrupt('latest CRL');
  return { entries, lastCrlNumber, history, latestCrlDerB64: latest };
}

function isCrlRecord(value: unknown): value is CrlRecord {
  const r = value as Partial<CrlRecord> | null;
  return !!r && Number.isSafeInteger(r.number) && typeof r.thisUpdate === 'string' && typeof r.nextUpdate === 'string' && Number.isSafeInteger(r.entries) && typeof r.sha256 === 'string';
}

export function serializeEntries(entries: ReadonlyMap<string, Revocation>): Record<string, StoredEntry> {
  const out: Record<string, StoredEntry> = {};
  for (const e of entries.values()) out[e.serialNumberHex] = [e.reason, e.revokedAt, e.invalidityDate, e.certificateId];
  return out;
}

/** Serials are stored in their canonical form. */
export { canonicalSerialHex as normalizeSerial } from '../engine/serial.js';
