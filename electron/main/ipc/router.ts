/**
 * The transport-agnostic IPC router: check the sender, validate the input against the contract,
 * call the handler, check what it answers (against the output's schema in development and test
 * builds; for private-key headers always), and wrap the outcome as a Result. Electron's ipcMain
 * and the test harness both call `invoke`; neither does any of these checks itself.
 */
import type { z } from 'zod';
import { contract, events, isChannel, type Channel, type EventName, type EventPayload } from '../../../shared/ipc/contract.js';
import { CertwrightError, type IpcError, type Result } from '../../../shared/errors.js';
import { english } from '../../../shared/i18n/english.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { IpcError as IpcErrorSchema } from '../../../shared/ipc/outputs.js';
import { parseInput } from '../../../shared/ipc/validate.js';
import { PASSIVE_CHANNELS } from '../../../shared/ipc/channels.js';
import type { Caller, HandlerContext, Handlers } from './handler.js';

/** Larger inputs are refused before validation: no channel needs more than this… */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * …but the channels that take a whole file to inspect (up to 10 MiB, sent as base64: ≈ 13.4 MiB of
 * JSON), whose own schema then holds them to the 10 MiB the window promises. They are read in the
 * untrusted-input worker, under its limits, not here.
 */
export const FILE_INPUT_BYTES = 14 * 1024 * 1024 + 4096;
const FILE_INPUT_CHANNELS: ReadonlySet<string> = new Set(['inspect.input', 'inspect.asn1', 'inspect.addToVault', 'crl.inspect']);

/** …and a bulk issue's list: up to 100,000 service names of up to 64 characters (≈ 6.7 MB as JSON). */
export const BULK_INPUT_BYTES = 8 * 1024 * 1024;
/**
 * …and what a user pastes where the service's own answer says more than "too large": a token (up to
 * 2 MiB reaches the service, which refuses anything past 16 KiB in words, with a JWKS of up to 512 KiB
 * beside it) and a policy (the schema's 2 MiB, against the parser's 1 MiB with its line and column).
 */
export const PASTE_INPUT_BYTES = 3 * 1024 * 1024;
const PASTE_CHANNELS: ReadonlySet<string> = new Set(['jwt.verify', 'policy.save']);
const inputLimit = (channel: string) =>
  FILE_INPUT_CHANNELS.has(channel) ? FILE_INPUT_BYTES : channel === 'certificate.issueBulk' ? BULK_INPUT_BYTES : PASTE_CHANNELS.has(channel) ? PASTE_INPUT_BYTES : MAX_INPUT_BYTES;

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
  /**
   * Check every answer (values and refusals) against its schema in the contract before it is sent;
   * one that does not match becomes INTERNAL and is logged with the channel and the path.
   * Default true; the app turns it off when packaged (`!app.isPackaged`).
   */
  readonly checkOutputs?: boolean;
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

function fail(code: IpcError['code'], reason: Msg, field?: string): Result<never> {
  const message = english(reason);
  return { ok: false, error: field === undefined ? { code, message, reason } : { code, message, reason, details: { field } } };
}

function inputSize(raw: unknown): number {
  try {
    return JSON.stringify(raw ?? null)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise not plain data
  }
}

/**
 * Last line of defence, on in every build: an answer that carries a PEM private-key header (PKCS#8,
 * encrypted PKCS#8, PKCS#1 RSA, SEC1 EC, DSA, OpenSSH; in any letter case) never leaves main. It sees
 * only text; the key bytes themselves in other encodings are what the e2e suite's scan looks for
 * (test/support/key-material.ts), and a Uint8Array or any other non-plain value fails the output
 * schemas in development and test builds.
 */
const PRIVATE_KEY_HEADER = /-{5}\s*BEGIN[ \t]+(?:[A-Z0-9]+[ \t]+)*PRIVATE[ \t]+KEY\s*-{5}/i;

export function looksLikePrivateKey(json: string): boolean {
  return PRIVATE_KEY_HEADER.test(json);
}

