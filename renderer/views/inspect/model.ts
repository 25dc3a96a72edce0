/**
 * The Inspect view's pure logic: how an input crosses IPC, what the report says in words (counts,
 * days, origins, password prompts), and which actions an object offers. No React, no IPC here.
 */
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import type { Msg } from '../../../shared/i18n/message.js';
import {
  INSPECT_MAX_BYTES,
  PASSWORD_PROBLEM_KEYS,
  type AddedToVault,
  type CertificateOrigin,
  type EndpointReport,
  type Finding,
  type FindingId,
  type FindingSeverity,
  type InputProblem,
  type InspectChain,
  type InspectedCertificate,
  type InspectedKey,
  type InspectedObject,
  type InspectionReport,
  type InspectLink,
  type InspectRole,
  type LinkCheck,
  type LinkCheckName,
  type NameAttribute,
} from '../../../shared/domain/inspect.js';
import { objectTextFromBytes } from '../../components/file-object.js';
import { formatBytes, profileName } from '../../app/format.js';
import { i18n, t, wordOf } from '../../i18n/instance.js';

/** Its tests import it from here; it lives with the other display helpers. */
export { formatBytes };

// ---- The input -------------------------------------------------------------------------------------

/** What is sent to main: PEM as text, anything else as base64 of the bytes. */
export interface InspectContent {
  readonly content: string;
  readonly encoding: 'text' | 'base64';
}

/** The input being inspected, with words for where it came from. */
export interface InputSource extends InspectContent {
  /** "Pasted text", "drop.p12" */
  readonly label: string;
  /** Size in bytes (of the file, or of the text as UTF-8). */
  readonly bytes: number;
  /** A file that is not PEM text: its content is not shown in the paste area. */
  readonly binary: boolean;
}

/** File bytes → the content to send: UTF-8 PEM as text, anything else (DER, PKCS#12) as base64. */
export function contentFromBytes(bytes: Uint8Array): InspectContent {
  const object = objectTextFromBytes(bytes);
  return object.kind === 'pem' ? { content: object.text, encoding: 'text' } : { content: object.text, encoding: 'base64' };
}

/** A file read from disk (opened or dropped) as an input source. */
export function fileSource(name: string, bytes: Uint8Array): InputSource {
  const content = contentFromBytes(bytes);
  return { ...content, label: name || t('inspect:input.droppedFile'), bytes: bytes.length, binary: content.encoding === 'base64' };
}

/** Pasted text as an input source; null when there is nothing but white space. */
export function textSource(text: string): InputSource | null {
  if (text.trim() === '') return null;
  return { content: text, encoding: 'text', label: t('inspect:input.pastedText'), bytes: utf8Length(text), binary: false };
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}


/** Why an input is refused in the window before anything is sent; null when it may go. */
export function sizeProblem(bytes: number, name: string, max = INSPECT_MAX_BYTES): string | null {
  if (bytes <= max) return null;
  return t('inspect:input.tooLarge', { name, size: formatBytes(bytes), max: formatBytes(max) });
}

// ---- Findings --------------------------------------------------------------------------------------

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; the report's order kept within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export interface FindingCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "2 errors and 1 warning", "1 note", "" when there are none (each count a plural of its own language). */
export function summariseFindings(findings: readonly Finding[]): string {
  const c = countFindings(findings);
  const parts = [c.error ? t('inspect:findings.errors', { count: c.error }) : '', c.warning ? t('inspect:findings.warnings', { count: c.warning }) : '', c.info ? t('inspect:findings.notes', { count: c.info }) : ''].filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  if (parts.length === 2) return t('inspect:findings.two', { first: parts[0], second: parts[1] });
  return t('inspect:findings.three', { first: parts[0], second: parts[1], third: parts[2] });
}

/** A severity's word; in a function so a language switch reaches it. */
export function severityLabel(severity: FindingSeverity): string {
  return severity === 'error' ? t('inspect:severity.error') : severity === 'warning' ? t('inspect:severity.warning') : t('inspect:severity.info');
}

