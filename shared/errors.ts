import { english } from './i18n/english.js';
import { msg, type Msg, type MsgParams } from './i18n/message.js';

/**
 * The one list of error codes that may cross IPC. The renderer words `reason` (or the code) in the user's language and may branch on `code`;
 * nothing else (no stack, no key material) ever leaves the main process.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'VAULT_MISSING',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'VAULT_BUSY',
  'WRONG_PASSPHRASE',
  'VAULT_CORRUPT',
  /** A vault file failed its authentication or was rolled back: nothing is signed, published or exported from it. */
  'VAULT_TAMPERED',
  /** A backup file that is damaged, truncated, tampered with or from a newer Certwright. */
  'BACKUP_INVALID',
  'NOT_FOUND',
  /** A leaf was to be signed by a root CA without the input's explicit acknowledgement (shared/domain/hierarchy.ts). */
  'ROOT_ISSUER_UNCONFIRMED',
  'CRYPTO_FAILURE',
  /** A long operation stopped by operation.cancel before it wrote anything (an RSA key abandoned while being generated). */
  'CANCELLED',
  'STORAGE_FAILURE',
  /** No URL of a remote authority (a step-ca server) answered — nothing was done there — or the connection was lost mid-request (the message says the server may have acted). */
  'REMOTE_UNREACHABLE',
  /** A step-ca server answered with a refusal, another root than the pinned one, or an answer that is not its API's. */
  'REMOTE_REFUSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  readonly code: ErrorCode;
  /** English, for logs and the CLI. The window words `reason` in the user's language when there is one. */
  readonly message: string;
  /** The message as data (a catalog key and its parameters): what the window shows, translated. */
  readonly reason?: Msg;
  /** Optional, plain data only: for INVALID_INPUT, the dotted path of the offending field. */
  readonly details?: { readonly field?: string };
}

/** Thrown inside main; the router turns it into an {@link IpcError}. */
export class CertwrightError extends Error {
  readonly code: ErrorCode;
  readonly details?: IpcError['details'];
  readonly reason?: Msg;

  /** `message`: a {@link Msg} (worded in English here, in the user's language by the window) or, for now, English text. */
  constructor(code: ErrorCode, message: string | Msg, details?: IpcError['details']) {
    super(typeof message === 'string' ? message : english(message));
    this.name = 'CertwrightError';
    this.code = code;
    this.details = details;
    if (typeof message !== 'string') this.reason = message;
  }

  toIpc(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** The key of a refusal about one field: "field: text", where text is a catalog key of its own, nested. */
const AT_FIELD = 'errors:atField';

/**
 * A refusal about one input field as data: worded "validity: The certificate would…" (the `field: `
 * prefix the CLI, logs and tests know), with the text's own key and parameters nested, so the
 * window can also show the text alone beside the field ({@link fieldReason}).
 */
export const atField = (field: string, key: string, params?: MsgParams): Msg => msg(AT_FIELD, { ...params, field, text: key });

/** The text of an {@link atField} reason without its field; null for any other reason. */
export function fieldReason(reason: Msg): Msg | null {
  const text = reason.params?.text;
  return reason.key === AT_FIELD && typeof text === 'string' ? msg(text, reason.params) : null;
}
