/**
 * A channel's input checked against its schema in the contract: the one check the window's calls
 * (through the router) and the CLI's (straight to the services) both pass, with the same refusal.
 */
import type { z } from 'zod';
import type { IpcError, Result } from '../errors.js';
import { contract, type Channel, type ValidInput } from './contract.js';

/** "field: message" of the first issue, and the field's dotted path ('(input)' for the whole). */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(input)';
  const message = issue?.code === 'unrecognized_keys' ? `Unexpected field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue?.message ?? 'Invalid input';
  return { field, message };
}

export function invalidInput(message: string, field?: string): { readonly ok: false; readonly error: IpcError } {
  return { ok: false, error: field === undefined ? { code: 'INVALID_INPUT', message } : { code: 'INVALID_INPUT', message, details: { field } } };
}

export function parseInput<C extends Channel>(channel: C, raw: unknown): Result<ValidInput<C>> {
  const parsed = contract[channel].input.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as ValidInput<C> };
  const { field, message } = describeIssue(parsed.error);
  return invalidInput(field === '(input)' ? message : `${field}: ${message}`, field);
}
