// Builds the three bundles the app is made of (and the test bridge), with esbuild:
//   dist/electron/main.js     main process (ESM; node_modules stay external and load at run time)
//   dist/electron/preload.cjs preload, ONE CommonJS file: sandboxed preloads cannot import at run time
//   dist/renderer/            the React UI: index.html, app.js, app.css
//   dist/cli/certwright.js    the `certwright` command line (ESM; node_modules external)
//   dist/{electron,cli}/untrusted-worker.js  the worker thread that reads outside input (one beside
//                             each bundle that starts it: electron/workers/pool.ts looks next to itself)
//   dist/test/bridge.js       the e2e harness's stand-in for the preload (same client code)
// First, the Go snippet templates (electron/engine/export/snippets/*.go) become a module the engine
// imports (templates.gen.ts), written only when it differs from them.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { GENERATED, writeGeneratedModule } from './scripts/snippet-templates.mjs';

// Production (`npm run dist`, or NODE_ENV=production): no source maps, React's production build.
const production = process.env.NODE_ENV === 'production' || process.argv.includes('--production');
const common = { bundle: true, logLevel: 'warning', sourcemap: production ? false : 'linked', legalComments: 'none' };

if (await writeGeneratedModule()) console.log(`regenerated ${GENERATED}`);

await rm('dist', { recursive: true, force: true });
await mkdir('dist/renderer', { recursive: true });

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
  // The untrusted-input worker, its own file beside main.js and beside the CLI.
  ...['dist/electron', 'dist/cli'].map((dir) =>
    build({
      ...common,
      entryPoints: ['electron/workers/untrusted-worker.ts'],
      outfile: `${dir}/untrusted-worker.js`,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
    }),
  ),
  build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file' },
  }),
  build({
    ...common,
    entryPoints: ['electron/cli/certwright.ts'],
    outfile: 'dist/cli/certwright.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    sourcemap: false,
    entryPoints: ['test/e2e/bridge.ts'],
    outfile: 'dist/test/bridge.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  }),
]);
await cp('renderer/index.html', 'dist/renderer/index.html');
console.log('built dist/electron, dist/renderer, dist/test');
