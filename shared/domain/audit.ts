/**
 * The vault's audit log as the renderer sees it: what happened, when, to what. The log itself
 * (append-only, hash-chained, authenticated) is electron/vault/audit-log.ts; docs/audit-log.md
 * describes its format.
 */

/** Every kind of event the log records, in no particular order. */
export const AUDIT_KINDS = [
  'vault.created',
  'vault.unlocked',
  'vault.unlockFailed',
  'vault.locked',
  'vault.passphraseChanged',
  'vault.backup',
  'vault.restored',
  'vault.migrated',
  'authority.created',
  'authority.imported',
  'authority.activated',
  'certificate.issued',
  'certificate.proof',
  'ocsp.delegatedIssued',
  'csr.signed',
  'certificate.revoked',
  'certificate.released',
  'authority.revoked',
  'crl.published',
  'ocsp.started',
  'ocsp.stopped',
  'publication.written',
  'publication.started',
  'publication.stopped',
  'key.exported',
  'trust.added',
  'settings.changed',
  'token.issuerCreated',
  'token.keyRotated',
  'token.signed',
  'token.endpointStarted',
  'token.endpointStopped',
  'policy.changed',
  'acme.started',
  'acme.stopped',
  'acme.accountCreated',
  'acme.accountUpdated',
  'acme.accountDeactivated',
  'acme.keyRolledOver',
  'acme.labApproved',
  'endpoint.added',
  'endpoint.changed',
  'endpoint.removed',
  'remote.connected',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Flat, plain values only: at most 32 keys, strings at most 1,000 characters. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** One entry of the log. */
export interface AuditEntry {
  /** 1, 2, 3, … in the order written. */
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds, e.g. 2025-03-01T12:00:00.000Z. */
  readonly at: string;
  readonly kind: AuditKind;
  /** The authority concerned (32 hex), or null. */
  readonly authorityId: string | null;
  /** The subject concerned (a DN or a name), or null. */
  readonly subject: string | null;
  /** The certificate serial concerned (hex), or null. */
  readonly serial: string | null;
  readonly details: AuditDetails;
}
