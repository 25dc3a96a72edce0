/**
 * A local OCSP responder over HTTP (RFC 6960 Appendix A): GET /<base64 request> and POST with
 * `application/ocsp-request`, answering `application/ocsp-response`. It listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_OCSP_REQUEST_BYTES } from '../../engine/ocsp.js';

export interface RunningOcspServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Respond = (requestDer: Uint8Array) => Promise<Uint8Array>;

async function body(request: IncomingMessage): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_OCSP_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The request a GET carries in its path: URL-encoded base64 of the DER. */
function fromPath(url: string): Uint8Array | null {
  const encoded = url.replace(/^\/+/, '');
  if (encoded === '' || encoded.length > MAX_OCSP_REQUEST_BYTES * 2) return null;
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export async function startOcspServer(respond: Respond, options: { port?: number } = {}): Promise<RunningOcspServer> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, bytes: Uint8Array | string, type = 'application/ocsp-response') => {
      response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(bytes), 'Cache-Control': 'no-store' });
      response.end(bytes);
    };
    void (async () => {
      let der: Uint8Array | null;
      if (request.method === 'GET') der = fromPath(request.url ?? '/');
      else if (request.method === 'POST') der = await body(request);
      else return reply(405, 'OCSP takes GET or POST\n', 'text/plain; charset=utf-8');
      if (der === null) return reply(400, 'Not an OCSP request\n', 'text/plain; charset=utf-8');
      reply(200, await respond(der));
    })().catch(() => {
      if (!response.headersSent) reply(500, 'OCSP responder failure\n', 'text/plain; charset=utf-8');
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
