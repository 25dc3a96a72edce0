/**
 * The bulk issue wizard as pure data: ONE screen — issuing CA, profile, a list of service names
 * (one certificate each), validity and key type — and one button. Each name becomes the common
 * name; for server and peer certificates it is also the one DNS SAN, so it must be a DNS name.
 *
 * The list is checked as it is typed, by line: the count, and the first line that is not a service
 * name, is a duplicate or (server, peer) is no DNS name — in main's words, with the line number.
 * A refusal from main (`serviceNames.17`) points at the line that name came from.
 */
import type { Profile } from '../../../shared/domain/certificate.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { IssueBulk, MAX_BULK, ServiceName, type Input } from '../../../shared/ipc/contract.js';
import { checkDnsName } from '../../../shared/validation/san.js';
import type { Errors } from '../shared/form.js';
import type { IssuerInfo } from '../shared/leaf.js';
import type { Progress } from '../shared/useOperation.js';
import { checkValidity, daysChoice, toValidity, type ValidityChoice } from '../shared/validity.js';
import { t } from '../../i18n/instance.js';

/** What main accepts in one call (IssueBulk): 100,000, stored 1,000 at a time. */
export { MAX_BULK };

export type BulkField = 'authorityId' | 'profile' | 'serviceNames' | 'keyAlgorithm' | 'validity';

export const BULK_FIELDS: readonly BulkField[] = ['authorityId', 'profile', 'serviceNames', 'keyAlgorithm', 'validity'];
const NAMES_FIELD: BulkField = 'serviceNames';
const AUTHORITY_FIELD: BulkField = 'authorityId';
const KEY_FIELD: BulkField = 'keyAlgorithm';

/** One name of the list and the line (1-based) it is on. */
export interface BulkName {
  readonly name: string;
  readonly line: number;
}

/** Something wrong with the list: at a line (and name), or with the list as a whole. */
export interface NameProblem {
  readonly message: string;
  readonly line?: number;
  readonly name?: string;
}

export interface BulkState {
  readonly issuer: IssuerInfo | null;
  readonly profile: Profile;
  /** As typed or pasted: one name per line, or separated by commas, semicolons or spaces. */
  readonly text: string;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validity: ValidityChoice;
  /** The user chose a validity: changing the CA no longer resets it to the CA's default. */
  readonly validityChosen: boolean;
  /** The moment the wizard opened: validity is reckoned from it. */
  readonly now: Date;
  /** Fields whose errors show. The list shows its problems as it is typed; its emptiness only once touched. */
  readonly touched: ReadonlySet<BulkField>;
  /** What main refused, per field, until that field is edited. */
  readonly serverErrors: Readonly<Partial<Record<BulkField, NameProblem>>>;
}

export function initialBulk(now: Date, issuer: IssuerInfo | null = null): BulkState {
  return {
    issuer,
    profile: 'client',
    text: '',
    keyAlgorithm: DEFAULT_KEY_ALGORITHM,
    validity: daysChoice(issuer?.defaultValidityDays ?? 30),
    validityChosen: false,
    now,
    touched: new Set(),
    serverErrors: {},
  };
}

// ---- The list of names -------------------------------------------------------------------------

/** Every name with its line: new lines, commas, semicolons and spaces separate names. */
export function parseNames(text: string): BulkName[] {
  const names: BulkName[] = [];
  text.split(/\r\n|\r|\n/).forEach((row, i) => {
    for (const name of row.split(/[\s,;]+/)) if (name !== '') names.push({ name, line: i + 1 });
  });
  return names;
}

export interface NamesCheck {
  readonly names: readonly BulkName[];
  /** Every problem, in list order (the first is the one shown). */
  readonly problems: readonly NameProblem[];
}

/**
 * The list as main will judge it (IssueBulk): each a service name, none twice, and for server and
 * peer certificates each a DNS name. Same words as main, plus where the first occurrence is.
 */
export function checkNames(text: string, profile: Profile): NamesCheck {
  const names = parseNames(text);
  const problems: NameProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const { name, line } of names) {
    const parsed = ServiceName.safeParse(name);
    if (!parsed.success) {
      problems.push({ line, name, message: parsed.error.issues[0]?.message ?? t('bulk:names.notServiceName') });
      continue;
    }
    const seen = firstLine.get(name);
    if (seen !== undefined) {
      problems.push({ line, name, message: t('bulk:names.twice', { name, line: seen }) });
      continue;
    }
    firstLine.set(name, line);
    if (profile !== 'client') {
      const dns = checkDnsName(name);
      if (!dns.ok) problems.push({ line, name, message: dns.message });
    }
  }
  return { names, problems };
}

