/**
 * The HTTPS listener of an ACME server: the rules of every local listener (listeners/http.ts —
 * Host checked against DNS rebinding, body and header caps, a connection cap, short timeouts), with
 * what ACME needs beyond them: HEAD (new-nonce), a bind address other than loopback when the user
 * names one, and the request's Content-Type. Refusals made here are ACME problem documents too, so
 * a client reads every answer the same way.
 *
 * (listeners/http.ts binds 127.0.0.1 and serves GET and POST only; when it learns `bind` and HEAD,
 * this file can fold into it.)
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { AcmeProblem } from '../../engine/acme/problems.js';
import { hostIsOwn, loopbackNames } from '../listeners/host.js';
import { MAX_CONNECTIONS, type LocalTls } from '../listeners/http.js';

const MAX_HEADER_BYTES = 16 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const HANDSHAKE_TIMEOUT_MS = 5_000;

export type AcmeMethod = 'GET' | 'HEAD' | 'POST';
const METHODS: readonly AcmeMethod[] = ['GET', 'HEAD', 'POST'];

export interface AcmeHttpRequest {
  readonly method: AcmeMethod;
  /** The request target as sent (path and query). */
  readonly path: string;
  readonly contentType: string | null;
  /** The body of a POST (at most maxBodyBytes); null otherwise. */
  readonly body: Uint8Array | null;
}

export interface AcmeHttpReply {
  readonly status: number;
  /** Content-Type among them; Content-Length and Cache-Control are set here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
}

export interface AcmeListenerOptions {
  /** The address to bind: an IP literal (127.0.0.1 unless the user said otherwise). */
  readonly bind: string;
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
  readonly tls: LocalTls;
  readonly maxBodyBytes: number;
  readonly maxConnections?: number;
  /** Headers every answer carries, refusals included (a fresh Replay-Nonce, the directory Link). */
  readonly common: () => Record<string, string>;
  readonly handle: (request: AcmeHttpRequest) => Promise<AcmeHttpReply>;
  /** Told about every request refused before the handler saw it. */
  readonly onRefused?: (reason: 'host' | 'method' | 'size', request: IncomingMessage) => void;
}

export interface RunningAcmeListener {
  readonly port: number;
  setTls(tls: LocalTls): void;
  close(): Promise<void>;
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1';
}

/** The address as it appears in a URL and a Host header: IPv6 in brackets. */
export function hostLiteral(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function secureContext(tls: LocalTls): SecureContextOptions {
  return { cert: tls.certChainPem, key: tls.keyPem, minVersion: 'TLSv1.2' };
}

async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startAcmeListener(options: AcmeListenerOptions): Promise<RunningAcmeListener> {
  // A loopback listener answers to its address and localhost; one on another address to that address.
  const names = isLoopback(options.bind) ? loopbackNames(options.bind) : [hostLiteral(options.bind)];
  let port = 0;

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const send = ({ status, headers, body }: AcmeHttpReply, close = false) => {
      if (response.headersSent) return;
      response.writeHead(status, { ...options.common(), ...headers, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...(close ? { Connection: 'close' } : {}) });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const refuse = (reason: 'host' | 'method' | 'size', problem: AcmeProblem, headers: Record<string, string> = {}) => {
      options.onRefused?.(reason, request);
      // The body (if any) is not read: the connection ends with the answer.
      send({ status: problem.status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(problem.document()) }, true);
    };
    void (async () => {
      if (!hostIsOwn(request.headers.host, port, names)) {
        return refuse('host', new AcmeProblem('malformed', `This ACME server answers only as ${names.map((n) => `${n}:${port}`).join(' or ')}`, { status: 421 }));
      }
      const method = request.method as AcmeMethod;
      if (!METHODS.includes(method)) return refuse('method', new AcmeProblem('malformed', 'This server takes GET, HEAD and POST', { status: 405 }), { Allow: METHODS.join(', ') });
      let body: Uint8Array | null = null;
      if (method === 'POST') {
        body = await readBody(request, options.maxBodyBytes);
        if (body === null) return refuse('size', new AcmeProblem('malformed', `A request here is at most ${options.maxBodyBytes / 1024} KiB`, { status: 413 }));
      }
      const contentType = request.headers['content-type'] ?? null;
      send(await options.handle({ method, path: request.url ?? '/', contentType, body }));
    })().catch(() => send({ status: 500, headers: { 'Content-Type': 'application/problem+json' }, body: JSON.stringify(new AcmeProblem('serverInternal', 'The ACME server failed; see Certwright').document()) }, true));
  };

  const server: Server = createServer(
    { ...secureContext(options.tls), maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: true, handshakeTimeout: HANDSHAKE_TIMEOUT_MS },
    onRequest,
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  port = (server.address() as AddressInfo).port;
  return {
    port,
    setTls: (tls) => server.setSecureContext(secureContext(tls)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stop means stop: kept-alive and in-flight connections end now.
        server.closeAllConnections();
      }),
  };
}
