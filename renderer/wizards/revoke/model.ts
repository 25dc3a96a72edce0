/**
 * The revoke wizard as pure data: a reason (each explained in one line) and an optional invalidity
 * date → a review that says what will happen and whether it can be undone → revoke.
 */
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { isFinal, REVOCATION_REASONS, type RevocationReason } from '../../../shared/domain/revocation.js';
import { RevokeRequest, type Input } from '../../../shared/ipc/contract.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { certificateLabel } from '../../app/format.js';
import { intlLocale, t } from '../../i18n/instance.js';

// Titles are getters: read when shown, so they follow a language change.
export const STEPS = [
  {
    id: 'reason',
    get title() {
      return t('revoke:step.reason');
    },
  },
  {
    id: 'review',
    get title() {
      return t('revoke:step.review');
    },
  },
  {
    id: 'revoke',
    get title() {
      return t('revoke:step.revoke');
    },
  },
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
  // eslint-disable-next-line i18next/no-literal-string -- a time of day in ISO 8601, not text
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
  if (state.reason === '') errors.reason = t('revoke:reasonStep.choose');
  const instant = invalidityInstant(state.invalidityDate);
  if (instant && Number.isNaN(instant.getTime())) errors.invalidityDate = t('revoke:reasonStep.notDate');
  else if (instant && instant.getTime() > state.now.getTime()) errors.invalidityDate = t('revoke:reasonStep.future');
  addSchemaErrors(errors, RevokeRequest.safeParse(toRequest(['0'.repeat(32)], state)), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, RevokeState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type RevokeAction = { readonly type: 'reason'; readonly value: RevocationReason } | { readonly type: 'invalidityDate'; readonly value: string } | NavAction<StepId, FieldKey>;

export function revokeReducer(state: RevokeState, action: RevokeAction): RevokeState {
  switch (action.type) {
    case 'reason':
      return REVOCATION_REASONS.includes(action.value) ? machine.edit(state, action.type, { reason: action.value }) : state;
    case 'invalidityDate':
      return machine.edit(state, action.type, { invalidityDate: action.value });
    default:
      return machine.navigate(state, action);
  }
}

/**
 * What the review step says will happen, in plain words. `remoteServers`: the step-ca servers that
 * issued the targets (issue 20): they record the revocation, not a CRL Certwright publishes.
 */
export function consequences(targets: ReadonlyArray<Pick<CertificateSummary, 'issuerCommonName' | 'subject'>>, reason: RevocationReason, remoteServers: readonly string[] = []): string[] {
  const issuers = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format([...new Set(targets.map((c) => c.issuerCommonName))]);
  const servers = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(remoteServers);
  const lines = [
    remoteServers.length > 0
      ? targets.length === 1
        ? t('remote:view.revokeOne', { label: certificateLabel(targets[0]!), servers })
        : t('remote:view.revokeMany', { count: targets.length, servers })
      : targets.length === 1
        ? t('revoke:consequence.refuseOne', { label: certificateLabel(targets[0]!), issuers })
        : t('revoke:consequence.refuseMany', { count: targets.length, issuers }),
    isFinal(reason) ? t('revoke:consequence.final', { reason: t(`common:reason.${reason}`) }) : t('revoke:consequence.hold'),
  ];
  if (reason === 'keyCompromise') lines.push(t('revoke:consequence.keyCompromise'));
  return lines;
}