/** How a problem reads under the list: "Line 18: svc-17 is listed twice (first on line 3)". */
export function describeProblem(problem: NameProblem): string {
  if (problem.line === undefined) return problem.message;
  const named = problem.name !== undefined && !problem.message.includes(problem.name);
  return named ? t('bulk:names.atLineNamed', { line: problem.line, name: problem.name, message: problem.message }) : t('bulk:names.atLine', { line: problem.line, message: problem.message });
}

/** "300 names", with how many lines have problems, for under the list. */
export function describeCount(check: NamesCheck): string {
  const names = t('bulk:count.names', { count: check.names.length });
  const bad = check.problems.length;
  return bad === 0 ? names : t('bulk:count.withProblems', { names, count: bad });
}

/** The first thing wrong with the list, if any: its names, then its length, then what main said. */
export function namesProblem(state: BulkState, check: NamesCheck = checkNames(state.text, state.profile)): NameProblem | undefined {
  const first = check.problems[0];
  if (first) return first;
  if (check.names.length === 0) return { message: t('bulk:names.none') };
  if (check.names.length > MAX_BULK) return { message: t('bulk:names.tooMany', { max: MAX_BULK, count: check.names.length }) };
  return state.serverErrors.serviceNames;
}

// ---- Requests and main's answers -----------------------------------------------------------------

export function toRequest(state: BulkState, operationId?: string): Input<'certificate.issueBulk'> {
  return {
    authorityId: state.issuer?.id ?? '',
    profile: state.profile,
    serviceNames: parseNames(state.text).map((n) => n.name),
    keyAlgorithm: state.keyAlgorithm,
    validity: toValidity(state.validity),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/**
 * Where main's complaint belongs: `serviceNames.17` → the list, line of the 18th name; `sans` or
 * `subject.commonName` (a name outside the CA's name constraints) → the list, at the name the
 * message starts with; `validity.days` → validity.
 */
export function problemFromServer(state: BulkState, path: string, message: string): { field: BulkField; problem: NameProblem } | undefined {
  const [head = '', index] = path.split('.');
  if (head === 'serviceNames') {
    const names = parseNames(state.text);
    const at = index !== undefined && /^\d+$/.test(index) ? names[Number(index)] : undefined;
    return { field: NAMES_FIELD, problem: at ? { line: at.line, name: at.name, message } : { message } };
  }
  if (head === 'sans' || head === 'subject') {
    const lower = message.toLowerCase();
    const at = parseNames(state.text).find((n) => lower.startsWith(`${n.name.toLowerCase()} `));
    return { field: NAMES_FIELD, problem: at ? { line: at.line, name: at.name, message } : { message } };
  }
  if (head === 'authorityId' || head === 'profile' || head === 'keyAlgorithm' || head === 'validity') return { field: head, problem: { message } };
  return undefined;
}

/** Each field's first problem, as it would be shown. */
export function bulkErrors(state: BulkState, check: NamesCheck = checkNames(state.text, state.profile)): Errors<BulkField> {
  const errors: Errors<BulkField> = {};
  if (!state.issuer) errors.authorityId = t('bulk:names.chooseCa');
  const names = namesProblem(state, check);
  if (names) errors.serviceNames = describeProblem(names);
  const validity = checkValidity(state.validity, state.now, state.issuer);
  if (validity.error) errors.validity = validity.error;
  // Main's schema as the last word (e.g. a date main cannot read).
  if (state.issuer && Object.keys(errors).length === 0) {
    const parsed = IssueBulk.safeParse(toRequest(state));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const found = problemFromServer(state, issue.path.map(String).join('.'), issue.message);
        if (found && errors[found.field] === undefined) errors[found.field] = describeProblem(found.problem);
      }
    }
  }
  for (const [field, problem] of Object.entries(state.serverErrors) as Array<[BulkField, NameProblem | undefined]>) {
    if (problem !== undefined && errors[field] === undefined) errors[field] = describeProblem(problem);
  }
  return errors;
}

/**
 * The errors worth showing now. A problem inside the list shows as it is typed (that is the point of
 * checking it); an empty list, a missing CA and the like once the field is touched or Issue pressed.
 */
export function visibleBulkErrors(state: BulkState, check: NamesCheck = checkNames(state.text, state.profile)): Errors<BulkField> {
  const all = bulkErrors(state, check);
  const shown: Errors<BulkField> = {};
  for (const field of BULK_FIELDS) {
    const inList = field === 'serviceNames' && (check.problems.length > 0 || state.serverErrors.serviceNames !== undefined || check.names.length > MAX_BULK);
    if (all[field] !== undefined && (state.touched.has(field) || inList)) shown[field] = all[field];
  }
  return shown;
}

export function canIssue(state: BulkState): boolean {
  return Object.keys(bulkErrors(state)).length === 0;
}

/** The line main or the check pointed at, to select it in the text area. */
export function problemLine(state: BulkState, check: NamesCheck = checkNames(state.text, state.profile)): number | undefined {
  return namesProblem(state, check)?.line;
}

