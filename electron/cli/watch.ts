/**
 * `certwright watch`: the endpoints the vault watches (issue 19, docs/watch.md) on the command line —
 * add, import, list, remove, and run (probe now). Every call goes through services.watching with the
 * input the window's would pass, checked against the same contract schema; a refused input (a bad
 * host, an interval out of range, an id nothing matches) is a usage error (exit 2), found before any
 * probe. `watch run` exits 3 when a probe found an error (as `inspect` does), 0 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { endpointTarget, WATCH_IMPORT_MAX_CHARS, type EndpointStatus, type ExpectedCertificate, type WatchFinding, type WatchRunResult } from '../../shared/domain/watch.js';
import { CertwrightError } from '../../shared/errors.js';
import type { Channel, Input, ValidInput } from '../../shared/ipc/contract.js';
import { parseInput } from '../../shared/ipc/validate.js';
import { english } from '../../shared/i18n/english.js';
import { intOption, type CommandIo, type Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import { FINDINGS_EXIT_CODE, inEnglish, parseHostPort } from './inspect.js';
import { progressBar } from './progress.js';
import type { Session } from './session.js';
import { daysLeft, table } from './table.js';

/** The options `watch` adds to main.ts's (--servername, --client and --json are shared with inspect). */
export const WATCH_OPTIONS = {
  expect: { type: 'string' },
  interval: { type: 'string' },
} as const;

/** Help lines, in main.ts's USAGE layout. */
export const WATCH_USAGE = `  watch add HOST:PORT [--servername N] [--client ID] [--expect ID|service:NAME] [--interval MINUTES]
                                         watch what an endpoint serves: probed on a schedule while the
                                         app runs (every --interval minutes, else the setting), its
                                         findings on the dashboard; --client presents a vault certificate
                                         to an mTLS endpoint; --expect names what it should serve (a
                                         vault certificate or a service's latest), else its own renewals
  watch import FILE|-                    many at once: one HOST:PORT [SERVERNAME] a line, or CSV with a
                                         header (docs/watch.md); duplicates are skipped, and a line that
                                         cannot be read is reported by its number (nothing added, exit 2)
  watch list                             each endpoint: health, last probe, leaf, earliest expiry, findings
  watch remove ID|HOST:PORT…             stop watching them
  watch run [ID|HOST:PORT…]              probe now (all, or those named) and print what each serves and
                                         what is wrong; exit 3 when any finding is an error`;

export const WATCH_VERBS = ['add', 'import', 'list', 'remove', 'run'] as const;
type WatchVerb = (typeof WATCH_VERBS)[number];

/** SIGINT during `watch run` stops the round between probes (as operation.cancel does in the app). */
export interface RunSignals {
  once(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

/** Exit code of a round stopped with Ctrl+C (the code the passphrase prompt's Ctrl+C uses). */
const CANCELLED_EXIT_CODE = 130;

/** Malformed arguments are usage errors, found before the vault is opened. */
export function checkWatchArgs(rest: readonly string[], values: Values): void {
  const [sub, ...args] = rest;
  if (!WATCH_VERBS.includes(sub as WatchVerb)) throw usageError(`watch takes ${WATCH_VERBS.join(', ')}${sub === undefined ? '' : `; not "${sub}"`}`);
  const onlyFor = (flag: string, verbs: readonly WatchVerb[]) => {
    if (values[flag] !== undefined && !verbs.includes(sub as WatchVerb)) throw usageError(`--${flag} belongs to watch ${verbs.join(' or ')}`);
  };
  for (const flag of ['servername', 'client', 'expect', 'interval']) onlyFor(flag, ['add']);
  switch (sub as WatchVerb) {
    case 'add':
      if (args.length !== 1) throw usageError(args.length === 0 ? 'watch add needs HOST:PORT' : `watch add takes one HOST:PORT; unexpected "${args[1]}"`);
      hostPort(args[0]!);
      intervalOption(values.interval);
      break;
    case 'import':
      if (args.length !== 1) throw usageError(args.length === 0 ? 'watch import needs a FILE (- for stdin)' : `watch import takes one FILE; unexpected "${args[1]}"`);
      break;
    case 'list':
      if (args.length > 0) throw usageError(`watch list takes no argument; unexpected "${args[0]}"`);
      break;
    case 'remove':
      if (args.length === 0) throw usageError('watch remove needs the endpoints: ID or HOST:PORT (certwright watch list shows them)');
      break;
    case 'run':
      break;
  }
}

function hostPort(text: string): { host: string; port: number } {
  const parsed = parseHostPort(text);
  if (!parsed) throw usageError(`"${text}" is not HOST:PORT (an IPv6 address in brackets: [::1]:443)`);
  return { host: parsed.host.toLowerCase(), port: parsed.port };
}

function intervalOption(value: Values[string]): number | null {
  const minutes = intOption(value, '--interval');
  return minutes ?? null;
}

/** The input checked as the window's would be; a refusal is a usage error (exit 2) in the contract's words. */
function checked<C extends Channel>(channel: C, input: Input<C>): ValidInput<C> {
  const parsed = parseInput(channel, input);
  if (!parsed.ok) throw usageError(parsed.error.message);
  return parsed.value;
}

/** A vault lookup (id, serial or unique CN) whose miss is the user's input, not a failure: exit 2. */
async function asInput<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 1) throw usageError(error.message);
    throw error;
  }
}