/** A finding's words in the window's language (the quoted peer texts are not words of ours). */
export function findingText(finding: Finding): { readonly title: string; readonly detail: string; readonly advice: string } {
  return { title: wordOf(finding.title), detail: wordOf(finding.detail), advice: wordOf(finding.advice) };
}

/** The top of the chain, named with where it was found: "Acme Root CA (in your vault)". */
export function anchorText(chain: InspectChain): string {
  const top = chain.links.at(-1);
  if (!top) return t('inspect:chain.itsAnchor');
  const name = top.commonName;
  switch (chain.anchor) {
    case 'system':
      return t('inspect:chain.anchorSystem', { name });
    case 'vault':
      return t('inspect:chain.anchorVault', { name });
    case 'input':
      return t('inspect:chain.anchorInput', { name });
    default:
      return name;
  }
}

/** What the diagnosis says when it has no findings; null when there are findings. */
export function verdict(report: InspectionReport): { readonly tone: 'success' | 'info'; readonly text: string } | null {
  if (report.findings.length > 0) return null;
  if (report.chain === null) {
    if (report.needsPassword) return { tone: 'info', text: t('inspect:verdict.needsPassword') };
    return { tone: 'info', text: t('inspect:verdict.noCertificate') };
  }
  if (report.chain.trusted) return { tone: 'success', text: t('inspect:verdict.trusted', { anchor: anchorText(report.chain) }) };
  return { tone: 'info', text: t('inspect:verdict.noAnchor') };
}

// ---- Chain ------------------------------------------------------------------------------------------

/** Where a chain certificate was found, as a tag. */
export function originLabel(origin: CertificateOrigin): string {
  return origin === 'input' ? t('inspect:origin.input') : origin === 'vault' ? t('inspect:origin.vault') : t('inspect:origin.system');
}

/** A check's name. */
export function checkLabel(name: LinkCheckName): string {
  switch (name) {
    case 'signature':
      return t('inspect:check.signature');
    case 'validity':
      return t('inspect:check.validity');
    case 'ca':
      return t('inspect:check.ca');
    case 'path-length':
      return t('inspect:check.pathLength');
    case 'key-usage':
      return t('inspect:check.keyUsage');
    case 'name-constraints':
      return t('inspect:check.nameConstraints');
    case 'eku':
      return t('inspect:check.eku');
    case 'revocation':
      return t('inspect:check.revocation');
  }
}

export interface CheckGroups {
  readonly failed: readonly LinkCheck[];
  readonly passed: readonly LinkCheck[];
  /** "All 4 checks pass", "1 of 5 checks fails", "No checks" */
  readonly summary: string;
}

/** A link's checks, failures first, with a one-line summary. */
export function groupChecks(checks: readonly LinkCheck[]): CheckGroups {
  const failed = checks.filter((c) => !c.ok);
  const passed = checks.filter((c) => c.ok);
  const summary =
    checks.length === 0
      ? t('inspect:checks.none')
      : failed.length === 0
        ? t('inspect:checks.allPass', { count: checks.length })
        : failed.length === 1
          ? t('inspect:checks.oneFails', { count: checks.length })
          : t('inspect:checks.someFail', { count: checks.length, failed: failed.length });
  return { failed, passed, summary };
}

/** "29 days left", "expires today", "expired 3 days ago" — from the report's whole days. */
export function describeDays(daysLeft: number): string {
  if (daysLeft < 0) return t('common:time.expiredDaysAgo', { count: -daysLeft });
  if (daysLeft === 0) return t('common:time.expiresToday');
  return t('common:time.daysLeft', { count: daysLeft });
}

export function daysTone(daysLeft: number): 'ok' | 'soon' | 'expired' {
  return daysLeft < 0 ? 'expired' : daysLeft < 30 ? 'soon' : 'ok';
}

