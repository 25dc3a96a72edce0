/** The CLI verbs. Each takes parsed options and a session, prints its result, and returns. */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { leafRefusals, PROFILES, type CertificateSummary, type Profile } from '../../shared/domain/certificate.js';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../shared/domain/keys.js';
import { endsWithParent, FROM_ROOT_ACK } from '../../shared/domain/hierarchy.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { OID } from '../engine/oids.js';
import { certificatesFromPem, containsPem, toPem } from '../engine/pem.js';
import { EXPORT_FORMATS, type ExportFormat } from '../services/bundle.js';
import { proveBundle, type PemBundle, type ProveBundleOptions } from '../services/prove-bundle.js';
import { findIssuer, proofHostname, throwawayClient, throwawayServer } from '../services/throwaway.js';
import { CliError, usageError } from './errors.js';
import { progressBar } from './progress.js';
import { readSecretFile } from './secret-file.js';
import type { Session } from './session.js';
import { daysLeft, table } from './table.js';
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';
// Its extensions are catalog texts; --json prints them in English, as before.
import { inEnglish } from './inspect.js';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: NodeJS.WriteStream;
  readonly json: boolean;
}

const KEY_FLAGS: Readonly<Record<string, KeyAlgorithmId>> = Object.fromEntries(KEY_ALGORITHMS.map((k) => [k, k]));

export function keyOption(value: Values[string]): KeyAlgorithmId | undefined {
  if (value === undefined) return undefined;
  const key = KEY_FLAGS[String(value)];
  if (!key) throw usageError(`--key must be one of ${KEY_ALGORITHMS.join(', ')}`);
  return key;
}

export function intOption(value: Values[string], flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(String(value))) throw usageError(`${flag} takes a whole number, not "${String(value)}"`);
  return Number(value);
}

/** "30d", "30" → 30 days. */
export function daysOption(value: Values[string], flag: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)d?$/.exec(String(value));
  if (!match) throw usageError(`${flag} takes a number of days such as 30d`);
  return Number(match[1]);
}

/** A repeatable option's values (`--dns a --dns b`): none, one or several, as a list. */
export const optionValues = (value: Values[string]): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

function sans(values: Values): SanEntry[] {
  return [
    ...optionValues(values.dns).map((value) => ({ type: 'dns' as const, value })),
    ...optionValues(values.ip).map((value) => ({ type: 'ip' as const, value })),
    ...optionValues(values.uri).map((value) => ({ type: 'uri' as const, value })),
    ...optionValues(values.email).map((value) => ({ type: 'email' as const, value })),
  ];
}

function printAuthority(io: CommandIo, a: AuthoritySummary, extra: Record<string, unknown> = {}): void {
  if (io.json) return io.out(JSON.stringify({ ...a, ...extra }, null, 2));
  io.out(`${a.kind === 'root' ? 'Root CA' : 'Intermediate CA'} ${a.subject.commonName}${a.state === 'pending' ? ' (pending)' : ''}`);
  io.out(`  id       ${a.id}`);
  if (a.serialNumberHex) io.out(`  serial   ${a.serialNumberHex}`);
  if (a.notAfter) io.out(`  valid    until ${a.notAfter} (${daysLeft(a.notAfter, new Date())})`);
  if (a.sha256Fingerprint) io.out(`  sha256   ${a.sha256Fingerprint}`);
  for (const [k, v] of Object.entries(extra)) if (v) io.out(`  ${k.padEnd(8)} ${String(v)}`);
}

function certificateRows(items: readonly CertificateSummary[], now: Date): string[][] {
  // A revoked certificate says when it was revoked, not how many days it would have left.
  return items.map((c) => [c.id, c.profile, c.subject.commonName, c.sans.map((s) => s.value).join(',') || '-', c.issuerCommonName, c.status, `${c.notAfter.slice(0, 10)} (${c.revocation ? `revoked ${c.revocation.revokedAt.slice(0, 10)}` : daysLeft(c.notAfter, now)})`]);
}

function printCertificates(io: CommandIo, items: readonly CertificateSummary[]): void {
  if (io.json) return io.out(JSON.stringify(items, null, 2));
  if (items.length === 0) return io.out('No certificates.');
  io.out(table(['ID', 'PROFILE', 'CN', 'SANS', 'ISSUER', 'STATUS', 'NOT AFTER'], certificateRows(items, new Date())));
}

function validity(values: Values): { validity?: { days: number } } {
  const days = intOption(values.days, '--days');
  return days === undefined ? {} : { validity: { days } };
}

