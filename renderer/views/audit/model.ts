/**
 * The Audit view's pure logic: every kind of entry in words and in groups, the filter as typed turned
 * into what audit.list takes, and an entry's details as compact text. No React, no IPC.
 */
import type { AuditDetails, AuditEntry, AuditKind } from '../../../shared/domain/audit.js';
import type { Input } from '../../../shared/ipc/contract.js';

export type AuditGroup = 'vault' | 'authorities' | 'signing' | 'revocation' | 'identity' | 'acme';

export const AUDIT_GROUPS: ReadonlyArray<{ readonly id: AuditGroup; readonly label: string; readonly all: string }> = [
  { id: 'signing', label: 'Certificates and keys', all: 'All signing and key exports' },
  { id: 'revocation', label: 'Revocation', all: 'All revocation, CRL and OCSP' },
  { id: 'authorities', label: 'Authorities and trust', all: 'All authority and trust changes' },
  { id: 'identity', label: 'Service tokens and policy', all: 'All token and policy events' },
  { id: 'acme', label: 'ACME', all: 'All ACME server and account events' },
  { id: 'vault', label: 'Vault', all: 'All vault events' },
];

/** Every kind the log records, in words and in its group (a Record, so a new kind without words fails to compile). */
export const AUDIT_KIND_INFO: Readonly<Record<AuditKind, { readonly label: string; readonly group: AuditGroup }>> = {
  'certificate.issued': { label: 'Certificate issued', group: 'signing' },
  'csr.signed': { label: 'CSR signed', group: 'signing' },
  'certificate.proof': { label: 'Handshake-proof certificate signed', group: 'signing' },
  'ocsp.delegatedIssued': { label: 'Delegated OCSP certificate signed', group: 'signing' },
  'key.exported': { label: 'Private key exported', group: 'signing' },
  'certificate.revoked': { label: 'Certificate revoked', group: 'revocation' },
  'certificate.released': { label: 'Certificate hold lifted', group: 'revocation' },
  'authority.revoked': { label: 'Authority revoked', group: 'revocation' },
  'crl.published': { label: 'CRL published', group: 'revocation' },
  'ocsp.started': { label: 'OCSP responder started', group: 'revocation' },
  'ocsp.stopped': { label: 'OCSP responder stopped', group: 'revocation' },
  'publication.written': { label: 'CRL and CA certificate published to a folder', group: 'revocation' },
  'publication.started': { label: 'Publication server started', group: 'revocation' },
  'publication.stopped': { label: 'Publication server stopped', group: 'revocation' },
  'authority.created': { label: 'Authority created', group: 'authorities' },
  'authority.imported': { label: 'Authority imported', group: 'authorities' },
  'authority.activated': { label: 'Authority activated with its signed certificate', group: 'authorities' },
  'trust.added': { label: 'Trusted CA added', group: 'authorities' },
  'settings.changed': { label: 'Settings changed', group: 'authorities' },
  'token.issuerCreated': { label: 'Token issuer created', group: 'identity' },
  'token.keyRotated': { label: 'Token signing key rotated', group: 'identity' },
  'token.signed': { label: 'Service token signed', group: 'identity' },
  'token.endpointStarted': { label: 'Token endpoint started', group: 'identity' },
  'token.endpointStopped': { label: 'Token endpoint stopped', group: 'identity' },
  'policy.changed': { label: 'Service policy changed', group: 'identity' },
  'acme.started': { label: 'ACME server started', group: 'acme' },
  'acme.stopped': { label: 'ACME server stopped', group: 'acme' },
  'acme.accountCreated': { label: 'ACME account registered', group: 'acme' },
  'acme.accountUpdated': { label: 'ACME account updated', group: 'acme' },
  'acme.accountDeactivated': { label: 'ACME account deactivated', group: 'acme' },
  'acme.keyRolledOver': { label: 'ACME account key rolled over', group: 'acme' },
  'acme.labApproved': { label: 'ACME authorization approved without validation (lab mode)', group: 'acme' },
  'vault.created': { label: 'Vault created', group: 'vault' },
  'vault.unlocked': { label: 'Vault unlocked', group: 'vault' },
  'vault.unlockFailed': { label: 'Failed unlock attempts', group: 'vault' },
  'vault.locked': { label: 'Vault locked', group: 'vault' },
  'vault.passphraseChanged': { label: 'Passphrase changed', group: 'vault' },
  'vault.backup': { label: 'Backup written', group: 'vault' },
  'vault.restored': { label: 'Vault restored from a backup', group: 'vault' },
  'vault.migrated': { label: 'Vault format upgraded', group: 'vault' },
};

