/**
 * What a failed TLS connection means, in words a security engineer can act on: Node's errors for
 * OpenSSL's alerts and reasons, named and explained. The endpoint probe (services/tls-probe.ts) and
 * the bundle proof (services/prove-bundle.ts) both read their errors here, so a rejected client
 * certificate reads the same whichever one met it. Pure: error codes and messages in, sentences out.
 */
import { alertOfCode, type AlertName } from '../peer-errors.js';

/** The error Node raises when a certificate and key given for a connection are not a pair. */
export const KEY_MISMATCH_CODE = 'ERR_OSSL_X509_KEY_VALUES_MISMATCH';

/** The reason OpenSSL gives in a Node error ("…:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:…"). */
export function opensslReason(error: Error): string | null {
  return /:[A-Za-z0-9 ]+ routines:[^:]*:([^:\n]+)/.exec(error.message)?.[1]?.trim() ?? null;
}

/**
 * The error's code. Node names most TLS errors after OpenSSL's reason (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA),
 * but some socket-level ones only 'EPROTO' with the reason in the message; this gives those their
 * proper name. `fallback` when the error has no code at all.
 */
export function errorCode(error: unknown, fallback = ''): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = code === 'EPROTO' && error instanceof Error ? opensslReason(error) : null;
  if (reason !== null) return `ERR_SSL_${reason.toUpperCase().replace(/\W+/g, '_')}`;
  return typeof code === 'string' && code !== '' ? code : fallback;
}

/** The TLS alert the error reports, or null when it is not one. */
export function alertOf(error: unknown): AlertName | null {
  return alertOfCode(errorCode(error));
}

/** Alerts that are a verdict on the client certificate (or on its absence). */
const CLIENT_CERTIFICATE_ALERTS: ReadonlySet<string> = new Set(['certificate_required', 'bad_certificate', 'unknown_ca', 'certificate_unknown', 'certificate_expired', 'certificate_revoked', 'unsupported_certificate', 'access_denied']);

/** Is this an alert about the client certificate? decrypt_error counts when one was presented: its signature did not verify. */
export function isClientCertificateAlert(error: unknown, clientPresented: boolean): boolean {
  const alert = alertOf(error)?.rfc;
  return alert !== undefined && (CLIENT_CERTIFICATE_ALERTS.has(alert) || (clientPresented && alert === 'decrypt_error'));
}

const NOT_TLS_CODES: ReadonlySet<string> = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

// ---- Words for a connection to an endpoint ----------------------------------------------------------

/** The endpoint as the words name it. */
export interface TlsTarget {
  readonly host: string;
  /** SNI; null when none was sent. */
  readonly servername: string | null;
  /** "localhost:8443", "[::1]:443". */
  readonly endpoint: string;
  readonly timeoutMs: number;
  /** The ALPN protocols offered. */
  readonly alpn: readonly string[];
}

