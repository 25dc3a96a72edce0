/**
 * The `app://` protocol the UI is served from: files from dist/renderer only, each with a strict
 * Content-Security-Policy. The UI origin is `app://certwright`; no remote URL is ever loaded.
 * Pure (fs only): main.ts hands {@link createAppProtocolHandler} to `protocol.handle`, the unit
 * tests call it with a `Request`.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'certwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before `ready`: a standard, secure scheme (so it has an origin and gets `'self'`). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** No eval, no inline script or style, nothing remote, no plugins, no <base>, no forms, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * One path segment as it may appear in dist/renderer: letters, digits, `_`, `-`, `.`, not starting
 * with a dot. This refuses `.`, `..`, empty segments (`//`), hidden files, `\`, `:`, `%`, NUL.
 */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MAX_SEGMENTS = 16;

/** `app://<host><path>` split from the raw URL, before any normalisation could hide a `..`. */
const RAW_APP_URL = /^app:\/\/([^/?#]*)([^?#]*)/i;

export type AppAsset =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

function refuse(status: 400 | 403 | 404, reason: string): AppAsset {
  return { ok: false, status, reason };
}

/** Maps a request URL to a file under `rootDir`, or says why not. Never returns a path outside it. */
export function resolveAppAsset(rawUrl: string, rootDir: string): AppAsset {
  const match = RAW_APP_URL.exec(rawUrl);
  if (!match) return refuse(400, 'not an app:// URL');
  const [, host = '', rawPath = ''] = match;
  if (host !== APP_HOST) return refuse(403, `unknown host ${JSON.stringify(host.slice(0, 64))}`);

  const path = rawPath === '' || rawPath === '/' ? '/index.html' : rawPath;
  const encoded = path.slice(1).split('/');
  if (encoded.length > MAX_SEGMENTS) return refuse(400, 'path too deep');
  const segments: string[] = [];
  for (const segment of encoded) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    if (!SAFE_SEGMENT.test(decoded)) return refuse(400, `refused path segment ${JSON.stringify(decoded.slice(0, 64))}`);
    segments.push(decoded);
  }

  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return refuse(403, 'outside the UI directory');

  const contentType = MIME_TYPES[extname(file).toLowerCase()];
  if (contentType === undefined) return refuse(404, 'not a UI file type');
  return { ok: true, file, contentType };
}

/** Headers on every app:// response, errors included. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

export type ReadAsset = (file: string) => Promise<Uint8Array>;

/** The `protocol.handle('app', …)` handler serving `rootDir` (dist/renderer). */
export function createAppProtocolHandler(rootDir: string, read: ReadAsset = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const asset = resolveAppAsset(request.url, rootDir);
    if (!asset.ok) return plain(asset.status, asset.status === 404 ? 'Not found' : 'Refused');
    let body: Uint8Array;
    try {
      body = await read(asset.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plain(404, 'Not found');
      return plain(500, 'Could not read the file');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(asset.contentType) });
  };
}