const KINDS = Object.keys(AUDIT_KIND_INFO) as AuditKind[];

/** The kind filter's value: everything, a whole group, or one kind. */
export type KindChoice = 'all' | `group:${AuditGroup}` | AuditKind;

export interface KindOptionGroup {
  readonly label: string;
  readonly options: ReadonlyArray<{ readonly value: KindChoice; readonly label: string }>;
}

/** The kind select's option groups: per group, "any of it" first, then each kind. */
export function kindOptionGroups(): KindOptionGroup[] {
  return AUDIT_GROUPS.map((g) => ({
    label: g.label,
    options: [{ value: `group:${g.id}` as const, label: g.all }, ...KINDS.filter((k) => AUDIT_KIND_INFO[k].group === g.id).map((k) => ({ value: k, label: AUDIT_KIND_INFO[k].label }))],
  }));
}

export function kindsOf(choice: KindChoice): AuditKind[] {
  if (choice === 'all') return [];
  if (choice.startsWith('group:')) return KINDS.filter((k) => `group:${AUDIT_KIND_INFO[k].group}` === choice);
  return [choice as AuditKind];
}

// ---- The filter ---------------------------------------------------------------------------

export type AuditQuery = NonNullable<Input<'audit.list'>['filter']>;

/** The filter as typed: '' for "any"; dates as a date input gives them (YYYY-MM-DD, local). */
export interface AuditFilterDraft {
  readonly authorityId: string;
  readonly kind: KindChoice;
  readonly from: string;
  readonly to: string;
}

export const NO_FILTER: AuditFilterDraft = { authorityId: '', kind: 'all', from: '', to: '' };

export const isFiltered = (d: AuditFilterDraft) => d.authorityId !== '' || d.kind !== 'all' || d.from !== '' || d.to !== '';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local calendar day's first (or last) millisecond, as ISO; null when the text is not a date. */
export function dayBoundary(text: string, end: boolean): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = end ? new Date(year, month, day, 23, 59, 59, 999) : new Date(year, month, day);
  // Date rolls 2026-13-45 over into 2027: a day that does not exist is not a date.
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return null;
  return date.toISOString();
}

/** What audit.list and audit.export take for the draft, or why not (the field and the words). */
export function auditQuery(d: AuditFilterDraft): { readonly ok: true; readonly value: AuditQuery } | { readonly ok: false; readonly field: 'from' | 'to'; readonly message: string } {
  const from = d.from === '' ? undefined : dayBoundary(d.from, false);
  const to = d.to === '' ? undefined : dayBoundary(d.to, true);
  if (from === null) return { ok: false, field: 'from', message: 'Give the start as a date' };
  if (to === null) return { ok: false, field: 'to', message: 'Give the end as a date' };
  if (from !== undefined && to !== undefined && from > to) return { ok: false, field: 'to', message: 'The end is before the start' };
  return {
    ok: true,
    value: { kinds: kindsOf(d.kind), ...(d.authorityId ? { authorityId: d.authorityId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
  };
}

// ---- An entry -----------------------------------------------------------------------------

/** What happened, in words; an unknown kind (a newer log) as written. */
export function entryLabel(entry: Pick<AuditEntry, 'kind'>): string {
  return AUDIT_KIND_INFO[entry.kind]?.label ?? entry.kind;
}

/** "reason: keyCompromise · crlNumber: 3"; empty when there are none. */
export function detailsText(details: AuditDetails): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(' · ');
}

/** Entries so far and in all: "Showing 100 of 240 entries". */
export function shownText(shown: number, total: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (shown >= total) return `${n(total)} ${total === 1 ? 'entry' : 'entries'}`;
  return `Showing ${n(shown)} of ${n(total)} entries`;
}