/** The service refused the input itself (already watched, over the limit, an id gone): exit 2 too. */
async function refusedAsInput<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CertwrightError && (error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND')) throw usageError(error.message);
    throw error;
  }
}

async function expectOption(session: Session, value: Values[string]): Promise<ExpectedCertificate | null> {
  if (value === undefined) return null;
  const text = String(value);
  if (text.startsWith('service:')) return { kind: 'service', service: text.slice('service:'.length) };
  return { kind: 'certificate', certificateId: (await asInput(session.certificate(text))).id };
}

/** The watched endpoints `references` name: each an id, or a HOST:PORT that names exactly one. */
function resolveEndpoints(all: readonly EndpointStatus[], references: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const reference of references) {
    const byId = all.find((s) => s.endpoint.id === reference.toLowerCase());
    if (byId) {
      ids.add(byId.endpoint.id);
      continue;
    }
    const parsed = parseHostPort(reference);
    const matches = parsed ? all.filter((s) => s.endpoint.host === parsed.host.toLowerCase() && s.endpoint.port === parsed.port) : [];
    if (matches.length === 0) throw usageError(`No watched endpoint matches "${reference}" (give its id or HOST:PORT; certwright watch list shows them)`);
    if (matches.length > 1) throw usageError(`"${reference}" is watched ${matches.length} times, with different server names (${matches.map((s) => `${s.endpoint.id} SNI ${s.endpoint.servername ?? 'none'}`).join(', ')}); give the id`);
    ids.add(matches[0]!.endpoint.id);
  }
  return [...ids];
}

export async function watchCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo, stdin: NodeJS.ReadableStream, signals: RunSignals = process): Promise<number> {
  checkWatchArgs(rest, values);
  const [sub, ...args] = rest as [WatchVerb, ...string[]];
  const { watching } = session.services;
  switch (sub) {
    case 'add': {
      const input = checked('watch.add', {
        ...hostPort(args[0]!),
        servername: typeof values.servername === 'string' ? values.servername : null,
        clientCertificateId: typeof values.client === 'string' ? (await asInput(session.certificate(values.client))).id : null,
        expect: await expectOption(session, values.expect),
        intervalMinutes: intervalOption(values.interval),
      });
      const status = await session.run('watch.add', input, (v) => refusedAsInput(() => watching.add(v)));
      if (io.json) io.out(JSON.stringify(inEnglish(status), null, 2));
      else printAdded(io, status);
      return 0;
    }
    case 'import':
      return importCommand(session, args[0]!, io, stdin);
    case 'list': {
      const statuses = await session.run('watch.list', {}, async () => watching.list());
      if (io.json) io.out(JSON.stringify(inEnglish(statuses), null, 2));
      else printList(io, statuses);
      return 0;
    }
    case 'remove': {
      const ids = resolveEndpoints(await session.do(() => watching.list()), args);
      const result = await session.run('watch.remove', checked('watch.remove', { ids }), (v) => refusedAsInput(() => watching.remove(v.ids)));
      if (io.json) io.out(JSON.stringify(result));
      else io.out(`Removed ${result.removed} endpoint${result.removed === 1 ? '' : 's'}.`);
      return 0;
    }
    case 'run':
      return runCommand(session, args, io, signals);
  }
}

async function readImport(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  let bytes: Buffer;
  if (path === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      size += (chunk as Buffer).length;
      if (size > WATCH_IMPORT_MAX_CHARS) throw usageError(`The input on stdin is larger than ${WATCH_IMPORT_MAX_CHARS.toLocaleString('en-US')} bytes`);
      chunks.push(chunk as Buffer);
    }
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw usageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (bytes.length > WATCH_IMPORT_MAX_CHARS) throw usageError(`${path} is larger than ${WATCH_IMPORT_MAX_CHARS.toLocaleString('en-US')} bytes`);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.trim() === '') throw usageError(`${path === '-' ? 'The input on stdin' : path} names no endpoint`);
  return text;
}

async function importCommand(session: Session, path: string, io: CommandIo, stdin: NodeJS.ReadableStream): Promise<number> {
  const text = await readImport(path, stdin);
  const result = await session.run('watch.import', checked('watch.import', { text }), (v) => refusedAsInput(() => session.services.watching.import(v.text)));
  const code = result.problems.length > 0 ? 2 : 0;
  if (io.json) {
    io.out(JSON.stringify(inEnglish(result), null, 2));
    return code;
  }
  for (const d of result.duplicates) io.out(`line ${d.line}: ${d.target} is already watched or named before (skipped)`);
  for (const p of result.problems) io.err.write(`line ${p.line}: ${english(p.text)}\n`);
  if (result.problems.length > 0) {
    io.err.write(`Nothing was imported: ${result.problems.length} line${result.problems.length === 1 ? '' : 's'} could not be read.\n`);
    return code;
  }
  for (const s of result.added) io.out(`Watching ${describeTarget(s)} (${s.endpoint.id})`);
  io.out(`Imported ${result.added.length} endpoint${result.added.length === 1 ? '' : 's'}${result.duplicates.length > 0 ? `, skipped ${result.duplicates.length} duplicate${result.duplicates.length === 1 ? '' : 's'}` : ''}.`);
  return code;
}

