/**
 * The New root CA wizard as pure data: its state, the steps, validation and the request it builds.
 * No React here, so the rules can be read (and tested) on their own. Validation reuses the very
 * schemas main validates with (shared SubjectInput and the contract's NewRootAuthority), so the
 * wizard cannot accept what main would refuse, nor refuse what main accepts.
 */
import { MAX_PATH_LENGTH, NewRootAuthority, ROOT_VALIDITY_DAYS, type Input } from '../../../shared/ipc/contract.js';
import { DEFAULT_KEY_ALGORITHM, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { reduceCaDraft, type CaAction } from '../shared/ca.js';
import { addDays, addSchemaErrors, daysWithin, isWholeNumber, parseWholeNumber, stepMachine, validityDaysError, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { EMPTY_SUBJECT, SUBJECT_KEYS, type SubjectDraft, type SubjectKey } from '../shared/subject.js';
import { t } from '../../i18n/instance.js';
import { EMPTY_URLS, URL_FIELDS, urlErrors, urlSettings, type UrlDraft, type UrlField } from '../../views/publication/ca-urls.js';

export { parseWholeNumber };
export type { SubjectKey };

// Titles are getters: read when shown, so they follow a language change.
export const STEPS = [
  {
    id: 'identity',
    get title() {
      return t('newRoot:step.identity');
    },
  },
  {
    id: 'key',
    get title() {
      return t('newRoot:step.key');
    },
  },
  {
    id: 'review',
    get title() {
      return t('newRoot:step.review');
    },
  },
  {
    id: 'create',
    get title() {
      return t('newRoot:step.create');
    },
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export type FieldKey = SubjectKey | 'keyAlgorithm' | 'validityDays' | 'pathLength' | UrlField;

/** Which fields each step owns: "Next" is allowed when these are valid. */
export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  identity: SUBJECT_KEYS,
  // The revocation URLs are a section of the key step: asked before anything is signed.
  key: ['keyAlgorithm', 'validityDays', 'pathLength', ...URL_FIELDS],
  review: [],
  create: [],
};

export interface WizardState extends FormState<StepId, FieldKey> {
  /** Raw text as typed; trimming and upper-casing happen in validation, as main does them. */
  readonly subject: SubjectDraft;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validityDays: string;
  /** '' means no path length constraint. */
  readonly pathLength: string;
  /** The CRL distribution point, OCSP and CA Issuers URLs of what it will issue, as typed. */
  readonly urls: UrlDraft;
}

export type FieldErrors = Errors<FieldKey>;

export function initialState(): WizardState {
  return {
    step: 'identity',
    subject: EMPTY_SUBJECT,
    keyAlgorithm: DEFAULT_KEY_ALGORITHM,
    validityDays: String(ROOT_VALIDITY_DAYS.default),
    pathLength: '',
    urls: EMPTY_URLS,
    touched: new Set(),
    serverErrors: {},
  };
}

/** The request as main receives it. Only meaningful when {@link validate} reports no errors. */
export function toRequest(state: WizardState, operationId?: string): Input<'authority.createRoot'> {
  const pathLength = state.pathLength.trim() === '' ? null : parseWholeNumber(state.pathLength);
  const settings = urlSettings(state.urls);
  return {
    subject: { ...state.subject },
    keyAlgorithm: state.keyAlgorithm,
    validityDays: parseWholeNumber(state.validityDays),
    pathLength,
    ...(settings ? { settings } : {}),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/** Maps a schema or server path (`subject.commonName`, `validityDays`) to the wizard's field. */
export function fieldFromPath(path: string): FieldKey | undefined {
  const last = path.split('.').pop() ?? '';
  // eslint-disable-next-line i18next/no-literal-string -- field ids, not text
  const known: readonly string[] = [...SUBJECT_KEYS, 'keyAlgorithm', 'validityDays', 'pathLength', ...URL_FIELDS];
  return known.includes(last) ? (last as FieldKey) : undefined;
}

/** Every field's first problem, from the same schema main uses, plus the text-to-number checks. */
function checkFields(state: WizardState): FieldErrors {
  const errors: FieldErrors = {};
  const validity = validityDaysError(state.validityDays);
  if (validity) errors.validityDays = validity;
  if (state.pathLength.trim() !== '' && !isWholeNumber(state.pathLength)) {
    errors.pathLength = t('newRoot:key.pathLengthError');
  }
  Object.assign(errors, urlErrors(state.urls));
  addSchemaErrors(errors, NewRootAuthority.safeParse(toRequest(state)), fieldFromPath);
  return errors;
}

const machine = stepMachine<StepId, FieldKey, WizardState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

/** Every field's first problem, including what main said about fields not edited since. */
export const validate = (state: WizardState): FieldErrors => machine.errors(state);
/** The errors worth showing now: only for fields the user has touched. */
export const visibleErrors = (state: WizardState): FieldErrors => machine.visible(state);
export const stepErrors = (state: WizardState, step: StepId): FieldErrors => machine.stepErrors(state, step);
export const canLeave = (state: WizardState, step: StepId): boolean => machine.canLeave(state, step);
export const stepIndex = (step: StepId): number => machine.index(step);
/** The first step that holds an error, for sending the user back to it. */
export const firstStepWithError = (errors: FieldErrors): StepId | undefined => machine.firstStepWithError(errors);

/** When a root made now with this validity expires; undefined while the text is not a valid number. */
export function expiryDate(now: Date, validityDays: string): Date | undefined {
  const days = daysWithin(validityDays, ROOT_VALIDITY_DAYS);
  return days === undefined ? undefined : addDays(now, days);
}

/** The validity presets: 5, 10 and 20 years, labelled in the window's language when asked. */
export const validityPresets = () => [5, 10, 20].map((years) => ({ days: years * 365, label: t('wizard:validity.presetYears', { count: years }) }));

export const PATH_LENGTH_LIMIT = MAX_PATH_LENGTH;

export type WizardAction =
  | CaAction
  | { readonly type: 'url'; readonly field: UrlField; readonly value: string }
  /** All three at once (the publication server's suggestion). */
  | { readonly type: 'urls'; readonly value: UrlDraft }
  | NavAction<StepId, FieldKey>;

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'subject':
    case 'keyAlgorithm':
    case 'validityDays':
    case 'pathLength':
      return reduceCaDraft(machine, state, action);
    case 'url':
      return machine.edit(state, action.field, { urls: { ...state.urls, [action.field]: action.value } });
    case 'urls':
      return { ...state, urls: action.value, serverErrors: { ...state.serverErrors, crlUrl: undefined, ocspUrl: undefined, caIssuersUrl: undefined } };
    default:
      return machine.navigate(state, action);
  }
}
