/**
 * Order identifiers (RFC 8555 §7.1.4, §7.4; RFC 8738 for IP addresses) and the rule at finalize:
 * the CSR names exactly the order's identifiers — no name more, no name less — so an account cannot
 * get a name it has not proved. The names themselves come from the CSR as the untrusted-input worker
 * read it (a CsrSummary); nothing here parses a CSR.
 */
import type { AcmeProblemType } from '../../../shared/domain/acme.js';
import { checkDnsName, checkIp, type SanEntry } from '../../../shared/validation/san.js';
import { AcmeProblem, type Subproblem } from './problems.js';

export interface AcmeIdentifier {
  readonly type: 'dns' | 'ip';
  /** A-label DNS name in lower case (a wildcard keeps its `*.`), or an IP address in canonical form. */
  readonly value: string;
}

/** Identifiers in one order, at most. */
export const MAX_IDENTIFIERS = 100;
/** The longest CommonName a certificate carries (RFC 5280 ub-common-name). */
const MAX_COMMON_NAME = 64;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function sameIdentifier(a: AcmeIdentifier, b: AcmeIdentifier): boolean {
  return a.type === b.type && a.value === b.value;
}

export function describeIdentifiers(identifiers: readonly AcmeIdentifier[]): string {
  return identifiers.map((i) => i.value).join(', ');
}

/** One identifier as a client sent it: normalized, or the reason it is refused. */
function readOne(raw: unknown, wildcards: boolean): AcmeIdentifier | { type: AcmeProblemType; detail: string; identifier: Subproblem['identifier'] } {
  if (!isObject(raw) || typeof raw.type !== 'string' || typeof raw.value !== 'string') throw new AcmeProblem('malformed', 'Each identifier is an object {"type", "value"}');
  const value = raw.value.slice(0, 300);
  if (raw.type === 'dns') {
    const identifier = { type: 'dns' as const, value };
    const check = checkDnsName(value);
    if (!check.ok) return { type: 'rejectedIdentifier', detail: `${value}: ${check.message}`, identifier };
    // §7.1.4: DNS identifiers are sent as ASCII (A-labels); this server does not rewrite what it is asked for.
    if (check.entry.value !== value.toLowerCase()) return { type: 'rejectedIdentifier', detail: `${value}: send it as ${check.entry.value} (ASCII, A-labels, no trailing dot)`, identifier };
    if (check.entry.value.startsWith('*.') && !wildcards) {
      return { type: 'rejectedIdentifier', detail: `${value}: a wildcard is proved only with dns-01, which this server does not offer (it has no DNS resolver to check against)`, identifier };
    }
    return { type: 'dns', value: check.entry.value };
  }
  if (raw.type === 'ip') {
    const check = checkIp(value);
    if (!check.ok) return { type: 'rejectedIdentifier', detail: `${value}: ${check.message}`, identifier: { type: 'ip', value } };
    return { type: 'ip', value: check.entry.value };
  }
  return { type: 'unsupportedIdentifier', detail: `Identifiers of type ${JSON.stringify(raw.type.slice(0, 40))} are not issued here: this server takes dns and ip`, identifier: { type: 'dns', value } };
}

/**
 * The identifiers of a new order (§7.4): a non-empty list of dns and ip identifiers, each valid,
 * each once (duplicates are merged). Every refused identifier is named in a subproblem (§6.7.1).
 */
export function readOrderIdentifiers(raw: unknown, options: { readonly wildcards: boolean }): AcmeIdentifier[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new AcmeProblem('malformed', 'A new order names its identifiers: "identifiers": [{"type": "dns", "value": "…"}]');
  if (raw.length > MAX_IDENTIFIERS) throw new AcmeProblem('malformed', `An order here has at most ${MAX_IDENTIFIERS} identifiers; this one has ${raw.length}`);
  const identifiers: AcmeIdentifier[] = [];
  const refused: { type: AcmeProblemType; detail: string; identifier: Subproblem['identifier'] }[] = [];
  for (const item of raw) {
    const read = readOne(item, options.wildcards);
    if ('detail' in read) refused.push(read);
    else if (!identifiers.some((i) => sameIdentifier(i, read))) identifiers.push(read);
  }
  if (refused.length > 0) throw refusal(refused);
  return identifiers;
}

