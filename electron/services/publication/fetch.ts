/**
 * Fetching a URL the way a revocation-checking client would, with bounds: one request, no redirect
 * followed (reported instead), at most `maxBytes` read, everything within `timeoutMs`. https uses
 * the system's trust, as clients do. Failures come back as a sentence ("connection refused"), never
 * thrown: the reachability check reports them.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type Fetched =
  | { readonly ok: true; readonly status: number; readonly contentType: string | null; readonly location: string | null; readonly body: Uint8Array }
  | { readonly ok: false; readonly problem: string };

const CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved now',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate does not chain to a trusted root',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chains to an untrusted root',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not name this host',
};

function problemOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CODES[code]) return CODES[code];
  return error instanceof Error ? error.message : String(error);
}

export function fetchBounded(url: string, options: { readonly timeoutMs: number; readonly maxBytes: number; readonly post?: { readonly type: string; readonly body: Uint8Array } }): Promise<Fetched> {
  return new Promise((resolve) => {
    let settled = false;
    // Set once the request is made; a URL refused before that has no timer to clear.
    const clock: { timer?: NodeJS.Timeout } = {};
    const finish = (result: Fetched) => {
      if (settled) return;
      settled = true;
      clearTimeout(clock.timer);
      resolve(result);
    };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return finish({ ok: false, problem: 'not a valid URL' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return finish({ ok: false, problem: `${parsed.protocol} URLs are not fetched (clients use http:// for revocation)` });
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    const post = options.post;
    const request = send(parsed, { method: post ? 'POST' : 'GET', headers: post ? { 'Content-Type': post.type, 'Content-Length': post.body.length } : {}, agent: false }, (response: IncomingMessage) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        request.destroy();
        return finish({ ok: false, problem: `it answers with ${declared.toLocaleString('en')} bytes, more than the ${options.maxBytes.toLocaleString('en')} read here` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          request.destroy();
          return finish({ ok: false, problem: `it answers with more than ${options.maxBytes.toLocaleString('en')} bytes` });
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        finish({ ok: true, status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? null, location: response.headers.location ?? null, body: new Uint8Array(Buffer.concat(chunks)) }),
      );
      response.on('error', (error) => finish({ ok: false, problem: problemOf(error) }));
    });
    clock.timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, problem: `no complete answer within ${options.timeoutMs / 1000} s` });
    }, options.timeoutMs);
    request.on('error', (error) => finish({ ok: false, problem: problemOf(error) }));
    request.end(post ? post.body : undefined);
  });
}
