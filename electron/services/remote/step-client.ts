/**
 * The one HTTP client of a step-ca server's API (smallstep/certificates api/): the root pinned on
 * first contact, every later request verified against it, the URLs tried in order (several step-ca
 * instances sharing one database), every answer outside input — size-capped, schema-checked,
 * certificates parsed away from the keys — and every failure a CertwrightError whose Msg says what
 * the server said and what to do (unreachable, another root, unauthorized provisioner, name not
 * allowed, token expired, garbage).
 *
 * Which URL serves: a URL that cannot be reached (refused, reset, no route, timed out) hands over to
 * the next; an answer — a refusal, a TLS certificate from another root, garbage — is the server's
 * word and stops there (a refusal from one instance of a shared database is every instance's). A GET
 * answered by a 5xx also goes on: an instance whose database is down is as good as unreachable.
 */
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { createSecureContext, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { z } from 'zod';
import { REMOTE_MAX_ANSWER_BYTES, REMOTE_TIMEOUT_MS, type RemoteProvisioner, type RemoteUrlStatus } from '../../../shared/domain/remote.js';
import { CertwrightError } from '../../../shared/errors.js';
import { msg } from '../../../shared/i18n/message.js';
import { toPem } from '../../engine/pem.js';
import { sha256Hex } from '../../vault/sealed-keys.js';
import { readServedCertificates, SERVED_MAX_CERTIFICATES } from '../../engine/served-certificates.js';

/** A server as the vault knows it: its URLs, in order, and the root it was pinned to. */
export interface StepServer {
  readonly urls: readonly string[];
  readonly rootDer: Uint8Array;
}

/** A provisioner as `GET /provisioners` lists it; a JWK one carries its public key and its encrypted private key (a JWE). */
export interface ProvisionerEntry extends RemoteProvisioner {
  readonly key: JsonWebKey | null;
  readonly encryptedKey: string | null;
}

/** What the server signed: the certificate and the CAs it sent with it (its intermediate first). */
export interface SignedByServer {
  readonly certificateDer: Uint8Array;
  readonly chainDer: readonly Uint8Array[];
}

export interface ServerStatus {
  readonly urlStatus: readonly RemoteUrlStatus[];
  readonly version: string | null;
  readonly provisioners: readonly ProvisionerEntry[];
}

/** A revocation as `POST /revoke` takes it (passive: the server records it; step-ca 0.19 publishes no CRL). */
export interface RevokeOnServer {
  /** The certificate's serial number, hex (converted to the decimal step-ca expects). */
  readonly serialNumberHex: string;
  /** RFC 5280 reason code. */
  readonly reasonCode: number;
  readonly reason: string;
  readonly ott: string;
}

/** Reads certificates the server sent as PEM: their DER, or null when any is not a certificate (or too many, too large). */
export type ReadCertificates = (pems: readonly string[]) => Promise<readonly Uint8Array[] | null>;

export interface StepClientOptions {
  /** For tests: a shorter wait than REMOTE_TIMEOUT_MS before a URL counts as unreachable. */
  readonly timeoutMs?: number;
  /**
   * Where the server's certificates are parsed: the app passes the untrusted-input worker's
   * `remote.certificates` (Remotes does); without it, the same bounded reader runs here — in the HTTP
   * client, never in code that holds keys.
   */
  readonly readCertificates?: ReadCertificates;
}

const readHere: ReadCertificates = async (pems) => readServedCertificates(pems);

// ---- Answers as the API writes them (api/api.go, api/sign.go, api/revoke.go, errs/error.go) -----

/** The longest text field read from an answer (a PEM chain or an encrypted key is far shorter). */
const MAX_FIELD = 256 * 1024;
/** Pages of `GET /provisioners` read (20 a page by default): more provisioners than anyone configures. */
const MAX_PROVISIONER_PAGES = 10;

const Text = z.string().max(MAX_FIELD);
const RootAnswer = z.object({ ca: Text });
const HealthAnswer = z.object({ status: Text });
const VersionAnswer = z.object({ version: Text, requireClientAuthentication: z.boolean().optional() });
const ProvisionerAnswer = z.looseObject({
  type: z.string().max(64),
  name: z.string().max(1024),
  key: z.record(z.string(), z.unknown()).optional(),
  encryptedKey: Text.optional(),
});
const ProvisionersAnswer = z.object({ provisioners: z.array(z.unknown()).max(1000), nextCursor: z.string().max(1024).optional() });
const SignAnswer = z.object({ crt: Text, ca: Text.optional(), certChain: z.array(Text).max(SERVED_MAX_CERTIFICATES).nullable().optional() });
const RevokeAnswer = z.object({ status: Text });
const ErrorAnswer = z.object({ status: z.number().optional(), message: z.string().max(MAX_FIELD) });

// ---- One request ----------------------------------------------------------------------------------

type Operation = 'root' | 'health' | 'version' | 'provisioners' | 'sign' | 'renew' | 'revoke';

interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Null only for the first contact's `GET /root/{sha}`: nothing is known yet to verify against. */
  readonly context: SecureContext | null;
  /** The one-time token sent, to tell an expired one from a refused one when the server says 401. */
  readonly ott?: string;
}

