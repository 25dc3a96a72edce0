/**
 * `service-policy.json`: which service may call which action of which other service. The format is
 * documented in the README ("Service policy"); the generated Go middleware reads the same file.
 *
 *   {
 *     "version": 1,
 *     "services": {
 *       "order-service":   { "calls": ["payment-service:charge", "inventory-service:reserve"] },
 *       "payment-service": { "calls": [], "tokenMinutes": 5 },
 *       "inventory-service": { "calls": [] }
 *     }
 *   }
 *
 * Every service that is called must be declared under "services" (a typo is an error, not a silent
 * deny). Parsed here, in shared code, so the editor shows the same line-precise errors main refuses
 * with. jsonc-parser gives every node's offset (JSON.parse keeps neither positions nor duplicate keys).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { msg, type Msg } from '../i18n/message.js';
import { TOKEN_TTL, type PolicyDecision } from './service-identity.js';

export const POLICY_VERSION = 1;
/** A service name: its client certificates' CommonName and its tokens' sub / aud. */
export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ACTION_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,62}$/;
/** A policy file larger than this is refused before it is parsed. */
export const POLICY_MAX_BYTES = 1024 * 1024;
export const TOKEN_MINUTES = { min: 1, max: TOKEN_TTL.max / 60 } as const;

export interface ServiceEntry {
  /** `service:action` pairs this service may call, in the order written. */
  readonly calls: readonly string[];
  /** Lifetime of the tokens the endpoint gives this service; absent: the default (10 minutes). */
  readonly tokenMinutes?: number;
}

export interface ServicePolicy {
  readonly version: 1;
  readonly services: Readonly<Record<string, ServiceEntry>>;
}

export interface PolicyProblem {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** Worded by whoever shows it: the editor in the window's language, main's refusal in English. */
  readonly message: Msg;
}

export type PolicyParse = { readonly ok: true; readonly policy: ServicePolicy } | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

export const EMPTY_POLICY: ServicePolicy = { version: 1, services: {} };

/** The file's text as Certwright writes it: two-space indent, services in the order given, a final newline. */
export function formatPolicy(policy: ServicePolicy): string {
  return `${JSON.stringify({ version: policy.version, services: policy.services }, null, 2)}\n`;
}

/** Splits `service:action`; null when malformed. */
export function splitAction(value: string): { service: string; action: string } | null {
  const colon = value.indexOf(':');
  if (colon < 0) return null;
  const service = value.slice(0, colon);
  const action = value.slice(colon + 1);
  return SERVICE_NAME.test(service) && ACTION_NAME.test(action) ? { service, action } : null;
}

export function parsePolicy(text: string): PolicyParse {
  const bytes = text.length > POLICY_MAX_BYTES / 3 ? new TextEncoder().encode(text).length : text.length * 3;
  if (bytes > POLICY_MAX_BYTES) return { ok: false, problems: [{ line: 1, column: 1, message: msg('services:policyProblem.tooLarge', { bytes }) }] };
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number, message: Msg): PolicyProblem => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1, message };
  };
  const lineOf = (node: Node) => at(node.offset, msg('services:policyProblem.empty')).line;

  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (syntax.length > 0 || !root) {
    const first = syntax[0];
    return { ok: false, problems: [at(first?.offset ?? 0, first ? syntaxProblem(printParseErrorCode(first.error)) : msg('services:policyProblem.empty'))] };
  }

  const problems: PolicyProblem[] = [];
  if (root.type !== 'object') return { ok: false, problems: [at(root.offset, msg('services:policyProblem.notObject'))] };

  const props = properties(root);
  let servicesNode: Node | null = null;
  let version: Node | null = null;
  for (const [key, keyNode, value] of props) {
    if (key === 'version') version = value;
    else if (key === 'services') servicesNode = value;
    else problems.push(at(keyNode.offset, msg('services:policyProblem.unknownTopField', { field: key })));
  }
  if (version === null) problems.push(at(root.offset, msg('services:policyProblem.noVersion')));
  else if (version.value !== POLICY_VERSION) problems.push(at(version.offset, msg('services:policyProblem.badVersion', { value: JSON.stringify(version.value) ?? String(version.value) })));
  if (servicesNode === null) {
    problems.push(at(root.offset, msg('services:policyProblem.noServices')));
    return { ok: false, problems };
  }
  if (servicesNode.type !== 'object') return { ok: false, problems: [...problems, at(servicesNode.offset, msg('services:policyProblem.servicesNotObject'))] };

  const declared = new Map<string, number>();
  const services: Record<string, ServiceEntry> = {};
  const calls: Array<{ caller: string; value: string; node: Node }> = [];
  for (const [name, keyNode, value] of properties(servicesNode)) {
    if (!SERVICE_NAME.test(name)) {
      problems.push(at(keyNode.offset, msg('services:policyProblem.badServiceName', { name })));
      continue;
    }
    const first = declared.get(name);
    if (first !== undefined) {
      problems.push(at(keyNode.offset, msg('services:policyProblem.declaredTwice', { name, line: first })));
      continue;
    }
    declared.set(name, lineOf(keyNode));
    if (value.type !== 'object') {
      problems.push(at(value.offset, msg('services:policyProblem.entryNotObject', { name })));
      continue;
    }
    let entryCalls: string[] = [];
    let tokenMinutes: number | undefined;
    let sawCalls = false;
    for (const [field, fieldKey, fieldValue] of properties(value)) {
      if (field === 'calls') {
        sawCalls = true;
        if (fieldValue.type !== 'array') {
          problems.push(at(fieldValue.offset, msg('services:policyProblem.callsNotList', { name })));
          continue;
        }
        const seen = new Map<string, number>();
        for (const item of fieldValue.children ?? []) {
          if (item.type !== 'string') {
            problems.push(at(item.offset, msg('services:policyProblem.callNotString')));
            continue;
          }
          const text = item.value as string;
          if (splitAction(text) === null) {
            problems.push(at(item.offset, msg('services:policyProblem.badAction', { action: text })));
            continue;
          }
          const dup = seen.get(text);
          if (dup !== undefined) {
            problems.push(at(item.offset, msg('services:policyProblem.listedTwice', { action: text, name, line: dup })));
            continue;
          }
          seen.set(text, lineOf(item));
          entryCalls.push(text);
          calls.push({ caller: name, value: text, node: item });
        }
      } else if (field === 'tokenMinutes') {
        const minutes = fieldValue.value;
        if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < TOKEN_MINUTES.min || minutes > TOKEN_MINUTES.max) {
          problems.push(at(fieldValue.offset, msg('services:policyProblem.badMinutes', { name, min: TOKEN_MINUTES.min, max: TOKEN_MINUTES.max })));
        } else {
          tokenMinutes = minutes;
        }
      } else {
        problems.push(at(fieldKey.offset, msg('services:policyProblem.unknownField', { field, name })));
      }
    }
    if (!sawCalls) entryCalls = [];
    services[name] = tokenMinutes === undefined ? { calls: entryCalls } : { calls: entryCalls, tokenMinutes };
  }
  for (const { caller, value, node } of calls) {
    const target = splitAction(value)!.service;
    if (!declared.has(target)) problems.push(at(node.offset, msg('services:policyProblem.unknownService', { service: target, action: value, caller })));
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, policy: { version: 1, services } };
}

