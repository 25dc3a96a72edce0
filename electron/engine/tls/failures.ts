/**
 * What a failed TLS connection means, in words a security engineer can act on: Node's errors for
 * OpenSSL's alerts and reasons, named and explained. The endpoint probe (services/tls-probe.ts) and
 * the bundle proof (services/prove-bundle.ts) both read their errors here, so a rejected client
 * certificate reads the same whichever one met it. Pure: error codes and messages in, sentences out —
 * as catalog texts (`x509:tls.*`, shared/i18n/message.ts) the window words in its language and the
 * CLI in English. OpenSSL's reasons and the peer's own words are quoted as they are.
 */
import { msg, type Msg } from '../../../shared/i18n/message.js';
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

/** Did OpenSSL give up because what came back is not TLS at all (a plain-HTTP port, another protocol)? */
export function isNotTlsError(error: unknown): boolean {
  return NOT_TLS_CODES.has(errorCode(error));
}

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
  readonly caHint: Msg | null;
}

const seconds = (ms: number): number => Number((ms / 1000).toFixed(1));

/** Another text nested in this one's words (`$t({{<name>Key}})` in the catalog), with its parameters. */
export const nestedMsg = (name: string, inner: Msg) => ({ ...inner.params, [`${name}Key`]: inner.key });

function withHint(sentence: Msg, hint: Msg | null): Msg {
  return hint === null ? sentence : msg('x509:tls.withHint', { ...nestedMsg('sentence', sentence), ...nestedMsg('hint', hint) });
}

export function explainTimeout(connected: boolean, s: Situation): Msg {
  const params = { endpoint: s.target.endpoint, seconds: seconds(s.target.timeoutMs) };
  return msg(connected ? 'x509:tls.noTlsAnswer' : 'x509:tls.connectTimeout', params);
}

/** Quotes the first line of a non-TLS reply when it is text (an HTTP status line, an SSH or SMTP banner). */
export function explainNotTls(endpoint: string, firstBytes: Uint8Array): Msg {
  const firstLine = Buffer.from(firstBytes).toString('latin1').split(/\r?\n/)[0]!.slice(0, 60);
  if (/^HTTP\/\d/.test(firstLine)) return msg('x509:tls.plainHttpReplied', { endpoint, reply: firstLine.replace(/[^\x20-\x7e]/g, '?') });
  if (/^[\x20-\x7e]{4,}$/.test(firstLine)) return msg('x509:tls.notTlsSent', { endpoint, reply: firstLine });
  return msg('x509:tls.notTlsRecord', { endpoint });
}

/**
 * Why tls.connect would not take the client certificate and key. Only OpenSSL's reason is quoted:
 * other errors can carry (part of) the value they were given, and that value is a private key.
 */
export function explainClientMaterial(error: NodeJS.ErrnoException): Msg {
  if (error.code === KEY_MISMATCH_CODE) return msg('x509:tls.keyMismatch');
  const reason = error.code?.startsWith('ERR_OSSL_') ? opensslReason(error) : null;
  return reason ? msg('x509:tls.clientMaterialReason', { reason }) : msg('x509:tls.clientMaterial');
}

export function explainError(error: NodeJS.ErrnoException, s: Situation): Msg {
  const { endpoint, host, servername } = s.target;
  const code = errorCode(error);
  if (NOT_TLS_CODES.has(code)) return msg('x509:tls.plainHttp', { endpoint });
  switch (code) {
    case 'ECONNREFUSED':
      return msg('x509:tls.refused', { endpoint });
    case 'ENOTFOUND':
      return msg('x509:tls.notFound', { host });
    case 'EAI_AGAIN':
      return msg('x509:tls.dnsAgain', { host });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return msg('x509:tls.unreachable', { endpoint });
    case 'ETIMEDOUT':
      return explainTimeout(false, s);
    case 'ECONNRESET':
    case 'EPIPE':
      return msg('x509:tls.reset', { endpoint });
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return withHint(msg('x509:tls.certificateRequired', { endpoint }), s.caHint);
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
      return withHint(msg('x509:tls.unknownCa', { endpoint }), s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
      return withHint(msg('x509:tls.badCertificate', { endpoint }), s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return withHint(msg('x509:tls.certificateUnknown', { endpoint }), s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
      return msg('x509:tls.certificateExpired', { endpoint });
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED':
      return msg('x509:tls.certificateRevoked', { endpoint });
    case 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE':
      return msg('x509:tls.unsupportedCertificate', { endpoint });
    case 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED':
      return msg('x509:tls.accessDenied', { endpoint });
    case 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR':
      return msg(s.clientPresented ? 'x509:tls.decryptErrorClient' : 'x509:tls.decryptError', { endpoint });
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      if (s.requested === true && !s.clientPresented) return withHint(msg('x509:tls.handshakeFailureNoClient', { endpoint }), s.caHint);
      if (s.requested === true) return withHint(msg('x509:tls.handshakeFailureClient', { endpoint }), s.caHint);
      return msg('x509:tls.handshakeFailure', { endpoint });
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
    case 'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY':
      return msg('x509:tls.protocolVersion', { endpoint });
    case 'ERR_SSL_TLSV1_ALERT_UNRECOGNIZED_NAME':
    case 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME':
      return servername === null ? msg('x509:tls.needsSni', { endpoint }) : msg('x509:tls.unrecognizedName', { endpoint, servername });
    case 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL':
      return msg('x509:tls.noApplicationProtocol', { endpoint, alpn: s.target.alpn.join(', ') });
    case 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR':
      return msg('x509:tls.internalError', { endpoint });
    default: {
      const alert = alertOfCode(code);
      if (alert) return msg('x509:tls.otherAlert', { endpoint, alert: alert.rfc });
      const reason = opensslReason(error) ?? code;
      return reason ? msg('x509:tls.handshakeFailed', { endpoint, reason }) : msg('x509:tls.handshakeFailedNoReason', { endpoint });
    }
  }
}

/** Where a server hung up without an alert while a client certificate was in play. */
export type HangUp = 'after-handshake' | 'during-handshake';

export function explainHangUp(s: Situation, when: HangUp): Msg {
  const endpoint = s.target.endpoint;
  const after = when === 'after-handshake';
  if (!s.clientPresented) return msg(after ? 'x509:tls.hangUpAfterMayRequire' : 'x509:tls.hangUpDuringMayRequire', { endpoint });
  if (s.caHint === null) return msg(after ? 'x509:tls.hangUpAfterRejected' : 'x509:tls.hangUpDuringRejected', { endpoint });
  return msg(after ? 'x509:tls.hangUpAfterRejectedHint' : 'x509:tls.hangUpDuringRejectedHint', { endpoint, ...nestedMsg('hint', s.caHint) });
}

/** Is the error a TLS alert from the peer (whether or not it is one named here)? */
export function isTlsAlert(error: unknown): boolean {
  return /^ERR_SSL_.*ALERT/.test(errorCode(error));
}
