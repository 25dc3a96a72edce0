/**
 * The BUILT main bundle (dist/electron/main.js), run in plain Node against a stand-in `electron`
 * module (test/support/electron-stub/). Where the Electron e2e spec cannot run, this still proves
 * the shipped file wires up: ESM named imports from 'electron', paths resolved from import.meta.url
 * (preload.cjs, dist/renderer), electron-store for the window's preferences beside the vault's own files, the one ipcMain handler, and the
 * hardening applied. And the built preload, run as a sandboxed preload would be (CommonJS, only
 * `require('electron')`), exposes exactly the typed client. Skipped when the bundle is not built.
 */
import { execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from '../../electron/main/protocol/app-protocol.js';
import { secureWebPreferences } from '../../electron/main/window/security.js';
import { CHANNELS } from '../../shared/ipc/contract.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc/transport.js';
import { tempDir } from '../support/temp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STUB = join(ROOT, 'test', 'support', 'electron-stub');
const BUILT = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].every((file) => existsSync(join(ROOT, file)));

test('dist/electron/main.js starts, serves the UI and answers IPC with a stand-in electron', { skip: BUILT ? false : 'dist/ not built: run `npm run build` first' }, async () => {
  const userData = await tempDir();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', join(STUB, 'register.mjs'), join(STUB, 'drive-main.mjs'), ROOT], {
    cwd: ROOT,
    env: { ...process.env, CERTWRIGHT_USER_DATA: userData, NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  const run = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

  const ready = run.calls.indexOf('app.whenReady');
  assert.deepEqual(run.calls.slice(0, ready), ['app.setPath userData', 'app.requestSingleInstanceLock', 'app.enableSandbox', 'protocol.registerSchemesAsPrivileged']);
  assert.deepEqual(run.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  assert.deepEqual(
    run.calls.filter((c: string) => c.startsWith('ipcMain.handle')),
    ['ipcMain.handle certwright:invoke'],
    'exactly one ipcMain handler',
  );

  // The window: secure preferences with the bundled preload next to main.js, loading our entry URL.
  assert.equal(run.webPreferences.preload, join(ROOT, 'dist', 'electron', 'preload.cjs'));
  assert.equal(run.preloadExists, true);
  assert.deepEqual(run.webPreferences, secureWebPreferences(run.webPreferences.preload, { devTools: true }));
  assert.deepEqual(run.loaded, [APP_ENTRY_URL]);

  // app:// serves dist/renderer, with the CSP, and nothing outside it.
  assert.deepEqual(run.served['app://certwright/index.html'], { status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
  assert.equal(run.served['app://certwright/app.js'].status, 200);
  assert.ok(run.served['app://certwright/%2e%2e/electron/main.js'].status >= 400);

  // IPC through the real router and the vault's own authenticated files under userData/vault.
  assert.deepEqual(run.ipc.status, { ok: true, value: { state: 'uninitialized' } });
  assert.equal(run.ipc.foreign.ok, false);
  assert.equal(run.ipc.foreign.error.code, 'UNTRUSTED_SENDER');
  assert.deepEqual(run.ipc.create, { ok: true, value: { state: 'unlocked' } });
  assert.deepEqual(run.vaultFiles, ['audit.log', 'manifest.cwv', 'scheduled-revocations.cwv', 'settings.cwv', 'vault.cwv']);

  // The application menu, in the system's language (the stub says Chinese), with Electron's roles; a
  // menu item sends its command to the window.
  assert.deepEqual(run.menuLabels, ['文件', '编辑', '视图', '窗口', '帮助']);
  for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'about']) assert.ok(run.menuRoles.includes(role), role);
  assert.deepEqual(run.commands, [{ command: 'new-certificate' }]);

  // Hardening is live.
  assert.equal(run.permissionGranted, false);
  assert.equal(run.navigationPrevented, true);
  assert.deepEqual(run.windowOpen, { action: 'deny' });
});

test('dist/electron/preload.cjs requires only electron and exposes exactly the typed client', { skip: BUILT ? false : 'dist/ not built: run `npm run build` first' }, async () => {
  const code = await readFile(join(ROOT, 'dist', 'electron', 'preload.cjs'), 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron'], 'a sandboxed preload can only require electron');

  // Run it as a sandboxed preload would: CommonJS, `require('electron')` only, no Node.
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const electronStub = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: { state: 'locked' } };
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    require: (name: string) => {
      if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
      return electronStub;
    },
    module,
    exports: module.exports,
    console,
  });

  assert.deepEqual([...exposed.keys()], ['certwright'], 'one global, nothing else (no ipcRenderer)');
  const api = exposed.get('certwright') as Record<string, (...args: unknown[]) => unknown>;
  assert.ok(Object.isFrozen(api));
  assert.deepEqual(Object.keys(api).sort(), [...CHANNELS, 'on'].sort());
  assert.equal('invoke' in api, false, 'no generic invoke');

  assert.deepEqual(await api['vault.status']!({}), { ok: true, value: { state: 'locked' } });
  assert.deepEqual(invoked, [[IPC_INVOKE_CHANNEL, 'vault.status', {}]]);

  const seen: unknown[] = [];
  const off = api.on!('operation.progress', (payload: unknown) => seen.push(payload)) as () => void;
  const [listener] = listeners.get(IPC_EVENT_CHANNEL) ?? [];
  assert.ok(listener);
  listener({}, 'operation.progress', { done: 1 });
  listener({}, 'not.an.event', { done: 2 });
  assert.deepEqual(seen, [{ done: 1 }]);
  off();
  assert.equal(listeners.get(IPC_EVENT_CHANNEL)?.size, 0, 'unsubscribe really removes the ipcRenderer listener');
});
