/** The on-disk record formats. Every record carries a schema version for migrations. */
import { DEFAULT_WATCH_SETTINGS, WATCH_CONCURRENCY, WATCH_INTERVAL_MINUTES, WATCH_TIMEOUT_SECONDS } from '../../shared/domain/watch.js';
import { z } from 'zod';
import { CERTIFICATE_KINDS } from '../../shared/domain/certificate.js';
import { KEY_ALGORITHMS } from '../../shared/domain/keys.js';
import { DEFAULT_CRL_NEXT_UPDATE_DAYS } from '../../shared/domain/revocation.js';
import { DEFAULT_EXPIRY_SETTINGS } from '../../shared/domain/expiry.js';
import { AUTO_LOCK_MINUTES, BACKUP_REMINDER_DAYS, DEFAULT_SECURITY_SETTINGS } from '../../shared/domain/vault.js';
import { SealedBox } from './seal.js';

/** Every record carries a schema version for migrations; the layout of the files is the header's formatVersion (header.ts). */
export const RECORD_SCHEMA_VERSION = 1;

const RecordId = z.string().regex(/^[0-9a-f]{32}$/);

export const StoredSettings = z.object({
  defaultValidityDays: z.number().int().min(1),
  crlUrl: z.string().nullable(),
  ocspUrl: z.string().nullable(),
  caIssuersUrl: z.string().nullable(),
  /** Absent in vaults from before revocation: the default then. */
  crlNextUpdateDays: z.number().int().min(1).default(DEFAULT_CRL_NEXT_UPDATE_DAYS),
});

export const DEFAULT_SETTINGS: z.infer<typeof StoredSettings> = { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: DEFAULT_CRL_NEXT_UPDATE_DAYS };

export const AuthorityRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  kind: z.enum(['root', 'intermediate']),
  /** pending: key and CSR exist, the certificate is still to come from an outside CA. */
  state: z.enum(['active', 'pending']).default('active'),
  /** The issuing authority when it is in this vault. */
  parentId: RecordId.nullable().default(null),
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  /** Absent only while pending. */
  certificateDerB64: z.string().min(1).optional(),
  serialNumberHex: z.string().optional(),
  /** The request a pending intermediate was created with. */
  csrDerB64: z.string().min(1).optional(),
  /** Issuers above an intermediate signed outside this vault, as given at activation. */
  externalChainDerB64: z.array(z.string().min(1)).default([]),
  /**
   * PKCS#8 private key, sealed with its holder, the record id and its public key as associated data
   * (sealed-keys.ts). Absent exactly for a remote authority: its key lives on the server.
   */
  sealedKey: SealedBox.optional(),
  settings: StoredSettings.default(DEFAULT_SETTINGS),
  /** The step-ca server (remotes.cwv) this authority is the issuing CA of; null for a CA whose key is here. */
  remoteId: RecordId.nullable().default(null),
  createdAt: z.string(),
});
export type AuthorityRecord = z.infer<typeof AuthorityRecord>;

export const CertificateRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  authorityId: RecordId,
  /** A leaf profile, or 'ca' for a sub-CA signed from an outside request. */
  profile: z.enum(CERTIFICATE_KINDS),
  certificateDerB64: z.string().min(1),
  serialNumberHex: z.string().min(1),
  /** Set when Certwright generated the key; null for certificates signed from a CSR. */
  keyAlgorithm: z.enum(KEY_ALGORITHMS).nullable(),
  /** Present exactly when Certwright generated the key. */
  sealedKey: SealedBox.optional(),
  createdAt: z.string(),
  /** The certificate this one renewed or rekeyed (absent in vaults from before renewal). */
  replacesId: RecordId.nullable().default(null),
  /** The certificate that replaced this one. */
  replacedById: RecordId.nullable().default(null),
  /** When to revoke it as superseded (the overlap chosen at renewal); cleared once done. */
  scheduledRevocation: z.string().nullable().default(null),
  /** The ACME account that ordered it, when it was issued over ACME (absent in older vaults). */
  acmeAccountId: RecordId.nullable().default(null),
});
export type CertificateRecord = z.infer<typeof CertificateRecord>;

const HEX_ID = /^[0-9a-f]{32}$/;
const optionalId = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && HEX_ID.test(value));
const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * CertificateRecord.parse for a record in today's shape, without zod — because a measurement said
 * so: reading an inventory cold (the first list after the app starts), zod took most of the time
 * (--cpu-prof: 235 of 307 ms over three reads of 10,000 records; ≈ 60 ms for the first 10,000 a
 * process reads, ≈ 1–6 µs a record once warm); this takes ≈ 1 µs from the first. The checks are the schema's, field by field, and so
 * is the answer (defaults filled in, unknown keys such as `seq` left out); anything else returns
 * null, and the caller asks zod, which also says what is wrong. test/unit/vault-records.test.ts
 * compares the two on valid records and on every field made invalid.
 */
