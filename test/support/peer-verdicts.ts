/**
 * The peers' own verdicts and words on a chain, for tests that quote them or compare with them:
 * Go's crypto/x509 and crypto/tls (test/support/go/verify, built here once per source version and
 * run as one process per test file) and `openssl verify -x509_strict`. A test never writes a peer's
 * error text itself: it asks the peer.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPeer } from './peers.js';

const GO_SOURCE = fileURLToPath(new URL('./go/verify/', import.meta.url));
const CACHE = fileURLToPath(new URL('../../test-output/go-peers/', import.meta.url));

export type PeerUsage = 'server' | 'client' | 'any';

// ---- Go ------------------------------------------------------------------------------------------

export interface GoVerifyRequest {
  readonly kind: 'verify';
  readonly leaf: string;
  readonly intermediates?: readonly string[];
  readonly roots: readonly string[];
  readonly usage: PeerUsage;
  readonly dnsName?: string | null;
  readonly time?: Date | null;
}

export interface GoKeyPairRequest {
  readonly kind: 'keypair';
  readonly cert: string;
  readonly key: string;
}

export interface GoHandshakeRequest {
  readonly kind: 'handshake';
  readonly serverChain: string;
  readonly serverKey: string;
  readonly clientChain: string | null;
  readonly clientKey: string | null;
  /** What the client trusts. */
  readonly serverRoots: readonly string[];
  /** What the server trusts for client certificates (it requires one). */
  readonly clientRoots: readonly string[];
  readonly serverName: string;
  readonly time?: Date | null;
}

/** A Go client against a server the test runs (it reads the server's first bytes, to hear a refusal). */
export interface GoDialRequest {
  readonly kind: 'dial';
  readonly address: string;
  readonly serverName: string;
  readonly serverRoots: readonly string[];
  readonly clientChain: string | null;
  readonly clientKey: string | null;
  readonly time?: Date | null;
}

export type GoRequest = GoVerifyRequest | GoKeyPairRequest | GoHandshakeRequest | GoDialRequest;

export interface GoAnswer {
  readonly ok: boolean;
  /** err.Error() of Verify or X509KeyPair; for a handshake both sides' errors, one per line. */
  readonly error: string;
  /** The common names of the chain Verify built, leaf first. */
  readonly chain?: readonly string[];
  readonly clientError?: string;
  readonly serverError?: string;
}

function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

let goBinary: Promise<string> | null = null;

/**
 * The Go peer's binary: built with the installed Go (GOPATH mode, standard library only) into
 * test-output/go-peers/, named by the hash of its source and of `go version`, so it is built once
 * and again only when either changes. Test files run in parallel processes: each builds into its
 * own temporary name and renames, so a half-written binary is never run.
 */
