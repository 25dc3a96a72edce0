/**
 * What the New root CA and New intermediate CA wizards both collect about the CA they make: its
 * subject, key algorithm, validity in days and path length, as typed. Pure data; no React here.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import type { FormState, StepMachine } from './form.js';
import type { SubjectKey } from './subject.js';

export interface CaDraft {
  readonly subject: Readonly<Record<SubjectKey, string>>;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validityDays: string;
  readonly pathLength: string;
}

export type CaField = SubjectKey | 'keyAlgorithm' | 'validityDays' | 'pathLength';

export type CaAction =
  | { readonly type: 'subject'; readonly field: SubjectKey; readonly value: string }
  | { readonly type: 'keyAlgorithm'; readonly value: KeyAlgorithmId }
  | { readonly type: 'validityDays'; readonly value: string }
  | { readonly type: 'pathLength'; readonly value: string };

/** The CA draft's part of a wizard's reducer: each edit touches its field and forgets main's old complaint. */
export function reduceCaDraft<S extends string, F extends string, T extends FormState<S, F | CaField> & CaDraft>(machine: StepMachine<S, F | CaField, T>, state: T, action: CaAction): T {
  const patch = (p: Partial<CaDraft>) => p as Partial<T>;
  switch (action.type) {
    case 'subject':
      return machine.edit(state, action.field, patch({ subject: { ...state.subject, [action.field]: action.value } }));
    case 'keyAlgorithm':
      return KEY_ALGORITHMS.includes(action.value) ? machine.edit(state, action.type, patch({ keyAlgorithm: action.value })) : state;
    case 'validityDays':
      return machine.edit(state, action.type, patch({ validityDays: action.value }));
    case 'pathLength':
      return machine.edit(state, action.type, patch({ pathLength: action.value }));
  }
}
