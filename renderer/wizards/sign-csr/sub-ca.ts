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
  if (issuer.revocation) return `${issuer.subject.commonName} was revoked: it can no longer sign`;
  if (issuer.pathLength === 0) return `${issuer.subject.commonName} has path length 0: it can sign only leaf certificates, not a sub-CA`;
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
  if (!issuer) errors.authorityId = 'Choose the CA that signs this sub-CA';
  const refusal = issuerRefusal(issuer);
  if (refusal) errors.authorityId = refusal;
  if (!isWholeNumber(draft.pathLength)) errors.pathLength = 'Path length must be a whole number: 0 means the sub-CA signs only leaf certificates';
  else if (issuer && issuer.pathLength !== null && parseWholeNumber(draft.pathLength) > issuer.pathLength - 1) {
    errors.pathLength = `${issuer.subject.commonName} (path length ${issuer.pathLength}) allows at most path length ${Math.max(issuer.pathLength - 1, 0)} here`;
  }
  for (const key of CONSTRAINT_KEYS) {
    const bad = firstTokenError(constraintTokensOf(draft, key));
    if (bad) errors[key] = bad;
  }
  const days = validityOf(draft, issuer, now);
  if (days === undefined || days < 1) errors.validityDays = 'Validity must be a whole number of days, at least 1';
  else if (issuer && days > subCaMaxDays(issuer.notAfter, now)) errors.validityDays = `${issuer.subject.commonName} ends in ${subCaMaxDays(issuer.notAfter, now)} days: a sub-CA under it cannot be valid longer`;
  if (draft.typedName.trim() !== summary.subject.commonName) errors.confirmCommonName = `Sign sub-CA is enabled once this reads “${summary.subject.commonName}”`;
  if (Object.keys(errors).length === 0) {
    const parsed = SignSubCa.safeParse(subCaRequest(csr, draft, issuer, now));
    if (!parsed.success) errors[fieldOf(parsed.error.issues[0]?.path ?? [])] = parsed.error.issues[0]?.message ?? 'Not valid';
  }
  return errors;
}

/** `nameConstraints.permittedDns.0`, `validityDays` … → the field that shows it. */
export function fieldOf(path: readonly PropertyKey[]): SubCaField {
  const [head, second] = path.map(String);
  if (head === 'nameConstraints' && (CONSTRAINT_KEYS as readonly string[]).includes(second ?? '')) return second as ConstraintKey;
  if (head === 'authorityId' || head === 'pathLength' || head === 'validityDays' || head === 'confirmCommonName') return head;
  return 'authorityId';
}

/** What the certificate will carry, in words: decided here, whatever the request asked. */
export function carriedExtensions(draft: SubCaDraft): string[] {
  const pathLength = isWholeNumber(draft.pathLength) ? parseWholeNumber(draft.pathLength) : 0;
  const lines = [`Basic Constraints (critical): CA, path length ${pathLength}${pathLength === 0 ? ' — it signs only leaf certificates' : ''}`, 'Key Usage (critical): Certificate Sign, CRL Sign, Digital Signature'];
  const parts = CONSTRAINT_KEYS.flatMap((k) => {
    const values = tokenValues(constraintTokensOf(draft, k));
    return values.length > 0 ? [`${k.startsWith('permitted') ? 'permitted' : 'excluded'} ${values.join(', ')}`] : [];
  });
  if (parts.length > 0) lines.push(`Name Constraints (critical): ${parts.join('; ')}`);
  lines.push("Authority and Subject Key Identifiers, and the issuer's CRL and OCSP addresses when it has them");
  return lines;
}
