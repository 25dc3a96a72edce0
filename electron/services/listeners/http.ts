/**
 * A local HTTP listener with the rules every listener of Certwright follows (DESIGN.md §3): bound to
 * 127.0.0.1, serving only requests whose Host names it (DNS rebinding), with a cap on the request
 * body, on headers and on concurrent connections, and short timeouts. What it costs to answer (a
 * signature) is the handler's to budget, with a RateBudget.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostIsOwn, loopbackNames } from './host.js';

/** Where local listeners bind: the loopback address, never all interfaces. */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** Concurrent connections per listener; more are dropped at once rather than queued. */
export const MAX_CONNECTIONS = 32;
/** Request line and headers together. */
const MAX_HEADER_BYTES = 16 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export type LocalMethod = 'GET' | 'POST';

export interface LocalRequest {
  readonly method: LocalMethod;
  /** The request target as sent (path and query). */
  readonly path: string;
  /** The body of a POST (at most maxBodyBytes); null for GET. */
  readonly body: Uint8Array | null;
}

export interface LocalReply {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array | string;
}

export interface LocalHttpOptions {
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
  readonly handle: (request: LocalRequest) => Promise<LocalReply>;
}

export interface RunningListener {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
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

export async function startLocalHttpListener(options: LocalHttpOptions): Promise<RunningListener> {
  const names = loopbackNames(LOOPBACK_ADDRESS);
  let port = 0;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: true }, (request: IncomingMessage, response: ServerResponse) => {
    const reply = ({ status, type, body }: LocalReply, close = false) => {
      if (response.headersSent) return;
      response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...(close ? { Connection: 'close' } : {}) });
      response.end(body);
    };
    const refuse = (reason: 'host' | 'method' | 'size', answer: LocalReply) => {
      options.onRefused?.(reason, request);
      // The body (if any) is not read: the connection ends with the answer.
      reply(answer, true);
    };
    void (async () => {
      const host = request.headers.host;
      if (!hostIsOwn(host, port, names) && !hostIsOwn(host, port, options.alsoKnownAs?.(port) ?? [])) {
        return refuse('host', text(421, `This is a local responder; it answers only as ${names.map((n) => `${n}:${port}`).join(' or ')}`));
      }
      const method = request.method as LocalMethod;
      if (!options.methods.includes(method)) return refuse('method', text(405, `This responder takes ${options.methods.join(' or ')}`));
      let body: Uint8Array | null = null;
      if (method === 'POST') {
        body = await readBody(request, options.maxBodyBytes);
        if (body === null) return refuse('size', text(413, `A request here is at most ${options.maxBodyBytes} bytes`));
      }
      reply(await options.handle({ method, path: request.url ?? '/', body }));
    })().catch(() => reply(text(500, 'Local responder failure'), true));
  });
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${LOOPBACK_ADDRESS}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stop means stop: kept-alive and in-flight connections end now, not when their clients go.
        server.closeAllConnections();
      }),
  };
}
