/**
 * The step-ca lab: smallstep's online CA built from Debian's Go sources, and a throwaway MariaDB for
 * step-ca's MySQL database. Every step-ca test uses these, so they are built once and started on
 * loopback with ports chosen free:
 *
 * - `stepCaBinary()` builds test/support/step-ca/main.go (smallstep's own `step-ca` start command) in
 *   GOPATH mode against /usr/share/gocode, no download, into test-output/step-ca/step-ca-<hash>, the
 *   hash being main.go's and `go version`'s: a second call builds nothing. Several processes asking at
 *   once are safe: one builds under a lock file, the others wait for it (a lock whose process died is
 *   taken over); the binary appears by an atomic rename, never half written. `npm test` builds it in
 *   its first phase (test/run-suites.ts runs test/support/step-ca/build.ts); a test file run alone
 *   builds it on demand (≈40 s cold, ≈4 s with Go's build cache warm).
 * - `startStepCa({ folder, passwordFile })` runs `step-ca config/ca.json --password-file F` from the
 *   folder a step-ca export wrote (paths in ca.json are relative to it: step-ca 0.19 reads them from
 *   the working directory), STEPPATH set to the folder, and resolves once GET /health answers
 *   {"status":"ok"} over TLS verified against the folder's certs/root_ca.crt. A CA that exits or does
 *   not answer in time rejects with everything it wrote.
 * - `runStepCaToExit(...)` runs it expecting it to refuse to start (a wrong password, a broken
 *   ca.json) and gives back its exit code and words, to quote.
 * - `startMariaDb()` runs mariadbd as this user on a free loopback port with its own socket and a
 *   temporary datadir (no system service, no my.cnf: --no-defaults), with a user `step` for step-ca's
 *   DSN. About a second.
 *
 * Every process started here is killed in its stop(), and on this process's exit if a test forgot.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './servers.js';

const MAIN = fileURLToPath(new URL('./step-ca/main.go', import.meta.url));
const OUT = fileURLToPath(new URL('../../test-output/step-ca/', import.meta.url));
const DEBIAN_GOPATH = '/usr/share/gocode';
/** The package main.go is built as, inside the temporary GOPATH. */
const PACKAGE = 'stepca-lab';
const BUILD_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;

// ---- Processes this file started: killed on exit if a test did not stop them -------------------

const running = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  // A process a test forgot to stop must not keep the test process alive (it would hang until CI's
  // timeout): unreferenced, it is killed on exit below.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves when it has exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

// ---- The binary ---------------------------------------------------------------------------------

export interface StepCaBuild {
  readonly binary: string;
  /** False when a binary of these sources was already there (or another process built it). */
  readonly built: boolean;
  readonly ms: number;
}

let building: Promise<StepCaBuild> | undefined;

/** The path of the lab's step-ca binary, built first when main.go or Go changed. */
export async function stepCaBinary(): Promise<string> {
  return (await buildStepCa()).binary;
}