/** "certificates.3.subject.commonName: Invalid input" for the log: where the answer broke its contract, never the value. */
export function describeOutputIssues(error: z.ZodError, limit = 3): string {
  const shown = error.issues.slice(0, limit).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(answer)'}: ${issue.message}`);
  return error.issues.length > limit ? `${shown.join('; ')}; and ${error.issues.length - limit} more` : shown.join('; ');
}

export function createRouter(options: RouterOptions): Router {
  const log = options.log ?? (() => undefined);
  const checkOutputs = options.checkOutputs ?? true;

  /** The Result to send for an answer, or the INTERNAL refusal that replaces it. */
  function answer(channel: Channel, value: unknown): Result<unknown> {
    let json: string;
    try {
      json = JSON.stringify(value ?? null) ?? 'null';
    } catch (error) {
      log(`refused output of ${channel}: it is not plain data`, error); // a cycle, a BigInt
      return fail('INTERNAL', msg('errors:router.internal', { channel }));
    }
    if (looksLikePrivateKey(json)) {
      log(`refused output of ${channel}: it looked like private key material`, undefined);
      return fail('INTERNAL', msg('errors:router.keyMaterial'));
    }
    if (checkOutputs) {
      const verdict = contract[channel].output.safeParse(value);
      if (!verdict.success) {
        log(`refused output of ${channel}: the answer did not match its contract at ${describeOutputIssues(verdict.error)}`, undefined);
        return fail('INTERNAL', msg('errors:router.answerBrokeContract', { channel }));
      }
    }
    return { ok: true, value };
  }

  function refusal(channel: Channel, error: CertwrightError): Result<never> {
    const ipc = error.toIpc();
    if (looksLikePrivateKey(JSON.stringify(ipc))) {
      log(`refused error of ${channel}: it looked like private key material`, undefined);
      return fail('INTERNAL', msg('errors:router.keyMaterial'));
    }
    if (checkOutputs) {
      const verdict = IpcErrorSchema.safeParse(ipc);
      if (!verdict.success) {
        log(`refused error of ${channel}: the refusal did not match its contract at ${describeOutputIssues(verdict.error)}`, undefined);
        return fail('INTERNAL', msg('errors:router.answerBrokeContract', { channel }));
      }
    }
    return { ok: false, error: ipc };
  }

  /** Events are small and rare: their schema is checked in every build, and so is the header. */
  function checkedEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
    const parsed = events[event].parse(payload) as EventPayload<E>;
    if (looksLikePrivateKey(JSON.stringify(parsed))) throw new Error(`refused event ${event}: it looked like private key material`);
    return parsed;
  }

  return {
    async invoke(channel, rawInput, caller) {
      if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', msg('errors:router.unknownChannel', { channel: String(channel).slice(0, 80) }));
      if (!isTrustedSender(caller, options.trustedOrigin)) {
        return fail('UNTRUSTED_SENDER', msg('errors:router.untrustedSender'));
      }
      if (!PASSIVE_CHANNELS.has(channel)) options.onActivity?.(channel);
      if (inputSize(rawInput) > inputLimit(channel)) return fail('INVALID_INPUT', msg('errors:router.inputTooLarge'), '(input)');

      const parsed = parseInput(channel, rawInput);
      if (!parsed.ok) return parsed;

      const ctx: HandlerContext = {
        caller,
        emit<E extends EventName>(event: E, payload: EventPayload<E>) {
          options.emit(caller, event, checkedEvent(event, payload));
        },
      };
      let value: unknown;
      try {
        const handler = options.handlers[channel] as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
        value = await handler(parsed.value, ctx);
      } catch (error) {
        if (error instanceof CertwrightError) return refusal(channel, error);
        log(`handler for ${channel} failed`, error);
        return fail('INTERNAL', msg('errors:router.internal', { channel }));
      }
      return answer(channel, value);
    },
    broadcast(event, payload) {
      options.broadcast?.(event, checkedEvent(event, payload));
    },
  };
}
