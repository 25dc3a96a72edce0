/**
 * A local HTTP listener with the rules every listener of Certwright follows (DESIGN.md §3): bound to
 * 127.0.0.1 (another address only when the user names one: an ACME server for a private network),
 * serving only requests whose Host names it (DNS rebinding), with a cap on the request body, on
 * headers and on concurrent connections, and short timeouts. What it costs to answer (a signature)
 * is the handler's to budget, with a RateBudget. Refusals are plain text unless the listener speaks
 * a protocol with its own error documents (ACME's problem+json).
 *
 * With `tls` it serves HTTPS under the same rules, and may ask the client for a certificate (mutual
 * TLS): the handshake completes whatever the client sends, and the handler gets OpenSSL's verdict,
 * so a caller is refused with an HTTP answer it can read rather than a bare TLS alert.
 */
import type { X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureContextOptions, TLSSocket } from 'node:tls';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { hostIsOwn, hostLiteral, ownNames } from './host.js';

/** Where local listeners bind: the loopback address, never all interfaces. */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** Concurrent connections per listener; more are dropped at once rather than queued. */
export const MAX_CONNECTIONS = 32;
/** Request line and headers together. */
const MAX_HEADER_BYTES = 16 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A client that opens a connection and never finishes the TLS handshake holds a slot this long. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

export type LocalMethod = 'GET' | 'HEAD' | 'POST';

/** What the TLS handshake learnt about the client, on a listener that asks for a certificate. */
export interface LocalPeer {
  /** The client's certificate; null when it sent none. */
  readonly certificate: X509Certificate | null;
  /** OpenSSL's verdict against `clientCasPem`: chain, signatures, dates and the clientAuth purpose. */
  readonly authorized: boolean;
  /** OpenSSL's reason when not authorized (e.g. `CERT_HAS_EXPIRED`); null when authorized. */
  readonly authorizationError: string | null;
}

export interface LocalRequest {
  readonly method: LocalMethod;
  /** The request target as sent (path and query). */
  readonly path: string;
  /** The body of a POST (at most maxBodyBytes); null for GET and HEAD. */
  readonly body: Uint8Array | null;
  readonly contentType: string | null;
  /** The client's certificate and its verdict; null unless the listener asks for one (`tls.clientCasPem`). */
  readonly peer: LocalPeer | null;
}

