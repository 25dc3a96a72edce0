/**
 * The Services view's pure logic: issuer names and token lifetimes as typed, a token's checks and
 * claims in words, positions in the policy text, the starter policy, the endpoint's curl line.
 * No React, no IPC: everything here can be tested in Node.
 */
import type { CertificateStatus } from '../../../shared/domain/certificate.js';
import type { SnippetView } from '../../../shared/domain/export.js';
import {
  ISSUER_NAME,
  TOKEN_MAX_BYTES,
  TOKEN_TTL,
  type PolicyDecision,
  type ServiceCertificate,
  type ServiceRow,
  type TokenCheck,
  type TokenCheckId,
  type TokenDiagnosis,
} from '../../../shared/domain/service-identity.js';
import { ACTION_NAME, formatPolicy, SERVICE_NAME, splitAction, type ServicePolicy } from '../../../shared/domain/service-policy.js';
import { t, wordOf } from '../../i18n/instance.js';

// ---- Token issuers -------------------------------------------------------------------------

/** Why the name cannot be an issuer's, or null when it can. */
export function issuerNameProblem(name: string): string | null {
  if (name.trim() === '') return t('services:newIssuer.nameMissing');
  if (!ISSUER_NAME.test(name)) return t('services:newIssuer.nameRule');
  return null;
}

/** A kid is a 43-character thumbprint: its start and end are enough to tell keys apart in a list. */
export function shortKid(kid: string): string {
  return kid.length <= 20 ? kid : `${kid.slice(0, 10)}…${kid.slice(-6)}`;
}

/** Why the port cannot be used ('' is fine: any free port), or null. */
export function portProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const range = { min: 1024, max: 65535 };
  if (!/^\d+$/.test(trimmed)) return t('services:endpoint.portNotNumber', range);
  const port = Number(trimmed);
  return port < range.min || port > range.max ? t('services:endpoint.portRange', range) : null;
}

/**
 * The files of an exported client bundle that a caller of the endpoint needs, by the names the export
 * writes them (electron/engine/export/pem-set.ts FILE_NAMES; test/unit/services-model.test.ts keeps
 * the two in step): the CA that vouches for the endpoint, the client's certificate chain and its key.
 */
export const BUNDLE_FILES = { ca: 'ca.pem', certificate: 'fullchain.pem', key: 'key.pem' } as const;

/**
 * A ready command that asks the endpoint for a token for `audience` as a caller would: run in the
 * folder of the caller's exported bundle ({@link BUNDLE_FILES}).
 */
export function curlLine(url: string, audience: string): string {
  const { ca, certificate, key } = BUNDLE_FILES;
  // eslint-disable-next-line i18next/no-literal-string -- a command line, shown as code in every language
  return `curl --cacert ${ca} --cert ${certificate} --key ${key} '${url.replace(/\/+$/, '')}/token?aud=${encodeURIComponent(audience)}'`;
}

/** A service the endpoint can give tokens for, and the callers the policy lets ask for them. */
export interface EndpointTarget {
  readonly audience: string;
  readonly callers: readonly string[];
}

/**
 * What the endpoint's curl line can ask for: the services somebody may call, each with its callers;
 * when nobody may call anybody yet, every service in the policy (each without callers).
 */
export function endpointTargets(rows: readonly ServiceRow[]): EndpointTarget[] {
  const called = rows.filter((r) => r.inPolicy && r.calledBy.length > 0).map((r) => ({ audience: r.name, callers: r.calledBy.map((c) => c.caller) }));
  return called.length > 0 ? called : policyServices(rows).map((audience) => ({ audience, callers: [] }));
}

/** "a", "a or b", "a, b or c" (in the window's language). */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return t('services:common.orList', { items: items.slice(0, -1).join(t('services:common.listSeparator')), last: items.at(-1) ?? '' });
}

