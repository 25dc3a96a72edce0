/**
 * The release build (electron-builder.config.mjs, `npm run dist`), checked where no Electron binary can
 * be downloaded:
 *
 * - the configuration itself: every Electron fuse, asar, the targets and their icons;
 * - one real pack: the production bundles are built into a scratch copy of the project (the shared
 *   dist/ is left alone) and `electron-builder --linux dir` packs them against a stand-in Electron
 *   directory. Its "binary" is a script that carries a fuse wire in Electron's format (sentinel,
 *   version, length, one byte per fuse, Electron's defaults), so the fuses electron-builder flips land
 *   where they would in the real binary and are read back. The archive must hold exactly the built
 *   app (no test bridge, no CLI, no source maps, no TypeScript, no build paths) and exactly the
 *   production dependencies `npm ls --omit=dev` lists, at the same places and versions;
 * - the test hooks the packaged main honours: none but CERTWRIGHT_USER_DATA, which startApp ignores
 *   when packaged (electron-shell.test.ts drives that with `isPackaged: true`).
 *
 * What it cannot check here: that the real Electron 45 binary starts from this asar, the AppImage,
 * deb, dmg and nsis targets themselves (electron-builder downloads their tools), code signing, and
 * the asar integrity hash (computed for macOS and Windows builds only).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Configuration } from 'electron-builder';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
const run = promisify(execFile);

type Fuses = Readonly<Record<string, boolean>>;
const builder = (await import(pathToFileURL(join(ROOT, 'electron-builder.config.mjs')).href)) as { default: Configuration; fuses: Fuses };
const config = builder.default;
const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// ---- Electron's fuse wire ------------------------------------------------------------------------

/** @electron/fuses' sentinel: the fuse wire follows it (version byte, length byte, one byte per fuse). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The V1 wire's order (@electron/fuses FuseV1Options) and the config key electron-builder reads for each. */
const FUSE_WIRE = [
  ['RunAsNode', 'runAsNode'],
  ['EnableCookieEncryption', 'enableCookieEncryption'],
  ['EnableNodeOptionsEnvironmentVariable', 'enableNodeOptionsEnvironmentVariable'],
  ['EnableNodeCliInspectArguments', 'enableNodeCliInspectArguments'],
  ['EnableEmbeddedAsarIntegrityValidation', 'enableEmbeddedAsarIntegrityValidation'],
  ['OnlyLoadAppFromAsar', 'onlyLoadAppFromAsar'],
  ['LoadBrowserProcessSpecificV8Snapshot', 'loadBrowserProcessSpecificV8Snapshot'],
  ['GrantFileProtocolExtraPrivileges', 'grantFileProtocolExtraPrivileges'],
] as const;
/** Electron's own defaults, as an unflipped binary carries them ('1' on, '0' off). */
const ELECTRON_DEFAULT_WIRE = '10110001';

function readFuseWire(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(FUSE_SENTINEL);
  assert.ok(at >= 0, 'no fuse sentinel in the packed binary');
  const wire = at + FUSE_SENTINEL.length;
  assert.equal(binary[wire], 1, 'fuse wire version');
  const length = binary[wire + 1] ?? 0;
  const fuses: Record<string, boolean> = {};
  for (let i = 0; i < length; i++) {
    const state = String.fromCharCode(binary[wire + 2 + i] ?? 0);
    assert.ok(state === '0' || state === '1', `fuse ${i} is ${JSON.stringify(state)}`);
    fuses[FUSE_WIRE[i]?.[0] ?? `fuse${i}`] = state === '1';
  }
  return fuses;
}

// ---- asar ----------------------------------------------------------------------------------------

interface AsarNode {
  readonly files?: Record<string, AsarNode>;
  readonly offset?: string;
  readonly size?: number;
  readonly unpacked?: boolean;
  readonly link?: string;
}

/** Every file in an asar archive, by its path inside it ('dist/electron/main.js'), with its bytes. */
function readAsar(archive: Buffer): Map<string, Buffer> {
  // A Chromium pickle holding the header's size, then a pickle holding the JSON header, then the data.
  const headerPickleSize = archive.readUInt32LE(4);
  const jsonLength = archive.readUInt32LE(12);
  const header = JSON.parse(archive.subarray(16, 16 + jsonLength).toString('utf8')) as AsarNode;
  const base = 8 + headerPickleSize;
  const files = new Map<string, Buffer>();
  const walk = (node: AsarNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (child.files) walk(child, path);
      else if (child.link !== undefined) assert.fail(`${path} is a link in the asar`);
      else if (child.unpacked) assert.fail(`${path} is unpacked next to the asar`);
      else {
        const offset = base + Number(child.offset);
        files.set(path, archive.subarray(offset, offset + (child.size ?? 0)));
      }
    }
  };
  walk(header, '');
  return files;
}

