/**
 * The one list of error codes that may cross IPC. The renderer shows `message` and may branch on `code`;
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
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Optional, plain data only: for INVALID_INPUT, the dotted path of the offending field. */
  readonly details?: { readonly field?: string };
}

/** Thrown inside main; the router turns it into an {@link IpcError}. */
export class CertwrightError extends Error {
  readonly code: ErrorCode;
  readonly details?: IpcError['details'];

  constructor(code: ErrorCode, message: string, details?: IpcError['details']) {
    super(message);
    this.name = 'CertwrightError';
    this.code = code;
    this.details = details;
  }

  toIpc(): IpcError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };
