/**
 * The New intermediate CA wizard as pure data. Two ways: signed here by a CA of this vault
 * (authority.createIntermediate), or offline — the key stays here and a CSR goes to an outside CA
 * (authority.createPending). Steps: signer → identity → key & validity → constraints → review → create.
 */
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { defaultIntermediateDays, endsWithParent } from '../../../shared/domain/hierarchy.js';
import { DEFAULT_KEY_ALGORITHM, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { INTERMEDIATE_VALIDITY_DAYS, NewIntermediate, NewPendingIntermediate, type Input } from '../../../shared/ipc/contract.js';
import { checkCidr, checkDnsName } from '../../../shared/validation/san.js';
import { firstTokenError, splitValues, tokenValues, type Token } from '../../components/san-model.js';
import { reduceCaDraft, type CaAction } from '../shared/ca.js';
import { addDays, addSchemaErrors, daysWithin, isWholeNumber, parseWholeNumber, stepMachine, validityDaysError, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { EMPTY_SUBJECT, isSubjectKey, SUBJECT_KEYS, type SubjectKey } from '../shared/subject.js';
import { t } from '../../i18n/instance.js';
import { EMPTY_URLS, isUrlField, URL_FIELDS, urlErrors, urlSettings, type UrlDraft, type UrlField } from '../../views/publication/ca-urls.js';

// Titles are getters: read when shown, so they follow a language change.
export const STEPS = [
  {
    id: 'signer',
    get title() {
      return t('newIntermediate:step.signer');
    },
  },
  {
    id: 'identity',
    get title() {
      return t('newIntermediate:step.identity');
    },
  },
  {
    id: 'key',
    get title() {
      return t('newIntermediate:step.key');
    },
  },
  {
    id: 'constraints',
    get title() {
      return t('newIntermediate:step.constraints');
    },
  },
  {
    id: 'review',
    get title() {
      return t('newIntermediate:step.review');
    },
  },
  {
    id: 'create',
    get title() {
      return t('newIntermediate:step.create');
    },
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export const CONSTRAINT_KEYS = ['permittedDns', 'excludedDns', 'permittedIp', 'excludedIp'] as const;
export type ConstraintKey = (typeof CONSTRAINT_KEYS)[number];
export type FieldKey = SubjectKey | 'parentId' | 'keyAlgorithm' | 'validityDays' | 'pathLength' | ConstraintKey | UrlField;

export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  signer: ['parentId'],
  identity: SUBJECT_KEYS,
  key: ['keyAlgorithm', 'validityDays'],
  constraints: ['pathLength', ...CONSTRAINT_KEYS, ...URL_FIELDS],
  review: [],
  create: [],
};

export type Mode = 'online' | 'offline';

export interface ParentInfo {
  readonly id: string;
  readonly commonName: string;
  readonly notAfter: string;
  readonly pathLength: number | null;
  /** The parent's own revocation URLs: their address is where a publication server already serves this hierarchy. */
  readonly urls?: readonly (string | null)[];
}

export function parentInfo(a: AuthoritySummary): ParentInfo {
  return { id: a.id, commonName: a.subject.commonName, notAfter: a.notAfter, pathLength: a.pathLength, urls: [a.settings.crlUrl, a.settings.ocspUrl, a.settings.caIssuersUrl] };
}

export interface IntermediateState extends FormState<StepId, FieldKey> {
  readonly mode: Mode;
  readonly parent: ParentInfo | null;
  readonly subject: Readonly<Record<SubjectKey, string>>;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validityDays: string;
  readonly pathLength: string;
  readonly constraintsOn: boolean;
  /** As typed: values separated by commas, spaces or new lines. */
  readonly constraints: Readonly<Record<ConstraintKey, string>>;
  /** The CRL distribution point, OCSP and CA Issuers URLs of what it will issue, as typed. */
  readonly urls: UrlDraft;
  readonly now: Date;
}

export function initialState(now: Date, mode: Mode = 'online', parent: ParentInfo | null = null): IntermediateState {
  return {
    step: 'signer',
    mode,
    parent,
    subject: EMPTY_SUBJECT,
    keyAlgorithm: DEFAULT_KEY_ALGORITHM,
    validityDays: defaultValidityDays(parent, now),
    pathLength: '0',
    constraintsOn: false,
    constraints: { permittedDns: '', excludedDns: '', permittedIp: '', excludedIp: '' },
    urls: EMPTY_URLS,
    now,
    touched: new Set(),
    serverErrors: {},
  };
}

// ---- Name constraints, as you type -------------------------------------------------------------

/** A DNS name constraint: a domain (a leading dot is kept: ".example.com" = subdomains only), no wildcard. */
export function dnsConstraintTokens(text: string): Array<Token<string>> {
  return splitValues(text).map((raw) => {
    const dot = raw.startsWith('.');
    const check = checkDnsName(dot ? raw.slice(1) : raw);
    if (!check.ok) return { raw, check: { ok: false, message: check.message } };
    if (check.entry.value.includes('*')) return { raw, check: { ok: false, message: t('newIntermediate:constraints.wildcard') } };
    const value = `${dot ? '.' : ''}${check.entry.value}`;
    return { raw, check: { ok: true, value, label: 'DNS', display: check.unicode ? `${dot ? '.' : ''}${check.unicode} → ${value}` : value } };
  });
}

export function cidrTokens(text: string): Array<Token<string>> {
  return splitValues(text).map((raw) => {
    const check = checkCidr(raw);
    return check.ok ? { raw, check: { ok: true, value: check.value, label: 'IP', display: check.value } } : { raw, check: { ok: false, message: check.message } };
  });
}

export function constraintTokens(state: IntermediateState, key: ConstraintKey): Array<Token<string>> {
  return key.endsWith('Dns') ? dnsConstraintTokens(state.constraints[key]) : cidrTokens(state.constraints[key]);
}

export function nameConstraints(state: IntermediateState): Input<'authority.createIntermediate'>['nameConstraints'] {
  if (!state.constraintsOn) return null;
  return Object.fromEntries(CONSTRAINT_KEYS.map((k) => [k, tokenValues(constraintTokens(state, k))])) as Record<ConstraintKey, string[]>;
}

// ---- Requests ----------------------------------------------------------------------------------

/** The settings key of a request: present only when a URL was given (main's defaults otherwise). */
function withUrls(state: IntermediateState): { settings?: NonNullable<Input<'authority.createIntermediate'>['settings']> } {
  const settings = urlSettings(state.urls);
  return settings ? { settings } : {};
}

export function toRequest(state: IntermediateState, operationId?: string): Input<'authority.createIntermediate'> {
  return {
    parentId: state.parent?.id ?? '',
    subject: { ...state.subject },
    keyAlgorithm: state.keyAlgorithm,
    validityDays: parseWholeNumber(state.validityDays),
    pathLength: parseWholeNumber(state.pathLength),
    nameConstraints: nameConstraints(state),
    ...withUrls(state),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

export function toPendingRequest(state: IntermediateState, operationId?: string): Input<'authority.createPending'> {
  return {
    subject: { ...state.subject },
    keyAlgorithm: state.keyAlgorithm,
    pathLength: parseWholeNumber(state.pathLength),
    nameConstraints: nameConstraints(state),
    ...withUrls(state),
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/** `subject.commonName`, `nameConstraints.permittedDns.0`, `validityDays` … → the wizard's field. */
export function fieldFromPath(path: string): FieldKey | undefined {
  const [head = '', second = ''] = path.split('.');
  if (head === 'subject' && isSubjectKey(second)) return second;
  if (head === 'settings' && isUrlField(second)) return second;
  // eslint-disable-next-line i18next/no-literal-string -- field ids, not text
  if (head === 'nameConstraints') return (CONSTRAINT_KEYS as readonly string[]).includes(second) ? (second as ConstraintKey) : 'permittedDns';
  if (head === 'parentId' || head === 'keyAlgorithm' || head === 'validityDays' || head === 'pathLength') return head;
  return undefined;
}

/** Five years, or less so that it ends well before its parent (shared/domain/hierarchy.ts), as main defaults it. */
export function defaultValidityDays(parent: ParentInfo | null, now: Date): string {
  return String(parent && parent.notAfter !== '' ? defaultIntermediateDays(new Date(parent.notAfter), now) : INTERMEDIATE_VALIDITY_DAYS.default);
}

/** When the chosen end falls at (or within the renewal margin of) the parent's end: both expire together. */
export function endsWithItsParent(state: IntermediateState): { readonly daysBefore: number; readonly marginDays: number } | null {
  if (state.mode !== 'online' || !state.parent || state.parent.notAfter === '') return null;
  const end = expiry(state);
  return end ? endsWithParent(end, new Date(state.parent.notAfter), state.now) : null;
}

/** When the requested validity ends after the parent: the date it will be cut to. */
export function clampedTo(state: IntermediateState): Date | undefined {
  if (state.mode !== 'online' || !state.parent || state.parent.notAfter === '') return undefined;
  const days = daysWithin(state.validityDays, INTERMEDIATE_VALIDITY_DAYS);
  if (days === undefined) return undefined;
  const parentEnd = new Date(state.parent.notAfter);
  return addDays(state.now, days).getTime() > parentEnd.getTime() ? parentEnd : undefined;
}

export function expiry(state: IntermediateState): Date | undefined {
  const days = daysWithin(state.validityDays, INTERMEDIATE_VALIDITY_DAYS);
  if (days === undefined) return undefined;
  return clampedTo(state) ?? addDays(state.now, days);
}

/** The most path length the parent leaves room for; undefined when it sets no limit. */
export function maxPathLength(parent: ParentInfo | null): number | undefined {
  return parent && parent.pathLength !== null ? Math.max(parent.pathLength - 1, 0) : undefined;
}

function checkFields(state: IntermediateState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = {};
  const online = state.mode === 'online';
  if (online && !state.parent) errors.parentId = t('newIntermediate:signer.choose');
  const validity = online ? validityDaysError(state.validityDays) : undefined;
  if (validity) errors.validityDays = validity;
  if (!isWholeNumber(state.pathLength)) {
    errors.pathLength = state.pathLength.trim() === '' ? t('newIntermediate:constraints.enterPathLength') : t('newIntermediate:constraints.wholePathLength');
  } else {
    const max = online ? maxPathLength(state.parent) : undefined;
    if (max !== undefined && parseWholeNumber(state.pathLength) > max) {
      errors.pathLength = t('newIntermediate:constraints.parentAllows', { parent: state.parent?.commonName ?? t('newIntermediate:constraints.theParent'), max, own: state.parent?.pathLength ?? '—' });
    }
  }
  if (state.constraintsOn) {
    for (const key of CONSTRAINT_KEYS) {
      const bad = firstTokenError(constraintTokens(state, key));
      if (bad) errors[key] = bad;
    }
    if (CONSTRAINT_KEYS.every((k) => constraintTokens(state, k).length === 0) && !errors.permittedDns) {
      errors.permittedDns = t('newIntermediate:constraints.addOne');
    }
  }
  for (const [field, message] of Object.entries(urlErrors(state.urls)) as Array<[UrlField, string]>) errors[field] ??= message;
  addSchemaErrors(errors, online ? NewIntermediate.safeParse({ ...toRequest(state), parentId: state.parent?.id ?? '0'.repeat(32) }) : NewPendingIntermediate.safeParse(toPendingRequest(state)), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, IntermediateState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

export type IntermediateAction =
  | { readonly type: 'mode'; readonly mode: Mode }
  | { readonly type: 'parent'; readonly parent: ParentInfo | null }
  | CaAction
  | { readonly type: 'constraintsOn'; readonly value: boolean }
  | { readonly type: 'constraint'; readonly field: ConstraintKey; readonly value: string }
  | { readonly type: 'url'; readonly field: UrlField; readonly value: string }
  /** All three at once (the publication server's suggestion). */
  | { readonly type: 'urls'; readonly value: UrlDraft }
  | NavAction<StepId, FieldKey>;

export function intermediateReducer(state: IntermediateState, action: IntermediateAction): IntermediateState {
  switch (action.type) {
    case 'mode':
      // eslint-disable-next-line i18next/no-literal-string -- field ids, not text
      return machine.edit(state, 'parentId', { mode: action.mode });
    case 'parent':
      // Until the user sets a validity, it follows the parent: it ends well before the parent does.
      // eslint-disable-next-line i18next/no-literal-string -- field ids, not text
      return machine.edit(state, 'parentId', { parent: action.parent, ...(state.touched.has('validityDays') ? {} : { validityDays: defaultValidityDays(action.parent, state.now) }) });
    case 'subject':
    case 'keyAlgorithm':
    case 'validityDays':
    case 'pathLength':
      return reduceCaDraft(machine, state, action);
    case 'constraintsOn':
      return { ...state, constraintsOn: action.value };
    case 'constraint':
      return machine.edit(state, action.field, { constraints: { ...state.constraints, [action.field]: action.value } });
    case 'url':
      return machine.edit(state, action.field, { urls: { ...state.urls, [action.field]: action.value } });
    case 'urls':
      return { ...state, urls: action.value, serverErrors: { ...state.serverErrors, crlUrl: undefined, ocspUrl: undefined, caIssuersUrl: undefined } };
    default:
      return machine.navigate(state, action);
  }
}
