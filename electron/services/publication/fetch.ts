/**
 * Fetching a URL the way a revocation-checking client would, with bounds: one request, no redirect
 * followed (reported instead), at most `maxBytes` read, everything within `timeoutMs`. https uses
 * the system's trust, as clients do. Failures come back as a sentence ("connection refused"), never
 * thrown: the reachability check reports them.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { msg, type Msg } from '../../../shared/i18n/message.js';

export type Fetched =
  | { readonly ok: true; readonly status: number; readonly contentType: string | null; readonly location: string | null; readonly body: Uint8Array }
  /** `problem`: "Clients get nothing: connection refused (nothing listens there)." */
  | { readonly ok: false; readonly problem: Msg };

/** Network and TLS error codes said in words: each is `publication:nothing.<CODE>`. */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function problemOf(error: unknown): Msg {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CODES.has(code)) return msg(`publication:nothing.${code}`);
  // Node's own words for an error it has no code for: quoted as it is.
  return msg('publication:nothing.other', { detail: error instanceof Error ? error.message : String(error) });
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
      return finish({ ok: false, problem: msg('publication:nothing.invalidUrl') });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return finish({ ok: false, problem: msg('publication:nothing.scheme', { scheme: parsed.protocol }) });
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    const post = options.post;
    const request = send(parsed, { method: post ? 'POST' : 'GET', headers: post ? { 'Content-Type': post.type, 'Content-Length': post.body.length } : {}, agent: false }, (response: IncomingMessage) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        request.destroy();
        return finish({ ok: false, problem: msg('publication:nothing.tooLarge', { declared, max: options.maxBytes }) });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          request.destroy();
          return finish({ ok: false, problem: msg('publication:nothing.moreThan', { max: options.maxBytes }) });
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
      finish({ ok: false, problem: msg('publication:nothing.timeout', { seconds: options.timeoutMs / 1000 }) });
    }, options.timeoutMs);
    request.on('error', (error) => finish({ ok: false, problem: problemOf(error) }));
    request.end(post ? post.body : undefined);
  });
}
