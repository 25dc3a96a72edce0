/**
 * The New root CA wizard as pure data: its state, the steps, validation and the request it builds.
 * No React here, so the rules can be read (and tested) on their own. Validation reuses the very
 * schemas main validates with (shared SubjectInput and the contract's NewRootAuthority), so the
 * wizard cannot accept what main would refuse, nor refuse what main accepts.
 */
import { MAX_PATH_LENGTH, NewRootAuthority, ROOT_VALIDITY_DAYS, type Input } from '../../../shared/ipc/contract.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { SUBJECT_FIELDS, type SubjectFields } from '../../../shared/validation/subject.js';

export const STEPS = [
  { id: 'identity', title: 'Identity' },
  { id: 'key', title: 'Key & validity' },
  { id: 'review', title: 'Review' },
  { id: 'create', title: 'Create' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export type SubjectKey = keyof SubjectFields;
export type FieldKey = SubjectKey | 'keyAlgorithm' | 'validityDays' | 'pathLength';

/** Which fields each step owns: "Next" is allowed when these are valid. */
export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  identity: SUBJECT_FIELDS.map((f) => f.key),
  key: ['keyAlgorithm', 'validityDays', 'pathLength'],
  review: [],
  create: [],
};

export interface WizardState {
  readonly step: StepId;
  /** Raw text as typed; trimming and upper-casing happen in validation, as main does them. */
  readonly subject: Readonly<Record<SubjectKey, string>>;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validityDays: string;
  /** '' means no path length constraint. */
  readonly pathLength: string;
  /** Fields whose errors are shown: edited, or covered by an attempt to go on. */
  readonly touched: ReadonlySet<FieldKey>;
  /** Errors main reported for a field (INVALID_INPUT), shown until the field is edited. */
  readonly serverErrors: Readonly<Partial<Record<FieldKey, string>>>;
}

export type FieldErrors = Partial<Record<FieldKey, string>>;

export function initialState(): WizardState {
  return {
    step: 'identity',
    subject: { commonName: '', organization: '', organizationalUnit: '', country: '', state: '', locality: '' },
    keyAlgorithm: DEFAULT_KEY_ALGORITHM,
    validityDays: String(ROOT_VALIDITY_DAYS.default),
    pathLength: '',
    touched: new Set(),
    serverErrors: {},
  };
}

const WHOLE_NUMBER = /^\s*\d+\s*$/;

/** Parses raw text typed into a number field; NaN when it is not a whole number. */
export function parseWholeNumber(text: string): number {
  return WHOLE_NUMBER.test(text) ? Number(text.trim()) : Number.NaN;
}

/** The request as main receives it. Only meaningful when {@link validate} reports no errors. */
export function toRequest(state: WizardState, operationId?: string): Input<'authority.createRoot'> {
  const pathLength = state.pathLength.trim() === '' ? null : parseWholeNumber(state.pathLength);
  return {
    subject: { ...state.subject },
    keyAlgorithm: state.keyAlgorithm,
    validityDays: parseWholeNumber(state.validityDays),
    pathLength,
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/** Maps a schema or server path (`subject.commonName`, `validityDays`) to the wizard's field. */
export function fieldFromPath(path: string): FieldKey | undefined {
  const last = path.split('.').pop() ?? '';
  const known: readonly string[] = [...SUBJECT_FIELDS.map((f) => f.key), 'keyAlgorithm', 'validityDays', 'pathLength'];
  return known.includes(last) ? (last as FieldKey) : undefined;
}

/** Every field's first problem, from the same schema main uses, plus the text-to-number checks. */
export function validate(state: WizardState): FieldErrors {
  const errors: FieldErrors = {};
  if (!WHOLE_NUMBER.test(state.validityDays)) {
    errors.validityDays = state.validityDays.trim() === '' ? 'Enter the validity in days' : 'Validity must be a whole number of days';
  }
  if (state.pathLength.trim() !== '' && !WHOLE_NUMBER.test(state.pathLength)) {
    errors.pathLength = 'Path length must be a whole number, or empty for no limit';
  }
  const parsed = NewRootAuthority.safeParse(toRequest(state));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldFromPath(issue.path.map(String).join('.'));
      if (field && errors[field] === undefined) errors[field] = issue.message;
    }
  }
  for (const [field, message] of Object.entries(state.serverErrors) as Array<[FieldKey, string]>) {
    if (errors[field] === undefined) errors[field] = message;
  }
  return errors;
}

/** The errors worth showing now: only for fields the user has touched. */
export function visibleErrors(state: WizardState): FieldErrors {
  const all = validate(state);
  const shown: FieldErrors = {};
  for (const field of state.touched) if (all[field] !== undefined) shown[field] = all[field];
  return shown;
}

export function stepErrors(state: WizardState, step: StepId): FieldErrors {
  const all = validate(state);
  const own: FieldErrors = {};
  for (const field of STEP_FIELDS[step]) if (all[field] !== undefined) own[field] = all[field];
  return own;
}

export function canLeave(state: WizardState, step: StepId): boolean {
  return Object.keys(stepErrors(state, step)).length === 0;
}

export function stepIndex(step: StepId): number {
  return STEPS.findIndex((s) => s.id === step);
}

/** The first step that holds an error, for sending the user back to it. */
export function firstStepWithError(errors: FieldErrors): StepId | undefined {
  return STEPS.find((s) => STEP_FIELDS[s.id].some((f) => errors[f] !== undefined))?.id;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a root made now with this validity expires; undefined while the text is not a valid number. */
export function expiryDate(now: Date, validityDays: string): Date | undefined {
  const days = parseWholeNumber(validityDays);
  if (!Number.isInteger(days) || days < ROOT_VALIDITY_DAYS.min || days > ROOT_VALIDITY_DAYS.max) return undefined;
  return new Date(now.getTime() + days * DAY_MS);
}

export const VALIDITY_PRESETS = [
  { days: 1825, label: '5 years' },
  { days: 3650, label: '10 years' },
  { days: 7300, label: '20 years' },
] as const;

export const PATH_LENGTH_LIMIT = MAX_PATH_LENGTH;

export type WizardAction =
  | { readonly type: 'subject'; readonly field: SubjectKey; readonly value: string }
  | { readonly type: 'keyAlgorithm'; readonly value: KeyAlgorithmId }
  | { readonly type: 'validityDays'; readonly value: string }
  | { readonly type: 'pathLength'; readonly value: string }
  | { readonly type: 'touch'; readonly field: FieldKey }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'goto'; readonly step: StepId }
  /** Main refused the request: remember its message on the field and go to that field's step. */
  | { readonly type: 'serverError'; readonly field: FieldKey; readonly message: string };

function edit(state: WizardState, field: FieldKey, patch: Partial<WizardState>): WizardState {
  const touched = new Set(state.touched);
  touched.add(field);
  const serverErrors = { ...state.serverErrors };
  delete serverErrors[field];
  return { ...state, ...patch, touched, serverErrors };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'subject':
      return edit(state, action.field, { subject: { ...state.subject, [action.field]: action.value } });
    case 'keyAlgorithm':
      return KEY_ALGORITHMS.includes(action.value) ? edit(state, 'keyAlgorithm', { keyAlgorithm: action.value }) : state;
    case 'validityDays':
      return edit(state, 'validityDays', { validityDays: action.value });
    case 'pathLength':
      return edit(state, 'pathLength', { pathLength: action.value });
    case 'touch': {
      if (state.touched.has(action.field)) return state;
      const touched = new Set(state.touched);
      touched.add(action.field);
      return { ...state, touched };
    }
    case 'next': {
      // Trying to go on shows every problem of this step at once.
      const touched = new Set([...state.touched, ...STEP_FIELDS[state.step]]);
      if (!canLeave(state, state.step)) return { ...state, touched };
      const next = STEPS[stepIndex(state.step) + 1];
      return next ? { ...state, touched, step: next.id } : { ...state, touched };
    }
    case 'back': {
      const previous = STEPS[stepIndex(state.step) - 1];
      return previous ? { ...state, step: previous.id } : state;
    }
    case 'goto':
      // Only backwards, or forwards over steps that are complete.
      for (const s of STEPS.slice(0, stepIndex(action.step))) if (!canLeave(state, s.id)) return state;
      return { ...state, step: action.step };
    case 'serverError': {
      const serverErrors = { ...state.serverErrors, [action.field]: action.message };
      const touched = new Set([...state.touched, action.field]);
      const step = firstStepWithError({ [action.field]: action.message }) ?? state.step;
      return { ...state, serverErrors, touched, step };
    }
  }
}
