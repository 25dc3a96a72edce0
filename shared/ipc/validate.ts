/**
 * A channel's input checked against its schema in the contract: the one check the window's calls
 * (through the router) and the CLI's (straight to the services) both pass, with the same refusal.
 */
import type { z } from 'zod';
import { atField, type IpcError, type Result } from '../errors.js';
import { english } from '../i18n/english.js';
import { msg, type Msg } from '../i18n/message.js';
import { asData, messageAsData } from '../validation/schema-messages.js';
import { contract, type Channel, type ValidInput } from './contract.js';

/**
 * The first issue as data: its field's dotted path ('(input)' for the whole) and its reason — a
 * schema's own message (a `validation` key, see shared/validation/schema-messages.ts) or zod's
 * built-in one, which the window words again through zod's locale in its language
 * (renderer/i18n/error-text.ts). `message` is the English the CLI prints and the tests quote.
 */
export function describeIssue(error: z.ZodError): { field: string; message: string; reason: Msg } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(input)';
  const reason = !issue
    ? msg('validation:invalidInput')
    : issue.code === 'unrecognized_keys'
      ? msg('validation:unexpectedField', { keys: issue.keys.map((k) => `"${k}"`).join(', ') })
      : (messageAsData(issue.message) ?? msg('validation:zod', { words: issue.message, issue: zodIssueData(issue) }));
  return { field, message: english(reason), reason };
}

/** What zod's locales need to word a built-in issue again (never the input itself: only its type). */
function zodIssueData(issue: z.core.$ZodIssue): string {
  const { path: _path, message: _message, input, ...rest } = issue as z.core.$ZodIssue & { input?: unknown };
  const plain = Object.fromEntries(Object.entries(rest).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x)))));
  const received = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input === 'number' && Number.isNaN(input) ? 'nan' : typeof input;
  return JSON.stringify({ ...plain, ...(issue.code === 'invalid_type' ? { received } : {}) });
}

export function invalidInput(message: string, field?: string, reason?: Msg): { readonly ok: false; readonly error: IpcError } {
  const said = reason ? { reason } : {};
  return { ok: false, error: field === undefined ? { code: 'INVALID_INPUT', message, ...said } : { code: 'INVALID_INPUT', message, ...said, details: { field } } };
}

export function parseInput<C extends Channel>(channel: C, raw: unknown): Result<ValidInput<C>> {
  // As data: a schema's own refusal keeps its key; reportInput lets zodIssueData name the type received.
  // zod words the issues when they are first read (its error is a getter): read them inside asData too.
  const parsed = asData(() => {
    const result = contract[channel].input.safeParse(raw, { reportInput: true });
    return result.success ? result : { success: false as const, issue: describeIssue(result.error) };
  });
  if (parsed.success) return { ok: true, value: parsed.data as ValidInput<C> };
  const { field, reason } = parsed.issue;
  const shown = field === '(input)' ? reason : atField(field, reason.key, reason.params);
  return invalidInput(english(shown), field, shown);
}
