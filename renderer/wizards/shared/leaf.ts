/**
 * What a leaf certificate will say, as the issue and sign-CSR wizards collect it: issuing CA,
 * profile, subject, SANs and validity. Pure data and rules; the two wizards add their own steps.
 */
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { Profile } from '../../../shared/domain/certificate.js';
import { SanList, type SanEntry } from '../../../shared/validation/san.js';
import { addDraft, checkDraft, EMPTY_SAN_DRAFT, sanRequirement, type SanDraft } from '../../components/san-model.js';
import { t } from '../../i18n/instance.js';
import type { Errors, FormState, StepMachine } from './form.js';
import { isSubjectKey, subjectErrors, type SubjectDraft, type SubjectKey } from './subject.js';
import { checkValidity, daysChoice, type ValidityChoice } from './validity.js';

export interface IssuerInfo {
  readonly id: string;
  readonly commonName: string;
  readonly notAfter: string;
  readonly defaultValidityDays: number;
  /** A root signs leaves only after the user confirms (RootIssuerConfirm); unknown: main asks. */
  readonly kind?: AuthoritySummary['kind'];
}

export function issuerInfo(a: AuthoritySummary): IssuerInfo {
  return { id: a.id, commonName: a.subject.commonName, notAfter: a.notAfter, defaultValidityDays: a.settings.defaultValidityDays, kind: a.kind };
}

/** What RootIssuerConfirm needs to know of the chosen issuer. */
export function rootQuestion(issuer: IssuerInfo | null): { readonly name: string; readonly id: string | null; readonly isRoot: boolean } {
  return { name: issuer?.commonName ?? t('wizard:issuer.thisCa'), id: issuer?.id ?? null, isRoot: issuer?.kind === 'root' };
}

export interface LeafDraft {
  readonly issuer: IssuerInfo | null;
  readonly profile: Profile;
  readonly subject: SubjectDraft;
  readonly sans: readonly SanEntry[];
  /** The SAN being typed, not yet added. */
  readonly sanDraft: SanDraft;
  readonly validity: ValidityChoice;
  /** The user chose a validity: changing the CA no longer resets it to the CA's default. */
  readonly validityChosen: boolean;
}

export type LeafField = SubjectKey | 'authorityId' | 'profile' | 'sans' | 'validity';

export function emptyLeaf(subject: SubjectDraft, issuer: IssuerInfo | null, profile: Profile = 'server'): LeafDraft {
  return { issuer, profile, subject, sans: [], sanDraft: EMPTY_SAN_DRAFT, validity: daysChoice(issuer?.defaultValidityDays ?? 30), validityChosen: false };
}

export function withIssuer(leaf: LeafDraft, issuer: IssuerInfo | null): LeafDraft {
  return { ...leaf, issuer, validity: leaf.validityChosen || !issuer ? leaf.validity : daysChoice(issuer.defaultValidityDays) };
}

/** A valid name still in the input counts as added (people forget to press Add). */
export function commitSanDraft(leaf: LeafDraft): LeafDraft {
  const added = addDraft(leaf.sans, leaf.sanDraft);
  return added ? { ...leaf, sans: added.entries, sanDraft: added.draft } : leaf;
}

export function leafErrors(leaf: LeafDraft, now: Date): Errors<LeafField> {
  const errors: Errors<LeafField> = { ...subjectErrors(leaf.subject) };
  if (!leaf.issuer) errors.authorityId = t('wizard:issuer.choose');
  const draft = checkDraft(leaf.sanDraft, leaf.sans);
  if (draft.state === 'invalid') errors.sans = draft.message;
  else {
    const withDraft = draft.state === 'valid' ? [...leaf.sans, draft.entry] : leaf.sans;
    const listCheck = SanList.safeParse(withDraft);
    if (!listCheck.success) errors.sans = listCheck.error.issues[0]?.message ?? t('wizard:leaf.sanListInvalid');
    else {
      const requirement = sanRequirement(leaf.profile, withDraft);
      if (requirement) errors.sans = requirement;
    }
  }
  const validity = checkValidity(leaf.validity, now, leaf.issuer);
  if (validity.error) errors.validity = validity.error;
  return errors;
}

/** Maps a path main names (`subject.commonName`, `sans.0.value`, `validity.days`) to a field. */
export function leafFieldFromPath(path: string): LeafField | undefined {
  const [head = '', second = ''] = path.split('.');
  if (head === 'subject' && isSubjectKey(second)) return second;
  if (head === 'sans' || head === 'validity' || head === 'authorityId' || head === 'profile') return head;
  return undefined;
}

export function sansForRequest(leaf: LeafDraft): SanEntry[] {
  return [...commitSanDraft(leaf).sans];
}

/** What the user does to the leaf in either wizard. */
export type LeafAction =
  | { readonly type: 'issuer'; readonly issuer: IssuerInfo | null }
  | { readonly type: 'profile'; readonly profile: Profile }
  | { readonly type: 'subject'; readonly field: SubjectKey; readonly value: string }
  | { readonly type: 'sans'; readonly sans: readonly SanEntry[]; readonly draft: SanDraft }
  | { readonly type: 'validity'; readonly value: ValidityChoice };

/** A wizard's state that holds a leaf. */
export interface LeafForm<S extends string, F extends string> extends FormState<S, F> {
  readonly leaf: LeafDraft;
}

/** The leaf's part of a wizard's reducer: the same edits, touches and forgetting in both wizards. */
export function reduceLeaf<S extends string, F extends string, T extends LeafForm<S, F | LeafField>>(machine: StepMachine<S, F | LeafField, T>, state: T, action: LeafAction): T {
  const leaf = state.leaf;
  const withLeaf = (next: LeafDraft) => ({ leaf: next }) as Partial<T>;
  switch (action.type) {
    case 'issuer':
      // What main said depended on the CA (its name constraints, its validity): forget it all.
      // eslint-disable-next-line i18next/no-literal-string -- a field id, not text
      return { ...machine.edit(state, 'authorityId', withLeaf(withIssuer(leaf, action.issuer))), serverErrors: {} };
    case 'profile':
      return machine.edit(state, 'profile', withLeaf({ ...leaf, profile: action.profile }));
    case 'subject':
      return machine.edit(state, action.field, withLeaf({ ...leaf, subject: { ...leaf.subject, [action.field]: action.value } }));
    case 'sans': {
      // Typing into the SAN input does not count as touching the list; adding or removing does.
      const next: T = { ...state, leaf: { ...leaf, sans: action.sans, sanDraft: action.draft } };
      return action.sans === leaf.sans && !state.touched.has('sans') ? next : machine.edit(next, 'sans', {});
    }
    case 'validity':
      return machine.edit(state, 'validity', withLeaf({ ...leaf, validity: action.value, validityChosen: true }));
  }
}
