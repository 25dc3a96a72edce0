/**
 * The transport-agnostic IPC router: check the sender, validate the input against the contract,
 * call the handler, and wrap the outcome as a Result. Electron's ipcMain and the test harness both
 * call `invoke`; neither does any of these checks itself.
 */
import type { z } from 'zod';
import { contract, events, isChannel, type Channel, type EventName, type EventPayload } from '../../../shared/ipc/contract.js';
import { CertwrightError, type IpcError, type Result } from '../../../shared/ipc/errors.js';
import type { Caller, HandlerContext, Handlers } from './handler.js';

/** Larger inputs are refused before validation: no channel needs more than this. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export interface RouterOptions {
  readonly handlers: Handlers;
  /** The origin our UI is served from, e.g. `app://certwright`. */
  readonly trustedOrigin: string;
  /** Delivers an event to the renderer that made the call. */
  readonly emit: (caller: Caller, event: EventName, payload: unknown) => void;
  /** Delivers an event to our own window without a call to answer (the vault locked itself). */
  readonly broadcast?: (event: EventName, payload: unknown) => void;
  /** Every call that passed the sender check: the user is at the window (postpones the auto-lock). */
  readonly onActivity?: (channel: Channel) => void;
  /** Where unexpected errors are logged (in main only; never sent to the renderer). */
  readonly log?: (message: string, error: unknown) => void;
}

export interface Router {
  invoke(channel: unknown, rawInput: unknown, caller: Caller): Promise<Result<unknown>>;
  /** Sends an event to our own window, unasked; the payload is checked against the contract like `emit`'s. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function isTrustedSender(caller: Caller, trustedOrigin: string): boolean {
  if (!caller.isOwnWindow || !caller.isMainFrame) return false;
  return originOf(caller.url) === trustedOrigin;
}

/**
 * `scheme://host[:port]` of a URL. WHATWG's `URL#origin` is "null" for non-special schemes such as
 * our `app:`, so it is built here from the parts, for every scheme alike.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function fail(code: IpcError['code'], message: string, field?: string): Result<never> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, details: { field } } };
}

function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(input)';
  const message = issue?.code === 'unrecognized_keys' ? `Unexpected field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue?.message ?? 'Invalid input';
  return { field, message };
}

function inputSize(raw: unknown): number {
  try {
    return JSON.stringify(raw ?? null)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise not plain data
  }
}

/** Last line of defence: an output that looks like a private key never leaves main. */
const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

export function createRouter(options: RouterOptions): Router {
  const log = options.log ?? (() => undefined);
  return {
    async invoke(channel, rawInput, caller) {
      if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', `Unknown channel: ${String(channel).slice(0, 80)}`);
      if (!isTrustedSender(caller, options.trustedOrigin)) {
        return fail('UNTRUSTED_SENDER', 'This call did not come from the Certwright window and was refused');
      }
      options.onActivity?.(channel);
      if (inputSize(rawInput) > MAX_INPUT_BYTES) return fail('INVALID_INPUT', 'The input is too large', '(input)');

      const parsed = contract[channel].input.safeParse(rawInput);
      if (!parsed.success) {
        const { field, message } = describeIssue(parsed.error);
        return fail('INVALID_INPUT', field === '(input)' ? message : `${field}: ${message}`, field);
      }

      const ctx: HandlerContext = {
        caller,
        emit<E extends EventName>(event: E, payload: EventPayload<E>) {
          options.emit(caller, event, events[event].parse(payload));
        },
      };
      try {
        const handler = options.handlers[channel] as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
        const value = await handler(parsed.data, ctx);
        if (PRIVATE_KEY_MARKER.test(JSON.stringify(value ?? null))) {
          log(`refused output of ${channel}: it looked like private key material`, undefined);
          return fail('INTERNAL', 'Certwright refused to send key material to the window');
        }
        return { ok: true, value };
      } catch (error) {
        if (error instanceof CertwrightError) return { ok: false, error: error.toIpc() };
        log(`handler for ${channel} failed`, error);
        return fail('INTERNAL', `Something went wrong in ${channel}; see the application log for details`);
      }
    },
    broadcast(event, payload) {
      options.broadcast?.(event, events[event].parse(payload));
    },
  };
}
