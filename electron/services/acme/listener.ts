/**
 * The HTTPS listener of an ACME server: the one local listener (listeners/http.ts — Host checked
 * against DNS rebinding, body and header caps, a connection cap, short timeouts), taking HEAD for
 * new-nonce, bound where the user said, and writing its own refusals as ACME problem documents so a
 * client reads every answer the same way.
 */
import { AcmeProblem } from '../../engine/acme/problems.js';
import { startLocalHttpListener, type LocalReply, type LocalTls, type RunningTlsListener } from '../listeners/http.js';

export { hostLiteral, isLoopback } from '../listeners/host.js';

export type AcmeMethod = 'GET' | 'HEAD' | 'POST';

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
  /** Content-Type among them; Content-Length and Cache-Control are set by the listener. */
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
  /** Headers every answer carries, refusals included (a fresh Replay-Nonce, the directory Link). */
  readonly common: () => Record<string, string>;
  readonly handle: (request: AcmeHttpRequest) => Promise<AcmeHttpReply>;
}

/** A refusal made by the listener, as a problem document: 500 is the server's fault, the rest the request's. */
function refusal(status: number, message: string): LocalReply {
  const problem = new AcmeProblem(status >= 500 ? 'serverInternal' : 'malformed', status >= 500 ? 'The ACME server failed; see Certwright' : message, { status });
  return { status, type: 'application/problem+json', body: JSON.stringify(problem.document()) };
}

export function startAcmeListener(options: AcmeListenerOptions): Promise<RunningTlsListener> {
  return startLocalHttpListener({
    bind: options.bind,
    ...(options.port === undefined ? {} : { port: options.port }),
    tls: options.tls,
    methods: ['GET', 'HEAD', 'POST'],
    maxBodyBytes: options.maxBodyBytes,
    common: options.common,
    refusal,
    handle: async ({ method, path, contentType, body }) => {
      const reply = await options.handle({ method, path, contentType, body });
      const { 'Content-Type': type = 'application/octet-stream', ...headers } = reply.headers;
      return { status: reply.status, type, body: reply.body, headers };
    },
  });
}
