/**
 * The Issue certificate wizard as pure data: issuing CA and profile → subject and SANs → key and
 * validity → review → issue. Validation is the shared leaf rules plus the contract's own schema.
 */
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { IssueCertificate, type Input } from '../../../shared/ipc/contract.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { commitSanDraft, emptyLeaf, leafErrors, leafFieldFromPath, reduceLeaf, sansForRequest, type IssuerInfo, type LeafAction, type LeafDraft, type LeafField } from '../shared/leaf.js';
import { EMPTY_SUBJECT, SUBJECT_KEYS } from '../shared/subject.js';
import { toValidity } from '../shared/validity.js';
import { t } from '../../i18n/instance.js';

/** Titles are getters: worded when shown, in the window's language at that moment. */
export const STEPS = [
  {
    id: 'issuer',
    get title() {
      return t('issue:steps.issuer');
    },
  },
  {
    id: 'subject',
    get title() {
      return t('issue:steps.subject');
    },
  },
  {
    id: 'key',
    get title() {
      return t('issue:steps.key');
    },
  },
  {
    id: 'review',
    get title() {
      return t('issue:steps.review');
    },
  },
  {
    id: 'issue',
    get title() {
      return t('issue:steps.issue');
    },
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export type FieldKey = LeafField | 'keyAlgorithm';

export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  issuer: ['authorityId', 'profile'],
  subject: [...SUBJECT_KEYS, 'sans'],
  key: ['keyAlgorithm', 'validity'],
  review: [],
  issue: [],
};

export interface IssueState extends FormState<StepId, FieldKey> {
  readonly leaf: LeafDraft;
  readonly keyAlgorithm: KeyAlgorithmId;
  /** The moment the wizard opened: validity is reckoned from it. */
  readonly now: Date;
}

export function initialState(now: Date, issuer: IssuerInfo | null = null): IssueState {
  return { step: 'issuer', leaf: emptyLeaf(EMPTY_SUBJECT, issuer), keyAlgorithm: DEFAULT_KEY_ALGORITHM, now, touched: new Set(), serverErrors: {} };
}

export function toRequest(state: IssueState, operationId?: string): Input<'certificate.issue'> {
  const { leaf } = state;
  return {
    authorityId: leaf.issuer?.id ?? '',
    profile: leaf.profile,
    subject: { ...leaf.subject },
    sans: sansForRequest(leaf),
    keyAlgorithm: state.keyAlgorithm,
    validity: toValidity(leaf.validity),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

export function fieldFromPath(path: string): FieldKey | undefined {
  // eslint-disable-next-line i18next/no-literal-string -- a field id, not text
  return path === 'keyAlgorithm' ? 'keyAlgorithm' : leafFieldFromPath(path);
}

function checkFields(state: IssueState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = { ...leafErrors(state.leaf, state.now) };
  if (state.leaf.issuer) {
    addSchemaErrors(errors, IssueCertificate.safeParse(toRequest(state)), fieldFromPath);
  }
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, IssueState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type IssueAction = LeafAction | { readonly type: 'keyAlgorithm'; readonly value: KeyAlgorithmId } | NavAction<StepId, FieldKey>;

export function issueReducer(state: IssueState, action: IssueAction): IssueState {
  switch (action.type) {
    case 'issuer':
    case 'profile':
    case 'subject':
    case 'sans':
    case 'validity':
      return reduceLeaf(machine, state, action);
    case 'keyAlgorithm':
      // eslint-disable-next-line i18next/no-literal-string -- a field id, not text
      return KEY_ALGORITHMS.includes(action.value) ? machine.edit(state, 'keyAlgorithm', { keyAlgorithm: action.value }) : state;
    case 'next':
      // A valid name still in the SAN input is added rather than lost.
      return machine.navigate(state.step === 'subject' ? { ...state, leaf: commitSanDraft(state.leaf) } : state, action);
    default:
      return machine.navigate(state, action);
  }
}
