/**
 * The Sign a CSR wizard as pure data: the request (pasted or opened) → what it asks for, and what
 * the certificate will actually say (profile, subject, SANs, CA, validity — prefilled from the
 * request, never copied blindly) → sign. A request main refuses cannot be signed.
 */
import type { CsrSummary, Profile } from '../../../shared/domain/certificate.js';
import { SignCsr, type Input } from '../../../shared/ipc/contract.js';
import { hasServerName } from '../../components/san-model.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { commitSanDraft, emptyLeaf, leafErrors, leafFieldFromPath, reduceLeaf, sansForRequest, type IssuerInfo, type LeafAction, type LeafDraft, type LeafField } from '../shared/leaf.js';
import { EMPTY_SUBJECT, SUBJECT_KEYS, subjectDraft } from '../shared/subject.js';
import { toValidity } from '../shared/validity.js';
import { t, wordOf } from '../../i18n/instance.js';

// Titles are getters: read when shown, so they follow a language change.
export const STEPS = [
  {
    id: 'request',
    get title() {
      return t('signCsr:step.request');
    },
  },
  {
    id: 'decide',
    get title() {
      return t('signCsr:step.decide');
    },
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
/** csr: the text; refused: the inspected request cannot be signed as it is. */
export type FieldKey = LeafField | 'csr' | 'refused';

export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  request: ['csr'],
  decide: ['refused', 'authorityId', 'profile', ...SUBJECT_KEYS, 'sans', 'validity'],
};

export interface SignState extends FormState<StepId, FieldKey> {
  readonly csrText: string;
  /** Where the text came from, when it was a file. */
  readonly fileName: string | null;
  /** What main found in exactly this text. */
  readonly inspected: { readonly csr: string; readonly summary: CsrSummary } | null;
  readonly leaf: LeafDraft;
  readonly now: Date;
}

export function initialState(now: Date, issuer: IssuerInfo | null = null): SignState {
  return { step: 'request', csrText: '', fileName: null, inspected: null, leaf: emptyLeaf(EMPTY_SUBJECT, issuer), now, touched: new Set(), serverErrors: {} };
}

/** The profile to start from: what the request's EKU says, else server when it names hosts, else client. */
export function startingProfile(summary: CsrSummary): Profile {
  return summary.suggestedProfile ?? (hasServerName(summary.sans) ? 'server' : 'client');
}

export function toRequest(state: SignState): Input<'csr.sign'> {
  const { leaf } = state;
  return {
    csr: state.inspected?.csr ?? state.csrText.trim(),
    authorityId: leaf.issuer?.id ?? '',
    profile: leaf.profile,
    subject: { ...leaf.subject },
    sans: sansForRequest(leaf),
    validity: toValidity(leaf.validity),
  };
}

export function fieldFromPath(path: string): FieldKey | undefined {
  return path === 'csr' ? 'csr' : leafFieldFromPath(path);
}

function checkFields(state: SignState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = {};
  if (state.csrText.trim() === '') errors.csr = t('signCsr:request.empty');
  const summary = state.inspected?.summary;
  if (!summary) return errors;
  if (summary.refusals.length > 0) {
    errors.refused = summary.refusals.map(wordOf).join(' ');
    return errors;
  }
  Object.assign(errors, leafErrors(state.leaf, state.now));
  if (state.leaf.issuer) {
    addSchemaErrors(errors, SignCsr.safeParse(toRequest(state)), fieldFromPath);
  }
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, SignState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type SignAction =
  | { readonly type: 'csrText'; readonly value: string; readonly fileName?: string }
  /** main inspected the text: prefill the certificate from it and go on. */
  | { readonly type: 'inspected'; readonly csr: string; readonly summary: CsrSummary }
  | LeafAction
  | NavAction<StepId, FieldKey>;

export function signReducer(state: SignState, action: SignAction): SignState {
  const leaf = state.leaf;
  switch (action.type) {
    case 'csrText':
      return machine.edit(state, 'csr', { csrText: action.value, fileName: action.fileName ?? null, inspected: null });
    case 'inspected': {
      const prefilled: LeafDraft = { ...emptyLeaf(subjectDraft(action.summary.subject), leaf.issuer, startingProfile(action.summary)), sans: action.summary.sans };
      return { ...state, inspected: { csr: action.csr, summary: action.summary }, leaf: { ...prefilled, validity: leaf.validityChosen ? leaf.validity : prefilled.validity, validityChosen: leaf.validityChosen }, step: 'decide', touched: new Set(), serverErrors: {} };
    }
    case 'issuer':
    case 'profile':
    case 'subject':
    case 'sans':
    case 'validity':
      return reduceLeaf(machine, state, action);
    case 'next':
      return machine.navigate(state.step === 'decide' ? { ...state, leaf: commitSanDraft(leaf) } : state, action);
    default:
      return machine.navigate(state, action);
  }
}

/** Ready to sign: inspected, nothing refused, every decision valid. */
export function canSign(state: SignState): boolean {
  return state.inspected !== null && Object.keys(machine.stepErrors(state, 'decide')).length === 0;
}