/** --from-root: the explicit acknowledgement main asks for before a root CA signs a leaf. */
function fromRoot(values: Values): { fromRoot?: typeof FROM_ROOT_ACK } {
  return values['from-root'] === true ? { fromRoot: FROM_ROOT_ACK } : {};
}

export function warn(io: CommandIo, warnings: readonly Msg[]): void {
  for (const w of warnings) io.err.write(`warning: ${english(w)}\n`);
}

/** A result whose warnings are worded in English: the JSON scripts read keeps its shape. */
export function withEnglishWarnings<T extends { readonly warnings: readonly Msg[] }>(result: T): Omit<T, 'warnings'> & { warnings: string[] } {
  return { ...result, warnings: result.warnings.map((w) => english(w)) };
}

export async function caCreate(session: Session, values: Values, io: CommandIo): Promise<void> {
  const cn = values.cn;
  if (typeof cn !== 'string') throw usageError('ca create needs --cn NAME');
  const subject = { commonName: cn, organization: values.o as string | undefined, organizationalUnit: values.ou as string | undefined, country: values.c as string | undefined };
  const keyAlgorithm = keyOption(values.key);
  const days = intOption(values.days, '--days');
  const pathLength = intOption(values['path-len'], '--path-len');
  const settings = { crlUrl: (values['crl-url'] as string | undefined) ?? null, ocspUrl: (values['ocsp-url'] as string | undefined) ?? null, caIssuersUrl: (values['ca-issuers-url'] as string | undefined) ?? null };
  const hasSettings = Object.values(settings).some((v) => v !== null);
  const progress = progressBar(io.err);
  if (typeof values.parent === 'string') {
    const parent = await session.authority(values.parent);
    const nameConstraints = { permittedDns: optionValues(values['permit-dns']), excludedDns: optionValues(values['exclude-dns']), permittedIp: optionValues(values['permit-ip']), excludedIp: optionValues(values['exclude-ip']) };
    const result = await session.run(
      'authority.createIntermediate',
      {
        parentId: parent.id,
        subject,
        ...(keyAlgorithm ? { keyAlgorithm } : {}),
        ...(days !== undefined ? { validityDays: days } : {}),
        ...(pathLength !== undefined ? { pathLength } : {}),
        nameConstraints,
        ...(hasSettings ? { settings } : {}),
        operationId: 'cli',
      },
      (v, p) => session.services.authorities.createIntermediate(v, p),
      progress,
    );
    if (result.clampedTo) io.err.write(`note: validity cut to ${result.clampedTo}, when ${parent.subject.commonName} expires\n`);
    const together = result.authority.notAfter && parent.notAfter ? endsWithParent(new Date(result.authority.notAfter), new Date(parent.notAfter), new Date()) : null;
    if (together) io.err.write(`warning: it ends ${together.daysBefore === 0 ? 'with' : `${together.daysBefore} days before`} ${parent.subject.commonName}: both expire together, so plan ${parent.subject.commonName}'s renewal first (or choose a shorter --days)\n`);
    return printAuthority(io, result.authority, io.json ? { clampedTo: result.clampedTo } : {});
  }
  if (optionValues(values['permit-dns']).length + optionValues(values['exclude-dns']).length + optionValues(values['permit-ip']).length + optionValues(values['exclude-ip']).length > 0) {
    throw usageError('Name constraints (--permit-dns, …) apply to intermediates: add --parent CA');
  }
  const root = await session.run(
    'authority.createRoot',
    { subject, ...(keyAlgorithm ? { keyAlgorithm } : {}), ...(days !== undefined ? { validityDays: days } : {}), pathLength: pathLength ?? null, ...(hasSettings ? { settings } : {}), operationId: 'cli' },
    (v, p) => session.services.authorities.createRoot(v, p),
    progress,
  );
  printAuthority(io, root);
}

export async function caList(session: Session, _values: Values, io: CommandIo): Promise<void> {
  const authorities = await session.run('authority.list', {}, () => session.services.authorities.list());
  if (io.json) return io.out(JSON.stringify(authorities, null, 2));
  if (authorities.length === 0) return io.out('No authorities. Create one with: certwright ca create --cn NAME');
  const now = new Date();
  io.out(
    table(
      ['ID', 'KIND', 'CN', 'KEY', 'NOT AFTER', 'ISSUED', 'PARENT'],
      authorities.map((a) => [a.id, a.state === 'pending' ? 'pending' : a.kind, a.subject.commonName, a.keyAlgorithm, a.notAfter ? `${a.notAfter.slice(0, 10)} (${daysLeft(a.notAfter, now)})` : '-', String(a.counts.issued), authorities.find((p) => p.id === a.parentId)?.subject.commonName ?? '-']),
    ),
  );
}

