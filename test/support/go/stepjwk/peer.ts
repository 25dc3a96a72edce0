/**
 * The stepjwk peer (main.go beside this file): provisioner keys made by smallstep's own
 * go.step.sm/crypto/jose, built in GOPATH mode against Debian's /usr/share/gocode (no download) into
 * test-output/go-peers/, named by the hash of main.go and `go version`: built once (≈2 s with Go's
 * build cache warm from the step-ca lab), again only when either changes. Built under a temporary
 * name and renamed, so a parallel test file never runs a half-written binary.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.go', import.meta.url));
const CACHE = fileURLToPath(new URL('../../../../test-output/go-peers/', import.meta.url));
const DEBIAN_GOPATH = '/usr/share/gocode';

function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** A key as step makes it: its public JWK (as ca.json lists it) and its encrypted private JWK. */
export interface StepJwk {
  readonly kty: 'EC' | 'OKP' | 'RSA';
  readonly key: Record<string, unknown>;
  readonly encryptedKey: string;
}

let built: Promise<string> | null = null;

export function stepJwkBinary(): Promise<string> {
  built ??= (async () => {
    const version = (await exec('go', ['version'])).stdout.trim();
    const binary = join(CACHE, `stepjwk-${createHash('sha256').update(version).update(await readFile(MAIN)).digest('hex').slice(0, 16)}`);
    if (existsSync(binary)) return binary;
    const gopath = await mkdtemp(join(tmpdir(), 'certwright-stepjwk-'));
    try {
      const dir = join(gopath, 'src', 'stepjwk');
      await mkdir(dir, { recursive: true });
      await cp(MAIN, join(dir, 'main.go'));
      const env: NodeJS.ProcessEnv = { ...process.env, GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
      if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(CACHE, 'gocache');
      await mkdir(CACHE, { recursive: true });
      const partial = `${binary}.${process.pid}.tmp`;
      const result = await exec('go', ['build', '-o', partial, '.'], { cwd: dir, env });
      if (result.code !== 0) throw new Error(`go build of the stepjwk peer failed:\n${result.stderr}`);
      await rename(partial, binary);
      return binary;
    } finally {
      await rm(gopath, { recursive: true, force: true });
    }
  })();
  return built;
}

/** Three keys (EC P-256 as `step ca init` makes it, OKP Ed25519, RSA 2048), each encrypted with `password`. */
export async function stepJwks(password: string): Promise<StepJwk[]> {
  const result = await exec(await stepJwkBinary(), [password]);
  if (result.code !== 0) throw new Error(`stepjwk failed:\n${result.stderr}`);
  return result.stdout.trim().split('\n').map((l) => JSON.parse(l) as StepJwk);
}
