/**
 * The Inspect view's pure logic: how an input crosses IPC, what the report says in words (counts,
 * days, origins, password prompts), and which actions an object offers. No React, no IPC here.
 */
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import {
  INSPECT_MAX_BYTES,
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
} from '../../../shared/domain/inspect.js';
import { objectTextFromBytes } from '../../components/file-object.js';
import { formatBytes } from '../../app/format.js';

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
  return { ...content, label: name || 'Dropped file', bytes: bytes.length, binary: content.encoding === 'base64' };
}

/** Pasted text as an input source; null when there is nothing but white space. */
export function textSource(text: string): InputSource | null {
  if (text.trim() === '') return null;
  return { content: text, encoding: 'text', label: 'Pasted text', bytes: utf8Length(text), binary: false };
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
  return `${name} is ${formatBytes(bytes)}, over the ${formatBytes(max)} Certwright inspects; nothing was sent.`;
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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "2 errors and 1 warning", "1 note", "" when there are none. */
export function summariseFindings(findings: readonly Finding[]): string {
  const c = countFindings(findings);
  const parts = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.info ? plural(c.info, 'note') : ''].filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export const SEVERITY_LABEL: Readonly<Record<FindingSeverity, string>> = { error: 'Error', warning: 'Warning', info: 'Note' };

/** The top of the chain, named with where it was found: "Acme Root CA (in your vault)". */
export function anchorText(chain: InspectChain): string {
  const top = chain.links.at(-1);
  if (!top) return 'its trust anchor';
  const where = chain.anchor === 'system' ? 'in the system store' : chain.anchor === 'vault' ? 'in your vault' : chain.anchor === 'input' ? 'from the input' : null;
  return where ? `${top.commonName} (${where})` : top.commonName;
}

/** What the diagnosis says when it has no findings; null when there are findings. */
export function verdict(report: InspectionReport): { readonly tone: 'success' | 'info'; readonly text: string } | null {
  if (report.findings.length > 0) return null;
  if (report.chain === null) {
    if (report.needsPassword) return { tone: 'info', text: 'Nothing to diagnose yet: open the protected part with its password.' };
    return { tone: 'info', text: 'Nothing to diagnose: the input holds no certificate.' };
  }
  if (report.chain.trusted) return { tone: 'success', text: `Nothing wrong found: the chain verifies up to ${anchorText(report.chain)}.` };
  return { tone: 'info', text: 'No problem found, but the chain does not reach a trust anchor of this vault.' };
}

// ---- Chain ------------------------------------------------------------------------------------------

export const ORIGIN_LABEL: Readonly<Record<CertificateOrigin, string>> = { input: 'From the input', vault: 'In your vault', system: 'System store' };

export const CHECK_LABEL: Readonly<Record<LinkCheckName, string>> = {
  signature: 'Signature',
  validity: 'Validity',
  ca: 'CA flag',
  'path-length': 'Path length',
  'key-usage': 'Key usage',
  'name-constraints': 'Name constraints',
  eku: 'Extended key usage',
  revocation: 'Revocation',
};

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
    checks.length === 0 ? 'No checks' : failed.length === 0 ? (checks.length === 1 ? '1 check passes' : `All ${checks.length} checks pass`) : `${failed.length} of ${plural(checks.length, 'check')} ${failed.length === 1 ? 'fails' : 'fail'}`;
  return { failed, passed, summary };
}