export function goPeer(): Promise<string> {
  goBinary ??= (async () => {
    const version = (await exec('go', ['version'])).stdout.trim();
    const hash = createHash('sha256').update(version);
    for (const file of (await readdir(GO_SOURCE)).filter((f) => f.endsWith('.go')).sort()) hash.update(file).update(await readFile(join(GO_SOURCE, file)));
    const binary = join(CACHE, `verify-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(binary)) return binary;
    await mkdir(CACHE, { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    const built = await exec('go', ['build', '-o', partial, '.'], { cwd: GO_SOURCE, env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' } });
    assert.equal(built.code, 0, `go build of the Go peer failed:\n${built.stderr}`);
    await rename(partial, binary);
    return binary;
  })();
  return goBinary;
}

const wire = (request: GoRequest, id: number) => ({ ...request, id: String(id), ...('time' in request ? { time: request.time ? request.time.toISOString().replace(/\.\d{3}Z$/, 'Z') : '' } : {}) });

/** The stdio pipes of a child are sockets: they hold the event loop open unless unref'd. */
const handles = (child: ChildProcess) => [child, ...[child.stdin, child.stdout, child.stderr].map((s) => s as unknown as Socket | null)];

/**
 * The one Go peer process of this test file (every test file runs in its own Node process): each
 * {@link goJudge} writes its batch as one JSON line and reads one line of answers back, in order.
 * While nothing is asked it holds nothing open (unref'd), so it never keeps a test file from
 * ending; when Node exits, its stdin closes and it ends too.
 */
class GoProcess {
  private readonly child: ChildProcess;
  private readonly waiting: Array<{ readonly count: number; readonly resolve: (answers: GoAnswer[]) => void; readonly reject: (error: Error) => void }> = [];
  private stdout = '';
  private stderr = '';
  private failure: Error | null = null;
  readonly closed: Promise<void>;

  constructor(binary: string, onEnd: () => void) {
    const child = (this.child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] }));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => this.read(d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    child.stdin!.on('error', () => undefined); // a write after it died: reported by 'close' below
    this.closed = new Promise((resolve) => {
      const end = (why: string) => {
        if (this.failure) return;
        this.failure = new Error(`the Go peer ${why}:\n${this.stderr}`);
        onEnd();
        for (const w of this.waiting.splice(0)) w.reject(this.failure);
        resolve();
      };
      child.once('error', (error) => end(`did not run (${error.message})`));
      child.once('close', (code, signal) => end(code === 0 ? 'ended' : `failed (exit ${code ?? signal})`));
    });
    this.hold(false);
  }

  private hold(busy: boolean): void {
    for (const handle of handles(this.child)) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  }

  private read(data: string): void {
    this.stdout += data;
    for (let end = this.stdout.indexOf('\n'); end >= 0; end = this.stdout.indexOf('\n')) {
      const line = this.stdout.slice(0, end);
      this.stdout = this.stdout.slice(end + 1);
      const waiting = this.waiting.shift();
      if (!waiting) continue;
      try {
        const answers = JSON.parse(line) as GoAnswer[];
        assert.equal(answers.length, waiting.count, 'the Go peer answered a different number of questions');
        waiting.resolve(answers);
      } catch (error) {
        waiting.reject(error as Error);
      }
    }
    if (this.waiting.length === 0) this.hold(false);
  }

  ask(requests: readonly GoRequest[]): Promise<GoAnswer[]> {
    if (this.failure) return Promise.reject(this.failure);
    this.hold(true);
    return new Promise((resolve, reject) => {
      this.waiting.push({ count: requests.length, resolve, reject });
      this.child.stdin!.write(`${JSON.stringify(requests.map(wire))}\n`);
    });
  }

  close(): Promise<void> {
    this.child.stdin!.end();
    this.hold(true);
    return this.closed;
  }
}

let goProcess: Promise<GoProcess> | null = null;

/**
 * Asks the Go peer: every request of one call in one batch, answers in order. All calls of a test
 * file go to one Go process (started by the first); give it every question you have at once.
 */
export async function goJudge(requests: readonly GoRequest[]): Promise<GoAnswer[]> {
  if (requests.length === 0) return [];
  if (!goProcess) {
    const starting: Promise<GoProcess> = goPeer().then(
      (binary) =>
        new GoProcess(binary, () => {
          if (goProcess === starting) goProcess = null; // it died: the next question starts another
        }),
    );
    goProcess = starting;
  }
  return (await goProcess).ask(requests);
}

/** Ends this file's Go process (optional: an idle one never keeps Node running). */
export async function goClose(): Promise<void> {
  const open = goProcess;
  goProcess = null;
  if (open) await (await open).close();
}

export async function goVerify(request: Omit<GoVerifyRequest, 'kind'>): Promise<GoAnswer> {
  return (await goJudge([{ kind: 'verify', ...request }]))[0]!;
}

// ---- OpenSSL -------------------------------------------------------------------------------------

export interface OpensslError {
  readonly code: number;
  readonly depth: number;
  /** X509_verify_cert_error_string, e.g. "certificate has expired". */
  readonly text: string;
}

export interface OpensslAnswer {
  readonly ok: boolean;
  /** Every "error N at D depth lookup: TEXT" it printed, in order. */
  readonly errors: readonly OpensslError[];
  readonly output: string;
}

export interface OpensslVerifyRequest {
  /** PEM file of the trust anchors; null: none (not even the system's). */
  readonly caFile: string | null;
  /** PEM file of the other certificates given (may be absent). */
  readonly untrusted?: string | null;
  readonly leaf: string;
  readonly usage: PeerUsage;
  /** Checked with -verify_ip for an IP address, -verify_hostname otherwise. */
  readonly host?: string | null;
  readonly time?: Date | null;
}

/**
 * The security level OpenSSL applies to every TLS connection on this system (Debian builds
 * OpenSSL with default level 2: RSA and DH ≥ 2048 bits, no SHA-1 signatures below the trust
 * anchor). Plain `openssl verify` has auth level -1 and checks neither key sizes nor digests, which
 * no TLS client does; `-auth_level 2` judges a chain as `s_client`/`s_server` and every
 * libssl-based program here would.
 */
export const OPENSSL_AUTH_LEVEL = 2;

export function opensslArgs(request: OpensslVerifyRequest): string[] {
  const args = ['verify', '-x509_strict', '-auth_level', String(OPENSSL_AUTH_LEVEL), ...(request.caFile ? ['-CAfile', request.caFile] : ['-no-CAfile', '-no-CApath', '-no-CAstore'])];
  if (request.usage !== 'any') args.push('-purpose', request.usage === 'server' ? 'sslserver' : 'sslclient');
  if (request.host) args.push(/^[\d.]+$|:/.test(request.host) ? '-verify_ip' : '-verify_hostname', request.host);
  if (request.time) args.push('-attime', String(Math.floor(request.time.getTime() / 1000)));
  if (request.untrusted) args.push('-untrusted', request.untrusted);
  args.push(request.leaf);
  return args;
}

export function parseOpensslVerify(code: number, output: string): OpensslAnswer {
  const errors = [...output.matchAll(/^error (\d+) at (\d+) depth lookup: (.+)$/gm)].map((m) => ({ code: Number(m[1]), depth: Number(m[2]), text: m[3]!.trim() }));
  return { ok: code === 0 && /: OK$/m.test(output) && errors.length === 0, errors, output };
}

/** `openssl verify -x509_strict -auth_level 2 [-purpose …] [-verify_hostname|-verify_ip …] [-attime …]`. */
export async function opensslJudge(request: OpensslVerifyRequest): Promise<OpensslAnswer> {
  const result = await runPeer('openssl', opensslArgs(request));
  return parseOpensslVerify(result.code, `${result.stdout}${result.stderr}`);
}

// ---- curl --------------------------------------------------------------------------------------

/** curl's refusal of a server: the "curl: (N) …" line `curl -sS` prints (the URL and options are the caller's). */
export async function curlRefusal(args: readonly string[]): Promise<string> {
  const result = await runPeer('curl', ['-sS', '-o', '/dev/null', '--max-time', '20', ...args]);
  assert.notEqual(result.code, 0, `curl accepted it: ${args.join(' ')}`);
  const line = /^curl: \(\d+\) .*$/m.exec(result.stderr)?.[0];
  assert.ok(line, `curl said no "curl: (N)" line:\n${result.stderr}`);
  return line;
}

// ---- Certwright's quotes, held against the peers' words ------------------------------------------

/** A Certwright quote of Go (crypto/x509 or crypto/tls): "x509: …", "tls: …". */
export const isGoQuote = (quote: string) => /^(x509|tls): /.test(quote);

/** A Certwright quote of `openssl verify`: "OpenSSL: TEXT (verify error N)". */
export function opensslQuote(quote: string): { text: string; code: number } | null {
  const match = /^OpenSSL: (.+) \(verify error (\d+)\)$/.exec(quote);
  return match ? { text: match[1]!, code: Number(match[2]) } : null;
}

/**
 * The "x509: …" reason in a Go error, which is what Certwright quotes when crypto/tls wraps it
 * ("tls: failed to verify client certificate: x509: …").
 */
export function goX509Reason(error: string): string {
  const at = error.indexOf('x509: ');
  assert.ok(at >= 0, `Go gave no x509 reason: ${error}`);
  return error.slice(at);
}

/** An error `openssl verify` printed, written as Certwright quotes it: "OpenSSL: TEXT (verify error N)". */
export const asOpensslQuote = (error: OpensslError): string => `OpenSSL: ${error.text} (verify error ${error.code})`;

/**
 * Asserts that what Certwright quotes of Go is what Go says: each "x509: …"/"tls: …" quote is Go's
 * error text or a part of it (Certwright may quote the line without the detail Go appends, or the
 * reason Go wraps into "signed by unknown authority (possibly because of …)"), and at least one is
 * given.
 */
export function assertGoQuoted(seenAs: readonly string[], go: GoAnswer, where: string): void {
  assert.equal(go.ok, false, `${where}: Go accepted it, yet Certwright quotes Go refusing it (${JSON.stringify(seenAs)})`);
  const quotes = seenAs.filter(isGoQuote);
  assert.ok(quotes.length > 0, `${where}: Certwright quotes no Go error; Go says: ${go.error}`);
  for (const quote of quotes) assert.ok(go.error.includes(quote), `${where}: Certwright quotes Go as\n  ${quote}\nbut Go 1.19 says\n  ${go.error}`);
}

/** Asserts that each "OpenSSL: TEXT (verify error N)" quote is an error `openssl verify` printed, number and words. */
export function assertOpensslQuoted(seenAs: readonly string[], openssl: OpensslAnswer, where: string): void {
  assert.equal(openssl.ok, false, `${where}: OpenSSL accepted it, yet Certwright quotes it refusing (${JSON.stringify(seenAs)})`);
  const quotes = seenAs.map(opensslQuote).filter((q) => q !== null);
  assert.ok(quotes.length > 0, `${where}: Certwright quotes no OpenSSL verify error; OpenSSL says:\n${openssl.output}`);
  for (const quote of quotes) {
    const said = openssl.errors.map((e) => `${e.text} (verify error ${e.code})`);
    assert.ok(said.includes(`${quote.text} (verify error ${quote.code})`), `${where}: Certwright quotes OpenSSL as\n  ${quote.text} (verify error ${quote.code})\nbut OpenSSL 3 says\n  ${said.join('\n  ') || openssl.output}`);
  }
}

/** Writes PEM texts into one file (a CAfile or -untrusted list); null when there are none. */
export async function pemFile(path: string, pems: readonly string[]): Promise<string | null> {
  if (pems.length === 0) return null;
  await writeFile(path, pems.map((p) => `${p.trim()}\n`).join(''));
  return path;
}

/**
 * What OpenSSL says when a server is configured with a certificate and a key that do not belong
 * together: `openssl s_server` refuses to start (stderr). Only for pairs that do not match — a
 * matching pair would start a server, which is stopped at once.
 */
export async function opensslKeyPair(certFile: string, keyFile: string): Promise<string> {
  const server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-cert', certFile, '-key', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  server.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const timer = setTimeout(() => server.kill(), 5_000);
  server.stdout.on('data', () => {
    if (/ACCEPT/.test(output)) server.kill();
  });
  await new Promise((resolve) => server.once('close', resolve));
  clearTimeout(timer);
  return output;
}

/** A finding's quotes of Go and of `openssl verify`, each held against what that peer said. */
export function assertPeersQuoted(seenAs: readonly string[], peers: { readonly go: GoAnswer; readonly openssl: OpensslAnswer }, where: string): void {
  if (seenAs.some(isGoQuote)) assertGoQuoted(seenAs, peers.go, where);
  if (seenAs.some((q) => opensslQuote(q) !== null)) assertOpensslQuoted(seenAs, peers.openssl, where);
  assert.ok(seenAs.some(isGoQuote) || seenAs.some((q) => opensslQuote(q) !== null), `${where}: quotes neither Go nor OpenSSL: ${JSON.stringify(seenAs)}`);
}
