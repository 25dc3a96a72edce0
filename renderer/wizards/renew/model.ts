/**
 * The renew wizard as pure data: renew (same key, new validity) or rekey (a new key pair) → the
 * validity (each CA's default, or a number of days) → whether the old certificate is revoked as
 * superseded after an overlap → a review that counts what will be renewed and what will be skipped,
 * and why → run (main reports progress) → the result.
 *
 * It works on certificates ticked in the Certificates list or open in the detail pane (`ids`), or on
 * everything expiring within N days (`expiringWithinDays`). Which certificates main will skip is
 * predicted here by the same rules main applies (electron/services/renewing.ts), so the review
 * says it before anything is sent; main's own answer is what the result shows.
 */
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { PRIVATE_LEAF_VALIDITY_WARN_DAYS, type CertificateSummary } from '../../../shared/domain/certificate.js';
import { MAX_REVOKE_OLD_AFTER_DAYS, RENEW_CANCELLED_REASON, type RenewResult } from '../../../shared/domain/expiry.js';
import { LEAF_VALIDITY_DAYS, RenewRequest, type Input } from '../../../shared/ipc/contract.js';
import { certificateLabel, formatDate, formatDateTime } from '../../app/format.js';
import { addSchemaErrors, DAY_MS, isWholeNumber, parseWholeNumber, stepMachine, validityDaysError, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { privateValidityWarning } from '../shared/validity.js';

export const STEPS = [
  { id: 'what', title: 'Renew or rekey' },
  { id: 'validity', title: 'Validity' },
  { id: 'old', title: 'Old certificate' },
  { id: 'review', title: 'Review' },
  { id: 'run', title: 'Renew' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
/** ids: the certificates (none left to renew); rekey: no key to rekey; validity; overlap. */
export type FieldKey = 'ids' | 'rekey' | 'validity' | 'overlap';

const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = { what: ['ids', 'rekey'], validity: ['validity'], old: ['overlap'], review: [], run: [] };

/** The overlap offered when revoking the old certificate is switched on. */
export const DEFAULT_OVERLAP_DAYS = 7;
/** Quick choices for the overlap; 0 revokes at once. */
export const OVERLAP_PRESETS = [0, 1, 7, 30, 90] as const;

/** What the wizard was opened on. */
export type RenewTarget = { readonly kind: 'ids'; readonly ids: readonly string[] } | { readonly kind: 'expiring'; readonly days: number };

/** An issuing CA as far as validity goes: its default, and the earliest notAfter up its chain. */
export interface IssuerLimit {
  readonly id: string;
  readonly commonName: string;
  readonly defaultValidityDays: number;
  /** ms since the epoch: no certificate it issues may end later. */
  readonly limit: number;
}

export interface RenewState extends FormState<StepId, FieldKey> {
  readonly rekey: boolean;
  /** default: each issuing CA's default validity; days: `days` for all. */
  readonly validity: 'default' | 'days';
  /** As typed. */
  readonly days: string;
  readonly revokeOld: boolean;
  /** The overlap in days, as typed. */
  readonly overlap: string;
  readonly now: Date;
  /** The certificates the wizard is about (resolved from the target); null while loading. */
  readonly candidates: readonly CertificateSummary[] | null;
  /** By authority id. */
  readonly issuers: ReadonlyMap<string, IssuerLimit>;
}

export function initialState(now: Date, rekey = false): RenewState {
  return {
    step: 'what',
    rekey,
    validity: 'default',
    days: '',
    // A rekey is mostly about a key that may be exposed: revoking the old one is the point.
    revokeOld: rekey,
    overlap: String(DEFAULT_OVERLAP_DAYS),
    now,
    candidates: null,
    issuers: new Map(),
    touched: new Set(),
    serverErrors: {},
  };
}

// ---- Which certificates, and which main will skip ------------------------------------------------

/** Valid, not replaced, not revoked, and its effective expiry within `days`: what main renews for expiringWithinDays. */
export function expiringCandidates(all: readonly CertificateSummary[], days: number, now: Date): CertificateSummary[] {
  const limit = now.getTime() + days * DAY_MS;
  return all.filter((c) => c.replacedById === null && c.revocation === null && Date.parse(c.notAfter) > now.getTime() && Date.parse(c.effectiveNotAfter) <= limit);
}

export function resolveCandidates(all: readonly CertificateSummary[], target: RenewTarget, now: Date): CertificateSummary[] {
  if (target.kind === 'expiring') return expiringCandidates(all, target.days, now);
  const wanted = new Set(target.ids);
  return all.filter((c) => wanted.has(c.id));
}

/** Why main will not renew it (the same rules, in main's words), or null. */
export function refusal(c: CertificateSummary, rekey: boolean): string | null {
  if (c.revocation !== null) return 'it is revoked; issue a new certificate instead';
  if (c.replacedById !== null) return 'it was already renewed';
  if (rekey && !c.hasPrivateKey) return 'Certwright does not hold its key (it was signed from a CSR): rekeying needs a new CSR from its owner; renewing keeps its key';
  return null;
}

/** Can it be renewed at all (the list's "Renew N selected…" counts these)? */
export function canRenew(c: CertificateSummary): boolean {
  return refusal(c, false) === null;
}

export interface RenewPlan {
  readonly renew: readonly CertificateSummary[];
  readonly skip: ReadonlyArray<{ readonly certificate: CertificateSummary; readonly reason: string }>;
}

export function planRenewal(candidates: readonly CertificateSummary[], rekey: boolean): RenewPlan {
  const renew: CertificateSummary[] = [];
  const skip: Array<{ certificate: CertificateSummary; reason: string }> = [];
  for (const c of candidates) {
    const reason = refusal(c, rekey);
    if (reason === null) renew.push(c);
    else skip.push({ certificate: c, reason });
  }
  return { renew, skip };
}

/** Each authority's default validity and the earliest notAfter along its chain (parents first). */
export function issuerLimits(authorities: readonly AuthoritySummary[]): Map<string, IssuerLimit> {
  const byId = new Map(authorities.map((a) => [a.id, a]));
  const limits = new Map<string, IssuerLimit>();
  for (const a of authorities) {
    let limit = Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    for (let at: AuthoritySummary | undefined = a; at && !seen.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
      seen.add(at.id);
      const end = Date.parse(at.notAfter);
      if (!Number.isNaN(end)) limit = Math.min(limit, end);
    }
    limits.set(a.id, { id: a.id, commonName: a.subject.commonName, defaultValidityDays: a.settings.defaultValidityDays, limit });
  }
  return limits;
}

/** The issuing CAs of the certificates to renew, each once. */
export function issuersOf(plan: RenewPlan, issuers: ReadonlyMap<string, IssuerLimit>): IssuerLimit[] {
  const ids = [...new Set(plan.renew.map((c) => c.authorityId))];
  return ids.map((id) => issuers.get(id)).filter((i): i is IssuerLimit => i !== undefined);
}

/** Whole days from `now` to the CA's limit: the longest validity it can still give. */
export function maxDaysFor(issuer: IssuerLimit, now: Date): number {
  return Math.floor((issuer.limit - Math.floor(now.getTime() / 1000) * 1000) / DAY_MS);
}

export function currentPlan(state: RenewState): RenewPlan {
  return planRenewal(state.candidates ?? [], state.rekey);
}

// ---- The request -----------------------------------------------------------------------------

export function overlapDays(state: RenewState): number | null {
  return state.revokeOld ? parseWholeNumber(state.overlap) : null;
}

export function toRequest(target: RenewTarget, state: RenewState, operationId?: string): Input<'certificate.renew'> {
  const days = parseWholeNumber(state.days);
  return {
    ...(target.kind === 'ids' ? { ids: [...target.ids] } : { expiringWithinDays: target.days }),
    rekey: state.rekey,
    ...(state.validity === 'days' ? { validity: { days } } : {}),
    revokeOldAfterDays: overlapDays(state),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

export function fieldFromPath(path: string): FieldKey | undefined {
  const head = path.split('.')[0];
  if (head === 'ids' || head === 'expiringWithinDays') return 'ids';
  if (head === 'rekey') return 'rekey';
  if (head === 'validity') return 'validity';
  if (head === 'revokeOldAfterDays') return 'overlap';
  return undefined;
}

// ---- Checks ------------------------------------------------------------------------------------

function checkFields(state: RenewState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = {};
  const plan = currentPlan(state);
  if (state.candidates === null) errors.ids = 'The certificates are still loading';
  else if (state.candidates.length === 0) errors.ids = 'There is no certificate to renew';
  else if (plan.renew.length === 0) {
    const rekeyOnly = state.rekey && planRenewal(state.candidates, false).renew.length > 0;
    if (rekeyOnly) errors.rekey = `Certwright holds none of ${state.candidates.length === 1 ? 'its key' : 'their keys'}: they were signed from a CSR. Renew instead (it keeps the key), or ask the owner for a new CSR.`;
    else errors.ids = `Nothing here can be renewed: ${plan.skip.map((s) => `${certificateLabel(s.certificate)} (${s.reason})`).join('; ')}`;
  }

  const issuers = issuersOf(plan, state.issuers);
  if (state.validity === 'days') {
    const problem = validityDaysError(state.days);
    const days = parseWholeNumber(state.days);
    if (problem) errors.validity = problem;
    else if (days < LEAF_VALIDITY_DAYS.min) errors.validity = 'Validity must be at least 1 day';
    else if (days > LEAF_VALIDITY_DAYS.max) errors.validity = `Validity can be at most ${LEAF_VALIDITY_DAYS.max} days`;
    else {
      const short = issuers.find((i) => days > maxDaysFor(i, state.now));
      if (short) errors.validity = `${short.commonName} is valid only until ${formatDate(new Date(short.limit))}: choose at most ${Math.max(0, maxDaysFor(short, state.now))} days`;
    }
  } else {
    const short = issuers.find((i) => i.defaultValidityDays > maxDaysFor(i, state.now));
    if (short) errors.validity = `${short.commonName}'s default of ${short.defaultValidityDays} days would end after it does (${formatDate(new Date(short.limit))}): choose at most ${Math.max(0, maxDaysFor(short, state.now))} days`;
  }

  if (state.revokeOld) {
    if (!isWholeNumber(state.overlap)) errors.overlap = state.overlap.trim() === '' ? 'Enter the overlap in days (0 revokes at once)' : 'The overlap must be a whole number of days';
    else if (parseWholeNumber(state.overlap) > MAX_REVOKE_OLD_AFTER_DAYS) errors.overlap = `The overlap can be at most ${MAX_REVOKE_OLD_AFTER_DAYS} days`;
  }
  // Main's schema as a second opinion, on a stand-in id.
  addSchemaErrors(errors, RenewRequest.safeParse(toRequest({ kind: 'ids', ids: ['0'.repeat(32)] }, state)), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, RenewState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

/** Non-blocking: a validity above what Apple platforms accept for TLS servers (the limit for a private CA). */
export function validityWarning(state: RenewState): string | undefined {
  if (machine.errors(state).validity !== undefined) return undefined;
  const plan = currentPlan(state);
  const days = state.validity === 'days' ? parseWholeNumber(state.days) : Math.max(0, ...issuersOf(plan, state.issuers).map((i) => i.defaultValidityDays));
  if (!(days > PRIVATE_LEAF_VALIDITY_WARN_DAYS)) return undefined;
  return privateValidityWarning(days);
}

// ---- Actions ------------------------------------------------------------------------------------

export type RenewAction =
  | { readonly type: 'rekey'; readonly value: boolean }
  | { readonly type: 'validity'; readonly value: 'default' | 'days' }
  | { readonly type: 'days'; readonly value: string }
  | { readonly type: 'revokeOld'; readonly value: boolean }
  | { readonly type: 'overlap'; readonly value: string }
  /** The certificates and authorities arrived. */
  | { readonly type: 'loaded'; readonly candidates: readonly CertificateSummary[]; readonly issuers: ReadonlyMap<string, IssuerLimit> }
  | NavAction<StepId, FieldKey>;

export function renewReducer(state: RenewState, action: RenewAction): RenewState {
  switch (action.type) {
    case 'rekey':
      // Revoking the old one follows the choice until the user decides it on its own step.
      return machine.edit(state, 'rekey', { rekey: action.value, ...(state.touched.has('overlap') ? {} : { revokeOld: action.value }) });
    case 'validity': {
      const first = issuersOf(currentPlan(state), state.issuers)[0];
      const days = action.value === 'days' && state.days.trim() === '' ? String(first?.defaultValidityDays ?? 30) : state.days;
      return machine.edit(state, 'validity', { validity: action.value, days });
    }
    case 'days':
      return machine.edit(state, 'validity', { days: action.value });
    case 'revokeOld':
      return machine.edit(state, 'overlap', { revokeOld: action.value, overlap: action.value && state.overlap.trim() === '' ? String(DEFAULT_OVERLAP_DAYS) : state.overlap });
    case 'overlap':
      return machine.edit(state, 'overlap', { overlap: action.value });
    case 'loaded':
      return { ...state, candidates: action.candidates, issuers: action.issuers };
    default:
      return machine.navigate(state, action);
  }
}

// ---- What the steps say --------------------------------------------------------------------------

/** "Renew “orders”", "Rekey 5 certificates", "Renew certificates expiring within 30 days". */
export function wizardTitle(target: RenewTarget, state: RenewState): string {
  const verb = state.rekey ? 'Rekey' : 'Renew';
  if (target.kind === 'expiring') return `${verb} certificates expiring within ${target.days} ${target.days === 1 ? 'day' : 'days'}`;
  const only = state.candidates?.length === 1 ? state.candidates[0] : undefined;
  if (only && target.ids.length === 1) return `${verb} ${certificateLabel(only)}`;
  return `${verb} ${target.ids.length.toLocaleString()} ${target.ids.length === 1 ? 'certificate' : 'certificates'}`;
}

/** "Renew 5 certificates", the review's button. */
export function runLabel(rekey: boolean, count: number): string {
  const verb = rekey ? 'Rekey' : 'Renew';
  return count === 1 ? `${verb} 1 certificate` : `${verb} ${count.toLocaleString()} certificates`;
}

/** "30 days (Acme Issuing CA's default)", "each CA's default: …", "90 days". */
export function describeValidity(state: RenewState): string {
  const issuers = issuersOf(currentPlan(state), state.issuers);
  if (state.validity === 'days') {
    const days = parseWholeNumber(state.days);
    return Number.isInteger(days) ? `${days.toLocaleString()} ${days === 1 ? 'day' : 'days'}, expires ${formatDate(new Date(state.now.getTime() + days * DAY_MS))}` : '—';
  }
  if (issuers.length === 1) return `${issuers[0]!.defaultValidityDays} days (${issuers[0]!.commonName}'s default)`;
  if (issuers.length === 0) return "The issuing CA's default";
  return `Each CA's default: ${issuers.map((i) => `${i.commonName} ${i.defaultValidityDays} days`).join(', ')}`;
}

/** What happens to the old certificates, before the run. */
export function describeOld(state: RenewState, count: number): string {
  const them = count === 1 ? 'The old certificate' : 'The old certificates';
  const days = overlapDays(state);
  if (days === null) return `${them} ${count === 1 ? 'stays' : 'stay'} valid until ${count === 1 ? 'it expires' : 'they expire'}; nothing is revoked.`;
  if (days === 0) return `${them} ${count === 1 ? 'is' : 'are'} revoked as superseded at once, and the CRL is published.`;
  return `${them} ${count === 1 ? 'is' : 'are'} revoked as superseded after ${days} ${days === 1 ? 'day' : 'days'} of overlap, on ${formatDate(new Date(state.now.getTime() + days * DAY_MS))}.`;
}

/** Under the bar while a cancel is on its way: main finishes the certificates it is signing, then stops. */
export const CANCELLING_NOTE = 'Cancelling: the certificates already renewed stay renewed, those being signed are finished, the rest are left as they are.';

/** The result's headline and what happens to the old certificates, from main's answer. */
export function resultSummary(result: RenewResult, rekey: boolean, now: Date): { readonly title: string; readonly old: string | null } {
  const n = result.renewed.length;
  const verb = rekey ? 'Rekeyed' : 'Renewed';
  const notReached = result.skipped.filter((s) => s.reason === RENEW_CANCELLED_REASON).length;
  const title = result.cancelled
    ? `${verb} ${n.toLocaleString()} of ${(n + notReached).toLocaleString()} ${n + notReached === 1 ? 'certificate' : 'certificates'}; cancelled`
    : n === 1
      ? `${verb} “${certificateLabel(result.renewed[0]!.certificate)}”`
      : n === 0
        ? `Nothing was ${verb.toLowerCase()}`
        : `${verb} ${n.toLocaleString()} certificates`;
  if (n === 0) return { title, old: null };
  const them = n === 1 ? 'The old certificate' : 'The old certificates';
  if (result.revokeOldAt === null) return { title, old: `${them} ${n === 1 ? 'stays' : 'stay'} valid until ${n === 1 ? 'it expires' : 'they expire'}. Revoke ${n === 1 ? 'it' : 'them'} once nothing uses ${n === 1 ? 'it' : 'them'} any more.` };
  if (Date.parse(result.revokeOldAt) <= now.getTime()) return { title, old: `${them} ${n === 1 ? 'was' : 'were'} revoked as superseded, and the CRL was published.` };
  return {
    title,
    old: `${them} will be revoked as superseded on ${formatDateTime(result.revokeOldAt)}: Certwright does it when the vault is unlocked from then on, and daily while it runs. Until then both work, so deployments can roll over.`,
  };
}
