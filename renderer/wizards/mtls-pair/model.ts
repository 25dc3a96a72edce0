/**
 * The mTLS pair wizard as pure data: ONE screen — service name, the names it is reached at (one
 * field, any separators), the issuing CA and an optional client URI — and one button. The server
 * certificate gets the names; the client certificate's common name is the service (its identity).
 */
import { IssuePair, type Input } from '../../../shared/ipc/contract.js';
import { checkUri, type SanEntry } from '../../../shared/validation/san.js';
import { firstTokenError, serviceNameTokens, tokenValues, type Token } from '../../components/san-model.js';
import { addSchemaErrors } from '../shared/form.js';
import { t } from '../../i18n/instance.js';

export type PairField = 'serviceName' | 'names' | 'authorityId' | 'clientUri';

export interface PairState {
  readonly serviceName: string;
  /** As typed: DNS names and IPs separated by commas, spaces or new lines. */
  readonly names: string;
  readonly authorityId: string;
  readonly clientUri: string;
  /** Errors show for fields the user left, or after pressing Issue. */
  readonly touched: ReadonlySet<PairField>;
  readonly serverErrors: Readonly<Partial<Record<PairField, string>>>;
}

export function initialPair(authorityId = ''): PairState {
  return { serviceName: '', names: '', authorityId, clientUri: '', touched: new Set(), serverErrors: {} };
}

export function nameTokens(state: PairState): Array<Token<SanEntry>> {
  return serviceNameTokens(state.names);
}

export function toRequest(state: PairState, operationId?: string): Input<'certificate.issuePair'> {
  const entries = tokenValues(nameTokens(state));
  return {
    authorityId: state.authorityId,
    serviceName: state.serviceName.trim(),
    dnsNames: entries.filter((e) => e.type === 'dns').map((e) => e.value),
    ipAddresses: entries.filter((e) => e.type === 'ip').map((e) => e.value),
    ...(state.clientUri.trim() === '' ? {} : { clientUri: state.clientUri.trim() }),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/** `dnsNames.0` → names, `clientUri` → clientUri … */
export function fieldFromPath(path: string): PairField | undefined {
  const head = path.split('.')[0] ?? '';
  if (head === 'dnsNames' || head === 'ipAddresses' || head === 'sans') return 'names';
  // eslint-disable-next-line i18next/no-literal-string -- a field id, not text
  if (head === 'subject') return 'serviceName';
  return head === 'serviceName' || head === 'authorityId' || head === 'clientUri' ? head : undefined;
}

export function pairErrors(state: PairState): Partial<Record<PairField, string>> {
  const errors: Partial<Record<PairField, string>> = {};
  const tokens = nameTokens(state);
  const bad = firstTokenError(tokens);
  if (bad) errors.names = bad;
  if (state.authorityId === '') errors.authorityId = t('pair:chooseCa');
  if (state.clientUri.trim() !== '') {
    const uri = checkUri(state.clientUri);
    if (!uri.ok) errors.clientUri = uri.message;
  }
  addSchemaErrors(errors, IssuePair.safeParse({ ...toRequest(state), authorityId: state.authorityId || '0'.repeat(32) }), fieldFromPath);
  for (const [field, message] of Object.entries(state.serverErrors) as Array<[PairField, string | undefined]>) {
    if (message !== undefined && errors[field] === undefined) errors[field] = message;
  }
  return errors;
}

export function visiblePairErrors(state: PairState): Partial<Record<PairField, string>> {
  const all = pairErrors(state);
  return Object.fromEntries(Object.entries(all).filter(([f]) => state.touched.has(f as PairField)));
}

export const PAIR_FIELDS: readonly PairField[] = ['serviceName', 'names', 'authorityId', 'clientUri'];

export type PairAction =
  | { readonly type: 'set'; readonly field: PairField; readonly value: string }
  | { readonly type: 'touch'; readonly field: PairField }
  /** Pressing Issue: every problem shows at once. */
  | { readonly type: 'submit' }
  | { readonly type: 'serverError'; readonly field: PairField; readonly message: string }
  /** Another pair: a fresh form, the same CA. */
  | { readonly type: 'reset' };

export function pairReducer(state: PairState, action: PairAction): PairState {
  switch (action.type) {
    case 'set': {
      const serverErrors = { ...state.serverErrors };
      delete serverErrors[action.field];
      // A choice from a select is complete at once; text fields show errors when left.
      const touched = action.field === 'authorityId' ? new Set([...state.touched, action.field]) : state.touched;
      return { ...state, [action.field]: action.value, serverErrors, touched };
    }
    case 'touch':
      return state.touched.has(action.field) ? state : { ...state, touched: new Set([...state.touched, action.field]) };
    case 'submit':
      return { ...state, touched: new Set(PAIR_FIELDS) };
    case 'serverError':
      return { ...state, serverErrors: { ...state.serverErrors, [action.field]: action.message }, touched: new Set([...state.touched, action.field]) };
    case 'reset':
      return initialPair(state.authorityId);
  }
}

export function canIssue(state: PairState): boolean {
  return Object.keys(pairErrors(state)).length === 0;
}