export function certificateRecordFast(raw: unknown): CertificateRecord | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (r.schemaVersion !== RECORD_SCHEMA_VERSION || typeof r.id !== 'string' || !HEX_ID.test(r.id) || typeof r.authorityId !== 'string' || !HEX_ID.test(r.authorityId)) return null;
  if (!(CERTIFICATE_KINDS as readonly unknown[]).includes(r.profile) || !text(r.certificateDerB64) || !text(r.serialNumberHex) || typeof r.createdAt !== 'string') return null;
  if (r.keyAlgorithm !== null && !(KEY_ALGORITHMS as readonly unknown[]).includes(r.keyAlgorithm)) return null;
  if (!optionalId(r.replacesId) || !optionalId(r.replacedById) || !optionalId(r.acmeAccountId) || !(r.scheduledRevocation === undefined || r.scheduledRevocation === null || typeof r.scheduledRevocation === 'string')) return null;
  let sealedKey: SealedBox | undefined;
  if (r.sealedKey !== undefined) {
    const box = r.sealedKey as Record<string, unknown> | null;
    if (typeof box !== 'object' || box === null || Array.isArray(box) || box.alg !== 'A256GCM' || !text(box.nonceB64) || !text(box.ciphertextB64)) return null;
    sealedKey = { alg: 'A256GCM', nonceB64: box.nonceB64, ciphertextB64: box.ciphertextB64 };
  }
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: r.id,
    authorityId: r.authorityId,
    profile: r.profile as CertificateRecord['profile'],
    certificateDerB64: r.certificateDerB64,
    serialNumberHex: r.serialNumberHex,
    keyAlgorithm: r.keyAlgorithm as CertificateRecord['keyAlgorithm'],
    ...(sealedKey ? { sealedKey } : {}),
    createdAt: r.createdAt,
    replacesId: (r.replacesId as string | null | undefined) ?? null,
    replacedById: (r.replacedById as string | null | undefined) ?? null,
    scheduledRevocation: (r.scheduledRevocation as string | null | undefined) ?? null,
    acmeAccountId: (r.acmeAccountId as string | null | undefined) ?? null,
  };
}

/** An outside CA certificate the vault trusts for building chains (no key: it cannot issue). */
export const TrustedCaRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  certificateDerB64: z.string().min(1),
  addedAt: z.string(),
});
export type TrustedCaRecord = z.infer<typeof TrustedCaRecord>;

/** Vault-wide preferences; every field has its default, so older vaults read as defaults. */
export const StoredAppSettings = z.object({
  expiry: z
    .object({
      warningDays: z.number().int().min(1).default(DEFAULT_EXPIRY_SETTINGS.warningDays),
      urgentDays: z.number().int().min(1).default(DEFAULT_EXPIRY_SETTINGS.urgentDays),
      notifications: z.boolean().default(DEFAULT_EXPIRY_SETTINGS.notifications),
    })
    .default(DEFAULT_EXPIRY_SETTINGS),
  security: z
    .object({
      autoLockMinutes: z.number().int().min(AUTO_LOCK_MINUTES.min).max(AUTO_LOCK_MINUTES.max).nullable().default(DEFAULT_SECURITY_SETTINGS.autoLockMinutes),
      backupReminderDays: z.number().int().min(BACKUP_REMINDER_DAYS.min).max(BACKUP_REMINDER_DAYS.max).default(DEFAULT_SECURITY_SETTINGS.backupReminderDays),
    })
    .default(DEFAULT_SECURITY_SETTINGS),
  watch: z
    .object({
      intervalMinutes: z.number().int().min(WATCH_INTERVAL_MINUTES.min).max(WATCH_INTERVAL_MINUTES.max).default(DEFAULT_WATCH_SETTINGS.intervalMinutes),
      concurrency: z.number().int().min(WATCH_CONCURRENCY.min).max(WATCH_CONCURRENCY.max).default(DEFAULT_WATCH_SETTINGS.concurrency),
      timeoutSeconds: z.number().int().min(WATCH_TIMEOUT_SECONDS.min).max(WATCH_TIMEOUT_SECONDS.max).default(DEFAULT_WATCH_SETTINGS.timeoutSeconds),
      metricsServe: z.boolean().default(DEFAULT_WATCH_SETTINGS.metricsServe),
      metricsPort: z.number().int().min(1024).max(65535).default(DEFAULT_WATCH_SETTINGS.metricsPort),
    })
    .default(DEFAULT_WATCH_SETTINGS),
});