/** A problem naming every refused identifier: the one type when they agree, rejectedIdentifier otherwise. */
export function refusal(refused: readonly { type: AcmeProblemType; detail: string; identifier: Subproblem['identifier'] }[]): AcmeProblem {
  const types = new Set(refused.map((r) => r.type));
  const type = types.size === 1 ? refused[0]!.type : 'rejectedIdentifier';
  const detail = refused.length === 1 ? refused[0]!.detail : `${refused.length} identifiers are refused: ${refused.map((r) => r.detail).join('; ')}`;
  return new AcmeProblem(type, detail, { subproblems: refused });
}

/** The certificate's Subject Alternative Names: the identifiers, in order. */
export function identifierSans(identifiers: readonly AcmeIdentifier[]): SanEntry[] {
  return identifiers.map((i) => ({ type: i.type, value: i.value }));
}

/**
 * The certificate's CommonName candidates, best first: the first DNS name short enough to be one,
 * then the first IP address (a caller that finds an IP-looking CN refused by DNS name constraints
 * takes the next). Certificates are read by their SANs; the CN is for people.
 */
export function commonNameCandidates(identifiers: readonly AcmeIdentifier[]): string[] {
  const dns = identifiers.filter((i) => i.type === 'dns' && i.value.length <= MAX_COMMON_NAME).map((i) => i.value);
  const ips = identifiers.filter((i) => i.type === 'ip').map((i) => i.value);
  return [...dns.slice(0, 1), ...ips.slice(0, 1), 'ACME certificate'];
}

/** What the untrusted-input worker read from a CSR, as far as names go. */
export interface CsrNames {
  readonly commonName: string;
  /** Its SANs, normalized as the SAN editor does (A-labels, canonical IPs). */
  readonly sans: readonly SanEntry[];
  /** SANs it asked for that could not be read as a name Certwright issues (CsrSummary.uncopiedNames). */
  readonly unreadable: readonly string[];
}

/**
 * §7.4: the CSR asks for exactly the order's identifiers (any order, each once); a CommonName, when it
 * has one, is one of them. Otherwise badCSR, saying what differs.
 */
export function checkCsrNames(csr: CsrNames, identifiers: readonly AcmeIdentifier[]): void {
  const problems: string[] = [];
  if (csr.unreadable.length > 0) problems.push(`it asks for ${csr.unreadable.map((n) => `"${n}"`).join(', ')}, which ${csr.unreadable.length === 1 ? 'is not a name' : 'are not names'} Certwright can certify`);
  const others = csr.sans.filter((s) => s.type !== 'dns' && s.type !== 'ip');
  if (others.length > 0) problems.push(`it asks for ${others.map((s) => `${s.type === 'email' ? 'the email address' : 'the URI'} ${s.value}`).join(', ')}, which an ACME order does not cover`);
  const requested: AcmeIdentifier[] = csr.sans.filter((s): s is SanEntry & AcmeIdentifier => s.type === 'dns' || s.type === 'ip').map((s) => ({ type: s.type, value: s.value.toLowerCase() }));
  const extra = requested.filter((r) => !identifiers.some((i) => sameIdentifier(i, r)));
  const missing = identifiers.filter((i) => !requested.some((r) => sameIdentifier(i, r)));
  if (extra.length > 0) problems.push(`it names ${describeIdentifiers(extra)}, which the order does not`);
  if (missing.length > 0) problems.push(`it leaves out ${describeIdentifiers(missing)}, which the order names`);
  const cn = csr.commonName.trim().toLowerCase();
  const cnIp = checkIp(cn);
  const cnValue = cnIp.ok ? cnIp.entry.value : cn;
  if (cn !== '' && !identifiers.some((i) => i.value === cnValue)) {
    problems.push(`its CommonName ${JSON.stringify(csr.commonName.slice(0, 80))} is not one of the order's identifiers`);
  }
  if (problems.length > 0) throw new AcmeProblem('badCSR', `The CSR does not match the order (${describeIdentifiers(identifiers)}): ${problems.join('; ')}`);
}