export async function issue(session: Session, profileArg: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (typeof values.ca !== 'string') throw usageError('issue needs --ca CA');
  const authority = await session.authority(values.ca);
  const keyAlgorithm = keyOption(values.key);
  const progress = progressBar(io.err);
  if (profileArg === 'pair') {
    if (typeof values.service !== 'string') throw usageError('issue pair needs --service NAME');
    const uris = optionValues(values.uri);
    if (uris.length > 1) throw usageError('issue pair takes at most one --uri (the client certificate\'s)');
    const pair = await session.run(
      'certificate.issuePair',
      { authorityId: authority.id, serviceName: values.service, dnsNames: optionValues(values.dns), ipAddresses: optionValues(values.ip), ...(uris[0] ? { clientUri: uris[0] } : {}), ...(keyAlgorithm ? { keyAlgorithm } : {}), ...validity(values), ...fromRoot(values), operationId: 'cli' },
      (v, p) => session.services.certificates.issuePair(v, p),
      progress,
    );
    warn(io, pair.warnings);
    return io.json ? io.out(JSON.stringify(withEnglishWarnings(pair), null, 2)) : printCertificates(io, [pair.server, pair.client]);
  }
  if (!PROFILES.includes(profileArg as Profile)) throw usageError('issue takes a profile: server, client, peer or pair');
  if (typeof values.cn !== 'string') throw usageError(`issue ${profileArg} needs --cn NAME`);
  const issued = await session.run(
    'certificate.issue',
    { authorityId: authority.id, profile: profileArg as Profile, subject: { commonName: values.cn }, sans: sans(values), ...(keyAlgorithm ? { keyAlgorithm } : {}), ...validity(values), ...fromRoot(values), operationId: 'cli' },
    (v, p) => session.services.certificates.issue(v, p),
    progress,
  );
  warn(io, issued.warnings);
  return io.json ? io.out(JSON.stringify(withEnglishWarnings(issued), null, 2)) : printCertificates(io, [issued.certificate]);
}

export async function signCsr(session: Session, file: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!file) throw usageError('sign-csr needs the CSR file');
  if (typeof values.ca !== 'string') throw usageError('sign-csr needs --ca CA');
  const profile = values.profile;
  if (!PROFILES.includes(profile as Profile)) throw usageError('sign-csr needs --profile server|client|peer');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const utf8 = bytes.toString('utf8');
  const text = containsPem(utf8) ? utf8 : bytes.toString('base64');
  const authority = await session.authority(values.ca);
  const request = await session.run('csr.inspect', { csr: text }, (v) => session.services.certificates.reviewCsr(v.csr));
  for (const note of request.notes) io.err.write(`note: ${english(note)}\n`);
  // A request to be a CA is signed only with --profile ca (byo-pki.ts).
  const refusals = leafRefusals(request);
  if (refusals.length > 0) throw new CliError(`Refused: ${refusals.map((r) => english(r)).join('; ')}`);
  const signed = await session.run('csr.sign', { csr: text, authorityId: authority.id, profile: profile as Profile, subject: request.subject, sans: [...request.sans], ...validity(values), ...fromRoot(values) }, (v) => session.services.certificates.signCsr(v));
  warn(io, signed.warnings);
  return io.json ? io.out(JSON.stringify(withEnglishWarnings(signed), null, 2)) : printCertificates(io, [signed.certificate]);
}

export async function listCertificates(session: Session, values: Values, io: CommandIo): Promise<void> {
  let items = await session.run('certificate.list', {}, () => session.services.certificates.list());
  if (values.status !== undefined) {
    const allowed = ['valid', 'expired', 'revoked', 'not-yet-valid'];
    if (!allowed.includes(String(values.status))) throw usageError(`--status must be one of ${allowed.join(', ')}`);
    items = items.filter((c) => c.status === values.status);
  }
  const expiring = daysOption(values.expiring, '--expiring');
  if (expiring !== undefined) {
    const limit = Date.now() + expiring * 86_400_000;
    items = items.filter((c) => c.status === 'valid' && Date.parse(c.notAfter) <= limit);
  }
  if (typeof values.ca === 'string') {
    const authority = await session.authority(values.ca);
    items = items.filter((c) => c.authorityId === authority.id);
  }
  items = [...items].sort((a, b) => a.notAfter.localeCompare(b.notAfter));
  printCertificates(io, items);
}