/** What a message needs to know about the attempt. */
export interface Situation {
  readonly target: TlsTarget;
  readonly clientPresented: boolean;
  /** Did the server ask for a client certificate? null: could not be seen. */
  readonly requested: boolean | null;
  /** What the server's list of acceptable CAs says about the client certificate, if anything. */
  readonly caHint: string | null;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function withHint(sentence: string, hint: string | null): string {
  return hint === null ? sentence : `${sentence}; ${hint}`;
}

export function explainTimeout(connected: boolean, s: Situation): string {
  if (!connected) return `could not connect to ${s.target.endpoint} within ${seconds(s.target.timeoutMs)}: nothing answered (a firewall may be dropping the connection)`;
  return `no TLS answer from ${s.target.endpoint} within ${seconds(s.target.timeoutMs)}: the port is open but the server never answered the TLS hello`;
}

/** Quotes the first line of a non-TLS reply when it is text (an HTTP status line, an SSH or SMTP banner). */
export function explainNotTls(endpoint: string, firstBytes: Uint8Array): string {
  const firstLine = Buffer.from(firstBytes).toString('latin1').split(/\r?\n/)[0]!.slice(0, 60);
  if (/^HTTP\/\d/.test(firstLine)) return `${endpoint} did not answer in TLS — is this a plain-HTTP port? (it replied "${firstLine.replace(/[^\x20-\x7e]/g, '?')}")`;
  if (/^[\x20-\x7e]{4,}$/.test(firstLine)) return `${endpoint} did not answer in TLS (it sent "${firstLine}")`;
  return `${endpoint} did not answer in TLS: what it sent is not a TLS record`;
}

/**
 * Why tls.connect would not take the client certificate and key. Only OpenSSL's reason is quoted:
 * other errors can carry (part of) the value they were given, and that value is a private key.
 */
export function explainClientMaterial(error: NodeJS.ErrnoException): string {
  if (error.code === KEY_MISMATCH_CODE) return 'the client key does not belong to the client certificate: pick the matching key';
  const reason = error.code?.startsWith('ERR_OSSL_') ? opensslReason(error) : null;
  return `the client certificate or key could not be loaded${reason ? ` (${reason})` : ''}: give PEM certificates, leaf first, and its unencrypted PKCS#8 key`;
}

export function explainError(error: NodeJS.ErrnoException, s: Situation): string {
  const { endpoint, host, servername } = s.target;
  const code = errorCode(error);
  if (NOT_TLS_CODES.has(code)) return `${endpoint} did not answer in TLS — is this a plain-HTTP port?`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused on ${endpoint}: nothing is listening there`;
    case 'ENOTFOUND':
      return `${host} does not resolve: DNS has no address for it (check the spelling, or the DNS/VPN this machine uses)`;
    case 'EAI_AGAIN':
      return `${host} could not be resolved: the DNS lookup failed temporarily (is this machine offline?)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${endpoint} is unreachable: there is no network route to it (check the address, VPN or firewall)`;
    case 'ETIMEDOUT':
      return explainTimeout(false, s);
    case 'ECONNRESET':
    case 'EPIPE':
      return `${endpoint} closed the connection during the TLS handshake without an alert: a firewall, a proxy, or a server that refuses this client can do that`;
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return withHint(`${endpoint} requires a client certificate and none was presented: pick one to present`, s.caHint);
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
      return withHint(`${endpoint} does not trust the CA that issued the client certificate (unknown_ca alert)`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
      return withHint(`${endpoint} rejected the client certificate (bad_certificate alert): check its chain, validity, and that it is made for clientAuth`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return withHint(`${endpoint} could not accept the client certificate (certificate_unknown alert): check its chain, validity, and that it is made for clientAuth`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
      return `${endpoint} rejected the client certificate as expired or not yet valid (certificate_expired alert)`;
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED':
      return `${endpoint} rejected the client certificate as revoked (certificate_revoked alert)`;
    case 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE':
      return `${endpoint} cannot use the client certificate (unsupported_certificate alert): check its key type and that its extended key usage includes clientAuth`;
    case 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED':
      return `${endpoint} verified the client certificate but denied it access (access_denied alert): this identity is not authorized there`;
    case 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR':
      return s.clientPresented
        ? `${endpoint} could not verify a signature in the handshake (decrypt_error alert): does the client key belong to the client certificate?`
        : `${endpoint} could not verify a signature in the handshake (decrypt_error alert)`;
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      if (s.requested === true && !s.clientPresented) return withHint(`${endpoint} requires a client certificate and none was presented (handshake_failure alert): pick one to present`, s.caHint);
      if (s.requested === true) return withHint(`${endpoint} aborted the handshake after asking for a client certificate (handshake_failure alert): it probably refused the certificate`, s.caHint);
      return `${endpoint} aborted the handshake (handshake_failure alert): it shares no cipher suite, signature algorithm or curve with a modern client`;
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
    case 'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY':
      return `${endpoint} refused both TLS 1.2 and TLS 1.3 (protocol_version alert): it probably speaks only TLS 1.0/1.1, which are insecure and disabled here`;
    case 'ERR_SSL_TLSV1_ALERT_UNRECOGNIZED_NAME':
    case 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME':
      return servername === null
        ? `${endpoint} needs a server name (SNI) to pick a certificate: give the DNS name it serves`
        : `${endpoint} does not serve the name "${servername}" (unrecognized_name alert): check the server name (SNI)`;
    case 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL':
      return `${endpoint} supports none of the application protocols offered (${s.target.alpn.join(', ')}): it expects another ALPN protocol`;
    case 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR':
      return `${endpoint} reported an internal error during the handshake (internal_error alert): see the server's log`;
    default: {
      const alert = alertOfCode(code);
      if (alert) return `${endpoint} ended the TLS handshake with the ${alert.rfc} alert`;
      return `the TLS handshake with ${endpoint} failed: ${opensslReason(error) ?? (code || 'for no reason given')}`;
    }
  }
}

/** Where a server hung up without an alert while a client certificate was in play. */
export type HangUp = 'after-handshake' | 'during-handshake';

export function explainHangUp(s: Situation, when: HangUp): string {
  const sentence =
    when === 'after-handshake'
      ? `${s.target.endpoint} closed the connection right after the handshake without saying why`
      : `${s.target.endpoint} asked for a client certificate, then closed the connection during the handshake without saying why`;
  if (!s.clientPresented) return `${sentence}: it may require a client certificate`;
  const rejected = `${sentence}: it most likely rejected the client certificate`;
  return s.caHint === null ? `${rejected} (servers do this when they do not trust the CA that issued it, or when it has expired or is not made for clientAuth)` : `${rejected}; ${s.caHint}`;
}

/** Is the error a TLS alert from the peer (whether or not it is one named here)? */
export function isTlsAlert(error: unknown): boolean {
  return /^ERR_SSL_.*ALERT/.test(errorCode(error));
}