async function runCommand(session: Session, references: readonly string[], io: CommandIo, signals: RunSignals): Promise<number> {
  const { watching } = session.services;
  const ids = references.length > 0 ? resolveEndpoints(await session.do(() => watching.list()), references) : [];
  const input = checked('watch.run', { ids, operationId: 'cli-watch-run' });
  const controller = new AbortController();
  const stop = () => controller.abort();
  signals.once('SIGINT', stop);
  let result: WatchRunResult;
  try {
    result = await session.run('watch.run', input, (v, progress) => watching.run(v.ids, progress, controller.signal), progressBar(io.err));
  } finally {
    signals.off('SIGINT', stop);
  }
  if (io.json) io.out(JSON.stringify(inEnglish(result), null, 2));
  else printRun(io, result);
  if (result.cancelled) {
    io.err.write('Stopped (Ctrl+C): the endpoints not reached keep their last result.\n');
    return CANCELLED_EXIT_CODE;
  }
  return result.statuses.some((s) => s.last?.findings.some((f) => f.severity === 'error')) ? FINDINGS_EXIT_CODE : 0;
}

/** "127.0.0.1:8443", with the SNI when one is set. */
function describeTarget(s: EndpointStatus): string {
  return s.endpoint.servername ? `${endpointTarget(s.endpoint)} (SNI ${s.endpoint.servername})` : endpointTarget(s.endpoint);
}

function describeExpect(expect: ExpectedCertificate | null): string | null {
  if (!expect) return null;
  return expect.kind === 'service' ? `the latest certificate of service ${expect.service}` : `certificate ${expect.certificateId} or its renewals`;
}

function printAdded(io: CommandIo, s: EndpointStatus): void {
  io.out(`Watching ${describeTarget(s)}`);
  io.out(`  id        ${s.endpoint.id}`);
  io.out(`  interval  ${s.endpoint.intervalMinutes === null ? 'the setting’s' : `every ${s.endpoint.intervalMinutes} minutes`}`);
  if (s.endpoint.clientCertificateId) io.out(`  client    certificate ${s.endpoint.clientCertificateId}`);
  const expect = describeExpect(s.endpoint.expect);
  if (expect) io.out(`  expects   ${expect}`);
  if (s.last) printFindings(io, s.last.findings);
  else io.out('Not probed yet: certwright watch run probes it now.');
}

/** "2026-12-07 18:55" (UTC) from an ISO time. */
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function expiryCell(notAfter: string | null, now: Date): string {
  return notAfter ? `${notAfter.slice(0, 10)} (${daysLeft(notAfter, now)})` : '-';
}

function printList(io: CommandIo, statuses: readonly EndpointStatus[]): void {
  if (statuses.length === 0) return io.out('No endpoints watched: certwright watch add HOST:PORT adds one.');
  const now = new Date();
  io.out(
    table(
      ['ID', 'TARGET', 'HEALTH', 'LAST PROBE (UTC)', 'LEAF', 'EARLIEST EXPIRY', 'FINDINGS'],
      statuses.map((s) => [
        s.endpoint.id,
        describeTarget(s),
        s.health,
        s.last ? minute(s.last.at) : 'never',
        s.last?.leaf?.subjectCommonName || '-',
        expiryCell(s.last?.earliestNotAfter ?? null, now),
        s.last && s.last.findings.length > 0 ? s.last.findings.map((f) => f.id).join(',') : '-',
      ]),
    ),
  );
}

const MARK: Readonly<Record<WatchFinding['severity'], string>> = { error: 'ERROR  ', warning: 'WARNING' };

function printFindings(io: CommandIo, findings: readonly WatchFinding[]): void {
  for (const f of findings) io.out(`  ${MARK[f.severity]} ${english(f.text)}`);
}

function printRun(io: CommandIo, result: WatchRunResult): void {
  if (result.statuses.length === 0 && !result.cancelled) return io.out('No endpoints watched: certwright watch add HOST:PORT adds one.');
  const now = new Date();
  for (const s of result.statuses) {
    const last = s.last;
    const leaf = last?.leaf;
    const served = leaf ? `serves ${leaf.subjectCommonName || '(no common name)'} (serial ${leaf.serialHex}${leaf.vaultCertificateId ? `, vault ${leaf.vaultCertificateId}` : ''}), earliest expiry ${expiryCell(last?.earliestNotAfter ?? null, now)}` : last ? 'nothing served' : 'not probed';
    io.out(`${describeTarget(s)}  ${s.health}  ${served}`);
    if (last) printFindings(io, last.findings);
  }
  const probed = result.statuses.length;
  io.out(`${probed} endpoint${probed === 1 ? '' : 's'} probed: ${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}${result.cancelled ? ' (stopped before the end)' : ''}.`);
}
