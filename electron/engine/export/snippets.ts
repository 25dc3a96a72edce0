/**
 * Configuration text for one export bundle, using the bundle's own file names (cert.pem, key.pem,
 * ca.pem, fullchain.pem, chain.pem): Go (net/http, standard library only), gRPC-Go, nginx, a
 * Kubernetes TLS Secret, curl and `openssl s_client` — each target in its own file under snippets/,
 * the Go ones as real .go files. Every name that ends up in YAML, shell or Go is validated here
 * first, so the text can be pasted as is.
 */
import { readPem } from '../pem.js';
import { FILE_NAMES, type BundleFile } from './pem-set.js';
import { SnippetInputError, type Context, type HostKind } from './snippets/context.js';
import { curl } from './snippets/curl.js';
import { renderGo } from './snippets/go.js';
import { kubernetesName, kubernetesSecret } from './snippets/kubernetes.js';
import { nginx } from './snippets/nginx.js';
import { sClient } from './snippets/openssl.js';

export { SnippetInputError };

export type SnippetLanguage = 'go' | 'nginx' | 'yaml' | 'shell';

export interface Snippet {
  readonly id: string;
  readonly title: string;
  readonly language: SnippetLanguage;
  /** Suggested file name when saved. */
  readonly filename: string;
  readonly text: string;
  /** True when `text` embeds the private key (the Kubernetes Secret): treat like key.pem. */
  readonly secret: boolean;
  /** True for a complete program/command; false for a fragment that needs more around it. */
  readonly complete: boolean;
}

export interface SnippetInput {
  /** The service's name: letters, digits, ".", "_" and "-", starting and ending with a letter or digit. */
  readonly serviceName: string;
  /** The server's DNS name or IP address, as clients dial it. */
  readonly host: string;
  readonly port: number;
  /** The files of the bundle ({@link pemSet}); which exist decides what the snippets reference. */
  readonly files: readonly BundleFile[];
  /** Where the files will live on the server; default /etc/certwright/<serviceName>. */
  readonly directory?: string;
  /** A CRL file on the server, for nginx's ssl_crl. */
  readonly crlPath?: string | null;
  /** Where nginx passes verified requests on to; default http://127.0.0.1:8080 (the application). */
  readonly upstream?: string;
}

const SERVICE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const ABSOLUTE_PATH = /^\/(?:[A-Za-z0-9._-]+\/?)*$/;
/** An nginx proxy_pass target: http(s), a host name or IPv4 address, an optional port; nothing nginx would read as syntax. */
const UPSTREAM = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const DEFAULT_UPSTREAM = 'http://127.0.0.1:8080';

function hostKind(host: string): HostKind {
  if (IPV4.test(host)) return 'ipv4';
  if (host.includes(':') && IPV6.test(host)) return 'ipv6';
  if (DNS_NAME.test(host) && !/^\d+(\.\d+)*$/.test(host)) return 'dns';
  throw new SnippetInputError('errors:snippet.badHost', { host });
}

function checkPath(refusal: 'errors:snippet.badDirectory' | 'errors:snippet.badCrlPath', path: string): string {
  if (!ABSOLUTE_PATH.test(path) || path.split('/').includes('..')) {
    throw new SnippetInputError(refusal);
  }
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

function context(input: SnippetInput): Context {
  if (!SERVICE_NAME.test(input.serviceName)) {
    throw new SnippetInputError('errors:snippet.badServiceName');
  }
  const kind = hostKind(input.host);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) throw new SnippetInputError('errors:snippet.badPort');
  const dir = checkPath('errors:snippet.badDirectory', input.directory ?? `/etc/certwright/${input.serviceName}`);
  const names = new Set(input.files.map((f) => f.name));
  for (const required of [FILE_NAMES.cert, FILE_NAMES.ca, FILE_NAMES.fullchain]) {
    if (!names.has(required)) throw new SnippetInputError('errors:snippet.missingFile', { file: required });
  }
  const hostPort = kind === 'ipv6' ? `[${input.host}]:${input.port}` : `${input.host}:${input.port}`;
  return {
    service: input.serviceName,
    host: input.host,
    kind,
    port: input.port,
    dir,
    hasKey: names.has(FILE_NAMES.key),
    hasChain: names.has(FILE_NAMES.chain),
    hostPort,
    url: `https://${hostPort}/`,
  };
}

/** All snippets for a bundle, in a fixed order. Throws {@link SnippetInputError} for unsafe input. */
export function buildSnippets(input: SnippetInput): Snippet[] {
  const c = context(input);
  const crlPath = input.crlPath ? checkPath('errors:snippet.badCrlPath', input.crlPath) : null;
  const upstream = input.upstream ?? DEFAULT_UPSTREAM;
  if (!UPSTREAM.test(upstream)) throw new SnippetInputError('errors:snippet.badUpstream');
  const intermediates = input.files.find((f) => f.name === FILE_NAMES.chain);
  const intermediateCount = intermediates && typeof intermediates.contents === 'string' ? readPem(intermediates.contents).filter((block) => block.label === 'CERTIFICATE').length : 0;
  // Clients are assumed to sit under the same CA hierarchy as this certificate: leaf + intermediates.
  const verifyDepth = Math.max(2, intermediateCount + 1);
  const s = (id: string, title: string, language: SnippetLanguage, filename: string, text: string, complete: boolean, secret = false): Snippet => ({ id, title, language, filename, text, complete, secret });
  return [
    s('go-server', 'Go HTTPS server with client certificates (net/http)', 'go', 'server.go', renderGo('server.go', c), true),
    s('go-server-reload', 'Go HTTPS server that reloads renewed certificates', 'go', 'server-reload.go', renderGo('server-reload.go', c), true),
    s('go-client', 'Go HTTPS client with a client certificate', 'go', 'client.go', renderGo('client.go', c), true),
    s('grpc-go-server', 'gRPC-Go server credentials (snippet)', 'go', 'grpc_server.go', renderGo('grpc_server.go', c), false),
    s('grpc-go-client', 'gRPC-Go client credentials (snippet)', 'go', 'grpc_client.go', renderGo('grpc_client.go', c), false),
    s('nginx', 'nginx server block', 'nginx', `${c.service}.conf`, nginx(c, crlPath, verifyDepth, upstream), false),
    s('kubernetes-secret', 'Kubernetes TLS Secret', 'yaml', `${kubernetesName(c.service)}-tls-secret.yaml`, kubernetesSecret(c, input.files), true, c.hasKey),
    s('curl', 'curl with a client certificate', 'shell', 'curl.sh', curl(c), true),
    s('openssl-s-client', 'openssl s_client handshake check', 'shell', 's_client.sh', sClient(c), true),
  ];
}
