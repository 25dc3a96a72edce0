/**
 * The renderer's only door to main: `window.certwright`, installed by the preload (or, in the
 * end-to-end tests, by the harness bridge). Its type is derived from the contract, never written here.
 */
import type { CertwrightApi, Channel, EventName, EventPayload, Input, Output } from '../../shared/ipc/contract.js';
import { fieldReason, type IpcError, type Result } from '../../shared/errors.js';
import { english } from '../../shared/i18n/english.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { errorText, fieldErrorText } from '../i18n/error-text.js';

declare global {
  interface Window {
    readonly certwright?: CertwrightApi;
  }
}

export type { IpcError, Result };

/** A failure of the transport itself: its reason worded in the window's language, its message in English (as main's are). */
function failure(reason: Msg): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message: english(reason), reason } };
}

/** Answers about the vault itself rather than the call: the app, not the view that called, deals with them. */
export type VaultRefusal = IpcError & { readonly code: 'VAULT_LOCKED' | 'VAULT_TAMPERED' };

const refusalListeners = new Set<(error: VaultRefusal) => void>();

/**
 * Hears every call that main answered with VAULT_LOCKED or VAULT_TAMPERED, whichever view made it:
 * the one place the app learns the vault locked under it or failed its integrity check.
 * Returns the function that stops listening.
 */
export function onVaultRefusal(listener: (error: VaultRefusal) => void): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}

function isVaultRefusal(error: IpcError): error is VaultRefusal {
  return error.code === 'VAULT_LOCKED' || error.code === 'VAULT_TAMPERED';
}

/**
 * Calls a channel and always resolves to a Result: a missing bridge or a broken transport becomes
 * an error the UI can show, never an exception that takes the window down.
 */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Output<C>>> {
  const api = window.certwright;
  if (!api) return failure(msg('app:ipc.noBridge'));
  try {
    const method = api[channel] as (input: Input<C>) => Promise<Result<Output<C>>>;
    const result = await method(input);
    if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      return failure(msg('app:ipc.unreadable', { channel }));
    }
    if (!result.ok && isVaultRefusal(result.error)) for (const listener of refusalListeners) listener(result.error);
    return result;
  } catch (error) {
    return failure(msg('app:ipc.failed', { channel, error: error instanceof Error ? error.message : String(error) }));
  }
}

/** Subscribes to an event; returns the function that unsubscribes (a no-op if there is no bridge). */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const api = window.certwright;
  if (!api) return () => undefined;
  try {
    return api.on(event, listener);
  } catch {
    return () => undefined;
  }
}

/** The field an INVALID_INPUT error names, e.g. `subject.commonName`; undefined otherwise. */
export function errorField(error: IpcError): string | undefined {
  return error.code === 'INVALID_INPUT' ? error.details?.field : undefined;
}

/**
 * The error's text in the window's language without the `field: ` prefix, for showing next to that
 * field. Falls back to the whole text.
 */
export function fieldMessage(error: IpcError): string {
  return errorField(error) === undefined ? errorText(error) : fieldErrorText(error);
}

/** The error as it reads beside its field (for an alert placed at the field): message and reason without the `field: `. */
export function withoutField(error: IpcError): IpcError {
  const alone = errorField(error) !== undefined && error.reason ? fieldReason(error.reason) : null;
  const field = errorField(error);
  const message = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
  return { ...error, message, ...(alone ? { reason: alone } : {}) };
}

/** A fresh id to correlate a long operation with its progress events. */
export function newOperationId(): string {
  return crypto.randomUUID();
}