/** When the chain stops working before the leaf does: when, and because of whom; null when it does not. */
export function effectiveLimit(chain: InspectChain | null, leaf: { readonly notAfter: string; readonly commonName: string } | null): { readonly until: string; readonly limitedBy: string } | null {
  if (!chain || !leaf) return null;
  const effective = Date.parse(chain.effectiveNotAfter);
  const own = Date.parse(leaf.notAfter);
  if (Number.isNaN(effective) || Number.isNaN(own) || effective >= own) return null;
  return { until: chain.effectiveNotAfter, limitedBy: chain.effectiveLimitedBy };
}

// ---- Objects ----------------------------------------------------------------------------------------

/** An object's kind, as its tag says it. */
export function kindLabel(kind: InspectedObject['kind']): string {
  switch (kind) {
    case 'certificate':
      return t('inspect:kind.certificate');
    case 'private-key':
      return t('inspect:kind.privateKey');
    case 'public-key':
      return t('inspect:kind.publicKey');
    case 'csr':
      return t('inspect:kind.csr');
    case 'crl':
      return t('inspect:kind.crl');
    case 'pkcs7':
      return t('inspect:kind.pkcs7');
    case 'pkcs12':
      return t('inspect:kind.pkcs12');
  }
}

/** A short name for an object: a certificate's common name, else its kind. */
export function objectName(object: InspectedObject): string {
  switch (object.kind) {
    case 'certificate':
      return object.commonName || object.subjectDn || t('inspect:object.unnamedCertificate');
    case 'csr':
      return object.request.subject.commonName || object.request.subjectDn || t('inspect:kind.csr');
    case 'crl':
      return t('inspect:object.crlOf', { issuer: object.crl.issuerCommonName || object.crl.issuerDn });
    default:
      return kindLabel(object.kind);
  }
}

/** A distinguished-name attribute’s name ("Common Name"), by its short form; one the catalog lacks by its OID. */
export function attributeLabel(attribute: NameAttribute): string {
  const key = `inspect:dn.${attribute.short}`;
  // An attribute no catalog names (main's label is English): its OID, in the window's language.
  return i18n.exists(key) ? wordOf({ key }) : t('x509:nameAttribute.other', { oid: attribute.oid });
}

/** A key's encoding: the names are technical tokens, three of them with words around. */
export function keyFormatLabel(format: string): string {
  switch (format) {
    case 'encrypted PKCS#8':
      return t('inspect:key.formatEncryptedPkcs8');
    case 'encrypted PEM (OpenSSL legacy)':
      return t('inspect:key.formatLegacyPem');
    case 'PKCS#1 RSA public key':
      return t('inspect:key.formatPkcs1Public');
    default:
      return format;
  }
}

/** Which certificates of the input a key belongs to, in words. */
export function keyMatchText(key: InspectedKey, objects: readonly InspectedObject[]): string {
  if (key.publicKey === null) return t('inspect:key.matchUnknown');
  if (key.matchesCertificates.length === 0) return t('inspect:key.matchesNone');
  const names = key.matchesCertificates.map((index) => {
    const cert = objects.find((o) => o.index === index);
    return cert && cert.kind === 'certificate' ? t('inspect:key.namedObject', { name: cert.commonName || cert.subjectDn, number: index + 1 }) : t('inspect:key.object', { number: index + 1 });
  });
  return t('inspect:key.matches', { names: names.join(t('inspect:listSeparator')) });
}

/** A CA certificate the vault does not hold yet may be added to it. */
export function canAddToVault(cert: InspectedCertificate): boolean {
  return cert.isCa && cert.vaultAuthorityId === null && !cert.vaultTrusted;
}

/** Tags for a certificate the vault already knows. */
export function vaultTag(cert: InspectedCertificate): string | null {
  if (cert.vaultAuthorityId !== null) return t('inspect:origin.vault');
  if (cert.vaultTrusted) return t('inspect:object.trustedByVault');
  return null;
}

export function addedMessage(added: AddedToVault): string {
  return added.as === 'authority' ? t('inspect:added.authority', { name: added.commonName }) : t('inspect:added.trusted', { name: added.commonName });
}

/** The input's unreadable parts; the password problem is left out while the prompt asks for it. */
export function visibleProblems(report: InspectionReport): readonly InputProblem[] {
  if (!report.needsPassword) return report.problems;
  return report.problems.filter((p) => !PASSWORD_PROBLEM_KEYS.has(p.message.key));
}