/** Start and end offsets of a line (1-based) in the text, for selecting it. */
export function lineRange(text: string, line: number): { readonly start: number; readonly end: number } | undefined {
  if (line < 1) return undefined;
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return undefined;
    start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return { start, end: end > start && text[end - 1] === '\r' ? end - 1 : end };
}

// ---- Progress and the result ----------------------------------------------------------------------

/**
 * Main reports its own steps (two per certificate and a last one); the bar counts certificates:
 * the same fraction of the work, never more than is done.
 */
export function certificateProgress(progress: Progress, count: number): Progress {
  if (count <= 0) return progress;
  const fraction = Math.min(Math.max(progress.done, 0), progress.total) / Math.max(progress.total, 1);
  return { step: progress.step, done: Math.floor(count * fraction), total: count };
}

/**
 * The words over the bar. Main says which certificates it is on ("Issuing 33–48 of 1000"), then
 * "Signing" as each batch completes; the batch stays in view until the next one starts. (Both are
 * main's catalog messages, worded in the window's language by the time they get here.)
 */
export function progressStep(previous: string, step: string): string {
  return step === t('issue:progress.signing') && previous !== t('bulk:starting') ? previous : step;
}

/** "1,000 client certificates issued under Acme Issuing CA" */
export function resultMessage(issued: number, profile: Profile, issuerName: string): string {
  return t('bulk:result.issued', { count: issued, kind: t(`bulk:kind.${profile}`), issuer: issuerName });
}

/** A bulk issue stopped by Cancel: "Issued 3,000 of 10,000 client certificates under Acme Issuing CA; cancelled". */
export function cancelledMessage(issued: number, asked: number, profile: Profile, issuerName: string): string {
  return t('bulk:result.cancelled', { issued, count: asked, kind: t(`bulk:kind.${profile}`), issuer: issuerName });
}

/** Under the bar while a cancel is on its way: main stops after the batch it is storing. */
export const cancellingNote = (): string => t('bulk:cancelling');

/** The label of the Issue button: "Issue 300 certificates". */
export function issueLabel(count: number): string {
  return count === 0 ? t('bulk:issueLabel.none') : t('bulk:issueLabel.count', { count });
}

// ---- Actions ------------------------------------------------------------------------------------

export type BulkAction =
  | { readonly type: 'issuer'; readonly issuer: IssuerInfo | null }
  | { readonly type: 'profile'; readonly profile: Profile }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'keyAlgorithm'; readonly value: KeyAlgorithmId }
  | { readonly type: 'validity'; readonly value: ValidityChoice }
  | { readonly type: 'touch'; readonly field: BulkField }
  /** Pressing Issue: every problem shows at once. */
  | { readonly type: 'submit' }
  | { readonly type: 'serverError'; readonly field: BulkField; readonly problem: NameProblem }
  /** Another batch: the same CA, profile, key and validity; an empty list. */
  | { readonly type: 'reset' };

function edit(state: BulkState, field: BulkField, patch: Partial<BulkState>, touch = true): BulkState {
  const serverErrors = { ...state.serverErrors };
  delete serverErrors[field];
  return { ...state, ...patch, serverErrors, touched: touch ? new Set([...state.touched, field]) : state.touched };
}

export function bulkReducer(state: BulkState, action: BulkAction): BulkState {
  switch (action.type) {
    case 'issuer': {
      const issuer = action.issuer;
      const validity = state.validityChosen || !issuer ? state.validity : daysChoice(issuer.defaultValidityDays);
      // What main said depended on the CA (its name constraints, its validity): forget it all.
      return { ...edit(state, AUTHORITY_FIELD, { issuer, validity }), serverErrors: {} };
    }
    case 'profile':
      return edit({ ...state, serverErrors: {} }, 'profile', { profile: action.profile });
    case 'text':
      // Typing is not leaving: "give at least one name" waits for blur or Issue.
      return edit(state, NAMES_FIELD, { text: action.text }, false);
    case 'keyAlgorithm':
      return KEY_ALGORITHMS.includes(action.value) ? edit(state, KEY_FIELD, { keyAlgorithm: action.value }) : state;
    case 'validity':
      return edit(state, 'validity', { validity: action.value, validityChosen: true });
    case 'touch':
      return state.touched.has(action.field) ? state : { ...state, touched: new Set([...state.touched, action.field]) };
    case 'submit':
      return { ...state, touched: new Set(BULK_FIELDS) };
    case 'serverError':
      return { ...state, serverErrors: { ...state.serverErrors, [action.field]: action.problem }, touched: new Set([...state.touched, action.field]) };
    case 'reset':
      return { ...state, text: '', touched: new Set(), serverErrors: {} };
  }
}
