/**
 * Signing a request that asks to be a CA, as pure data: the signer, path length, name constraints
 * and validity decided here (never the request's), and the requested CA's name typed to confirm.
 */
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { subCaDefaultDays, subCaMaxDays } from '../../../shared/domain/sub-ca.js';
import { SignSubCa, type Input } from '../../../shared/ipc/contract.js';
import { firstTokenError, tokenValues, type Token } from '../../components/san-model.js';
import { isWholeNumber, parseWholeNumber } from '../shared/form.js';
import { t } from '../../i18n/instance.js';
import { cidrTokens, CONSTRAINT_KEYS, dnsConstraintTokens, type ConstraintKey } from '../new-intermediate/model.js';

export interface SubCaDraft {
  readonly issuerId: string;
  readonly pathLength: string;
  readonly constraints: Readonly<Record<ConstraintKey, string>>;
  /** Empty until the user types one: then the issuer's default applies. */
  readonly validityDays: string;
  readonly typedName: string;
}

export type SubCaField = 'authorityId' | 'pathLength' | 'validityDays' | ConstraintKey | 'confirmCommonName';

export const EMPTY_SUB_CA: SubCaDraft = { issuerId: '', pathLength: '0', constraints: { permittedDns: '', excludedDns: '', permittedIp: '', excludedIp: '' }, validityDays: '', typedName: '' };

export function constraintTokensOf(draft: SubCaDraft, key: ConstraintKey): Array<Token<string>> {
  return key.endsWith('Dns') ? dnsConstraintTokens(draft.constraints[key]) : cidrTokens(draft.constraints[key]);
}

/** The validity main will sign: the one typed, else the issuer's default (ends well before it). */
export function validityOf(draft: SubCaDraft, issuer: AuthoritySummary | undefined, now: Date): number | undefined {
  if (draft.validityDays.trim() !== '') return isWholeNumber(draft.validityDays) ? parseWholeNumber(draft.validityDays) : undefined;
  return issuer ? subCaDefaultDays(issuer.notAfter, now) : undefined;
}

/** Why this CA cannot sign a sub-CA at all (its path length leaves no room), or null. */
export function issuerRefusal(issuer: AuthoritySummary | undefined): string | null {
  if (!issuer) return null;
  if (issuer.revocation) return t('signCsr:subCa.error.revoked', { name: issuer.subject.commonName });
  if (issuer.pathLength === 0) return t('signCsr:subCa.error.leafOnly', { name: issuer.subject.commonName });
  return null;
}

export function subCaRequest(csr: string, draft: SubCaDraft, issuer: AuthoritySummary | undefined, now: Date): Input<'csr.signCa'> {
  const days = draft.validityDays.trim() === '' ? undefined : validityOf(draft, issuer, now);
  const constraints = Object.fromEntries(CONSTRAINT_KEYS.map((k) => [k, tokenValues(constraintTokensOf(draft, k))])) as Record<ConstraintKey, string[]>;
  const any = CONSTRAINT_KEYS.some((k) => constraints[k].length > 0);
  return {
    csr,
    authorityId: draft.issuerId,
    pathLength: isWholeNumber(draft.pathLength) ? parseWholeNumber(draft.pathLength) : -1,
    nameConstraints: any ? constraints : null,
    ...(days !== undefined ? { validityDays: days } : {}),
    confirmCommonName: draft.typedName,
  };
}

/** Every reason the Sign sub-CA button stays disabled, by field; empty when it can be pressed. */
export function subCaErrors(csr: string, summary: CsrSummary, draft: SubCaDraft, issuer: AuthoritySummary | undefined, now: Date): Partial<Record<SubCaField, string>> {
  const errors: Partial<Record<SubCaField, string>> = {};
  if (!issuer) errors.authorityId = t('signCsr:subCa.error.choose');
  const refusal = issuerRefusal(issuer);
  if (refusal) errors.authorityId = refusal;
  if (!isWholeNumber(draft.pathLength)) errors.pathLength = t('signCsr:subCa.error.wholePathLength');
  else if (issuer && issuer.pathLength !== null && parseWholeNumber(draft.pathLength) > issuer.pathLength - 1) {
    errors.pathLength = t('signCsr:subCa.error.pathTooLong', { name: issuer.subject.commonName, own: issuer.pathLength, max: Math.max(issuer.pathLength - 1, 0) });
  }
  for (const key of CONSTRAINT_KEYS) {
    const bad = firstTokenError(constraintTokensOf(draft, key));
    if (bad) errors[key] = bad;
  }
  const days = validityOf(draft, issuer, now);
  if (days === undefined || days < 1) errors.validityDays = t('signCsr:subCa.error.wholeDays');
  else if (issuer && days > subCaMaxDays(issuer.notAfter, now)) errors.validityDays = t('signCsr:subCa.error.outlives', { name: issuer.subject.commonName, days: subCaMaxDays(issuer.notAfter, now) });
  if (draft.typedName.trim() !== summary.subject.commonName) errors.confirmCommonName = t('signCsr:subCa.enabledOnce', { name: summary.subject.commonName });
  if (Object.keys(errors).length === 0) {
    const parsed = SignSubCa.safeParse(subCaRequest(csr, draft, issuer, now));
    if (!parsed.success) errors[fieldOf(parsed.error.issues[0]?.path ?? [])] = parsed.error.issues[0]?.message ?? t('signCsr:subCa.error.invalid');
  }
  return errors;
}

/** `nameConstraints.permittedDns.0`, `validityDays` … → the field that shows it. */
export function fieldOf(path: readonly PropertyKey[]): SubCaField {
  const [head, second] = path.map(String);
  if (head === 'nameConstraints' && (CONSTRAINT_KEYS as readonly string[]).includes(second ?? '')) return second as ConstraintKey;
  if (head === 'authorityId' || head === 'pathLength' || head === 'validityDays' || head === 'confirmCommonName') return head;
  // eslint-disable-next-line i18next/no-literal-string -- a field id, not text
  return 'authorityId';
}

/** What the certificate will carry, in words: decided here, whatever the request asked. */
export function carriedExtensions(draft: SubCaDraft): string[] {
  const pathLength = isWholeNumber(draft.pathLength) ? parseWholeNumber(draft.pathLength) : 0;
  const lines = [pathLength === 0 ? t('signCsr:subCa.carry.basicLeafOnly', { pathLength }) : t('signCsr:subCa.carry.basic', { pathLength }), t('signCsr:subCa.carry.keyUsage')];
  const parts = CONSTRAINT_KEYS.flatMap((k) => {
    const values = tokenValues(constraintTokensOf(draft, k)).join(', ');
    if (values === '') return [];
    return [k.startsWith('permitted') ? t('signCsr:subCa.carry.permitted', { values }) : t('signCsr:subCa.carry.excluded', { values })];
  });
  // A list of clauses: the separator is punctuation, the same in both languages.
  if (parts.length > 0) lines.push(t('signCsr:subCa.carry.nameConstraints', { parts: parts.join('; ') }));
  lines.push(t('signCsr:subCa.carry.identifiers'));
  return lines;
}
