/**
 * The certwright CLI as users run it, for tests that start it as a child process: one bundled file
 * built from the current sources (fast to start, unlike a TypeScript loader in every child), with
 * the untrusted-input worker beside it as build.config.mjs puts it in dist/cli. Bare package imports
 * resolve from the repository's node_modules.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleCli(prefix = 'certwright-cli-build-'): Promise<{ entry: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await build({
    entryPoints: { certwright: 'electron/cli/certwright.ts', 'untrusted-worker': 'electron/workers/untrusted-worker.ts' },
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
  return { entry: join(dir, 'certwright.js'), dispose: () => rm(dir, { recursive: true, force: true }) };
}