/** Where to run the curl line, and who may: the hint under it. */
export function curlHint(target: EndpointTarget | undefined): string {
  const { ca, certificate, key } = BUNDLE_FILES;
  const callers = target?.callers ?? [];
  const files = { ca, certificate, key };
  if (!target) return t('services:endpoint.hintNoTarget', { ...files, whose: t('services:endpoint.aCallingService') });
  if (callers.length === 0) return t('services:endpoint.hintNoCallers', { ...files, whose: t('services:endpoint.aCallingService'), audience: target.audience });
  return t('services:endpoint.hintCallers', { ...files, whose: orList(callers), audience: target.audience });
}

// ---- Go snippets ---------------------------------------------------------------------------

/** The tab title of each Go file main makes (electron/engine/export/snippets/service-token.ts), by its id. */
const GO_SNIPPET_TITLES = {
  'go-token-http': 'services:snippetTitle.http',
  'go-token-grpc': 'services:snippetTitle.grpc',
  'go-token-client': 'services:snippetTitle.client',
  'go-token-creds': 'services:snippetTitle.creds',
  'go-token-checks': 'services:snippetTitle.checks',
  'go-token-keys': 'services:snippetTitle.keys',
} as const;

/** The snippets with their titles in the window's language (main's English title for a file this window does not know). */
export function wordedSnippets(snippets: readonly SnippetView[]): SnippetView[] {
  return snippets.map((s) => (s.id in GO_SNIPPET_TITLES ? { ...s, title: t(GO_SNIPPET_TITLES[s.id as keyof typeof GO_SNIPPET_TITLES]) } : s));
}

// ---- Token lifetimes -----------------------------------------------------------------------

export const LIFETIME_MINUTES = { default: TOKEN_TTL.default / 60, recommendedMax: TOKEN_TTL.recommendedMax / 60, max: TOKEN_TTL.max / 60, min: 1 } as const;

/** Said under a lifetime above the recommended 15 minutes. */
export const longLifetimeWarning = (): string => t('services:lifetime.long');

/** The lifetime as typed, in whole minutes, to seconds; or why not. */
export function lifetimeSeconds(text: string): { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: t('services:lifetime.notWhole', { min: LIFETIME_MINUTES.min, max: LIFETIME_MINUTES.max }) };
  const minutes = Number(trimmed);
  if (minutes < LIFETIME_MINUTES.min) return { ok: false, message: t('services:lifetime.tooShort', { count: LIFETIME_MINUTES.min }) };
  if (minutes > LIFETIME_MINUTES.max) return { ok: false, message: t('services:lifetime.tooLong', { max: LIFETIME_MINUTES.max }) };
  return { ok: true, seconds: minutes * 60 };
}