type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly body: Buffer; readonly peer: DetailedPeerCertificate | null; readonly date: string | null }
  /** `sent`: the TLS connection was up (the request may have reached the server) when it failed. */
  | { readonly kind: 'unreachable'; readonly code: string; readonly sent: boolean }
  | { readonly kind: 'tls'; readonly code: string; readonly message: string }
  | { readonly kind: 'tooLong' };

/** What OpenSSL and Node call a certificate that does not chain to the trusted root (pinned here). */
const OTHER_ROOT = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const TLS_VERDICT = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH|INVALID_CA|PATH_LENGTH)/;

function send(url: string, request: Request, timeoutMs: number): Promise<Outcome> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const body = request.body === undefined ? null : Buffer.from(JSON.stringify(request.body), 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    let sent = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = httpsRequest({
      host,
      port: target.port === '' ? 443 : Number(target.port),
      method: request.method,
      path: request.path,
      agent: false,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(request.context ? { secureContext: request.context, rejectUnauthorized: true } : { rejectUnauthorized: false }),
      headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) },
    });
    const timer = setTimeout(() => finish({ kind: 'unreachable', code: 'ETIMEDOUT', sent }), timeoutMs);
    req.on('socket', (socket) => socket.once('secureConnect', () => (sent = true)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      finish(TLS_VERDICT.test(code) ? { kind: 'tls', code, message: error.message } : { kind: 'unreachable', code, sent });
    });
    req.on('response', (res) => {
      const socket = res.socket as TLSSocket;
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(true) : null;
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > REMOTE_MAX_ANSWER_BYTES) return finish({ kind: 'tooLong' });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > REMOTE_MAX_ANSWER_BYTES) return finish({ kind: 'tooLong' });
        chunks.push(chunk);
      });
      const date = typeof res.headers.date === 'string' ? res.headers.date : null;
      res.on('end', () => finish({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks), peer: peer && Object.keys(peer).length > 0 ? peer : null, date }));
      res.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'unreachable', code: error.code ?? 'ECONNRESET', sent: true }));
      res.on('aborted', () => finish({ kind: 'unreachable', code: 'ECONNRESET', sent: true }));
    });
    req.end(body ?? undefined);
  });
}

// ---- Reading what came back -----------------------------------------------------------------------

/** A server's text as quoted in a message: one line, printable, at most 300 characters. */
function quote(text: string): string {
  const line = text.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

const garbage = (url: string, what: 'notJson' | 'wrongShape' | 'badCertificate' | 'tooLong') => new CertwrightError('REMOTE_REFUSED', msg(`remote:errors.garbage.${what}`, { url }));

function json<T>(url: string, body: Buffer, schema: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw garbage(url, 'notJson');
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) throw garbage(url, 'wrongShape');
  return checked.data;
}

/** Certificates from the server, read by `read` (bounded, each parsed): one that does not parse makes the answer garbage. */
async function certificates(read: ReadCertificates, url: string, pems: readonly string[]): Promise<readonly Uint8Array[]> {
  const ders = await read(pems);
  if (!ders || ders.length === 0) throw garbage(url, 'badCertificate');
  return ders;
}

