/**
 * The Issue certificate wizard as pure data: issuing CA and profile → subject and SANs → key and
 * validity → review → issue. Validation is the shared leaf rules plus the contract's own schema.
 */
import type { Profile } from '../../../shared/domain/certificate.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { IssueCertificate, type Input } from '../../../shared/ipc/contract.js';
import type { SanEntry } from '../../../shared/validation/san.js';
import type { SanDraft } from '../../components/san-model.js';
import { stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { commitSanDraft, emptyLeaf, leafErrors, leafFieldFromPath, sansForRequest, withIssuer, type IssuerInfo, type LeafDraft, type LeafField } from '../shared/leaf.js';
import { EMPTY_SUBJECT, SUBJECT_KEYS, type SubjectKey } from '../shared/subject.js';
import { toValidity, type ValidityChoice } from '../shared/validity.js';

export const STEPS = [
  { id: 'issuer', title: 'CA & profile' },
  { id: 'subject', title: 'Subject & names' },
  { id: 'key', title: 'Key & validity' },
  { id: 'review', title: 'Review' },
  { id: 'issue', title: 'Issue' },
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
  return path === 'keyAlgorithm' ? 'keyAlgorithm' : leafFieldFromPath(path);
}

function checkFields(state: IssueState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = { ...leafErrors(state.leaf, state.now) };
  if (state.leaf.issuer) {
    const parsed = IssueCertificate.safeParse(toRequest(state));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldFromPath(issue.path.map(String).join('.'));
        if (field && errors[field] === undefined) errors[field] = issue.message;
      }
    }
  }
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, IssueState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type IssueAction =
  | { readonly type: 'issuer'; readonly issuer: IssuerInfo | null }
  | { readonly type: 'profile'; readonly profile: Profile }
  | { readonly type: 'subject'; readonly field: SubjectKey; readonly value: string }
  | { readonly type: 'sans'; readonly sans: readonly SanEntry[]; readonly draft: SanDraft }
  | { readonly type: 'keyAlgorithm'; readonly value: KeyAlgorithmId }
  | { readonly type: 'validity'; readonly value: ValidityChoice }
  | NavAction<StepId, FieldKey>;

export function issueReducer(state: IssueState, action: IssueAction): IssueState {
  const leaf = state.leaf;
  switch (action.type) {
    case 'issuer':
      // What main said depended on the CA (its name constraints, its validity): forget it all.
      return { ...machine.edit(state, 'authorityId', { leaf: withIssuer(leaf, action.issuer) }), serverErrors: {} };
    case 'profile':
      return machine.edit(state, 'profile', { leaf: { ...leaf, profile: action.profile } });
    case 'subject':
      return machine.edit(state, action.field, { leaf: { ...leaf, subject: { ...leaf.subject, [action.field]: action.value } } });
    case 'sans': {
      // Typing into the SAN input does not count as touching the list; adding or removing does.
      const next = { ...state, leaf: { ...leaf, sans: action.sans, sanDraft: action.draft } };
      return action.sans === leaf.sans && !state.touched.has('sans') ? next : machine.edit(next, 'sans', {});
    }
    case 'keyAlgorithm':
      return KEY_ALGORITHMS.includes(action.value) ? machine.edit(state, 'keyAlgorithm', { keyAlgorithm: action.value }) : state;
    case 'validity':
      return machine.edit(state, 'validity', { leaf: { ...leaf, validity: action.value, validityChosen: true } });
    case 'next':
      // A valid name still in the SAN input is added rather than lost.
      return machine.navigate(state.step === 'subject' ? { ...state, leaf: commitSanDraft(leaf) } : state, action);
    default:
      return machine.navigate(state, action);
  }
}
