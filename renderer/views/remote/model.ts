/**
 * The window's pure logic for remote authorities (issue 20, docs/step-ca.md): the "Connect to
 * step-ca" form and the "Hand an intermediate to step-ca" form to their requests, main's refusals
 * (INVALID_INPUT details.field) back to a field, the remote of an authority. No React, no IPC: tested in Node (test/unit/remote-view-model.test.ts).
 */
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { STEP_CA_DEFAULT_PORT, type RemoteHealth, type RemoteSummary } from '../../../shared/domain/remote.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { STEP_CA_PASSWORD_MIN } from '../../../shared/ipc/contract.js';
import { t } from '../../i18n/instance.js';

// ---- Connect ------------------------------------------------------------------------------------

export interface ConnectDraft {
  readonly name: string;
  /** One URL per line, in failover order. */
  readonly urls: string;
  readonly fingerprint: string;
  readonly provisioner: string;
  readonly password: string;
}

export type ConnectField = keyof ConnectDraft;

export const EMPTY_CONNECT: ConnectDraft = { name: '', urls: '', fingerprint: '', provisioner: 'certwright', password: '' };

/** The lines of a text box, trimmed, empty ones dropped (a URL per line; the order is kept: it is the failover order). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The request as typed; main validates every field (the contract) and its refusals come back at their field. */
export function connectRequest(d: ConnectDraft): Input<'remote.connect'> {
  return { name: d.name.trim(), urls: lines(d.urls), fingerprint: d.fingerprint.trim(), provisioner: d.provisioner.trim(), password: d.password };
}

/** The form field a refusal names: `urls.1` is the URLs box, `fingerprint` its own. */
export function connectFieldOf(field: string | undefined): ConnectField | undefined {
  const head = field?.split('.')[0];
  return head === 'name' || head === 'urls' || head === 'fingerprint' || head === 'provisioner' || head === 'password' ? head : undefined;
}

// ---- The step-ca export -------------------------------------------------------------------------

export type DatabaseKind = 'badgerv2' | 'mysql';

/** The keys step-ca's intermediate may have (its ca.json and Go's x509 take these; no Ed25519 CA). */
export type StepCaKeyAlgorithm = NonNullable<Input<'authority.exportStepCa'>['keyAlgorithm']>;
export const STEP_CA_KEY_ALGORITHMS: readonly StepCaKeyAlgorithm[] = ['p256', 'p384', 'rsa2048', 'rsa3072', 'rsa4096'];

export interface ExportDraft {
  readonly commonName: string;
  readonly keyAlgorithm: StepCaKeyAlgorithm;
  /** Days as typed; '' for the default. */
  readonly validityDays: string;
  readonly password: string;
  readonly passwordAgain: string;
  readonly address: string;
  /** Separated by commas, spaces or lines. */
  readonly dnsNames: string;
  readonly provisioner: string;
  readonly acme: boolean;
  readonly database: DatabaseKind;
  readonly dataSource: string;
  readonly databaseName: string;
  readonly format: 'folder' | 'zip';
}

export type ExportField = 'commonName' | 'validityDays' | 'password' | 'passwordAgain' | 'address' | 'dnsNames' | 'provisioner' | 'dataSource' | 'databaseName';
export type ExportErrors = Partial<Record<ExportField, string>>;

export const EMPTY_EXPORT: ExportDraft = {
  commonName: '',
  keyAlgorithm: 'p256',
  validityDays: '',
  password: '',
  passwordAgain: '',
  address: `:${STEP_CA_DEFAULT_PORT}`,
  dnsNames: 'localhost',
  provisioner: 'certwright',
  acme: false,
  database: 'badgerv2',
  dataSource: '',
  databaseName: 'stepca',
  format: 'folder',
};

/** DNS names as typed: split on commas and white space, empty ones dropped. */
export function names(text: string): string[] {
  return text.split(/[\s,]+/).filter((n) => n !== '');
}

/**
 * The request, or what is wrong before asking main: the password's length and its repetition (main
 * never sees the second), a validity that is not a whole number. Everything else is main's to judge.
 */
export function exportRequest(rootId: string, d: ExportDraft): { readonly ok: true; readonly request: Input<'authority.exportStepCa'> } | { readonly ok: false; readonly errors: ExportErrors } {
  const errors: ExportErrors = {};
  if (d.password.length < STEP_CA_PASSWORD_MIN) errors.password = t('remote:exportDialog.passwordShort', { min: STEP_CA_PASSWORD_MIN });
  else if (d.password !== d.passwordAgain) errors.passwordAgain = t('remote:exportDialog.passwordMismatch');
  const days = d.validityDays.trim();
  if (days !== '' && !/^\d+$/.test(days)) errors.validityDays = t('remote:exportDialog.validityWhole');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const commonName = d.commonName.trim();
  const request: Input<'authority.exportStepCa'> = {
    rootId,
    ...(commonName === '' ? {} : { commonName }),
    keyAlgorithm: d.keyAlgorithm,
    ...(days === '' ? {} : { validityDays: Number(days) }),
    password: d.password,
    address: d.address.trim(),
    dnsNames: names(d.dnsNames),
    provisioner: d.provisioner.trim(),
    acme: d.acme,
    database: d.database === 'mysql' ? { type: 'mysql', dataSource: d.dataSource.trim(), database: d.databaseName.trim() } : { type: 'badgerv2', dataSource: 'db' },
    format: d.format,
  };
  return { ok: true, request };
}

/** The form field a refusal of authority.exportStepCa names (`dnsNames.0`, `database.dataSource`, …). */
export function exportFieldOf(field: string | undefined): ExportField | undefined {
  if (field === undefined) return undefined;
  const [head, sub] = field.split('.');
  // eslint-disable-next-line i18next/no-literal-string -- field names, not words
  if (head === 'database') return sub === 'database' ? 'databaseName' : 'dataSource';
  return head === 'commonName' || head === 'validityDays' || head === 'password' || head === 'address' || head === 'dnsNames' || head === 'provisioner' ? head : undefined;
}

// ---- Remote authorities in the window -----------------------------------------------------------

/** The remote a remote authority signs on; undefined for a CA of the vault (or a remote no longer listed). */
export function remoteOf(authority: Pick<AuthoritySummary, 'remoteId'>, remotes: readonly RemoteSummary[]): RemoteSummary | undefined {
  return authority.remoteId ? remotes.find((r) => r.id === authority.remoteId) : undefined;
}

/** Each health its tag's tone and icon (as the endpoints' HealthBadge): never colour alone. */
export const HEALTH_LOOK: Readonly<Record<RemoteHealth, { readonly tone: string; readonly icon: 'check' | 'alert' | 'clock' }>> = {
  ok: { tone: 'ok', icon: 'check' },
  unreachable: { tone: 'expired', icon: 'alert' },
  unknown: { tone: 'lapsed', icon: 'clock' },
};
