/**
 * The certwright CLI as users run it, for tests that start it as a child process: one bundled file
 * built from the current sources (fast to start, unlike a TypeScript loader in every child), with
 * the untrusted-input worker beside it as build.config.mjs puts it in dist/cli. Bare package imports
 * resolve from the repository's node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleCli(prefix = 'certwright-cli-build-'): Promise<{ entry: string; dispose: () => Promise<void> }> {
  const { dir, dispose } = await bundleScripts({}, prefix);
  return { entry: join(dir, 'certwright.js'), dispose };
}

/**
 * The CLI and the given scripts (name → source path from the repository root), bundled as
 * {@link bundleCli} bundles the CLI, into one folder: `<dir>/<name>.js`. For tests that start a
 * script as a child process many times: under a TypeScript loader each start spent about a second
 * compiling; bundled, it starts in a fraction of that.
 */
export async function bundleScripts(scripts: Readonly<Record<string, string>>, prefix = 'certwright-scripts-build-'): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await build({
    entryPoints: { ...scripts, certwright: 'electron/cli/certwright.ts', 'untrusted-worker': 'electron/workers/untrusted-worker.ts' },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: process.cwd(),
  });
  await symlink(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One run of the bundled CLI to its end, with neither the passphrase nor the vault taken from the
 * test's own environment (unless `env` gives them); `stdin` is written and closed (nothing by default).
 */
export function runCli(entry: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env: { ...process.env, CERTWRIGHT_PASSPHRASE: '', CERTWRIGHT_VAULT: '', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a command that refuses early may close stdin unread
    child.stdin.end(options.stdin ?? '');
  });
}