export async function show(session: Session, reference: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!reference) throw usageError('show needs an id, serial or common name');
  let detail;
  try {
    detail = await session.run('certificate.get', { id: (await session.certificate(reference)).id }, (v) => session.services.certificates.get(v.id));
  } catch (error) {
    // Not a certificate: perhaps an authority.
    const authorities = await session.run('authority.list', {}, () => session.services.authorities.list());
    if (!authorities.some((a) => a.id === reference || a.subject.commonName === reference || a.serialNumberHex.toLowerCase() === reference.toLowerCase().replace(/:/g, ''))) throw error;
    const authority = await session.run('authority.get', { id: (await session.authority(reference)).id }, (v) => session.services.authorities.get(v.id));
    if (values.pem || values.chain) return io.out(authority.certificatePem.trimEnd());
    return io.out(io.json ? JSON.stringify(inEnglish(authority), null, 2) : describe(authority.subjectDn, authority.serialNumberHex, authority.notBefore, authority.notAfter, authority.chain.map((l) => `${l.role} ${l.commonName}: ${english(l.note)}`)));
  }
  if (values.chain) return io.out(`${detail.certificatePem}${detail.chainPem}${detail.rootPem}`.trimEnd());
  if (values.pem) return io.out(detail.certificatePem.trimEnd());
  if (io.json) return io.out(JSON.stringify(inEnglish(detail), null, 2));
  io.out(
    describe(detail.subjectDn, detail.serialNumberHex, detail.notBefore, detail.notAfter, [
      `profile ${detail.profile}, key ${detail.key.label}, status ${detail.status}`,
      `sans ${detail.sans.map((s) => `${s.type}:${s.value}`).join(', ') || '-'}`,
      `sha256 ${detail.sha256Fingerprint}`,
      ...detail.chain.map((l) => `${l.role} ${l.commonName}: ${english(l.note)}`),
    ]),
  );
}

function describe(dn: string, serial: string, notBefore: string, notAfter: string, lines: readonly string[]): string {
  return [`${dn}`, `  serial ${serial}`, `  valid  ${notBefore} → ${notAfter} (${daysLeft(notAfter, new Date())})`, ...lines.map((l) => `  ${l}`)].join('\n');
}

export async function exportBundle(session: Session, reference: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!reference) throw usageError('export needs the certificate (id, serial or common name)');
  const format = values.format ?? 'pem';
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const target = values.target ?? 'modern';
  if (target !== 'modern' && target !== 'legacy') throw usageError('--target must be modern or legacy');
  if (typeof values.out !== 'string') throw usageError('export needs --out PATH (a new folder for pem and truststore, a new file otherwise)');
  const password = typeof values['password-file'] === 'string' ? await readPasswordFile(values['password-file']) : null;
  const certificate = await session.certificate(reference);
  const detail = await session.run('certificate.get', { id: certificate.id }, (v) => session.services.certificates.get(v.id));
  const includeKey = values['no-key'] !== true && detail.hasPrivateKey && format !== 'p7b' && format !== 'der' && format !== 'truststore';
  const out = values.out;
  const { paths: written } = await session.run('certificate.export', { id: certificate.id, format: format as ExportFormat, target, password, includeKey }, (v) => session.services.exports.export(v, async () => out));
  if (io.json) return io.out(JSON.stringify({ format, files: written }, null, 2));
  io.out(`Wrote ${written.length === 1 ? written[0] : `${written.length} files to ${out}`}`);
  if (includeKey) io.err.write(`note: ${format === 'p12' ? 'the .p12 holds' : 'the bundle holds'} the private key; it was written with mode 0600\n`);
}

export function readPasswordFile(path: string): Promise<string> {
  return readSecretFile(path, 'password file');
}

