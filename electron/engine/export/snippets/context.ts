/** What every snippet is written from: validated by ../snippets.ts before any snippet sees it. */
import { ReasonedError } from '../../../../shared/i18n/reasoned-error.js';

export type HostKind = 'dns' | 'ipv4' | 'ipv6';

export interface Context {
  readonly service: string;
  readonly host: string;
  readonly kind: HostKind;
  readonly port: number;
  readonly dir: string;
  readonly hasKey: boolean;
  readonly hasChain: boolean;
  /** host:port as Go and openssl dial it (IPv6 in brackets). */
  readonly hostPort: string;
  readonly url: string;
}

/** Input a snippet refuses, with its reason as data (the window words it; `message` is the English). */
export class SnippetInputError extends ReasonedError {}

export const NO_KEY_NOTE = `key.pem is not in this bundle (the certificate was issued from a CSR): use the private key that made the CSR.`;

/** The note as one more line of a snippet's header comment, when the bundle has no key.pem. */
export function noKeyLine(c: Context, comment: '#' | '//'): string {
  return c.hasKey ? '' : `\n${comment} ${NO_KEY_NOTE}`;
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9._/:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
