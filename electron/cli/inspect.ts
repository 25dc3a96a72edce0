/** `certwright inspect FILE|host:port`: the Inspect view on the command line, text or --json. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { EndpointReport, Finding, InspectedObject, InspectionReport, InspectRole } from '../../shared/domain/inspect.js';
import { INSPECT_MAX_BYTES, INSPECT_ROLES } from '../../shared/domain/inspect.js';
import { english } from '../../shared/i18n/english.js';
import { isMsg } from '../../shared/i18n/message.js';
import { readPasswordFile, type CommandIo, type Values } from './commands.js';
import { usageError } from './errors.js';
import type { Session } from './session.js';

/** Exit code when the inspection worked and found errors (0: nothing at error level). */
export const FINDINGS_EXIT_CODE = 3;

const ENDPOINT = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/** "host:port" or "[v6]:port" → host (brackets removed) and port; null when it is not that shape. Also `watch`'s reading. */
export function parseHostPort(text: string): { host: string; port: number } | null {
  const match = ENDPOINT.exec(text);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) throw usageError('Ports run from 1 to 65535');
  return { host: (match[1] ?? match[2])!, port };
}

export function parseTarget(target: string): { kind: 'file'; path: string } | { kind: 'endpoint'; host: string; port: number } {
  if (target === '-' || existsSync(target)) return { kind: 'file', path: target };
  const endpoint = parseHostPort(target);
  if (!endpoint) throw usageError(`"${target}" is neither a file nor host:port`);
  return { kind: 'endpoint', ...endpoint };
}

function roleOption(value: Values[string]): InspectRole {
  if (value === undefined) return 'any';
  if (!INSPECT_ROLES.includes(value as InspectRole)) throw usageError(`--role must be one of ${INSPECT_ROLES.join(', ')}`);
  return value as InspectRole;
}

async function readInputBytes(path: string, stdin: NodeJS.ReadStream): Promise<Buffer> {
  if (path !== '-') return readFile(path);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += (chunk as Buffer).length;
    if (size > INSPECT_MAX_BYTES) throw usageError('The input on stdin is larger than 10 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const MARK: Readonly<Record<string, string>> = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' };

function printObject(io: CommandIo, o: InspectedObject): void {
  switch (o.kind) {
    case 'certificate':
      io.out(`certificate  ${o.commonName}  (${english(o.source)})`);
      io.out(`  subject    ${o.subjectDn}`);
      io.out(`  issuer     ${o.issuerDn}`);
      io.out(`  serial     ${o.serialNumberHex}`);
      io.out(`  valid      ${o.notBefore} → ${o.notAfter} (${o.daysLeft >= 0 ? `${o.daysLeft} days left` : `expired ${-o.daysLeft} days ago`})`);
      io.out(`  key        ${o.publicKey.label}, pin sha256/${o.publicKey.spkiSha256}`);
      io.out(`  signature  ${o.signatureAlgorithm}`);
      if (o.sans.length > 0) io.out(`  sans       ${o.sans.join(', ')}`);
      io.out(`  sha256     ${o.sha256Fingerprint}`);
      for (const e of o.extensions) io.out(`  ${e.critical ? '!' : ' '} ${english(e.name)}: ${e.values.map((v) => english(v)).join('; ')}`);
      break;
    case 'private-key':
    case 'public-key':
      io.out(`${o.kind === 'private-key' ? 'private key' : 'public key'}  ${o.publicKey?.label ?? '(encrypted)'}  ${o.format}  (${english(o.source)})`);
      if (o.publicKey) io.out(`  pin        sha256/${o.publicKey.spkiSha256}`);
      io.out(`  matches    ${o.matchesCertificates.length > 0 ? o.matchesCertificates.map((i) => `object ${i + 1}`).join(', ') : 'no certificate in the input'}`);
      break;
    case 'csr':
      io.out(`certificate request  ${o.request.subjectDn}  (${english(o.source)})`);
      io.out(`  key        ${o.publicKey.label}, signature ${o.request.signatureValid ? 'valid' : 'INVALID'}`);
      break;
    case 'crl':
      io.out(`CRL  ${o.crl.issuerDn}  #${o.crl.number ?? '-'}  ${o.crl.total} entries  (${english(o.source)})`);
      io.out(`  updates    ${o.crl.thisUpdate} → ${o.crl.nextUpdate ?? 'none'}; signature ${o.crl.signature.status}`);
      break;
    case 'pkcs7':
    case 'pkcs12':
      io.out(`${o.kind === 'pkcs7' ? 'PKCS#7' : 'PKCS#12'}  ${english(o.summary)}  (${english(o.source)})`);
      break;
  }
}

/** A report's texts (catalog keys, see shared/i18n/message.ts) as the English the CLI prints, in text and JSON alike. */
export function inEnglish<T>(value: T): T {
  if (Array.isArray(value)) return value.map(inEnglish) as T;
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (isMsg(value) && /^[A-Za-z][A-Za-z0-9]*:[\w.]+$/.test(value.key) && keys.every((k) => k === 'key' || k === 'params')) return english(value) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inEnglish(v)])) as T;
}

function printFinding(io: CommandIo, f: Finding): void {
  io.out(`  ${MARK[f.severity]} ${english(f.title)}`);
  io.out(`          ${english(f.detail)}`);
  io.out(`          what to do: ${english(f.advice)}`);
  for (const text of f.seenAs) io.out(`          seen as: ${text}`);
}

export function printReport(io: CommandIo, report: InspectionReport): void {
  for (const o of report.objects) printObject(io, o);
  for (const p of report.problems) io.out(`problem  ${english(p.message)}`);
  if (report.chain) {
    io.out('chain');
    for (const link of report.chain.links) io.out(`  ${link.status === 'ok' ? '✓' : '✗'} ${link.commonName}  [${link.origin}]  ${link.status === 'ok' ? '' : `${link.status}: `}${english(link.note)}`);
    io.out(`  works until ${report.chain.effectiveNotAfter} (limited by ${report.chain.effectiveLimitedBy})${report.chain.trusted ? ', trusted' : ''}`);
  }
  if (report.findings.length === 0) io.out(report.chain?.trusted ? 'diagnosis: nothing wrong found' : 'diagnosis: no findings');
  else {
    io.out('diagnosis');
    for (const f of report.findings) printFinding(io, f);
  }
}

function printEndpoint(io: CommandIo, e: EndpointReport): void {
  io.out(`endpoint  ${e.target}${e.address ? ` (${e.address})` : ''}${e.servername ? `, SNI ${e.servername}` : ''}`);
  if (e.failure) io.out(`  failure    ${english(e.failure)}`);
  if (e.protocol) io.out(`  protocol   ${e.protocol}, ${e.cipher ?? '?'}${e.alpn ? `, ALPN ${e.alpn}` : ''}`);
  io.out(`  client certificate requested: ${e.clientCertificateRequested === null ? 'unknown' : e.clientCertificateRequested ? 'yes' : 'no'}`);
  for (const name of e.acceptableCaNames) io.out(`  accepts client certificates from: ${name}`);
  if (e.clientCertificate) io.out(`  client ${e.clientCertificate.commonName}: ${english(e.clientCertificate.message)}`);
  io.out(`  chain order ${e.chainOrder === 'as-sent' ? 'as sent' : 'rebuilt by issuer (TLS 1.3 only)'}`);
  printReport(io, e.report);
}

/** Runs the inspection; returns the exit code (0, or FINDINGS_EXIT_CODE when errors were found). */
export async function inspect(session: Session, target: string | undefined, values: Values, io: CommandIo, stdin: NodeJS.ReadStream): Promise<number> {
  if (!target) throw usageError('inspect needs a FILE (- for stdin) or host:port');
  const parsed = parseTarget(target);
  const options = {
    hostCheck: typeof values['host-check'] === 'string' ? values['host-check'] : null,
    role: roleOption(values.role),
    useSystemStore: values['system-store'] === true,
  };
  let report: InspectionReport;
  if (parsed.kind === 'endpoint') {
    const client = typeof values.client === 'string' ? (await session.certificate(values.client)).id : null;
    const servername = typeof values.servername === 'string' ? values.servername : null;
    const endpoint = await session.run('inspect.endpoint', { host: parsed.host, port: parsed.port, servername, clientCertificateId: client, ...options }, (v) => session.services.inspection.endpoint(v));
    if (io.json) io.out(JSON.stringify(inEnglish(endpoint), null, 2));
    else printEndpoint(io, endpoint);
    report = endpoint.report;
  } else {
    const bytes = await readInputBytes(parsed.path, stdin);
    const password = typeof values['password-file'] === 'string' ? await readPasswordFile(values['password-file']) : null;
    report = await session.run('inspect.input', { content: bytes.toString('base64'), encoding: 'base64', password, ...options }, (v) => session.services.inspection.input(v));
    if (io.json) io.out(JSON.stringify(inEnglish(report), null, 2));
    else printReport(io, report);
    if (report.needsPassword) io.err.write(`note: it holds a ${report.needsPassword.what}; ${report.needsPassword.wrong ? 'the password is wrong' : 'pass its password with --password-file FILE'}\n`);
  }
  return report.findings.some((f) => f.severity === 'error') ? FINDINGS_EXIT_CODE : 0;
}