/** A bundle folder as export writes it: fullchain.pem (or cert.pem + chain.pem), key.pem, ca.pem. */
async function readBundleFolder(folder: string): Promise<{ bundle: PemBundle; caPem: string; leafPem: string }> {
  const read = async (name: string) => {
    try {
      return await readFile(join(folder, name), 'utf8');
    } catch {
      return null;
    }
  };
  const [fullchain, cert, chain, key, encryptedKey, ca] = await Promise.all(['fullchain.pem', 'cert.pem', 'chain.pem', 'key.pem', 'key.enc.pem', 'ca.pem'].map(read));
  const certChainPem = fullchain ?? (cert ? `${cert}${chain ?? ''}` : null);
  if (!certChainPem) throw new CliError(`${folder} has neither fullchain.pem nor cert.pem`);
  if (!key) throw new CliError(encryptedKey ? `${folder} holds only an encrypted key (key.enc.pem): export without a password to prove it` : `${folder} has no key.pem: a bundle without its key cannot take part in a handshake`);
  if (!ca) throw new CliError(`${folder} has no ca.pem to trust`);
  const leaf = certificatesFromPem(certChainPem, 'skip')[0];
  if (!leaf) throw new CliError(`${folder}: the certificate file holds no readable certificate: export the bundle again`);
  return { bundle: { certChainPem, keyPem: key }, caPem: ca, leafPem: toPem('CERTIFICATE', leaf) };
}

/** A bundle whose certificate may only serve (EKU serverAuth without clientAuth) is proven as the server. */
function servesOnly(leafPem: string): boolean {
  const eku = new X509Certificate(leafPem).keyUsage ?? [];
  return eku.includes(OID.serverAuth) && !eku.includes(OID.clientAuth);
}

export async function verifyBundle(session: Session, folder: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!folder) throw usageError('verify-bundle needs the bundle folder (as written by certwright export --format pem)');
  if (values.as !== undefined && values.as !== 'client' && values.as !== 'server') throw usageError('--as takes client or server');
  if (values.as === 'server' && typeof values.server === 'string') throw usageError('--as server proves FOLDER as the server, with a throwaway client: drop --server');
  const subject = await readBundleFolder(folder);
  const asServer = values.as === 'server' || (values.as === undefined && typeof values.server !== 'string' && servesOnly(subject.leafPem));
  /** The vault authority that issued the bundle: the other side's throwaway certificate comes from it. */
  const issuer = async () => {
    const authorities = await session.run('authority.list', {}, () => session.services.authorities.list());
    const pems = await Promise.all(authorities.filter((a) => a.state === 'active').map(async (a) => [a.id, (await session.run('authority.get', { id: a.id }, (v) => session.services.authorities.get(v.id))).certificatePem] as const));
    const issuerId = findIssuer(subject.leafPem, pems);
    if (!issuerId) throw new CliError(`The bundle was not issued by an authority in this vault: give the ${asServer ? 'client' : 'server'} side with --server FOLDER (the client bundle is FOLDER)`);
    return { issuer: await session.services.issuing.issuer(issuerId), authorityId: issuerId, vault: session.vault };
  };
  let options: ProveBundleOptions;
  if (asServer) {
    const ca = await issuer();
    const hostname = typeof values.host === 'string' ? values.host : subjectAltHost(subject.leafPem);
    options = { server: subject.bundle, caPem: subject.caPem, hostname, throwawayClient: { issue: () => throwawayClient(ca, globalThis.crypto) } };
  } else if (typeof values.server === 'string') {
    const server = await readBundleFolder(values.server);
    options = { client: subject.bundle, server: server.bundle, caPem: subject.caPem, hostname: typeof values.host === 'string' ? values.host : subjectAltHost(server.leafPem) };
  } else {
    const ca = await issuer();
    const hostname = typeof values.host === 'string' ? values.host : proofHostname(ca.issuer);
    options = { client: subject.bundle, caPem: subject.caPem, hostname, throwawayServer: { issue: () => throwawayServer(ca, hostname, globalThis.crypto) } };
  }
  const result = await proveBundle(options);
  if (io.json) io.out(JSON.stringify(result, null, 2));
  if (!result.ok) throw new CliError(`mTLS handshake failed (${result.side} side, ${result.code}): ${result.reason}. ${english(result.fix)}`);
  const stand = (side: string, throwaway: boolean) => (throwaway ? ` (throwaway ${side}, from the same CA)` : '');
  if (!io.json) io.out(`mTLS handshake OK: ${result.protocol}, ${result.cipher}; server ${result.serverSubject}${stand('server', result.throwawayServer)}, client ${result.clientSubject}${stand('client', result.throwawayClient)}`);
}

/** The first DNS or IP subject alternative name of a certificate, as a client would dial it; else localhost. */
function subjectAltHost(leafPem: string): string {
  const first = new X509Certificate(leafPem).subjectAltName?.split(', ').find((n) => n.startsWith('DNS:') || n.startsWith('IP Address:'));
  return first ? first.slice(first.indexOf(':') + 1) : 'localhost';
}
