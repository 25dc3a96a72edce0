/**
 * The Host rule of a local listener, against DNS rebinding: a web page on attacker.example can make
 * its own name resolve to 127.0.0.1 and so reach a local port from the browser, but its requests still
 * say `Host: attacker.example:PORT`. A listener serves only requests whose Host names the listener
 * itself: the address it is bound to (and `localhost`) on its port, plus any URL the user configured
 * that points at it.
 *
 * The port may be left out: OpenSSL 3.0's HTTP client (`openssl ocsp -url http://127.0.0.1:8960`)
 * sends `Host: 127.0.0.1`. A browser always names the port it connected to unless it is the scheme's
 * default, which no listener here uses (ports below 1024 are refused).
 */
import { isLoopbackIp } from '../../../shared/validation/san.js';

export interface HostName {
  /** Lower-case, IPv6 literals in brackets (`[::1]`), as `URL#hostname` spells them. */
  readonly name: string;
  /** null: the header may omit it. */
  readonly port: number | null;
}

/** `name[:port]` or `[v6][:port]` → its parts, or null when it is not a plain Host value. */
export function parseHostHeader(header: string): HostName | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(header.trim().toLowerCase());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65_535)) return null;
  return { name: match[1]!, port };
}

/** The address as it appears in a URL and a Host header: IPv6 in brackets. */
export function hostLiteral(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

export function isLoopback(address: string): boolean {
  return isLoopbackIp(address);
}

/** The names a listener bound to `address` answers to: the literal and `localhost`. */
export function loopbackNames(address: string): string[] {
  return [hostLiteral(address), 'localhost'];
}

/** The names a listener bound to `address` answers to: on loopback also `localhost`, elsewhere the address alone. */
export function ownNames(address: string): string[] {
  return isLoopback(address) ? loopbackNames(address) : [hostLiteral(address)];
}

/**
 * The host of a configured http:// URL when it points at this listener (its port is the listener's),
 * else null: an https URL, another port or a malformed value cannot be this plain-HTTP listener.
 */
export function hostOfUrlServedHere(url: string | null, port: number): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' || Number(parsed.port || 80) !== port) return null;
  return parsed.hostname.toLowerCase();
}

/** Whether a request's Host header names this listener (on `port`, under one of `names`). */
export function hostIsOwn(header: string | undefined, port: number, names: readonly string[]): boolean {
  if (header === undefined) return false;
  const host = parseHostHeader(header);
  return host !== null && (host.port === null || host.port === port) && names.includes(host.name);
}