/** Where an object or problem came from, in the window's language. */
export function sourceText(source: Msg): string {
  return wordOf(source);
}

/** A problem in the window's language (it names its source itself). */
export function problemText(problem: InputProblem): string {
  return wordOf(problem.message);
}

// ---- Password ------------------------------------------------------------------------------------

/** "This is a PKCS#12 keystore protected by a password", and whether the last one was wrong. */
export function passwordMessage(needs: { readonly what: string; readonly wrong: boolean }): string {
  const what = needs.what.trim();
  // The two things the reader asks a password for; anything else is named as it came.
  if (what === 'PKCS#12 keystore') return needs.wrong ? t('inspect:password.pkcs12Wrong') : t('inspect:password.pkcs12');
  if (what === 'encrypted private key') return needs.wrong ? t('inspect:password.keyWrong') : t('inspect:password.key');
  return needs.wrong ? t('inspect:password.otherWrong', { what: what || 'input' }) : t('inspect:password.other', { what: what || 'input' });
}

// ---- Live endpoints ------------------------------------------------------------------------------------

/** The roles to check a certificate for, with their words (built when asked, in the current language). */
export function roleChoices(): ReadonlyArray<{ readonly value: InspectRole; readonly label: string }> {
  return [
    { value: 'any', label: t('inspect:role.any') },
    { value: 'server', label: t('inspect:role.server') },
    { value: 'client', label: t('inspect:role.client') },
  ];
}

/** "443" → 443; a message for anything that is not a port. */
export function parsePort(text: string): { readonly ok: true; readonly port: number } | { readonly ok: false; readonly message: string } {
  if (text.trim() === '') return { ok: false, message: t('inspect:endpoint.portMissing') };
  if (!/^\d+$/.test(text.trim())) return { ok: false, message: t('inspect:endpoint.portNotNumber') };
  const port = Number(text.trim());
  if (port < 1 || port > 65535) return { ok: false, message: t('inspect:endpoint.portRange') };
  return { ok: true, port };
}

/** "host:port" typed in the host field is split; a bracketed IPv6 address loses its brackets. */
export function splitHostPort(text: string): { readonly host: string; readonly port: string | null } {
  const t = text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? null };
  const m = /^([^:]+):(\d+)$/.exec(t);
  if (m) return { host: m[1] ?? '', port: m[2] ?? null };
  return { host: t, port: null };
}