/** As stepCaBinary, saying whether it built and how long it took (for the build step's log). */
export function buildStepCa(): Promise<StepCaBuild> {
  building ??= build().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

async function build(): Promise<StepCaBuild> {
  const started = Date.now();
  if (!existsSync(join(DEBIAN_GOPATH, 'src/github.com/smallstep/certificates/commands'))) {
    throw new Error('step-ca lab: Debian\'s golang-github-smallstep-certificates-dev is not installed (test/peers.sh installs it)');
  }
  const version = (await exec('go', ['version'])).stdout.trim();
  // The package's upstream version ("0.19.0-1" → "0.19.0"), reported by /version as a release reports its own.
  const stepVersion = (await exec('dpkg-query', ['-W', '-f', '${Version}', 'golang-github-smallstep-certificates-dev'])).stdout.trim().replace(/-[^-]*$/, '') || '0.0.0';
  const main = await readFile(MAIN);
  const binary = join(OUT, `step-ca-${createHash('sha256').update(version).update(stepVersion).update(main).digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return { binary, built: false, ms: Date.now() - started };
  await mkdir(OUT, { recursive: true });
  const lock = `${binary}.lock`;
  while (!(await takeLock(lock))) {
    // Another process is building this very binary: wait for it (or for its lock to go).
    await new Promise((r) => setTimeout(r, 250));
    if (existsSync(binary)) return { binary, built: false, ms: Date.now() - started };
    if (Date.now() - started > BUILD_TIMEOUT_MS) throw new Error(`step-ca lab: gave up waiting for the build holding ${lock}`);
  }
  try {
    if (existsSync(binary)) return { binary, built: false, ms: Date.now() - started };
    const gopath = await mkdtemp(join(tmpdir(), 'certwright-stepca-gopath-'));
    try {
      const dir = join(gopath, 'src', PACKAGE);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'main.go'), main);
      const env: NodeJS.ProcessEnv = { ...process.env, GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
      // Without HOME or XDG_CACHE_HOME Go has no default build cache: keep one beside the binary.
      if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(OUT, 'gocache');
      const partial = `${binary}.${process.pid}.tmp`;
      const result = await exec('go', ['build', '-ldflags', `-X main.version=${stepVersion}`, '-o', partial, '.'], { cwd: dir, env });
      if (result.code !== 0) {
        await rm(partial, { force: true });
        throw new Error(`step-ca lab: go build failed (exit ${result.code}):\n${result.stderr}`);
      }
      await rename(partial, binary);
      // Binaries of an older main.go or Go are 25 MB each and never used again.
      for (const name of await readdir(OUT)) if (/^step-ca-[0-9a-f]{16}$/.test(name) && join(OUT, name) !== binary) await rm(join(OUT, name), { force: true });
    } finally {
      await rm(gopath, { recursive: true, force: true });
    }
    return { binary, built: true, ms: Date.now() - started };
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/** Creates the lock file holding our pid; false while a live process holds it. A dead holder's lock is removed. */
async function takeLock(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
  // Written a moment ago (pid not yet in it) or left by a process that died: take it over next turn.
  if (!holder) return false;
  await unlink(lock).catch(() => undefined);
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---- step-ca ------------------------------------------------------------------------------------

export interface StepCaOptions {
  /** The folder a step-ca export wrote (certs/, secrets/, config/ca.json); step-ca runs from it. */
  readonly folder: string;
  /** The file with the password for the intermediate's key (and the provisioner's, step-ca needs only the first). */
  readonly passwordFile: string;
  /** The configuration, relative to the folder or absolute; default config/ca.json. */
  readonly config?: string;
  /** The root to verify the CA's TLS against; default the folder's certs/root_ca.crt. */
  readonly rootFile?: string;
  /** How long to wait for /health; default 20 s. */
  readonly timeoutMs?: number;
  /** Extra environment (STEPDEBUG=1 for stack traces, say). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface StepCa {
  /** https://127.0.0.1:PORT (or localhost / [::1], whichever of ca.json's dnsNames is loopback). */
  readonly url: string;
  readonly port: number;
  /** The root the CA's TLS was verified against, PEM. */
  readonly rootPem: string;
  /** SHA-256 of the root's DER, lower-case hex: what `certwright remote add --fingerprint` takes. */
  readonly fingerprint: string;
  readonly pid: number;
  /** Everything step-ca has written so far (stdout and stderr): its log, for a failing test's message. */
  output(): string;
  /** Stops it (SIGTERM, SIGKILL after 3 s) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

interface CaJson {
  readonly address?: unknown;
  readonly dnsNames?: unknown;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** The port and the loopback URL of the CA a ca.json describes. */
async function whereItListens(configPath: string): Promise<{ port: number; url: string }> {
  const config = JSON.parse(await readFile(configPath, 'utf8')) as CaJson;
  const address = typeof config.address === 'string' ? config.address : '';
  const port = Number(/:(\d+)$/.exec(address)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`step-ca lab: ${configPath} has no address with a port (${JSON.stringify(config.address)})`);
  const names = Array.isArray(config.dnsNames) ? config.dnsNames.filter((n): n is string => typeof n === 'string') : [];
  const host = names.find((n) => LOOPBACK.includes(n));
  if (!host) throw new Error(`step-ca lab: none of ca.json's dnsNames (${names.join(', ')}) is a loopback name (${LOOPBACK.join(', ')}), so its TLS cannot be verified here`);
  return { port, url: `https://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

function stepCaEnv(folder: string, extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  // STEPPATH keeps step's context files in the folder, never in ~/.step.
  return { ...process.env, STEPPATH: folder, ...extra };
}

function stepCaArgs(options: StepCaOptions): string[] {
  const passwordFile = isAbsolute(options.passwordFile) ? options.passwordFile : resolvePath(options.passwordFile);
  return [options.config ?? 'config/ca.json', '--password-file', passwordFile];
}

/**
 * Starts step-ca from an exported folder and resolves once /health answers ok over TLS verified
 * against the folder's root. Rejects (the process killed) with its output when it exits first or
 * does not answer within the timeout.
 */
export async function startStepCa(options: StepCaOptions): Promise<StepCa> {
  const folder = resolvePath(options.folder);
  const configPath = resolvePath(folder, options.config ?? 'config/ca.json');
  const { port, url } = await whereItListens(configPath);
  const rootPem = await readFile(resolvePath(folder, options.rootFile ?? 'certs/root_ca.crt'), 'utf8');
  const fingerprint = new X509Certificate(rootPem).fingerprint256.replaceAll(':', '').toLowerCase();
  const binary = await stepCaBinary();

  const child = spawn(binary, stepCaArgs(options), { cwd: folder, env: stepCaEnv(folder, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let log = '';
  // Until it listens a connection is refused at once; its log growing or its exit is the next event worth a look.
  let wake: (() => void) | undefined;
  const poke = () => wake?.();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    log += d;
    poke();
  });
  child.once('exit', poke);
  const stop = () => terminate(child);

  const deadline = Date.now() + (options.timeoutMs ?? START_TIMEOUT_MS);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`step-ca exited (${child.exitCode ?? child.signalCode}) before answering /health:\n${log}`);
      }
      const health = await getHealth(url, rootPem).catch((error: Error) => ({ error: error.message }));
      if ('status' in health && health.status === 'ok') break;
      const lastError = 'error' in health ? health.error : JSON.stringify(health);
      if (Date.now() > deadline) throw new Error(`step-ca did not answer /health at ${url} within ${options.timeoutMs ?? START_TIMEOUT_MS} ms (last: ${lastError}):\n${log}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, rootPem, fingerprint, pid: child.pid!, output: () => log, stop };
}

/** GET /health, TLS verified against the root alone; a short timeout: it is loopback. */
function getHealth(url: string, rootPem: string): Promise<{ status?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/health`, { ca: rootPem, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as { status?: string });
        } catch {
          reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export interface StepCaExit {
  /** Its exit code; null when it was still running at the timeout (then killed). */
  readonly code: number | null;
  /** stdout and stderr together, as a user would see them. */
  readonly output: string;
}

/**
 * Runs step-ca from a folder expecting it to refuse to start (a wrong password, say); returns how
 * it ended and what it said. Killed after `timeoutMs` (default 10 s) if it is still running.
 */
export async function runStepCaToExit(options: StepCaOptions): Promise<StepCaExit> {
  const folder = resolvePath(options.folder);
  const binary = await stepCaBinary();
  const child = spawn(binary, stepCaArgs(options), { cwd: folder, env: stepCaEnv(folder, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const timer = setTimeout(() => void terminate(child), options.timeoutMs ?? 10_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

// ---- MariaDB ------------------------------------------------------------------------------------

export interface MariaDb {
  readonly port: number;
  /** Its own unix socket (root connects there without a password). */
  readonly socket: string;
  readonly user: string;
  readonly password: string;
  /**
   * The data source step-ca's `db.dataSource` takes for `"type": "mysql"`: user:password@tcp(127.0.0.1:PORT)/
   * — it must end in "/", step-ca appends `db.database` (which it creates if missing).
   */
  readonly dsn: string;
  /** Runs SQL as root over the socket (the mariadb client); its stdout, tab-separated. */
  sql(statement: string): Promise<string>;
  /** Everything mariadbd has written. */
  output(): string;
  /** Stops it and deletes its datadir. Safe to call twice. */
  stop(): Promise<void>;
}

const MARIADB_START_TIMEOUT_MS = 20_000;

function mariadbBinary(name: 'mariadbd' | 'install'): string {
  const candidates = name === 'mariadbd' ? ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'] : ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`step-ca lab: ${candidates.join(' or ')} not found (test/peers.sh installs mariadb-server)`);
  return found;
}

/**
 * A MariaDB for step-ca's "mysql" database: a fresh datadir, mariadbd on a free loopback port and
 * its own socket, and a user `step` (password in .password) allowed everything from 127.0.0.1.
 */
export async function startMariaDb(): Promise<MariaDb> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  // Small InnoDB files: the default 96 MiB redo log is most of a datadir's creation time and size.
  const sizing = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=16M'];
  const installed = await exec(mariadbBinary('install'), ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve', ...sizing], { timeout: 60_000 });
  if (installed.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`step-ca lab: mariadb-install-db failed (exit ${installed.code}):\n${installed.stdout}${installed.stderr}`);
  }
  const port = await freePort();
  const child = spawn(
    mariadbBinary('mariadbd'),
    ['--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=root', '--skip-name-resolve', '--skip-log-bin', `--pid-file=${join(dir, 'mysqld.pid')}`, ...sizing],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  let stopped = false;
  const stop = async () => {
    await terminate(child);
    if (!stopped) {
      stopped = true;
      await rm(dir, { recursive: true, force: true });
    }
  };
  const sql = async (statement: string) => {
    const result = await exec('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names', '-e', statement], { timeout: 30_000 });
    if (result.code !== 0) throw new Error(`mariadb: ${statement}: ${result.stderr}`);
    return result.stdout;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mariadbd was not ready within ${MARIADB_START_TIMEOUT_MS} ms:\n${log}`)), MARIADB_START_TIMEOUT_MS);
      const check = () => {
        if (!/ready for connections/.test(log)) return;
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mariadbd exited (${code}) before it was ready:\n${log}`));
      });
    });
    const password = createHash('sha256').update(dir).digest('hex').slice(0, 24);
    await sql(`CREATE USER 'step'@'127.0.0.1' IDENTIFIED BY '${password}'; GRANT ALL PRIVILEGES ON *.* TO 'step'@'127.0.0.1'`);
    return { port, socket, user: 'step', password, dsn: `step:${password}@tcp(127.0.0.1:${port})/`, sql, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
