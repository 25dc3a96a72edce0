/**
 * Challenge answers (RFC 8555 §8): the key authorization `token.thumbprint` a client publishes to
 * prove it controls a name, as http-01 serves it (§8.3) and as dns-01 puts its digest in a TXT record
 * (§8.4). Comparing is here; fetching is the service's.
 */
import { createHash } from 'node:crypto';

/** Where http-01 looks for the answer. */
export const HTTP01_PATH = '/.well-known/acme-challenge/';
/** The TXT record dns-01 reads, under the name. */
export const DNS01_LABEL = '_acme-challenge';
/** A challenge token: base64url of this many random bytes (§8.1 asks for at least 128 bits). */
export const TOKEN_BYTES = 32;

/** §8.1: the token and the account key's RFC 7638 thumbprint, joined by a dot. */
export function keyAuthorization(token: string, thumbprint: string): string {
  return `${token}.${thumbprint}`;
}

/** §8.4: the TXT value, base64url(SHA-256(key authorization)). */
export function dns01Value(keyAuth: string): string {
  return createHash('sha256').update(keyAuth, 'utf8').digest('base64url');
}

/** §8.3: the body of the http-01 answer is the key authorization; whitespace around it is ignored. */
export function http01Matches(body: string, keyAuth: string): boolean {
  return body.trim() === keyAuth;
}

/** §8.4: one of the TXT records (each a list of strings, joined) is the digest. */
export function dns01Matches(records: readonly (readonly string[])[], keyAuth: string): boolean {
  const expected = dns01Value(keyAuth);
  return records.some((chunks) => chunks.join('').trim() === expected);
}

/** A token is base64url and long enough to be the server's own (a path segment that is anything else is not fetched). */
export function isToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{22,128}$/.test(value);
}