export interface LocalReply {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array | string;
  /** More response headers (Content-Type, Content-Length and `Cache-Control: no-store` are always set). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The TLS side of an HTTPS listener. */
export interface LocalTls {
  /** PEM: the server's certificate, then the intermediates a client needs to reach its trust anchor. */
  readonly certChainPem: string;
  readonly keyPem: string;
  /**
   * PEM: the certificates a client certificate must chain to. With them the listener asks for one
   * but does not require it (the handler decides, from `LocalRequest.peer`).
   */
  readonly clientCasPem?: string;
}

export interface LocalHttpOptions {
  /** The address to bind, an IP literal: 127.0.0.1 unless the user named another. */
  readonly bind?: string;
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
  readonly methods: readonly LocalMethod[];
  readonly maxBodyBytes: number;
  readonly maxConnections?: number;
  /**
   * Host names besides the loopback ones under which this listener is reached, asked per request
   * (a setting may change while it runs): the host of a configured URL that points here.
   */
  readonly alsoKnownAs?: (port: number) => readonly string[];
  /** Told about every request refused before the handler saw it (for tests and logs). */
  readonly onRefused?: (reason: 'host' | 'method' | 'size', request: IncomingMessage) => void;
  /** HTTPS instead of HTTP. */
  readonly tls?: LocalTls;
  /** How a refusal made here (wrong Host, method, size; a failure) is written; plain text by default. */
  readonly refusal?: (status: number, message: string) => LocalReply;
  /** Headers every answer carries, refusals included (ACME's fresh Replay-Nonce). */
  readonly common?: () => Readonly<Record<string, string>>;
  readonly handle: (request: LocalRequest) => Promise<LocalReply>;
}

export interface RunningListener {
  /** http://ADDRESS:PORT (https:// with `tls`), ADDRESS 127.0.0.1 unless bound elsewhere */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface RunningTlsListener extends RunningListener {
  /** Serves new connections with this certificate and key (a short-lived certificate renewed while running). */
  setTls(tls: LocalTls): void;
}

/** Why a listener could not start, in the words of the setting to change (the port, the address). */
function listenRefusal(error: NodeJS.ErrnoException, bind: string, port: number | undefined): Error {
  if (error.code === 'EADDRINUSE') return new CertwrightError('INVALID_INPUT', atField('port', 'errors:listeners.portInUse', { port: String(port), bind }), { field: 'port' });
  if (error.code === 'EADDRNOTAVAIL') return new CertwrightError('INVALID_INPUT', atField('bind', 'errors:listeners.notLocal', { bind }), { field: 'bind' });
  return error;
}

const text = (status: number, message: string): LocalReply => ({ status, type: 'text/plain; charset=utf-8', body: `${message}\n` });

/** The body, or null when it is larger than `limit` (reading stops there). */
async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function secureContext(tls: LocalTls): SecureContextOptions {
  return { cert: tls.certChainPem, key: tls.keyPem, minVersion: 'TLSv1.2', ...(tls.clientCasPem === undefined ? {} : { ca: tls.clientCasPem }) };
}

function peerOf(socket: TLSSocket): LocalPeer {
  const certificate = socket.getPeerX509Certificate() ?? null;
  // Typed as an Error, but Node hands over OpenSSL's code as a string.
  const error = socket.authorizationError as unknown;
  const reason = typeof error === 'string' ? error : error instanceof Error ? error.message : 'unknown';
  return { certificate, authorized: socket.authorized, authorizationError: socket.authorized ? null : reason };
}

export function startLocalHttpListener(options: LocalHttpOptions & { readonly tls: LocalTls }): Promise<RunningTlsListener>;
export function startLocalHttpListener(options: LocalHttpOptions): Promise<RunningListener>;
export async function startLocalHttpListener(options: LocalHttpOptions): Promise<RunningListener | RunningTlsListener> {
  const bind = options.bind ?? LOOPBACK_ADDRESS;
  const names = ownNames(bind);
  const askForCertificate = options.tls?.clientCasPem !== undefined;
  const refusal = options.refusal ?? text;
  let port = 0;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const reply = ({ status, type, body, headers }: LocalReply, close = false) => {
      if (response.headersSent) return;
      response.writeHead(status, { ...options.common?.(), ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...(close ? { Connection: 'close' } : {}) });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const refuse = (reason: 'host' | 'method' | 'size', answer: LocalReply) => {
      options.onRefused?.(reason, request);
      // The body (if any) is not read: the connection ends with the answer.
      reply(answer, true);
    };
    void (async () => {
      const host = request.headers.host;
      if (!hostIsOwn(host, port, names) && !hostIsOwn(host, port, options.alsoKnownAs?.(port) ?? [])) {
        return refuse('host', refusal(421, `This is a local responder; it answers only as ${names.map((n) => `${n}:${port}`).join(' or ')}`));
      }
      const method = request.method as LocalMethod;
      if (!options.methods.includes(method)) {
        const answer = refusal(405, `This responder takes ${options.methods.join(' or ')}`);
        return refuse('method', { ...answer, headers: { ...answer.headers, Allow: options.methods.join(', ') } });
      }
      let body: Uint8Array | null = null;
      if (method === 'POST') {
        body = await readBody(request, options.maxBodyBytes);
        if (body === null) return refuse('size', refusal(413, `A request here is at most ${options.maxBodyBytes} bytes`));
      }
      const peer = askForCertificate ? peerOf(request.socket as TLSSocket) : null;
      reply(await options.handle({ method, path: request.url ?? '/', body, contentType: request.headers['content-type'] ?? null, peer }));
    })().catch(() => reply(refusal(500, 'Local responder failure'), true));
  };
  const httpOptions: ServerOptions = { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: true };
  const server: Server = options.tls
    ? createHttpsServer(
        // rejectUnauthorized false: a missing or bad client certificate is the handler's to answer.
        { ...httpOptions, ...secureContext(options.tls), requestCert: askForCertificate, rejectUnauthorized: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS },
        onRequest,
      )
    : createServer(httpOptions, onRequest);
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenRefusal(error, bind, options.port)));
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  port = (server.address() as AddressInfo).port;
  const running: RunningListener = {
    url: `${options.tls ? 'https' : 'http'}://${hostLiteral(bind)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stop means stop: kept-alive and in-flight connections end now, not when their clients go.
        server.closeAllConnections();
      }),
  };
  if (!options.tls) return running;
  const tlsServer = server as ReturnType<typeof createHttpsServer>;
  return { ...running, setTls: (tls: LocalTls) => tlsServer.setSecureContext(secureContext(tls)) };
}