/** The first problem as one message, for main's refusal: `Line 7, column 3: …`, and how many more there are. */
export function describeProblems(problems: readonly PolicyProblem[]): Msg {
  const first = problems[0];
  if (!first) return msg('services:policyProblem.invalid');
  // atLine/atColumn: a problem's own words may name a line of their own ("declared on line 3").
  const params = { ...first.message.params, problemKey: first.message.key, atLine: first.line, atColumn: first.column };
  return problems.length > 1 ? msg('errors:policyProblem.atMore', { ...params, count: problems.length - 1 }) : msg('errors:policyProblem.at', params);
}

/** jsonc-parser's error codes, each a sentence of the catalog (services:policyProblem.syntax.*). */
const SYNTAX_CODES = new Set([
  'InvalidSymbol',
  'InvalidNumberFormat',
  'PropertyNameExpected',
  'ValueExpected',
  'ColonExpected',
  'CommaExpected',
  'CloseBraceExpected',
  'CloseBracketExpected',
  'EndOfFileExpected',
  'InvalidCommentToken',
  'UnexpectedEndOfComment',
  'UnexpectedEndOfString',
  'UnexpectedEndOfNumber',
  'InvalidUnicode',
  'InvalidEscapeCharacter',
  'InvalidCharacter',
]);

function syntaxProblem(code: string): Msg {
  return SYNTAX_CODES.has(code) ? msg(`services:policyProblem.syntax.${code}`) : msg('services:policyProblem.syntaxOther', { code });
}

function properties(node: Node): Array<[string, Node, Node]> {
  const out: Array<[string, Node, Node]> = [];
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key && value) out.push([String(key.value), key, value]);
  }
  return out;
}

// ---- Questions a policy answers ---------------------------------------------------------------

/** May `caller` call `action` (`service:action`)? */
export function decide(policy: ServicePolicy, caller: string, action: string): PolicyDecision {
  const split = splitAction(action);
  if (!split) return { allowed: false, reason: msg('services:decision.notAction', { action }) };
  const entry = policy.services[caller];
  if (!entry) return { allowed: false, reason: msg('services:decision.callerUnknown', { caller }) };
  if (!policy.services[split.service]) return { allowed: false, reason: msg('services:decision.serviceUnknown', { service: split.service }) };
  if (entry.calls.includes(action)) return { allowed: true, reason: msg('services:decision.allowed', { caller, action }) };
  const there = entry.calls.filter((c) => c.startsWith(`${split.service}:`));
  return {
    allowed: false,
    reason: there.length > 0 ? msg('services:decision.otherActions', { caller, actions: there.join(', '), service: split.service, action: split.action }) : msg('services:decision.nothing', { caller, service: split.service }),
  };
}

/** The actions `caller` may call on `audience`: a token's scope. */
export function scopeFor(policy: ServicePolicy, caller: string, audience: string): string[] {
  return (policy.services[caller]?.calls ?? []).filter((c) => c.startsWith(`${audience}:`));
}

/** Who may call `service`, with which of its actions. */
export function callersOf(policy: ServicePolicy, service: string): Array<{ caller: string; actions: string[] }> {
  return Object.entries(policy.services)
    .map(([caller, entry]) => ({ caller, actions: entry.calls.filter((c) => c.startsWith(`${service}:`)) }))
    .filter((c) => c.actions.length > 0);
}

/** Token lifetime for a service, in seconds. */
export function tokenTtlFor(policy: ServicePolicy, service: string): number {
  const minutes = policy.services[service]?.tokenMinutes;
  return minutes === undefined ? TOKEN_TTL.default : minutes * 60;
}
