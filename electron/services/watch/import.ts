/**
 * Reading many endpoints at once (docs/watch.md, "Import"): pasted text or a file, either one
 * `host:port [servername]` per line or CSV with a header row. Pure: every line is checked with the
 * contract's own WatchAdd schema (the same host, port, SNI and id rules as adding one), so there is one
 * validator; the vault checks (certificate ids exist, the limit against what is watched) are the
 * caller's. Problems are reported by line number, 1-based, as the editor the user pasted from counts.
 */
import { WatchAdd, type ValidInput } from '../../../shared/ipc/contract.js';
import { describeIssue } from '../../../shared/ipc/validate.js';
import { asData } from '../../../shared/validation/schema-messages.js';
import { endpointTarget, WATCH_MAX_ENDPOINTS, type WatchedEndpoint } from '../../../shared/domain/watch.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { endpointKey } from '../../vault/endpoints-file.js';

export type EndpointInput = ValidInput<'watch.add'>;

export interface ParsedImport {
  readonly endpoints: ReadonlyArray<{ readonly line: number; readonly input: EndpointInput }>;
  readonly duplicates: ReadonlyArray<{ readonly line: number; readonly target: string }>;
  readonly problems: ReadonlyArray<{ readonly line: number; readonly text: Msg }>;
}

/** The CSV columns a header may name (any order, any case); `host` and `port` are required. */
export const IMPORT_COLUMNS = ['host', 'port', 'servername', 'client', 'expect', 'interval'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

/** Problems listed one by one; past this one more says how many were left unsaid (a 5,000-line paste of the wrong file). */
const PROBLEMS_LISTED = 100;

/**
 * Reads `text`; `watched` are the endpoints already in the vault (named again: a duplicate, skipped).
 * At most `room` endpoints are taken (WATCH_MAX_ENDPOINTS less those watched): a line past it is a problem.
 */
export function parseImport(text: string, watched: ReadonlyArray<Pick<WatchedEndpoint, 'host' | 'port' | 'servername'>>, room = WATCH_MAX_ENDPOINTS - watched.length): ParsedImport {
  const lines = text.split(/\r\n|\r|\n/);
  const endpoints: Array<{ line: number; input: EndpointInput }> = [];
  const duplicates: Array<{ line: number; target: string }> = [];
  const problems: Array<{ line: number; text: Msg }> = [];
  let unsaid = 0;
  const problem = (line: number, text: Msg) => {
    if (problems.length < PROBLEMS_LISTED) problems.push({ line, text });
    else unsaid++;
  };
  const seen = new Set(watched.map(endpointKey));
  let columns: Column[] | null = null;
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    if (first) {
      first = false;
      const header = csvFields(raw)?.map((f) => f.trim().toLowerCase());
      if (header && header.length > 1 && header.includes('host')) {
        const read = readHeader(header);
        if ('problem' in read) {
          // Without its columns no line can be read: one problem says why.
          return { endpoints: [], duplicates: [], problems: [{ line: number, text: read.problem }] };
        }
        columns = read.columns;
        continue;
      }
    }
    const candidate = columns ? csvCandidate(raw, columns, number) : lineCandidate(raw, number);
    if ('problem' in candidate) {
      problem(number, candidate.problem);
      continue;
    }
    const checked = asData(() => {
      const result = WatchAdd.safeParse(candidate.value);
      return result.success ? result : { success: false as const, issue: describeIssue(result.error) };
    });
    if (!checked.success) {
      const { field, reason } = checked.issue;
      problem(number, msg('watch:import.invalid', { ...reason.params, line: number, field, text: reason.key }));
      continue;
    }
    const key = endpointKey(checked.data);
    if (seen.has(key)) {
      duplicates.push({ line: number, target: endpointTarget(checked.data) });
      continue;
    }
    if (endpoints.length >= room) {
      problem(number, msg('watch:import.tooMany', { line: number, max: WATCH_MAX_ENDPOINTS }));
      // Every line after this one is over the limit too: said once.
      break;
    }
    seen.add(key);
    endpoints.push({ line: number, input: checked.data });
  }
  if (first) problems.push({ line: 1, text: msg('watch:import.nothing') });
  if (unsaid > 0) problems.push({ line: problems[problems.length - 1]!.line, text: msg('watch:import.moreProblems', { count: unsaid }) });
  return { endpoints, duplicates, problems };
}

function readHeader(header: readonly string[]): { columns: Column[] } | { problem: Msg } {
  const columns: Column[] = [];
  for (const name of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) return { problem: msg('watch:import.unknownColumn', { column: name, columns: IMPORT_COLUMNS.join(', ') }) };
    if (columns.includes(name as Column)) return { problem: msg('watch:import.columnTwice', { column: name }) };
    columns.push(name as Column);
  }
  if (!columns.includes('port')) return { problem: msg('watch:import.portColumn') };
  return { columns };
}

type Candidate = { value: Record<string, unknown> } | { problem: Msg };

/** `host:port [servername]`, IPv6 in brackets (`[::1]:443`); a `#` after a space starts a comment. */
function lineCandidate(raw: string, line: number): Candidate {
  const fields = raw.replace(/\s+#.*$/, '').split(/\s+/);
  if (fields.length > 2) return { problem: msg('watch:import.tooManyFields', { line }) };
  const [target, servername] = fields as [string, string | undefined];
  const split = /^(\[[^\]]*\]|[^:[\]]*):([^:]*)$/.exec(target);
  if (!split) return { problem: msg(!target.startsWith('[') && target.split(':').length > 2 ? 'watch:import.ipv6Brackets' : 'watch:import.noPort', { line, target }) };
  const port = portOf(split[2]!, line);
  if (typeof port !== 'number') return port;
  return { value: { host: split[1], port, servername: servername ?? null } };
}

function csvCandidate(raw: string, columns: readonly Column[], line: number): Candidate {
  const fields = csvFields(raw);
  if (!fields) return { problem: msg('watch:import.csvQuote', { line }) };
  if (fields.length !== columns.length) return { problem: msg('watch:import.csvFields', { line, fields: fields.length, expected: columns.length }) };
  const cell = (name: Column): string | null => {
    const index = columns.indexOf(name);
    const value = index < 0 ? '' : fields[index]!.trim();
    return value === '' ? null : value;
  };
  const port = portOf(cell('port') ?? '', line);
  if (typeof port !== 'number') return port;
  const interval = cell('interval');
  const intervalMinutes = interval === null ? null : /^\d{1,7}$/.test(interval) ? Number(interval) : interval;
  const expect = cell('expect');
  return {
    value: {
      host: cell('host') ?? '',
      port,
      servername: cell('servername'),
      clientCertificateId: cell('client'),
      expect: expect === null ? null : expect.startsWith('service:') ? { kind: 'service', service: expect.slice('service:'.length) } : { kind: 'certificate', certificateId: expect },
      intervalMinutes,
    },
  };
}

/** Digits only: "443"; anything else is named as it was written. The range is the schema's. */
function portOf(text: string, line: number): number | { problem: Msg } {
  return /^\d{1,5}$/.test(text) ? Number(text) : { problem: msg('watch:import.badPort', { line, port: text }) };
}

/** One CSV record (RFC 4180 quoting, on one line); null when a quote is not closed. */
function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
