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
import { t } from '../../i18n/instance.js';

/** Titles are getters: worded when shown, in the window's language at that moment. */
export const STEPS = [
  {
    id: 'what',
    get title() {
      return t('renew:steps.what');
    },
  },
  {
    id: 'validity',
    get title() {
      return t('renew:steps.validity');
    },
  },
  {
    id: 'old',
    get title() {
      return t('renew:steps.old');
    },
  },
  {
    id: 'review',
    get title() {
      return t('renew:steps.review');
    },
  },
  {
    id: 'run',
    get title() {
      return t('renew:steps.run');
    },
  },
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
  if (c.revocation !== null) return t('renew:refusal.revoked');
  if (c.replacedById !== null) return t('renew:refusal.renewed');
  if (rekey && !c.hasPrivateKey) return t('renew:refusal.noKey');
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
  if (state.candidates === null) errors.ids = t('renew:errors.loading');
  else if (state.candidates.length === 0) errors.ids = t('renew:errors.none');
  else if (plan.renew.length === 0) {
    const rekeyOnly = state.rekey && planRenewal(state.candidates, false).renew.length > 0;
    if (rekeyOnly) errors.rekey = t('renew:errors.noKeys', { count: state.candidates.length });
    else errors.ids = t('renew:errors.nothing', { list: plan.skip.map((s) => t('renew:errors.nothingItem', { name: certificateLabel(s.certificate), reason: s.reason })).join(t('renew:errors.listSeparator')) });
  }

  const issuers = issuersOf(plan, state.issuers);
  if (state.validity === 'days') {
    const problem = validityDaysError(state.days);
    const days = parseWholeNumber(state.days);
    if (problem) errors.validity = problem;
    else if (days < LEAF_VALIDITY_DAYS.min) errors.validity = t('renew:errors.minDays');
    else if (days > LEAF_VALIDITY_DAYS.max) errors.validity = t('renew:errors.maxDays', { max: LEAF_VALIDITY_DAYS.max });
    else {
      const short = issuers.find((i) => days > maxDaysFor(i, state.now));
      if (short) errors.validity = t('renew:errors.issuerEnds', { name: short.commonName, date: formatDate(new Date(short.limit)), count: Math.max(0, maxDaysFor(short, state.now)) });
    }
  } else {
    const short = issuers.find((i) => i.defaultValidityDays > maxDaysFor(i, state.now));
    if (short) errors.validity = t('renew:errors.defaultTooLong', { name: short.commonName, days: short.defaultValidityDays, date: formatDate(new Date(short.limit)), count: Math.max(0, maxDaysFor(short, state.now)) });
  }

  if (state.revokeOld) {
    if (!isWholeNumber(state.overlap)) errors.overlap = state.overlap.trim() === '' ? t('renew:errors.overlapEmpty') : t('renew:errors.overlapWhole');
    else if (parseWholeNumber(state.overlap) > MAX_REVOKE_OLD_AFTER_DAYS) errors.overlap = t('renew:errors.overlapMax', { max: MAX_REVOKE_OLD_AFTER_DAYS });
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
  const rekey = state.rekey;
  if (target.kind === 'expiring') return rekey ? t('renew:title.rekeyExpiring', { count: target.days }) : t('renew:title.renewExpiring', { count: target.days });
  const only = state.candidates?.length === 1 ? state.candidates[0] : undefined;
  if (only && target.ids.length === 1) return rekey ? t('renew:title.rekeyOne', { name: certificateLabel(only) }) : t('renew:title.renewOne', { name: certificateLabel(only) });
  const count = target.ids.length;
  return rekey ? t('renew:title.rekeyMany', { count }) : t('renew:title.renewMany', { count });
}

/** "Renew 5 certificates", the review's button. */
export function runLabel(rekey: boolean, count: number): string {
  return rekey ? t('renew:run.rekey', { count }) : t('renew:run.renew', { count });
}

/** "30 days (Acme Issuing CA's default)", "each CA's default: …", "90 days". */
export function describeValidity(state: RenewState): string {
  const issuers = issuersOf(currentPlan(state), state.issuers);
  if (state.validity === 'days') {
    const days = parseWholeNumber(state.days);
    return Number.isInteger(days) ? t('renew:validityText.days', { count: days, date: formatDate(new Date(state.now.getTime() + days * DAY_MS)) }) : '—';
  }
  if (issuers.length === 1) return t('renew:validityText.oneDefault', { count: issuers[0]!.defaultValidityDays, name: issuers[0]!.commonName });
  if (issuers.length === 0) return t('renew:validityText.issuingDefault');
  const list = issuers.map((i) => t('renew:validityText.eachItem', { name: i.commonName, count: i.defaultValidityDays })).join(t('renew:validityText.listSeparator'));
  return t('renew:validityText.eachDefault', { list });
}

/** What happens to the old certificates, before the run. */
export function describeOld(state: RenewState, count: number): string {
  const days = overlapDays(state);
  if (days === null) return t('renew:old.keep', { count });
  if (days === 0) return t('renew:old.atOnce', { count });
  return t('renew:old.after', { count, overlap: t('renew:old.overlapDays', { count: days }), date: formatDate(new Date(state.now.getTime() + days * DAY_MS)) });
}

/** Under the bar while a cancel is on its way: main finishes the certificates it is signing, then stops. */
export const cancellingNote = (): string => t('renew:cancelling');

/** The result's headline and what happens to the old certificates, from main's answer. */
export function resultSummary(result: RenewResult, rekey: boolean, now: Date): { readonly title: string; readonly old: string | null } {
  const n = result.renewed.length;
  const notReached = result.skipped.filter((s) => s.reason.key === RENEW_CANCELLED_REASON.key).length;
  const name = n === 1 ? certificateLabel(result.renewed[0]!.certificate) : '';
  const title = result.cancelled
    ? rekey
      ? t('renew:result.rekeyedCancelled', { done: n, count: n + notReached })
      : t('renew:result.renewedCancelled', { done: n, count: n + notReached })
    : n === 1
      ? rekey
        ? t('renew:result.rekeyedOne', { name })
        : t('renew:result.renewedOne', { name })
      : n === 0
        ? rekey
          ? t('renew:result.rekeyedNone')
          : t('renew:result.renewedNone')
        : rekey
          ? t('renew:result.rekeyedMany', { count: n })
          : t('renew:result.renewedMany', { count: n });
  if (n === 0) return { title, old: null };
  if (result.revokeOldAt === null) return { title, old: t('renew:result.oldKept', { count: n }) };
  if (Date.parse(result.revokeOldAt) <= now.getTime()) return { title, old: t('renew:result.oldRevoked', { count: n }) };
  return { title, old: t('renew:result.oldLater', { count: n, date: formatDateTime(result.revokeOldAt) }) };
}