/** node_modules/a, node_modules/@s/b, node_modules/a/node_modules/c …: the package folders under the paths. */
function packageFolders(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  const folder = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/[^/]+|[^@/][^/]*))\//;
  for (const path of paths) {
    const match = folder.exec(path);
    if (match?.[1]) folders.add(match[1]);
  }
  return folders;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

// ---- The configuration ---------------------------------------------------------------------------

describe('electron-builder configuration', () => {
  test('every Electron fuse is set as DESIGN.md §3 asks', () => {
    assert.deepEqual(builder.fuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    const fuses = config.electronFuses;
    assert.ok(fuses, 'electronFuses is set');
    assert.equal(fuses.runAsNode, false, 'ELECTRON_RUN_AS_NODE is ignored');
    assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false, 'NODE_OPTIONS is ignored');
    assert.equal(fuses.enableNodeCliInspectArguments, false, '--inspect is ignored');
    assert.equal(fuses.onlyLoadAppFromAsar, true, 'only app.asar is loaded');
    assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true, 'app.asar is checked against its embedded hash');
    assert.equal(fuses.enableCookieEncryption, true, 'the cookie store is encrypted');
    assert.equal(fuses.grantFileProtocolExtraPrivileges, false, 'file:// gets no extra privileges');
    assert.equal(fuses.loadBrowserProcessSpecificV8Snapshot, undefined, 'the V8 snapshot fuse stays as Electron ships it');
  });

  test('the app is one asar of the built bundles: no tests, no CLI, no maps, no sources', () => {
    assert.equal(config.appId, 'io.certwright.desktop');
    assert.equal(config.productName, 'Certwright');
    assert.equal(config.asar, true);
    assert.equal(config.npmRebuild, false, 'no native dependencies to rebuild');
    assert.equal(config.allowMissingDependencies, false, 'a missing production dependency fails the build');
    const files = config.files as string[];
    assert.deepEqual(
      files.filter((pattern) => !pattern.startsWith('!')),
      ['dist/electron/**/*', 'dist/renderer/**/*', 'package.json'],
    );
    for (const excluded of ['!**/*.map', '!**/*.{ts,mts,cts,tsx}']) assert.ok(files.includes(excluded), excluded);
    assert.equal(packageJson.main, 'dist/electron/main.js');
    assert.match(packageJson.scripts.dist ?? '', /build\.config\.mjs --production && electron-builder --config electron-builder\.config\.mjs/);
  });

  test('Linux AppImage and deb, macOS dmg, Windows nsis, each with its icon from assets/', async () => {
    assert.equal(config.directories?.buildResources, 'assets');
    assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac?.target, ['dmg']);
    assert.deepEqual(config.win?.target, [{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    assert.equal(config.nsis?.deleteAppDataOnUninstall, false, 'uninstalling never deletes the vault');

    const assets = join(ROOT, 'assets');
    // Linux: a folder of <N>x<N>.png, with the 512 and 1024 masters.
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const png: Buffer = await readFile(join(assets, config.linux?.icon ?? '', `${size}x${size}.png`));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${size}x${size}.png`);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `${size}x${size}.png dimensions`);
    }
    // Windows: an ICO with a 256-pixel image (width byte 0) among its sizes.
    const ico = await readFile(join(assets, config.win?.icon ?? ''));
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2)], [0, 1], 'ICO header');
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    assert.deepEqual(widths, [16, 24, 32, 48, 64, 128, 256]);
    // macOS: an ICNS whose 512 and 1024 slots hold PNGs.
    const icns = await readFile(join(assets, config.mac?.icon ?? ''));
    assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns');
    assert.equal(icns.readUInt32BE(4), icns.length);
    const slots = new Map<string, Buffer>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) slots.set(icns.subarray(at, at + 4).toString('latin1'), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    for (const [slot, size] of [['ic09', 512], ['ic10', 1024], ['ic07', 128], ['icp4', 16]] as const) {
      const png = slots.get(slot);
      assert.ok(png, `icns slot ${slot}`);
      assert.equal(png.readUInt32BE(16), size, `icns ${slot} is ${size} pixels`);
    }
  });
});

// ---- One pack ------------------------------------------------------------------------------------

describe('a packed app (electron-builder --linux dir against a stand-in Electron)', () => {
  let stage: string;
  let built: string[];
  let asar: Map<string, Buffer>;
  let binary: Buffer;
  let seconds: number;
  let scratch: string | undefined;

  after(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  before(
    async () => {
      const started = performance.now();
      // A copy of the project that shares the sources and node_modules but builds into its own dist/.
      // It lives inside the repository (test-output/, ignored by git) so that what esbuild writes about
      // where a module came from stays relative, as in a build made in the repository itself.
      await mkdir(join(ROOT, 'test-output'), { recursive: true });
      scratch = await mkdtemp(join(ROOT, 'test-output', 'packaging-'));
      stage = join(scratch, 'project');
      await mkdir(stage);
      for (const entry of await readdir(ROOT, { withFileTypes: true })) {
        if (['.git', 'dist', 'release', 'test-output'].includes(entry.name)) continue;
        const from = join(ROOT, entry.name);
        if (['package.json', 'package-lock.json'].includes(entry.name)) await copyFile(from, join(stage, entry.name));
        else await symlink(from, join(stage, entry.name), entry.isDirectory() ? 'dir' : 'file');
      }
      await run(process.execPath, [join(ROOT, 'build.config.mjs'), '--production'], { cwd: stage, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 });
      built = await filesUnder(join(stage, 'dist'));

      // The stand-in Electron: a script that refuses to run, carrying a fuse wire with Electron's defaults.
      const electronDist = join(scratch, 'electron-dist');
      await mkdir(join(electronDist, 'resources'), { recursive: true });
      const wire = Buffer.concat([Buffer.from(`# ${FUSE_SENTINEL}`, 'latin1'), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(`${ELECTRON_DEFAULT_WIRE}\n`, 'latin1')]);
      await writeFile(join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "a stand-in for Electron" >&2\nexit 1\n'), wire]));
      await chmod(join(electronDist, 'electron'), 0o755);
      await writeFile(join(electronDist, 'version'), `${packageJson.devDependencies.electron?.replace(/^\D*/, '')}\n`);
      await writeFile(join(electronDist, 'LICENSE'), 'stand-in\n');

      const output = join(scratch, 'release');
      await run(
        join(ROOT, 'node_modules', '.bin', 'electron-builder'),
        ['--projectDir', stage, '--config', join(ROOT, 'electron-builder.config.mjs'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
        { cwd: stage, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      );
      const unpacked = join(output, 'linux-unpacked');
      asar = readAsar(await readFile(join(unpacked, 'resources', 'app.asar')));
      binary = await readFile(join(unpacked, config.linux?.executableName ?? 'certwright'));
      seconds = (performance.now() - started) / 1000;
    },
    { timeout: 180_000 },
  );

  test('the fuses electron-builder flipped in the binary are the configured ones', () => {
    const expected = Object.fromEntries(FUSE_WIRE.map(([name, key], i) => [name, builder.fuses[key] ?? ELECTRON_DEFAULT_WIRE[i] === '1']));
    assert.deepEqual(readFuseWire(binary), expected);
    assert.deepEqual(readFuseWire(binary), {
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  test('the production build writes no source maps and no build paths', async () => {
    assert.deepEqual(
      built.filter((file) => file.endsWith('.map')),
      [],
    );
    for (const file of built) {
      const text = await readFile(join(stage, 'dist', file), 'latin1');
      assert.ok(!text.includes(ROOT) && !text.includes(stage), `${file} contains a build path`);
      assert.doesNotMatch(text, /sourceMappingURL/, file);
    }
  });

  test('the archive holds the built main, preload and renderer, byte for byte, and nothing else of ours', async () => {
    const top = new Set([...asar.keys()].map((path) => path.split('/')[0]));
    assert.deepEqual([...top].sort(), ['dist', 'node_modules', 'package.json']);
    const shipped = [...asar.keys()].filter((path) => path.startsWith('dist/')).sort();
    // Everything the build makes but the e2e bridge and the CLI: a new bundle written elsewhere than
    // dist/electron or dist/renderer (a worker, say) shows up here until `files` takes it in.
    const expected = built
      .filter((file) => !file.startsWith('test/') && !file.startsWith('cli/'))
      .map((file) => `dist/${file}`)
      .sort();
    assert.deepEqual(shipped, expected, 'every bundle the app loads and only those: not dist/test, not dist/cli');
    assert.ok(built.includes('test/bridge.js') && built.includes('cli/certwright.js'), 'the build did make the test bridge and the CLI');
    for (const path of shipped) assert.ok(asar.get(path)?.equals(await readFile(join(stage, path))), `${path} differs from the build`);

    const manifest = JSON.parse(asar.get('package.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    assert.equal(manifest.name, packageJson.name);
    assert.equal(manifest.version, packageJson.version);
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.main, 'dist/electron/main.js');
    assert.ok(asar.has(manifest.main as string), 'main is in the archive');
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.scripts, undefined);
  });

  test('no tests, no TypeScript, no source maps, no build paths anywhere in the archive', () => {
    const paths = [...asar.keys()];
    assert.deepEqual(
      paths.filter((path) => /(^|\/)(test|tests|__tests__|spec|specs)\//.test(path)),
      [],
    );
    assert.deepEqual(
      paths.filter((path) => /\.(ts|tsx|mts|cts|map)$/.test(path)),
      [],
    );
    const withPaths = [];
    for (const [path, bytes] of asar) {
      const text = bytes.toString('latin1');
      // An absolute path of this build, or a source map inlined as a comment (its sources and their paths).
      for (const needle of [ROOT, stage, /[#@] sourceMappingURL=data:[^,\s]*base64,[A-Za-z0-9+/]/]) {
        const at = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
        if (at >= 0) withPaths.push(`${path}: …${text.slice(Math.max(0, at - 40), at + 80)}…`);
      }
    }
    assert.deepEqual(withPaths, [], 'files naming the build machine or inlining a source map');
  });

  test('node_modules is exactly the production dependencies npm installed, where and as it installed them', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const production = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => relative(ROOT, line).split(sep).join('/'))
      .filter((path) => path !== '');
    // npm ls also lists an optional peer a production package names (i18next's `typescript`) when a
    // devDependency happens to install it; electron-builder rightly leaves those out.
    const optionalPeers = new Set<string>();
    for (const folder of production) {
      const manifest = JSON.parse(await readFile(join(ROOT, folder, 'package.json'), 'utf8')) as { peerDependenciesMeta?: Record<string, { optional?: boolean }> };
      for (const [name, meta] of Object.entries(manifest.peerDependenciesMeta ?? {})) if (meta.optional) optionalPeers.add(`node_modules/${name}`);
    }
    const expected = production.filter((folder) => !(optionalPeers.has(folder) && folder.replace(/^node_modules\//, '') in packageJson.devDependencies));
    const shipped = packageFolders(asar.keys());
    assert.deepEqual([...shipped].sort(), [...new Set(expected)].sort());
    for (const folder of shipped) {
      const inArchive = JSON.parse(asar.get(`${folder}/package.json`)?.toString('utf8') ?? '{}') as { version?: string };
      const installed = JSON.parse(await readFile(join(ROOT, folder, 'package.json'), 'utf8')) as { version: string };
      assert.equal(inArchive.version, installed.version, folder);
    }
    // Said another way: no devDependency made it in unless production code needs it too.
    const productionNames = new Set(production.map((path) => path.replace(/^.*node_modules\//, '')));
    for (const name of Object.keys(packageJson.devDependencies)) {
      if (productionNames.has(name)) continue;
      assert.ok(!shipped.has(`node_modules/${name}`), `devDependency ${name} is in the archive`);
    }
    for (const name of ['electron', 'electron-builder', 'esbuild', 'typescript', 'tsx', '@playwright/test']) assert.ok(!shipped.has(`node_modules/${name}`), name);
  });

  test('the packaged app honours no environment switch but CERTWRIGHT_USER_DATA (which startApp ignores when packaged)', () => {
    const switches = new Set<string>();
    const reads: string[] = [];
    for (const [path, bytes] of asar) {
      if (!path.startsWith('dist/') || !/\.(js|cjs|mjs)$/.test(path)) continue;
      const text = bytes.toString('utf8');
      for (const match of text.matchAll(/\bCERTWRIGHT_[A-Z0-9_]+/g)) switches.add(match[0]);
      // Handing the environment on (to startApp, to a worker) is fine; reading a variable is a switch.
      for (const match of text.matchAll(/process\.env(?:\??\.([A-Za-z_$][\w$]*)|\[\s*(["'`])([^"'`]+)\2\s*\])/g)) reads.push(`${path}: process.env.${match[1] ?? match[3]}`);
    }
    assert.deepEqual([...switches], ['CERTWRIGHT_USER_DATA'], 'a new environment switch in the app must be off when packaged (startApp), with a test');
    assert.deepEqual(reads, [], 'the app reads the environment only through startApp');
  });

  test('the pack takes well under a minute', () => {
    console.log(`packed in ${seconds.toFixed(1)} s`);
    assert.ok(seconds < 60, `${seconds.toFixed(1)} s`);
  });
});
