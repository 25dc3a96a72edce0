/**
 * The Audit view's pure logic: every kind of entry in words and in groups, the filter as typed turned
 * into what audit.list takes, and an entry's details as compact text. No React, no IPC.
 */
import type { AuditDetails, AuditEntry, AuditKind } from '../../../shared/domain/audit.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { t } from '../../i18n/instance.js';

export type AuditGroup = 'vault' | 'authorities' | 'signing' | 'revocation' | 'identity' | 'acme';

const GROUP_ORDER: readonly AuditGroup[] = ['signing', 'revocation', 'authorities', 'identity', 'acme', 'vault'];

/** The groups in the kind select's order; their words are read when used, so they follow the language. */
export const AUDIT_GROUPS: ReadonlyArray<{ readonly id: AuditGroup; readonly label: string; readonly all: string }> = GROUP_ORDER.map((id) => ({
  id,
  get label() {
    return t(`audit:group.${id}.label`);
  },
  get all() {
    return t(`audit:group.${id}.all`);
  },
}));

/** Which group each kind the log records is in (a Record, so a new kind without a group fails to compile). */
const KIND_GROUP: Readonly<Record<AuditKind, AuditGroup>> = {
  'certificate.issued': 'signing',
  'csr.signed': 'signing',
  'certificate.proof': 'signing',
  'ocsp.delegatedIssued': 'signing',
  'key.exported': 'signing',
  'certificate.revoked': 'revocation',
  'certificate.released': 'revocation',
  'authority.revoked': 'revocation',
  'crl.published': 'revocation',
  'ocsp.started': 'revocation',
  'ocsp.stopped': 'revocation',
  'publication.written': 'revocation',
  'publication.started': 'revocation',
  'publication.stopped': 'revocation',
  'authority.created': 'authorities',
  'authority.imported': 'authorities',
  'authority.activated': 'authorities',
  'trust.added': 'authorities',
  'settings.changed': 'authorities',
  'token.issuerCreated': 'identity',
  'token.keyRotated': 'identity',
  'token.signed': 'identity',
  'token.endpointStarted': 'identity',
  'token.endpointStopped': 'identity',
  'policy.changed': 'identity',
  'acme.started': 'acme',
  'acme.stopped': 'acme',
  'acme.accountCreated': 'acme',
  'acme.accountUpdated': 'acme',
  'acme.accountDeactivated': 'acme',
  'acme.keyRolledOver': 'acme',
  'acme.labApproved': 'acme',
  'endpoint.added': 'vault',
  'endpoint.changed': 'vault',
  'endpoint.removed': 'vault',
  'remote.connected': 'authorities',
  'vault.created': 'vault',
  'vault.unlocked': 'vault',
  'vault.unlockFailed': 'vault',
  'vault.locked': 'vault',
  'vault.passphraseChanged': 'vault',
  'vault.backup': 'vault',
  'vault.restored': 'vault',
  'vault.migrated': 'vault',
};

/** Every kind the log records, in words (`audit:kind.<kind>`, read when used) and in its group. */
export const AUDIT_KIND_INFO: Readonly<Record<AuditKind, { readonly label: string; readonly group: AuditGroup }>> = Object.fromEntries(
  (Object.keys(KIND_GROUP) as AuditKind[]).map((kind) => [
    kind,
    {
      group: KIND_GROUP[kind],
      get label() {
        return t(`audit:kind.${kind}`);
      },
    },
  ]),
) as Record<AuditKind, { readonly label: string; readonly group: AuditGroup }>;

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
  if (from === null) return { ok: false, field: 'from', message: t('audit:filter.startInvalid') };
  if (to === null) return { ok: false, field: 'to', message: t('audit:filter.endInvalid') };
  if (from !== undefined && to !== undefined && from > to) return { ok: false, field: 'to', message: t('audit:filter.endBeforeStart') };
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
  if (shown >= total) return t('audit:page.entries', { count: total });
  return t('audit:page.showing', { shown, count: total });
}