/** "10 min", "1 h 30 min", "24 h". */
export function describeLifetime(seconds: number): string {
  if (seconds < 60) return t('services:lifetime.seconds', { s: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('services:lifetime.minutes', { m: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? t('services:lifetime.hours', { h }) : t('services:lifetime.hoursMinutes', { h, m });
}

export const isLongLifetime = (seconds: number) => seconds > TOKEN_TTL.recommendedMax;

// ---- Services ------------------------------------------------------------------------------

/** What a row should tell the user about a service that is not ready for tokens. */
export function serviceHints(row: ServiceRow): Array<{ readonly label: string; readonly detail: string }> {
  const hints: Array<{ label: string; detail: string }> = [];
  if (!row.inPolicy) hints.push({ label: t('services:services.notInPolicy'), detail: t('services:services.notInPolicyDetail', { name: row.name }) });
  if (row.certificates.length === 0) hints.push({ label: t('services:services.noCertificate'), detail: t('services:services.noCertificateDetail', { name: row.name }) });
  return hints;
}

/** The services named in the policy: the audiences a token can be for. */
export function policyServices(rows: readonly ServiceRow[]): string[] {
  return rows.filter((r) => r.inPolicy).map((r) => r.name);
}

/** The audience a test token for `caller` starts with: the first service it may call, else the first other service. */
export function defaultAudience(caller: ServiceRow, rows: readonly ServiceRow[]): string {
  const called = caller.calls.map((c) => splitAction(c)?.service).find((s): s is string => s !== undefined);
  if (called) return called;
  const services = policyServices(rows);
  return services.find((s) => s !== caller.name) ?? services[0] ?? '';
}

/** The serial's last bytes: enough to tell a service's certificates apart. */
export function shortSerial(serialHex: string): string {
  const hex = serialHex.replace(/:/g, '').toUpperCase();
  return hex.length <= 12 ? hex : `…${hex.slice(-8)}`;
}

/** "order-service · serial …1A2B3C4D · until Jan 9, 2027 · valid" for a select. */
export function certificateOptionLabel(service: string, certificate: ServiceCertificate, formatDate: (iso: string) => string): string {
  const status: CertificateStatus = certificate.status;
  return t('services:certificateOption.label', { service, serial: shortSerial(certificate.serialNumber), date: formatDate(certificate.notAfter), status: t(`services:certificateOption.${status}`) });
}

/** URI SANs that are SPIFFE IDs. */
export function spiffeIds(certificates: readonly ServiceCertificate[]): string[] {
  return [...new Set(certificates.flatMap((c) => c.uris.filter((u) => u.toLowerCase().startsWith('spiffe://'))))];
}

// ---- Verifying a token -----------------------------------------------------------------------

/** Larger pastes are refused in the window (the contract refuses them too): they are not tokens. */
export const PASTE_MAX_BYTES = 2 * 1024 * 1024;

/** UTF-8 length without allocating a copy of a pasted megabyte. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** What to say about the paste's size before it is sent: null when it is token-sized. */
export function pasteSizeNote(bytes: number): { readonly blocking: boolean; readonly message: string } | null {
  if (bytes > PASTE_MAX_BYTES) return { blocking: true, message: t('services:verify.tooLarge', { size: formatKiB(bytes) }) };
  if (bytes > TOKEN_MAX_BYTES) return { blocking: false, message: t('services:verify.large', { size: formatKiB(bytes), max: formatKiB(TOKEN_MAX_BYTES) }) };
  return null;
}

/** A paste's size: whole KiB, or MiB to one decimal. */
function formatKiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? t('services:verify.mib', { value: Math.round((bytes / 1024 / 1024) * 10) / 10 }) : t('services:verify.kib', { value: Math.ceil(bytes / 1024) });
}

/** Each check's name: its catalog key, in the order a verifier meets them. */
export const CHECK_LABEL = {
  format: 'services:check.format',
  size: 'services:check.size',
  algorithm: 'services:check.algorithm',
  kid: 'services:check.kid',
  signature: 'services:check.signature',
  issuer: 'services:check.issuer',
  audience: 'services:check.audience',
  expiry: 'services:check.expiry',
  notBefore: 'services:check.notBefore',
  issuedAt: 'services:check.issuedAt',
  subject: 'services:check.subject',
  certificate: 'services:check.certificate',
  scope: 'services:check.scope',
} as const satisfies Readonly<Record<TokenCheckId, string>>;

/** A check's name in words (its id when main sends one this window does not know). */
export const checkLabel = (id: TokenCheckId): string => (id in CHECK_LABEL ? t(CHECK_LABEL[id]) : id);

/** A check's outcome in words. */
export function outcomeLabel(outcome: TokenCheck['outcome']): string {
  return t(`services:outcome.${outcome}`);
}

/** The answer in one line: valid, or how many checks failed and which. */
export function verdict(diagnosis: TokenDiagnosis): string {
  const failed = diagnosis.checks.filter((c) => c.outcome === 'fail');
  if (diagnosis.valid) {
    const skipped = diagnosis.checks.filter((c) => c.outcome === 'skipped').length;
    return skipped > 0 ? t('services:diagnosis.validSkipped', { count: skipped }) : t('services:diagnosis.valid');
  }
  return t('services:diagnosis.notValid', { count: failed.length, names: failed.map((c) => checkLabel(c.id)).join(t('services:common.listSeparator')) });
}

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf']);

export interface ClaimRow {
  readonly name: string;
  readonly value: string;
  /** For times: the instant in ISO form. */
  readonly note: string | null;
}

/** A decoded header or claims object, one row per member, times also as dates. */
export function claimRows(record: Readonly<Record<string, unknown>>): ClaimRow[] {
  return Object.entries(record).map(([name, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
    // eslint-disable-next-line i18next/no-literal-string -- ISO 8601 without a zero fraction, not words
    const note = TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e11 ? new Date(value * 1000).toISOString().replace('.000Z', 'Z') : null;
    return { name, value: text.length > 400 ? t('services:decoded.truncated', { text: text.slice(0, 400), count: text.length }) : text, note };
  });
}

/** `service:action` for the optional action of a verification; or why the text is not one. */
export function actionProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return splitAction(trimmed) === null ? t('services:verify.actionProblem') : null;
}

// ---- The policy --------------------------------------------------------------------------------

/** 1-based line and column of an offset in the text (counts only; no copy of the text). */
export function lineColumnAt(text: string, offset: number): { readonly line: number; readonly column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** The offset of a 1-based line and column, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return text.length;
    start = next + 1;
  }
  const lineEnd = text.indexOf('\n', start);
  return Math.min(start + Math.max(0, column - 1), lineEnd === -1 ? text.length : lineEnd);
}

/** The example the README documents: an order service that charges payments and reserves stock. */
const EXAMPLE: ServicePolicy = {
  version: 1,
  services: {
    'order-service': { calls: ['payment-service:charge', 'inventory-service:reserve'] },
    'payment-service': { calls: [], tokenMinutes: 5 },
    'inventory-service': { calls: [] },
  },
};

/** The services the vault has certificates for that the example does not name: the starter adds them. */
export function starterAdditions(knownServices: readonly string[]): string[] {
  return [...new Set(knownServices)].filter((name) => SERVICE_NAME.test(name) && EXAMPLE.services[name] === undefined);
}

/** A policy to start from: the example, plus every service the vault already has certificates for. */
export function starterPolicy(knownServices: readonly string[]): string {
  const services: Record<string, ServicePolicy['services'][string]> = { ...EXAMPLE.services };
  for (const name of starterAdditions(knownServices)) services[name] = { calls: [] };
  return formatPolicy({ version: 1, services });
}

/** What the starter notice says, naming the services it adds too ("… (billing is added too, calling nothing yet)."). */
export function starterText(knownServices: readonly string[]): string {
  const added = starterAdditions(knownServices);
  if (added.length === 0) return t('services:policy.starter');
  return t('services:policy.starterAdded', { count: added.length, names: added.join(t('services:common.listSeparator')) });
}

/** Is this the policy with no services (what a new vault holds)? */
export function isEmptyPolicy(text: string): boolean {
  try {
    const value = JSON.parse(text) as { services?: unknown };
    return value !== null && typeof value === 'object' && typeof value.services === 'object' && value.services !== null && Object.keys(value.services).length === 0;
  } catch {
    return false;
  }
}

/** Why the action of "May A call B's action?" is not usable, or null. */
export function checkActionProblem(action: string): string | null {
  if (action.trim() === '') return t('services:policyCheck.nameAction');
  return ACTION_NAME.test(action.trim()) ? null : t('services:policyCheck.actionRule');
}

/** Every action the policy names on `service` (for suggestions). */
export function actionsOn(policy: ServicePolicy | null, service: string): string[] {
  if (!policy) return [];
  const actions = Object.values(policy.services).flatMap((e) => e.calls.filter((c) => c.startsWith(`${service}:`)).map((c) => c.slice(service.length + 1)));
  return [...new Set(actions)].sort();
}

/** policy.check's answer in words. */
export function decisionWords(decision: PolicyDecision): string {
  const worded = wordOf(decision.reason);
  // The reasons are phrases that end without a full stop: the answer is a sentence.
  const reason = /[.。]$/.test(worded) ? worded : `${worded}${t('services:policyCheck.stop')}`;
  return decision.allowed ? t('services:policyCheck.yes', { reason }) : t('services:policyCheck.no', { reason });
}
