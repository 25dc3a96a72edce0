/**
 * The revoke wizard as pure data: a reason (each explained in one line) and an optional invalidity
 * date → a review that says what will happen and whether it can be undone → revoke.
 */
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { isFinal, REASON_INFO, REVOCATION_REASONS, type RevocationReason } from '../../../shared/domain/revocation.js';
import { RevokeRequest, type Input } from '../../../shared/ipc/contract.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { certificateLabel } from '../../app/format.js';

export const STEPS = [
  { id: 'reason', title: 'Reason' },
  { id: 'review', title: 'Review' },
  { id: 'revoke', title: 'Revoke' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export type FieldKey = 'reason' | 'invalidityDate';

const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = { reason: ['reason', 'invalidityDate'], review: [], revoke: [] };

export interface RevokeState extends FormState<StepId, FieldKey> {
  readonly reason: RevocationReason | '';
  /** As typed in a date-time field (local time, "2026-11-30T14:05"), or ''. */
  readonly invalidityDate: string;
  readonly now: Date;
}

export function initialState(now: Date): RevokeState {
  return { step: 'reason', reason: '', invalidityDate: '', now, touched: new Set(), serverErrors: {} };
}

/** The typed local date-time as an ISO instant; null when blank, NaN-dated when unreadable. */
function invalidityInstant(text: string): Date | null {
  if (text.trim() === '') return null;
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text.trim()) ? new Date(text.trim().length === 10 ? `${text.trim()}T00:00` : text.trim()) : new Date(Number.NaN);
}

export function toRequest(ids: readonly string[], state: RevokeState, operationId?: string): Input<'certificate.revoke'> {
  const instant = invalidityInstant(state.invalidityDate);
  return {
    ids: [...ids],
    reason: (state.reason || 'unspecified') as RevocationReason,
    invalidityDate: instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : null,
    ...(operationId === undefined ? {} : { operationId }),
  };
}

export function fieldFromPath(path: string): FieldKey | undefined {
  const head = path.split('.')[0];
  return head === 'reason' || head === 'invalidityDate' ? head : undefined;
}

function checkFields(state: RevokeState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = {};
  if (state.reason === '') errors.reason = 'Choose why the certificate is revoked';
  const instant = invalidityInstant(state.invalidityDate);
  if (instant && Number.isNaN(instant.getTime())) errors.invalidityDate = 'Enter a date and time, or leave it empty';
  else if (instant && instant.getTime() > state.now.getTime()) errors.invalidityDate = 'The invalidity date is when the key became unusable; it cannot be in the future';
  addSchemaErrors(errors, RevokeRequest.safeParse(toRequest(['0'.repeat(32)], state)), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, RevokeState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type RevokeAction = { readonly type: 'reason'; readonly value: RevocationReason } | { readonly type: 'invalidityDate'; readonly value: string } | NavAction<StepId, FieldKey>;

export function revokeReducer(state: RevokeState, action: RevokeAction): RevokeState {
  switch (action.type) {
    case 'reason':
      return REVOCATION_REASONS.includes(action.value) ? machine.edit(state, 'reason', { reason: action.value }) : state;
    case 'invalidityDate':
      return machine.edit(state, 'invalidityDate', { invalidityDate: action.value });
    default:
      return machine.navigate(state, action);
  }
}

/** What the review step says will happen, in plain words. */
export function consequences(targets: ReadonlyArray<Pick<CertificateSummary, 'issuerCommonName' | 'subject'>>, reason: RevocationReason): string[] {
  const issuers = [...new Set(targets.map((t) => t.issuerCommonName))];
  const who = targets.length === 1 ? `“${certificateLabel(targets[0]!)}”` : `these ${targets.length} certificates`;
  const lines = [
    `Clients that check the CRL will refuse ${who} from the next CRL of ${issuers.join(' and ')}, which Certwright publishes as soon as you revoke.`,
    isFinal(reason)
      ? `${REASON_INFO[reason].label} is final: a revoked certificate cannot be trusted again. Issue a new one if the service still needs it.`
      : 'A hold can be lifted later: the certificate then leaves the next CRL and is trusted again.',
  ];
  if (reason === 'keyCompromise') lines.push('Anything the key signed or protected since the invalidity date is suspect: rotate what depended on it.');
  return lines;
}
