/**
 * The generated Go package servicetoken, built and run: the snippets as Certwright renders them go
 * into a GOPATH tree with main.go beside this file, and one binary serves and calls (main.go says
 * how). Built with Debian's golang-jwt and gRPC sources in GOPATH mode, no download:
 * `github.com/golang-jwt/jwt/v4` resolves to /usr/share/gocode/src/github.com/golang-jwt/jwt by Go's
 * minimal module compatibility, which applies only to code in a GOPATH tree with a go.mod — hence
 * the go.mod of `certwright.test` below.
 *
 * The binary lands in test-output/go-peers/, named by the hash of its sources and `go version`: a
 * second run with the same snippets builds nothing. Go's build cache (GOCACHE, default
 * ~/.cache/go-build) keeps the compiled gRPC packages, so a changed snippet recompiles one package.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SnippetView } from '../../../../shared/domain/export.js';

const MAIN = fileURLToPath(new URL('./main.go', import.meta.url));
const CACHE = fileURLToPath(new URL('../../../../test-output/go-peers/', import.meta.url));
const DEBIAN_GOPATH = '/usr/share/gocode';

/** Subsets of the package a user may copy alone: each must build without the others. */
const SUBSETS: Readonly<Record<string, readonly string[]>> = {
  'http-server': ['servicetoken.go', 'servicetoken_keys.go', 'servicetoken_http.go'],
  'grpc-server': ['servicetoken.go', 'servicetoken_keys.go', 'servicetoken_grpc.go'],
  'http-client': ['servicetoken_client.go'],
  'grpc-client': ['servicetoken_client.go', 'servicetoken_creds.go'],
};

export interface BuildTimes {
  /** False when the binary for these sources was already built. */
  readonly built: boolean;
  readonly ms: number;
}

function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

function goEnv(gopath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
  // Without HOME or XDG_CACHE_HOME Go has no default cache: keep one beside the binaries.
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(CACHE, 'gocache');
  return env;
}

/**
 * Builds main.go with the snippets (go vet on the whole package, go build on each subset a user
 * may copy alone) unless a binary of the same sources exists; returns its path.
 */
export async function buildServiceTokenPeer(snippets: readonly SnippetView[]): Promise<{ binary: string; times: BuildTimes }> {
  const started = Date.now();
  const version = (await exec('go', ['version'])).stdout.trim();
  const main = await readFile(MAIN, 'utf8');
  const hash = createHash('sha256').update(version).update(main);
  for (const s of [...snippets].sort((a, b) => a.filename.localeCompare(b.filename))) hash.update(s.filename).update(s.text);
  const binary = join(CACHE, `servicetoken-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return { binary, times: { built: false, ms: Date.now() - started } };

  const gopath = await mkdtemp(join(tmpdir(), 'certwright-servicetoken-'));
  try {
    const root = join(gopath, 'src', 'certwright.test');
    const write = async (dir: string, name: string, text: string) => {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(join(root, dir, name), text);
    };
    await write('.', 'go.mod', 'module certwright.test\n\ngo 1.19\n');
    for (const s of snippets) await write('servicetoken', s.filename, s.text);
    for (const [subset, files] of Object.entries(SUBSETS)) {
      for (const name of files) {
        const s = snippets.find((x) => x.filename === name);
        assert.ok(s, `no snippet ${name}`);
        await write(join('subsets', subset), name, s.text);
      }
    }
    await write(join('cmd', 'servicetoken-peer'), 'main.go', main);
    const env = goEnv(gopath);
    const vet = await exec('go', ['vet', './servicetoken', './cmd/servicetoken-peer'], { cwd: root, env });
    assert.equal(vet.code, 0, `go vet of the generated package failed:\n${vet.stderr}`);
    const subsets = await exec('go', ['build', ...Object.keys(SUBSETS).map((s) => `./subsets/${s}`)], { cwd: root, env });
    assert.equal(subsets.code, 0, `a subset of the generated files does not build alone:\n${subsets.stderr}`);
    await mkdir(CACHE, { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    const built = await exec('go', ['build', '-o', partial, './cmd/servicetoken-peer'], { cwd: root, env });
    assert.equal(built.code, 0, `go build of the servicetoken peer failed:\n${built.stderr}`);
    await rename(partial, binary);
  } finally {
    await rm(gopath, { recursive: true, force: true });
  }
  return { binary, times: { built: true, ms: Date.now() - started } };
}

/** What main.go answers; see its `answer` type. */
export interface PeerAnswer {
  readonly id: string;
  readonly error?: string;
  readonly http?: string;
  readonly grpc?: string;
  readonly config?: { issuer: string; audience: string; algorithm: string; jwksFile: string; policyFile: string };
  readonly status?: number;
  readonly body?: string;
  readonly code?: string;
  readonly message?: string;
  readonly results?: readonly PeerAnswer[];
  readonly lines?: readonly string[];
}

export type PeerRequest = { readonly op: string } & Readonly<Record<string, unknown>>;

/** One running servicetoken peer: a request per line, answered in order. */
export class ServiceTokenPeer {
  readonly #child: ChildProcess;
  readonly #waiting: Array<(answer: PeerAnswer) => void> = [];
  #stdout = '';
  #stderr = '';
  #next = 0;
  readonly #ended: Promise<void>;

  constructor(binary: string, args: readonly string[]) {
    this.#child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdout!.setEncoding('utf8').on('data', (d: string) => this.#read(d));
    this.#child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.#stderr += d));
    this.#child.stdin!.on('error', () => undefined);
    this.#ended = new Promise((resolve) => this.#child.once('close', () => resolve()));
  }

  #read(data: string): void {
    this.#stdout += data;
    for (let end = this.#stdout.indexOf('\n'); end >= 0; end = this.#stdout.indexOf('\n')) {
      const line = this.#stdout.slice(0, end);
      this.#stdout = this.#stdout.slice(end + 1);
      this.#waiting.shift()?.(JSON.parse(line) as PeerAnswer);
    }
  }

  ask(request: PeerRequest): Promise<PeerAnswer> {
    const id = String(++this.#next);
    return new Promise((resolve, reject) => {
      const died = () => reject(new Error(`the servicetoken peer ended:\n${this.#stderr}`));
      if (this.#child.exitCode !== null) return died();
      this.#child.once('close', died);
      this.#waiting.push((answer) => {
        this.#child.off('close', died);
        assert.equal(answer.id, id, 'the servicetoken peer answered out of order');
        resolve(answer);
      });
      this.#child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  async close(): Promise<void> {
    this.#child.stdin!.end();
    await this.#ended;
  }
}