/** "29 days left", "expires today", "expired 3 days ago" — from the report's whole days. */
export function describeDays(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${plural(-daysLeft, 'day')} ago`;
  if (daysLeft === 0) return 'expires today';
  return `${plural(daysLeft, 'day')} left`;
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

export const KIND_LABEL: Readonly<Record<InspectedObject['kind'], string>> = {
  certificate: 'Certificate',
  'private-key': 'Private key',
  'public-key': 'Public key',
  csr: 'Certificate request',
  crl: 'CRL',
  pkcs7: 'PKCS#7',
  pkcs12: 'PKCS#12',
};

/** A short name for an object: a certificate's common name, else its kind. */
export function objectName(object: InspectedObject): string {
  switch (object.kind) {
    case 'certificate':
      return object.commonName || object.subjectDn || 'Certificate without a name';
    case 'csr':
      return object.request.subject.commonName || object.request.subjectDn || 'Certificate request';
    case 'crl':
      return `CRL of ${object.crl.issuerCommonName || object.crl.issuerDn}`;
    default:
      return KIND_LABEL[object.kind];
  }
}

/** Which certificates of the input a key belongs to, in words. */
export function keyMatchText(key: InspectedKey, objects: readonly InspectedObject[]): string {
  if (key.publicKey === null) return 'Unknown until the key is opened with its password';
  if (key.matchesCertificates.length === 0) return 'It matches no certificate in the input';
  const names = key.matchesCertificates.map((index) => {
    const cert = objects.find((o) => o.index === index);
    return cert && cert.kind === 'certificate' ? `${cert.commonName || cert.subjectDn} (object ${index + 1})` : `object ${index + 1}`;
  });
  return `It matches ${names.join(', ')}`;
}

/** A CA certificate the vault does not hold yet may be added to it. */
export function canAddToVault(cert: InspectedCertificate): boolean {
  return cert.isCa && cert.vaultAuthorityId === null && !cert.vaultTrusted;
}

/** Tags for a certificate the vault already knows. */
export function vaultTag(cert: InspectedCertificate): string | null {
  if (cert.vaultAuthorityId !== null) return 'In your vault';
  if (cert.vaultTrusted) return 'Trusted by your vault';
  return null;
}

export function addedMessage(added: AddedToVault): string {
  return added.as === 'authority' ? `Added as an authority that can issue: ${added.commonName}.` : `Trusted for chains (no key): ${added.commonName}.`;
}

/** The input's unreadable parts; the password problem is left out while the prompt asks for it. */
export function visibleProblems(report: InspectionReport): readonly InputProblem[] {
  if (!report.needsPassword) return report.problems;
  return report.problems.filter((p) => !/password/i.test(p.message));
}

// ---- Password ------------------------------------------------------------------------------------

/** "This is a PKCS#12 keystore protected by a password", and whether the last one was wrong. */
export function passwordMessage(needs: { readonly what: string; readonly wrong: boolean }): string {
  const what = needs.what.trim() || 'input';
  const article = /^[aeiou]/i.test(what) ? 'an' : 'a';
  return `This is ${article} ${what} protected by a password${needs.wrong ? ', and the password is wrong' : ''}.`;
}

// ---- Live endpoints ------------------------------------------------------------------------------------

export const ROLE_CHOICES: ReadonlyArray<{ readonly value: InspectRole; readonly label: string }> = [
  { value: 'any', label: 'Any' },
  { value: 'server', label: 'Server' },
  { value: 'client', label: 'Client' },
];

/** "443" → 443; a message for anything that is not a port. */
export function parsePort(text: string): { readonly ok: true; readonly port: number } | { readonly ok: false; readonly message: string } {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Type a port (443 for HTTPS)' };
  if (!/^\d+$/.test(t)) return { ok: false, message: 'A port is a whole number from 1 to 65535' };
  const port = Number(t);
  if (port < 1 || port > 65535) return { ok: false, message: 'Ports run from 1 to 65535' };
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

/** Backend phrases ("connection refused on …") as a sentence: a capital first, a full stop last. */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

export function clientRequestedText(requested: boolean | null): string {
  return requested === null ? 'Unknown' : requested ? 'Yes' : 'No';
}

export function chainOrderNote(order: EndpointReport['chainOrder']): string {
  return order === 'as-sent' ? 'As sent: the certificates are listed in the order the server put them on the wire.' : 'Rebuilt by issuer — the server only speaks TLS 1.3, so the order on the wire cannot be observed.';
}

export function clientOutcome(client: NonNullable<EndpointReport['clientCertificate']>): { readonly tone: 'success' | 'warning' | 'info'; readonly title: string; readonly text: string } {
  const title = client.accepted === true ? `Client certificate ${client.commonName}: accepted` : client.accepted === false ? `Client certificate ${client.commonName}: refused` : `Client certificate ${client.commonName}: no verdict seen`;
  const message = client.message.trim();
  const text = message === '' ? (client.accepted === true ? 'The server accepted it.' : client.accepted === false ? 'The server refused it.' : 'Whether the server accepted it could not be observed.') : sentence(message);
  return { tone: client.accepted === true ? 'success' : client.accepted === false ? 'warning' : 'info', title, text };
}

/** Vault certificates that can be presented as a client certificate: Certwright holds their key. */
export function clientCertificateChoices(certificates: readonly CertificateSummary[]): Array<{ readonly value: string; readonly label: string }> {
  return certificates
    .filter((c) => c.hasPrivateKey)
    .slice()
    .sort((a, b) => a.subject.commonName.localeCompare(b.subject.commonName) || a.issuerCommonName.localeCompare(b.issuerCommonName))
    .map((c) => ({
      value: c.id,
      label: `${c.subject.commonName} — ${c.profile}, issued by ${c.issuerCommonName}${c.status === 'valid' ? '' : ` (${c.status === 'not-yet-valid' ? 'not yet valid' : c.status})`}`,
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
  if (refused) return { tone: 'expired', text: 'Refused by clients', note: chain.trusted ? `it builds here up to ${anchorText(chain)}, with certificates clients are not given` : null };
  if (chain.trusted) return { tone: 'ok', text: `Trusted up to ${anchorText(chain)}`, note: null };
  return { tone: 'soon', text: 'Not trusted', note: null };
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