/** Backend phrases ("connection refused on …", catalog texts from main) as a sentence: a capital first, a full stop last. */
export function sentence(m: Msg): string {
  const t = wordOf(m).trim();
  if (t === '') return t;
  const stop = /[.!?。！？]$/.test(t) ? '' : /[\u3000-\u9fff\uff00-\uffef]$/.test(t) ? '。' : '.';
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${stop}`;
}

export function clientRequestedText(requested: boolean | null): string {
  return requested === null ? t('inspect:endpoint.unknown') : requested ? t('inspect:endpoint.yes') : t('inspect:endpoint.no');
}

export function chainOrderNote(order: EndpointReport['chainOrder']): string {
  return order === 'as-sent' ? t('inspect:endpoint.orderAsSent') : t('inspect:endpoint.orderRebuilt');
}

export function clientOutcome(client: NonNullable<EndpointReport['clientCertificate']>): { readonly tone: 'success' | 'warning' | 'info'; readonly title: string; readonly text: string } {
  const name = client.commonName;
  const title = client.accepted === true ? t('inspect:client.acceptedTitle', { name }) : client.accepted === false ? t('inspect:client.refusedTitle', { name }) : t('inspect:client.unknownTitle', { name });
  const text = wordOf(client.message).trim() === '' ? (client.accepted === true ? t('inspect:client.accepted') : client.accepted === false ? t('inspect:client.refused') : t('inspect:client.unknown')) : sentence(client.message);
  return { tone: client.accepted === true ? 'success' : client.accepted === false ? 'warning' : 'info', title, text };
}

function clientChoiceLabel(c: CertificateSummary): string {
  const params = { name: c.subject.commonName, profile: profileName(c.profile), issuer: c.issuerCommonName };
  switch (c.status) {
    case 'valid':
      return t('inspect:client.choice', params);
    case 'not-yet-valid':
      return t('inspect:client.choiceNotYetValid', params);
    case 'expired':
      return t('inspect:client.choiceExpired', params);
    case 'revoked':
      return t('inspect:client.choiceRevoked', params);
  }
}

/** Vault certificates that can be presented as a client certificate: Certwright holds their key. */
export function clientCertificateChoices(certificates: readonly CertificateSummary[]): Array<{ readonly value: string; readonly label: string }> {
  return certificates
    .filter((c) => c.hasPrivateKey)
    .slice()
    .sort((a, b) => a.subject.commonName.localeCompare(b.subject.commonName) || a.issuerCommonName.localeCompare(b.issuerCommonName))
    .map((c) => ({
      value: c.id,
      label: clientChoiceLabel(c),
    }));
}

/**
 * What the server sent, as an input main can read again (ASN.1 trees, Add to vault): its
 * certificates' PEMs in report order. Every object of an endpoint report is a certificate, so the
 * object indexes stay the same.
 */
export function endpointContent(report: InspectionReport): (InspectContent & { readonly password: null }) | null {
  const pems = report.objects.flatMap((o) => (o.kind === 'certificate' ? [o.pem.trim()] : []));
  if (pems.length === 0 || pems.length !== report.objects.length) return null;
  return { content: `${pems.join('\n')}\n`, encoding: 'text', password: null };
}

/** Errors that make a client refuse the chain itself (not a host name or a key pairing). */
const CHAIN_ERRORS: ReadonlySet<FindingId> = new Set<FindingId>([
  'expired',
  'not-yet-valid',
  'chain-expired',
  'incomplete-chain',
  'unknown-authority',
  'bad-signature',
  'revoked',
  'not-a-ca',
  'path-length',
  'issuer-key-usage',
  'name-constraints',
  'eku-nesting',
  'weak-signature',
  'weak-key',
]);

/**
 * The chain's tag: never "Trusted" beside an error about the same chain (issue 17). A chain that
 * builds here only because the vault holds the intermediate the input lacks is refused by a Go
 * client that trusts the root: the diagnosis says so, and the tag with it.
 */
export function chainVerdict(chain: InspectChain, findings: readonly Finding[]): { readonly tone: 'ok' | 'soon' | 'expired'; readonly text: string; readonly note: string | null } {
  const refused = findings.some((f) => f.severity === 'error' && CHAIN_ERRORS.has(f.id));
  if (refused) return { tone: 'expired', text: t('inspect:chain.refused'), note: chain.trusted ? t('inspect:chain.refusedNote', { anchor: anchorText(chain) }) : null };
  if (chain.trusted) return { tone: 'ok', text: t('inspect:chain.trustedUpTo', { anchor: anchorText(chain) }), note: null };
  return { tone: 'soon', text: t('inspect:chain.notTrusted'), note: null };
}

/** A link's status as shown: the top of a chain no anchor vouches for is "Not trusted", never a green OK. */
export function shownLinkStatus(chain: InspectChain, index: number): InspectLink['status'] {
  const link = chain.links[index]!;
  return link.status === 'ok' && chain.anchor === null && index === chain.links.length - 1 ? 'untrusted' : link.status;
}

/**
 * An intermediate the chain was built with from the vault while the input (what a server sends)
 * lacks it, and the diagnosis calls that an error: its link says so instead of a green OK.
 */
export function missingFromInput(chain: InspectChain, findings: readonly Finding[], index: number): boolean {
  const link = chain.links[index]!;
  const leafFromInput = chain.links[0]?.origin === 'input';
  return leafFromInput && link.role === 'intermediate' && link.origin === 'vault' && findings.some((f) => f.id === 'incomplete-chain' && f.severity === 'error');
}