export const fingerprintOf: (der: Uint8Array) => string = sha256Hex;

/** Turns hex serials into the decimal step-ca's revoke takes (api/revoke.go compares `SerialNumber.String()`). */
export const decimalSerial = (hex: string) => BigInt(`0x${hex.replace(/[^0-9a-fA-F]/g, '') || '0'}`).toString(10);

/** step-ca allows a token's times a minute's leeway (jwk.go ValidateWithLeeway). */
const TOKEN_LEEWAY_S = 60;

/**
 * Whether a token was out of its time at the server when it was refused: step-ca says the same
 * "lacked necessary authorization" for a wrong key and for an expired token, so the token's own
 * times are held against the server's clock (its Date header; this computer's without one).
 */
function expiredAt(ott: string | undefined, serverDate: string | null): { serverTime: string; localTime: string } | null {
  if (!ott) return null;
  let times: { exp?: unknown; nbf?: unknown };
  try {
    times = JSON.parse(Buffer.from(ott.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown; nbf?: unknown };
  } catch {
    return null;
  }
  const local = new Date();
  const parsed = serverDate ? Date.parse(serverDate) : NaN;
  const server = Number.isNaN(parsed) ? local : new Date(parsed);
  const at = server.getTime() / 1000;
  const out = (typeof times.exp === 'number' && at > times.exp + TOKEN_LEEWAY_S) || (typeof times.nbf === 'number' && at < times.nbf - TOKEN_LEEWAY_S);
  return out ? { serverTime: server.toISOString(), localTime: local.toISOString() } : null;
}

/** The server's refusal, in its words plus what to do (by the operation and the HTTP status it answered). */
function refusal(url: string, operation: Operation, status: number, body: Buffer, ott?: string, serverDate: string | null = null): CertwrightError {
  let said: string;
  try {
    said = quote(ErrorAnswer.parse(JSON.parse(body.toString('utf8'))).message);
  } catch {
    said = quote(body.toString('utf8', 0, Math.min(body.length, 300))) || String(status);
  }
  const expired = status === 401 ? expiredAt(ott, serverDate) : null;
  const params = { url, status, words: said, ...expired };
  const key = ((): string => {
    if (operation === 'root' && status === 404) return 'remote:errors.rootNotFound';
    if (operation === 'sign' || operation === 'revoke') {
      if (status === 401) return expired ? 'remote:errors.tokenExpired' : operation === 'sign' ? 'remote:errors.signUnauthorized' : 'remote:errors.revokeUnauthorized';
      if (status === 403) return operation === 'sign' ? 'remote:errors.nameNotAllowed' : 'remote:errors.revokeForbidden';
      if (status === 400) return 'remote:errors.badRequest';
    }
    if (operation === 'renew' && status >= 400 && status < 500) return 'remote:errors.renewRefused';
    if (operation === 'renew') return 'remote:errors.renewFailed';
    return 'remote:errors.refused';
  })();
  // The server has no root with that fingerprint: the field to correct is the fingerprint.
  return new CertwrightError('REMOTE_REFUSED', msg(key, params), key === 'remote:errors.rootNotFound' ? { field: 'fingerprint' } : undefined);
}

function tlsRefusal(url: string, code: string, message: string): CertwrightError {
  if (OTHER_ROOT.has(code)) return new CertwrightError('REMOTE_REFUSED', msg('remote:errors.rootMismatch', { url, code }));
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new CertwrightError('REMOTE_REFUSED', msg('remote:errors.hostMismatch', { url, message: quote(message) }));
  return new CertwrightError('REMOTE_REFUSED', msg('remote:errors.tlsFailed', { url, code, message: quote(message) }));
}

function unreachable(attempts: ReadonlyArray<{ readonly url: string; readonly code: string }>): CertwrightError {
  return new CertwrightError('REMOTE_UNREACHABLE', msg('remote:errors.unreachable', { attempts: attempts.map((a) => `${a.url} (${a.code})`).join('; ') }));
}

/** The CA that signed the server's TLS certificate, as the verified connection linked it (null when the leaf is signed by the root itself). */
function issuingCa(peer: DetailedPeerCertificate | null, rootDer: Uint8Array): Uint8Array | null {
  const issuer = peer?.issuerCertificate;
  if (!peer || !issuer || issuer === peer || Buffer.compare(issuer.raw, peer.raw) === 0) return null;
  if (Buffer.compare(issuer.raw, Buffer.from(rootDer)) === 0) return null;
  return new Uint8Array(issuer.raw);
}

/**
 * A PKCS#8 key as PEM in a Buffer the caller zeroes (a JS string could not be wiped): base64 written
 * byte by byte, in 64-character lines, between the armour lines.
 */
export function keyPem(pkcs8: Uint8Array): Buffer {
  const alphabet = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'ascii');
  const head = Buffer.from('-----BEGIN PRIVATE KEY-----\n', 'ascii');
  const tail = Buffer.from('-----END PRIVATE KEY-----\n', 'ascii');
  const chars = Math.ceil(pkcs8.length / 3) * 4;
  const out = Buffer.alloc(head.length + chars + Math.ceil(chars / 64) + tail.length);
  let at = head.copy(out, 0);
  let column = 0;
  const put = (c: number) => {
    out[at++] = c;
    if (++column === 64) {
      out[at++] = 0x0a;
      column = 0;
    }
  };
  for (let i = 0; i < pkcs8.length; i += 3) {
    const a = pkcs8[i]!;
    const b = i + 1 < pkcs8.length ? pkcs8[i + 1]! : 0;
    const c = i + 2 < pkcs8.length ? pkcs8[i + 2]! : 0;
    put(alphabet[a >> 2]!);
    put(alphabet[((a & 3) << 4) | (b >> 4)]!);
    put(i + 1 < pkcs8.length ? alphabet[((b & 15) << 2) | (c >> 6)]! : 0x3d);
    put(i + 2 < pkcs8.length ? alphabet[c & 63]! : 0x3d);
  }
  if (column !== 0) out[at++] = 0x0a;
  at += tail.copy(out, at);
  return out.subarray(0, at);
}

// ---- The client -----------------------------------------------------------------------------------

export class StepClient {
  readonly server: StepServer;
  readonly #timeoutMs: number;
  readonly #read: ReadCertificates;
  readonly #rootPem: string;
  #context: SecureContext | null = null;

  constructor(server: StepServer, options: StepClientOptions = {}) {
    this.server = server;
    this.#timeoutMs = options.timeoutMs ?? REMOTE_TIMEOUT_MS;
    this.#read = options.readCertificates ?? readHere;
    this.#rootPem = toPem('CERTIFICATE', server.rootDer);
  }

  /** Trusts the pinned root and nothing else (no system store). */
  get #pinned(): SecureContext {
    this.#context ??= createSecureContext({ ca: this.#rootPem });
    return this.#context;
  }

  /**
   * First contact: asks the first URL that answers for the root whose SHA-256 is `fingerprint`
   * (`GET /root/{sha}`, the one request made before the root is known), checks the hash of what came
   * back, then checks the server's own TLS chain against it. Another root, or none, is refused.
   * Answers the pinned server and the issuing CA the server's TLS chain carries (its intermediate).
   */
  static async firstContact(urls: readonly string[], fingerprint: string, options: StepClientOptions = {}): Promise<{ server: StepServer; intermediateDer: Uint8Array }> {
    const timeoutMs = options.timeoutMs ?? REMOTE_TIMEOUT_MS;
    const read = options.readCertificates ?? readHere;
    const attempts: Array<{ url: string; code: string }> = [];
    for (const url of urls) {
      const outcome = await send(url, { method: 'GET', path: `/root/${fingerprint}`, context: null }, timeoutMs);
      if (outcome.kind === 'unreachable') {
        attempts.push({ url, code: outcome.code });
        continue;
      }
      if (outcome.kind === 'tls') throw tlsRefusal(url, outcome.code, outcome.message);
      if (outcome.kind === 'tooLong') throw garbage(url, 'tooLong');
      if (outcome.status !== 200) throw refusal(url, 'root', outcome.status, outcome.body);
      const [rootDer] = await certificates(read, url, [json(url, outcome.body, RootAnswer).ca]);
      if (fingerprintOf(rootDer!) !== fingerprint) throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.rootFingerprintDiffers', { url, fingerprint, got: fingerprintOf(rootDer!) }), { field: 'fingerprint' });
      const client = new StepClient({ urls, rootDer: rootDer! }, options);
      // The same server again, now verified against the root just pinned: its TLS chain must lead there.
      const verified = await send(url, { method: 'GET', path: '/health', context: client.#pinned }, timeoutMs);
      if (verified.kind === 'unreachable') throw unreachable([...attempts, { url, code: verified.code }]);
      if (verified.kind === 'tls') throw tlsRefusal(url, verified.code, verified.message);
      if (verified.kind === 'tooLong') throw garbage(url, 'tooLong');
      if (verified.status !== 200) throw refusal(url, 'health', verified.status, verified.body);
      json(url, verified.body, HealthAnswer);
      const intermediateDer = issuingCa(verified.peer, rootDer!);
      if (intermediateDer === null) throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.noIntermediate', { url }));
      await certificates(read, url, [toPem('CERTIFICATE', intermediateDer)]);
      return { server: client.server, intermediateDer };
    }
    throw unreachable(attempts);
  }

  /**
   * One request, to the first URL that can be reached: an answer (whatever its status) is returned
   * with the URL that gave it; a TLS refusal or an oversized answer is thrown at once.
   */
  async #ask(operation: Operation, request: Omit<Request, 'context'>, context: SecureContext = this.#pinned): Promise<{ url: string; status: number; body: Buffer }> {
    const attempts: Array<{ url: string; code: string }> = [];
    for (const url of this.server.urls) {
      const outcome = await send(url, { ...request, context }, this.#timeoutMs);
      // A POST whose connection was lost once up may have been acted on (a token used, a certificate
      // signed): trying it on another instance of the same database would only confuse the answer.
      if (outcome.kind === 'unreachable' && outcome.sent && request.method === 'POST') {
        throw new CertwrightError('REMOTE_UNREACHABLE', msg('remote:errors.lostMidRequest', { url, code: outcome.code }));
      }
      if (outcome.kind === 'unreachable') {
        attempts.push({ url, code: outcome.code });
        continue;
      }
      if (outcome.kind === 'tls') throw tlsRefusal(url, outcome.code, outcome.message);
      if (outcome.kind === 'tooLong') throw garbage(url, 'tooLong');
      if (outcome.status >= 500 && request.method === 'GET') {
        attempts.push({ url, code: `HTTP ${outcome.status}` });
        continue;
      }
      if (outcome.status >= 400 || outcome.status < 200) throw refusal(url, operation, outcome.status, outcome.body, request.ott, outcome.date);
      return { url, status: outcome.status, body: outcome.body };
    }
    throw unreachable(attempts);
  }

  /** Health, version and provisioners of every URL (`/health`, `/version`, `/provisioners`). */
  async status(): Promise<ServerStatus> {
    const urlStatus = await Promise.all(
      this.server.urls.map(async (url): Promise<RemoteUrlStatus> => {
        const one = new StepClient({ urls: [url], rootDer: this.server.rootDer }, { timeoutMs: this.#timeoutMs, readCertificates: this.#read });
        try {
          const { url: from, body } = await one.#ask('health', { method: 'GET', path: '/health' }, this.#pinned);
          const health = json(from, body, HealthAnswer);
          if (health.status !== 'ok') return { url, health: 'unreachable', problem: msg('remote:errors.unhealthy', { url, status: quote(health.status) }) };
          return { url, health: 'ok', problem: null };
        } catch (error) {
          return { url, health: 'unreachable', problem: error instanceof CertwrightError && error.reason ? error.reason : msg('remote:errors.unreachable', { attempts: url }) };
        }
      }),
    );
    const healthy = urlStatus.filter((u) => u.health === 'ok').map((u) => u.url);
    if (healthy.length === 0) return { urlStatus, version: null, provisioners: [] };
    const first = new StepClient({ urls: healthy, rootDer: this.server.rootDer }, { timeoutMs: this.#timeoutMs, readCertificates: this.#read });
    try {
      const [version, provisioners] = await Promise.all([first.#version(), first.#provisioners()]);
      return { urlStatus, version, provisioners };
    } catch (error) {
      // Healthy, then garbage (or gone) where its version and provisioners go: said on those URLs, never thrown from a check.
      if (!(error instanceof CertwrightError) || !error.reason) throw error;
      const problem = error.reason;
      return { urlStatus: urlStatus.map((u) => (u.health === 'ok' ? { url: u.url, health: 'unreachable', problem } : u)), version: null, provisioners: [] };
    }
  }

  async #version(): Promise<string> {
    const { url, body } = await this.#ask('version', { method: 'GET', path: '/version' });
    return quote(json(url, body, VersionAnswer).version);
  }

  async #provisioners(): Promise<ProvisionerEntry[]> {
    const entries: ProvisionerEntry[] = [];
    let cursor = '';
    for (let page = 0; page < MAX_PROVISIONER_PAGES; page++) {
      const { url, body } = await this.#ask('provisioners', { method: 'GET', path: `/provisioners${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}` });
      const answer = json(url, body, ProvisionersAnswer);
      for (const raw of answer.provisioners) {
        const parsed = ProvisionerAnswer.safeParse(raw);
        if (!parsed.success) throw garbage(url, 'wrongShape');
        const p = parsed.data;
        entries.push({ name: quote(p.name), type: quote(p.type), key: (p.key as JsonWebKey | undefined) ?? null, encryptedKey: p.encryptedKey ?? null });
      }
      if (!answer.nextCursor) break;
      cursor = answer.nextCursor;
    }
    return entries;
  }

  async #signed(url: string, body: Buffer): Promise<SignedByServer> {
    const answer = json(url, body, SignAnswer);
    const [certificateDer] = await certificates(this.#read, url, [answer.crt]);
    const chainPems = answer.certChain && answer.certChain.length > 1 ? answer.certChain.slice(1) : answer.ca ? [answer.ca] : [];
    const chainDer = chainPems.length > 0 ? await certificates(this.#read, url, chainPems) : [];
    return { certificateDer: certificateDer!, chainDer };
  }

  /** `POST /sign`: the CSR (PEM) with a one-time token; validity as the server allows it. */
  async sign(csrPem: string, ott: string, validity?: { readonly notBefore?: Date; readonly notAfter?: Date }): Promise<SignedByServer> {
    const body = {
      csr: csrPem,
      ott,
      ...(validity?.notBefore ? { notBefore: validity.notBefore.toISOString() } : {}),
      ...(validity?.notAfter ? { notAfter: validity.notAfter.toISOString() } : {}),
    };
    const { url, body: answer } = await this.#ask('sign', { method: 'POST', path: '/sign', body, ott });
    return this.#signed(url, answer);
  }

  /** `POST /renew` over mutual TLS with the certificate and its key (PKCS#8, zeroed by the caller): the same key, new dates. */
  async renew(certificateDer: Uint8Array, chainDer: readonly Uint8Array[], pkcs8: Uint8Array): Promise<SignedByServer> {
    const key = keyPem(pkcs8);
    let context: SecureContext;
    try {
      // The key is copied into OpenSSL's context here; our PEM copy is wiped at once.
      context = createSecureContext({ ca: this.#rootPem, cert: [certificateDer, ...chainDer].map((d) => toPem('CERTIFICATE', d)).join(''), key });
    } catch {
      throw new CertwrightError('INTERNAL', msg('remote:errors.clientKeyUnusable'));
    } finally {
      key.fill(0);
    }
    const { url, body } = await this.#ask('renew', { method: 'POST', path: '/renew' }, context);
    return this.#signed(url, body);
  }

  /** `POST /revoke` with a one-time token. */
  async revoke(request: RevokeOnServer): Promise<void> {
    const body = { serial: decimalSerial(request.serialNumberHex), ott: request.ott, reasonCode: request.reasonCode, reason: request.reason, passive: true };
    const { url, body: answer } = await this.#ask('revoke', { method: 'POST', path: '/revoke', body, ott: request.ott });
    json(url, answer, RevokeAnswer);
  }
}

