/**
 * The Electron shell without Electron: window options, navigation and permission rules, the app://
 * protocol, the IPC bridge and the app lifecycle, each driven through fakes of the few Electron
 * methods they use. Crypto, storage and the router behind the IPC bridge are real.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { startApp, type AppLike, type KeyInput, type ProtocolLike, type ShellDeps, type WindowLike, type WindowOptions } from '../../electron/main/app.js';
import type { MenuItem } from '../../electron/main/menu/template.js';
import { callerFrom, createIpcBridge, type InvokeEvent, type InvokeListener, type IpcSender } from '../../electron/main/ipc/bridge.js';
import { isTrustedSender } from '../../electron/main/ipc/router.js';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  resolveAppAsset,
} from '../../electron/main/protocol/app-protocol.js';
import {
  externalLinkTarget,
  hardenSession,
  hardenWebContents,
  secureWebPreferences,
  type HardenableSession,
  type HardenableWebContents,
  type PreventableEvent,
} from '../../electron/main/window/security.js';
import type { Result } from '../../shared/errors.js';
import { IPC_EVENT_CHANNEL } from '../../shared/ipc/transport.js';
import { memoryPreferences, saneBounds, type Preferences, type WindowBounds } from '../../electron/main/platform/preferences.js';
import { tempDir } from '../support/temp.js';

// ---- Fakes ---------------------------------------------------------------------------------------

type Listener = (...args: never[]) => unknown;

/** Records `on`/`once` listeners and replays events to them. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

class FakeWebContents extends Emitter implements HardenableWebContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

class FakeEvent implements PreventableEvent {
  prevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeSession extends Emitter implements HardenableSession {
  requestHandler: Parameters<HardenableSession['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<HardenableSession['setPermissionCheckHandler']>[0] = null;
  deviceHandler: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['deviceHandler']): void {
    this.deviceHandler = handler;
  }
}

class FakeSender implements IpcSender {
  readonly sent: unknown[][] = [];
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function invokeEvent(sender: IpcSender, url: string, options: { subFrame?: boolean; noFrame?: boolean } = {}): InvokeEvent {
  if (options.noFrame) return { sender, senderFrame: null };
  return { sender, senderFrame: { url, parent: options.subFrame ? { url: APP_ENTRY_URL } : null } };
}

// ---- Window options ------------------------------------------------------------------------------

describe('window webPreferences', () => {
  test('isolate, sandbox and strip Node from every page', () => {
    const prefs = secureWebPreferences('/opt/certwright/dist/electron/preload.cjs');
    assert.equal(prefs.preload, '/opt/certwright/dist/electron/preload.cjs');
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.navigateOnDragDrop, false);
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.devTools, false, 'DevTools are off unless asked for');
    assert.equal(secureWebPreferences('/x/preload.cjs', { devTools: true }).devTools, true);
    assert.ok(!('enableBlinkFeatures' in prefs));
  });

  test('a relative preload path is refused', () => {
    assert.throws(() => secureWebPreferences('dist/electron/preload.cjs'), /absolute/);
  });
});

// ---- Navigation and windows ----------------------------------------------------------------------

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents, { appOrigin: APP_ORIGIN, openExternal: (url) => void opened.push(url) });
    return { contents, opened };
  }

  test('window.open is always denied; only https links go to the browser', async () => {
    const { contents, opened } = hardened();
    assert.ok(contents.openHandler);
    const urls = [
      'https://example.com/docs?q=1',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://certwright/index.html',
      'https://user:pw@example.com/',
      'not a url',
    ];
    for (const url of urls) assert.deepEqual(contents.openHandler({ url }), { action: 'deny' }, url);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(opened, ['https://example.com/docs?q=1']);
  });

  test('externalLinkTarget accepts https only', () => {
    assert.equal(externalLinkTarget('https://example.com/a b'), 'https://example.com/a%20b');
    for (const url of ['http://example.com', 'HTTP://x', 'ftp://x', 'mailto:a@b', 'smb://host/share', 'file:///c:/x', '']) {
      assert.equal(externalLinkTarget(url), null, url);
    }
  });

  test('navigation and redirects to anything but app://certwright are prevented', () => {
    const { contents } = hardened();
    for (const event of ['will-navigate', 'will-redirect']) {
      assert.equal(contents.count(event), 1, event);
      for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://certwright.evil/index.html', 'app://other/index.html', 'data:text/html,hi', 'javascript:1', '']) {
        const viaEvent = new FakeEvent(url);
        contents.emit(event, viaEvent, url);
        assert.equal(viaEvent.prevented, true, `${event} → ${url}`);
        const viaArgument = new FakeEvent(); // older Electron: the URL only as the second argument
        contents.emit(event, viaArgument, url);
        assert.equal(viaArgument.prevented, true, `${event} → ${url} (argument)`);
      }
      const home = new FakeEvent(APP_ENTRY_URL);
      contents.emit(event, home, APP_ENTRY_URL);
      assert.equal(home.prevented, false, `${event} within our origin is allowed`);
    }
  });

  test('frame navigations away are prevented and webviews never attach', () => {
    const { contents } = hardened();
    const away = new FakeEvent('https://evil.example/');
    contents.emit('will-frame-navigate', away);
    assert.equal(away.prevented, true);
    const home = new FakeEvent(`${APP_ORIGIN}/other.html`);
    contents.emit('will-frame-navigate', home);
    assert.equal(home.prevented, false);
    const webview = new FakeEvent();
    contents.emit('will-attach-webview', webview, {}, { src: APP_ENTRY_URL });
    assert.equal(webview.prevented, true);
  });
});

// ---- Session -------------------------------------------------------------------------------------

describe('hardenSession', () => {
  test('every permission request is denied and every check fails, but clipboard writes from our UI', () => {
    const session = new FakeSession();
    hardenSession(session, 'app://certwright');
    assert.ok(session.requestHandler && session.checkHandler && session.deviceHandler);
    const origins = ['app://certwright/index.html', 'https://evil.example/', 'app://certwright.evil/', 'file:///tmp/x.html', undefined];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fileSystem', 'unknown']) {
      for (const url of origins) {
        const expected = permission === 'clipboard-sanitized-write' && url === 'app://certwright/index.html';
        const answers: boolean[] = [];
        session.requestHandler({}, permission, (granted) => answers.push(granted), { requestingUrl: url });
        assert.deepEqual(answers, [expected], `${permission} from ${url}`);
        assert.equal(session.checkHandler({}, permission, url === undefined ? '' : url.replace(/\/[^/]*$/, '')), expected, `${permission} check from ${url}`);
      }
    }
    assert.equal(session.deviceHandler({ deviceType: 'usb' }), false);
  });

  test('downloads started by the page are cancelled', () => {
    const session = new FakeSession();
    hardenSession(session, 'app://certwright');
    const download = new FakeEvent();
    session.emit('will-download', download, {}, {});
    assert.equal(download.prevented, true);
  });
});

// ---- app:// protocol -----------------------------------------------------------------------------

describe('app:// path resolution', () => {
  const root = join(sep, 'opt', 'certwright', 'dist', 'renderer');

  test('serves files from the renderer directory only', () => {
    const cases: Array<[string, string, string]> = [
      ['app://certwright/index.html', 'index.html', 'text/html; charset=utf-8'],
      ['app://certwright/', 'index.html', 'text/html; charset=utf-8'],
      ['app://certwright', 'index.html', 'text/html; charset=utf-8'],
      ['app://certwright/app.js?v=1#top', 'app.js', 'text/javascript; charset=utf-8'],
      ['app://certwright/app.css', 'app.css', 'text/css; charset=utf-8'],
      ['app://certwright/assets/logo-X2Y3.svg', join('assets', 'logo-X2Y3.svg'), 'image/svg+xml'],
    ];
    for (const [url, file, type] of cases) {
      const asset = resolveAppAsset(url, root);
      assert.ok(asset.ok, `${url}: ${JSON.stringify(asset)}`);
      assert.equal(asset.file, join(root, file), url);
      assert.equal(asset.contentType, type, url);
    }
  });

  test('refuses traversal, encoded traversal, absolute paths and other hosts', () => {
    const refused = [
      'app://certwright/../secret.txt',
      'app://certwright/../../../../etc/passwd',
      'app://certwright/assets/../../secret.txt',
      'app://certwright/%2e%2e/secret.txt',
      'app://certwright/%2E%2e/%2e%2E/etc/passwd',
      'app://certwright/.%2e/secret.txt',
      'app://certwright/..%2fsecret.txt',
      'app://certwright/..%2Fsecret.txt',
      'app://certwright/..%5csecret.txt',
      'app://certwright/..\\secret.txt',
      'app://certwright/%252e%252e/secret.txt',
      'app://certwright/./index.html',
      'app://certwright//etc/passwd',
      'app://certwright/%2Fetc%2Fpasswd',
      'app://certwright/C:%5CWindows%5Cwin.ini',
      'app://certwright/C:/Windows/win.ini',
      'app://certwright/.env',
      'app://certwright/index.html%00.js',
      'app://certwright/%E0%A4%A',
      'app://certwright/run.sh',
      'app://other/index.html',
      'app://certwright.evil/index.html',
      'app://user@certwright/index.html',
      'app://certwright:8080/index.html',
      'app:///index.html',
      'https://certwright/index.html',
      'file:///etc/passwd',
      '/etc/passwd',
      '',
    ];
    for (const url of refused) {
      const asset = resolveAppAsset(url, root);
      assert.equal(asset.ok, false, `${url} should be refused but resolved to ${asset.ok ? asset.file : ''}`);
    }
  });

  test('whatever it resolves stays inside the root', () => {
    // A brute-force sweep: every combination of a few hostile segments.
    const parts = ['..', '%2e%2e', '.', '', 'a', '%2f', '%5c', '~', 'index.html', '%00'];
    for (const a of parts) {
      for (const b of parts) {
        for (const c of parts) {
          const asset = resolveAppAsset(`app://certwright/${a}/${b}/${c}`, root);
          if (asset.ok) {
            const inside = relative(root, asset.file);
            assert.ok(inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep), asset.file);
          }
        }
      }
    }
  });
});

describe('app:// protocol handler', () => {
  async function site() {
    const dir = await tempDir();
    const root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Certwright</title>');
    await writeFile(join(root, 'app.js'), 'console.log(1);');
    await writeFile(join(dir, 'secret.txt'), 'TOP SECRET');
    return { root, handle: createAppProtocolHandler(root) };
  }

  test('serves a file with its type and the Content-Security-Policy', async () => {
    const { handle } = await site();
    const response = await handle(new Request(APP_ENTRY_URL));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await response.text(), /<title>Certwright<\/title>/);
    const script = await handle(new Request('app://certwright/app.js'));
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  });

  test('never serves a file outside the root, and errors carry the CSP too', async () => {
    const { handle } = await site();
    for (const url of ['app://certwright/../secret.txt', 'app://certwright/%2e%2e/secret.txt', 'app://certwright/..%2fsecret.txt', 'app://other/secret.txt']) {
      const response = await handle(new Request(url));
      assert.ok(response.status >= 400, `${url} → ${response.status}`);
      assert.doesNotMatch(await response.text(), /TOP SECRET/, url);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    }
  });

  test('missing files are 404, directories are 404, only GET and HEAD are allowed', async () => {
    const { handle } = await site();
    assert.equal((await handle(new Request('app://certwright/missing.js'))).status, 404);
    assert.equal((await handle(new Request('app://certwright/assets'))).status, 404);
    assert.equal((await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status, 405);
    const head = await handle(new Request(APP_ENTRY_URL, { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  test('has no unsafe-* keyword, no wildcard and no remote origin', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|unsafe-inline|unsafe-hashes|wasm-unsafe-eval|strict-dynamic/);
    for (const [name, values] of directives) {
      for (const value of values) {
        assert.ok(["'self'", "'none'", 'data:'].includes(value), `${name} allows ${value}`);
      }
    }
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|wss?:|\*|\/\//);
  });

  test('locks down scripts, styles, plugins, <base>, forms and framing', () => {
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('img-src'), ["'self'", 'data:']);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  });
});

// ---- IPC bridge ----------------------------------------------------------------------------------

describe('IPC caller and bridge', () => {
  const ours = new FakeSender(1);
  const isOwnWindow = (sender: IpcSender) => sender.id === 1;

  test('callerFrom reads the frame URL, whether it is the main frame, and whether the window is ours', () => {
    const main = callerFrom(invokeEvent(ours, APP_ENTRY_URL), isOwnWindow);
    assert.deepEqual({ ...main }, { url: APP_ENTRY_URL, isMainFrame: true, isOwnWindow: true });
    assert.ok(Object.isFrozen(main));
    assert.equal(isTrustedSender(main, APP_ORIGIN), true);

    const untrusted = [
      callerFrom(invokeEvent(ours, APP_ENTRY_URL, { subFrame: true }), isOwnWindow),
      callerFrom(invokeEvent(ours, APP_ENTRY_URL, { noFrame: true }), isOwnWindow),
      callerFrom(invokeEvent(new FakeSender(2), APP_ENTRY_URL), isOwnWindow),
      callerFrom(invokeEvent(ours, 'https://evil.example/'), isOwnWindow),
      callerFrom(invokeEvent(ours, 'devtools://devtools/bundled/inspector.html'), isOwnWindow),
    ];
    assert.deepEqual(
      untrusted.map((c) => [c.isMainFrame, c.isOwnWindow]),
      [
        [false, true],
        [false, true],
        [true, false],
        [true, true],
        [true, true],
      ],
    );
    for (const caller of untrusted) assert.equal(isTrustedSender(caller, APP_ORIGIN), false, JSON.stringify(caller));
  });

  test('a frame that throws while being torn down, or a failing window check, is not trusted', () => {
    const event = {
      sender: ours,
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    assert.deepEqual({ ...callerFrom(event, isOwnWindow) }, { url: '', isMainFrame: false, isOwnWindow: true });
    const broken = callerFrom(invokeEvent(ours, APP_ENTRY_URL), () => {
      throw new Error('window gone');
    });
    assert.equal(broken.isOwnWindow, false);
  });

  test('events go to the web contents that made the call, and only while it exists', async () => {
    const bridge = createIpcBridge(isOwnWindow);
    const sender = new FakeSender(1);
    const other = new FakeSender(1);
    const seen: unknown[] = [];
    const listener = bridge.listener({
      async invoke(channel, input, caller) {
        bridge.emit(caller, 'operation.progress', { channel, input });
        seen.push(caller);
        return { ok: true, value: null };
      },
    });
    await listener(invokeEvent(sender, APP_ENTRY_URL), 'vault.status', {});
    assert.deepEqual(sender.sent, [[IPC_EVENT_CHANNEL, 'operation.progress', { channel: 'vault.status', input: {} }]]);
    assert.deepEqual(other.sent, []);

    sender.destroyed = true;
    await listener(invokeEvent(sender, APP_ENTRY_URL), 'vault.lock', {});
    assert.equal(sender.sent.length, 1, 'nothing is sent to destroyed web contents');

    bridge.emit({ url: APP_ENTRY_URL, isMainFrame: true, isOwnWindow: true }, 'operation.progress', {});
    assert.equal(other.sent.length + sender.sent.length, 1, 'a caller the bridge never saw reaches nobody');
  });
});

// ---- Lifecycle -----------------------------------------------------------------------------------

class FakeApp extends Emitter implements AppLike {
  isPackaged = false;
  gotLock = true;
  readonly calls: string[] = [];
  readonly paths = new Map<string, string>();
  setPath(name: 'userData', path: string): void {
    this.calls.push(`setPath ${name}`);
    this.paths.set(name, path);
  }
  getPath(name: 'userData'): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`no ${name} path`);
    return path;
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.gotLock;
  }
  quit(): void {
    this.calls.push('quit');
  }
  whenReady(): Promise<void> {
    this.calls.push('whenReady');
    return Promise.resolve();
  }
}

class FakeProtocol implements ProtocolLike {
  constructor(private readonly calls: string[]) {}
  readonly privileged: unknown[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.calls.push('registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.calls.push(`protocol.handle ${scheme}`);
    this.handlers.set(scheme, handler);
  }
}

class FakeWindowContents extends Emitter {
  constructor(readonly id: number) {
    super();
  }
}

class FakeWindow extends Emitter implements WindowLike {
  readonly webContents: FakeWindowContents;
  readonly loaded: string[] = [];
  shown = 0;
  focused = 0;
  restored = 0;
  minimized = false;
  destroyed = false;
  constructor(
    readonly options: WindowOptions,
    id: number,
  ) {
    super();
    this.webContents = new FakeWindowContents(id);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.restored++;
    this.minimized = false;
  }
  getBounds() {
    return { x: 40, y: 30, width: this.options.width + 10, height: this.options.height + 20 };
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

async function fakeShell(options: { gotLock?: boolean; platform?: string; userData?: string } = {}) {
  const userData = options.userData ?? (await tempDir());
  const app = new FakeApp();
  app.gotLock = options.gotLock ?? true;
  const protocol = new FakeProtocol(app.calls);
  const session = new FakeSession();
  const windows: FakeWindow[] = [];
  const listeners: InvokeListener[] = [];
  const external: string[] = [];
  const deps: ShellDeps = {
    app,
    protocol,
    session: { defaultSession: session },
    shell: { openExternal: async (url) => void external.push(url) },
    createWindow: (windowOptions) => {
      const win = new FakeWindow(windowOptions, 100 + windows.length);
      windows.push(win);
      return win;
    },
    registerIpc: (listener) => listeners.push(listener),
    paths: { preload: '/opt/certwright/dist/electron/preload.cjs', renderer: join(userData, 'renderer-files') },
    env: { CERTWRIGHT_USER_DATA: userData },
    platform: options.platform ?? 'linux',
    crypto: globalThis.crypto,
  };
  return { app, protocol, session, windows, listeners, external, deps, userData };
}

describe('startApp', () => {
  test('a second instance quits at once and touches nothing else', async () => {
    const shell = await fakeShell({ gotLock: false });
    const running = await startApp(shell.deps);
    assert.equal(running, null);
    assert.deepEqual(shell.app.calls, ['setPath userData', 'requestSingleInstanceLock', 'quit']);
    assert.equal(shell.windows.length, 0);
    assert.equal(shell.listeners.length, 0);
    assert.equal(shell.app.listeners.size, 0);
  });

  test('CERTWRIGHT_USER_DATA must be absolute', async () => {
    const shell = await fakeShell();
    await assert.rejects(startApp({ ...shell.deps, env: { CERTWRIGHT_USER_DATA: 'relative/dir' } }), /absolute/);
    assert.deepEqual(shell.app.calls, []);
  });

  test('sandbox and scheme before ready; hardened session, protocol, IPC and a secure window after', async () => {
    const shell = await fakeShell();
    const running = await startApp(shell.deps);
    assert.ok(running);
    const { calls } = shell.app;
    const ready = calls.indexOf('whenReady');
    assert.deepEqual(calls.slice(0, ready), ['setPath userData', 'requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
    assert.ok(calls.indexOf('protocol.handle app') > ready);
    assert.equal(shell.app.paths.get('userData'), shell.userData);

    assert.deepEqual(shell.protocol.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

    // The default session denies permissions.
    const answers: boolean[] = [];
    shell.session.requestHandler?.({}, 'media', (granted) => answers.push(granted), { requestingUrl: 'app://certwright/index.html' });
    assert.deepEqual(answers, [false]);
    assert.equal(shell.session.checkHandler?.({}, 'notifications', 'app://certwright'), false);

    // One window: hidden until ready-to-show, secure preferences, our entry URL only.
    assert.equal(shell.windows.length, 1);
    const [win] = shell.windows;
    assert.ok(win);
    assert.equal(win.options.show, false);
    assert.deepEqual(win.options.webPreferences, secureWebPreferences(shell.deps.paths.preload, { devTools: true }));
    assert.deepEqual(win.loaded, [APP_ENTRY_URL]);
    assert.equal(win.shown, 0);
    win.emit('ready-to-show');
    assert.equal(win.shown, 1);
    assert.equal(running.window(), win);

    // Exactly one IPC registration.
    assert.equal(shell.listeners.length, 1);
  });

  test('a packaged app has no DevTools and ignores the CERTWRIGHT_USER_DATA test hook', async () => {
    const shell = await fakeShell();
    shell.app.isPackaged = true;
    shell.app.paths.set('userData', join(shell.userData, 'packaged'));
    await startApp(shell.deps);
    assert.equal(shell.windows[0]?.options.webPreferences.devTools, false);
    assert.ok(!shell.app.calls.includes('setPath userData'));
    assert.equal(shell.app.getPath('userData'), join(shell.userData, 'packaged'));
  });

  test('packaged, no environment switch reaches the app: the user-data override (even a bad one) and any other is ignored', async () => {
    const unpackaged = await fakeShell();
    await startApp(unpackaged.deps);
    const devPreferences = unpackaged.windows[0]?.options.webPreferences;
    assert.equal(devPreferences?.devTools, true, 'a development run keeps DevTools');

    const shell = await fakeShell();
    shell.app.isPackaged = true;
    const packagedUserData = join(shell.userData, 'packaged');
    shell.app.paths.set('userData', packagedUserData);
    const env = {
      // Unpackaged, a relative path is refused (see above); packaged, the switch is not even read.
      CERTWRIGHT_USER_DATA: 'relative/dir',
      CERTWRIGHT_VAULT: join(shell.userData, 'elsewhere'),
      CERTWRIGHT_PASSPHRASE: 'not read by the app',
      NODE_ENV: 'development',
      NODE_OPTIONS: '--require /tmp/evil.js',
      ELECTRON_RUN_AS_NODE: '1',
      ELECTRON_ENABLE_LOGGING: '1',
    };
    const running = await startApp({ ...shell.deps, env });
    assert.ok(running);
    assert.ok(!shell.app.calls.includes('setPath userData'));
    assert.equal(running.vault.directory, join(packagedUserData, 'vault'), 'the vault stays in the platform user-data directory');
    const win = shell.windows[0];
    assert.ok(win);
    assert.equal(win.options.webPreferences.devTools, false);
    assert.deepEqual(win.options.webPreferences, { ...devPreferences, devTools: false }, 'DevTools are the only difference between the two');
  });

  test('every web contents created later is hardened; every new session too', async () => {
    const shell = await fakeShell();
    await startApp(shell.deps);
    const contents = new FakeWebContents();
    shell.app.emit('web-contents-created', {}, contents);
    assert.deepEqual(contents.openHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
    const away = new FakeEvent('https://evil.example/');
    contents.emit('will-navigate', away, away.url);
    assert.equal(away.prevented, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(shell.external, ['https://example.com/']);

    const other = new FakeSession();
    shell.app.emit('session-created', other);
    assert.equal(other.checkHandler?.({}, 'media', 'app://certwright'), false);
  });

  test('the protocol serves the renderer directory', async () => {
    const shell = await fakeShell();
    await mkdir(shell.deps.paths.renderer, { recursive: true });
    await writeFile(join(shell.deps.paths.renderer, 'index.html'), '<!doctype html><p>hello</p>');
    await startApp(shell.deps);
    const handler = shell.protocol.handlers.get('app');
    assert.ok(handler);
    const response = await handler(new Request(APP_ENTRY_URL));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  });

  test('the window opens where it was closed (preferences), and a damaged preference falls back to the default size', async () => {
    const saved: WindowBounds[] = [];
    let stored: unknown = { x: 5, y: 6, width: 1000, height: 700 };
    const preferences: Preferences = { ...memoryPreferences(), windowBounds: () => saneBounds(stored), saveWindowBounds: (b) => void saved.push(b) };
    const shell = await fakeShell();
    await startApp({ ...shell.deps, preferences });
    const [win] = shell.windows;
    assert.deepEqual([win!.options.x, win!.options.y, win!.options.width, win!.options.height], [5, 6, 1000, 700]);
    win!.emit('close');
    assert.deepEqual(saved, [{ x: 40, y: 30, width: 1010, height: 720 }]);
    for (const bad of [{ width: 10, height: 10 }, { width: '900', height: 700 }, null, 'garbage', { width: 1e9, height: 700 }]) {
      stored = bad;
      const again = await fakeShell();
      await startApp({ ...again.deps, preferences });
      assert.deepEqual([again.windows[0]!.options.width, again.windows[0]!.options.height], [1200, 800], JSON.stringify(bad));
    }
    assert.deepEqual(saneBounds({ width: 900, height: 600, x: 'left' }), { width: 900, height: 600 }, 'an odd place is dropped, the size kept');
  });

  test('a second instance focuses the window; closing all windows quits except on macOS', async () => {
    const shell = await fakeShell();
    await startApp(shell.deps);
    const [win] = shell.windows;
    assert.ok(win);
    win.minimized = true;
    shell.app.emit('second-instance', {}, [], '/');
    assert.equal(win.restored, 1);
    assert.equal(win.focused, 1);
    assert.equal(shell.windows.length, 1, 'no second window');

    shell.app.emit('window-all-closed');
    assert.equal(shell.app.calls.at(-1), 'quit');

    const mac = await fakeShell({ platform: 'darwin' });
    await startApp(mac.deps);
    mac.app.emit('window-all-closed');
    assert.ok(!mac.app.calls.includes('quit'));
    mac.windows[0]!.destroyed = true;
    mac.windows[0]!.emit('closed');
    mac.app.emit('activate');
    assert.equal(mac.windows.length, 2, 'activate re-creates the window');
  });

  test('IPC round trip: the real router and vault answer our window and refuse everyone else', async () => {
    const shell = await fakeShell();
    const running = await startApp(shell.deps);
    assert.ok(running);
    const [listener] = shell.listeners;
    const [win] = shell.windows;
    assert.ok(listener && win);
    const ours = new FakeSender(win.webContents.id);
    const call = (event: InvokeEvent, channel: string, input: unknown = {}) => listener(event, channel, input) as Promise<Result<{ state?: string } & Record<string, unknown>>>;

    assert.deepEqual(await call(invokeEvent(ours, APP_ENTRY_URL), 'vault.status'), { ok: true, value: { state: 'uninitialized' } });

    const refusals = await Promise.all([
      call(invokeEvent(new FakeSender(999), APP_ENTRY_URL), 'vault.status'),
      call(invokeEvent(ours, APP_ENTRY_URL, { subFrame: true }), 'vault.status'),
      call(invokeEvent(ours, 'https://evil.example/'), 'vault.status'),
      call(invokeEvent(ours, APP_ENTRY_URL, { noFrame: true }), 'vault.status'),
    ]);
    for (const result of refusals) assert.ok(!result.ok && result.error.code === 'UNTRUSTED_SENDER', JSON.stringify(result));

    // Create the vault and a root; progress events reach the calling web contents.
    const created = await call(invokeEvent(ours, APP_ENTRY_URL), 'vault.create', { passphrase: 'electron shell test passphrase' });
    assert.deepEqual(created, { ok: true, value: { state: 'unlocked' } });
    const root = await call(invokeEvent(ours, APP_ENTRY_URL), 'authority.createRoot', { subject: { commonName: 'Shell Test Root' }, operationId: 'op-1' });
    assert.ok(root.ok, JSON.stringify(root));
    const progress = ours.sent.filter(([channel, name]) => channel === IPC_EVENT_CHANNEL && name === 'operation.progress');
    assert.ok(progress.length >= 2, JSON.stringify(ours.sent));
    assert.deepEqual(progress.at(-1)?.[2], { operationId: 'op-1', step: { key: 'newRoot:progress.done' }, done: 3, total: 3 });

    // The vault lives under userData/vault.
    assert.equal(running.vault.state(), 'unlocked');
    const reopened = await fakeShell({ userData: shell.userData });
    await startApp(reopened.deps);
    const again = new FakeSender(reopened.windows[0]!.webContents.id);
    assert.deepEqual(await reopened.listeners[0]!(invokeEvent(again, APP_ENTRY_URL), 'vault.status', {}), { ok: true, value: { state: 'locked' } });
  });
});

// ---- Menu, shortcuts and preferences through startApp --------------------------------------------

describe('startApp: the application menu, shortcuts and remembered preferences', () => {
  type Menu = readonly MenuItem[];
  const labels = (menu: Menu) => menu.map((m) => m.label);
  const find = (menu: Menu, label: string): MenuItem | undefined => {
    for (const item of menu) {
      if (item.label === label) return item;
      const inside = item.submenu ? find(item.submenu, label) : undefined;
      if (inside) return inside;
    }
    return undefined;
  };
  const events = (sender: FakeSender) => sender.sent.filter(([channel, name]) => channel === IPC_EVENT_CHANNEL && name === 'app.command').map(([, , payload]) => payload);
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  async function started(preferences: Preferences, system: readonly string[], clipboard = 'clipboard text') {
    const shell = await fakeShell();
    const menus: Menu[] = [];
    await startApp({ ...shell.deps, preferences, systemLanguages: () => system, setMenu: (template) => void menus.push(template), readClipboard: async () => clipboard });
    const win = shell.windows[0]!;
    const ours = new FakeSender(win.webContents.id);
    const call = (channel: string, input: unknown = {}) => shell.listeners[0]!(invokeEvent(ours, APP_ENTRY_URL), channel, input) as Promise<Result<Record<string, unknown>>>;
    return { shell, menus, win, ours, call };
  }

  test('the menu speaks the OS language at first, follows Settings at once, and the choice and the last view survive a restart', async () => {
    const preferences = memoryPreferences();
    const first = await started(preferences, ['zh-CN', 'en-US']);
    assert.equal(first.menus.length, 1, 'one menu at start');
    assert.deepEqual(labels(first.menus[0]!), ['文件', '编辑', '视图', '窗口', '帮助']);

    const chosen = await first.call('preferences.setLanguage', { language: 'en' });
    assert.ok(chosen.ok, JSON.stringify(chosen));
    assert.equal(first.menus.length, 2, 'rebuilt when the language changed');
    assert.deepEqual(labels(first.menus[1]!), ['File', 'Edit', 'View', 'Window', 'Help']);
    assert.ok((await first.call('preferences.setLastView', { view: 'certificates' })).ok);

    // A restart on the same (Chinese) system: the choice holds, and the window reopens on the last view.
    const again = await started(preferences, ['zh-CN']);
    assert.deepEqual(labels(again.menus[0]!), ['File', 'Edit', 'View', 'Window', 'Help']);
    assert.deepEqual(await again.call('preferences.get'), { ok: true, value: { language: 'en', systemLanguage: 'zh-CN', lastView: 'certificates' } });
    assert.ok((await again.call('preferences.setLanguage', { language: 'system' })).ok);
    assert.deepEqual(labels(again.menus.at(-1)!), ['文件', '编辑', '视图', '窗口', '帮助'], "'system' means the OS's language again");
  });

  test('menu items and shortcuts send one command each to the window; main reads the clipboard only for an unlocked vault', async () => {
    const app = await started(memoryPreferences(), ['en-US'], '-----BEGIN CERTIFICATE-----');
    assert.ok((await app.call('vault.create', { passphrase: 'menu shortcut test passphrase' })).ok);
    find(app.menus[0]!, 'New Certificate…')!.click!();
    find(app.menus[0]!, 'Inspect Clipboard')!.click!();
    await settle();
    assert.deepEqual(events(app.ours), [{ command: 'new-certificate' }, { command: 'inspect-clipboard', text: '-----BEGIN CERTIFICATE-----' }]);

    // Ctrl+L before the page sees it: prevented (so neither the page nor the menu runs it again) and sent once.
    const key = (input: Partial<KeyInput>) => {
      const event = new FakeEvent();
      app.win.webContents.emit('before-input-event', event, { type: 'keyDown', key: 'l', control: true, meta: false, shift: false, alt: false, isAutoRepeat: false, ...input });
      return event.prevented;
    };
    assert.equal(key({}), true);
    assert.equal(key({ type: 'keyUp' }), false, 'key up passes');
    assert.equal(key({ isAutoRepeat: true }), false, 'a held key does not repeat the command');
    assert.equal(key({ key: 'c' }), false, 'Ctrl+C is the page’s (copy)');
    assert.equal(key({ key: 'i', shift: true }), false, 'Ctrl+Shift+I stays DevTools’');
    assert.equal(key({ key: 'F1', control: false }), true);
    await settle();
    assert.deepEqual(events(app.ours).slice(2), [{ command: 'lock-vault' }, { command: 'show-shortcuts' }]);

    // Locked: the command still reaches the window, the clipboard is not read.
    assert.ok((await app.call('vault.lock')).ok);
    find(app.menus[0]!, 'Inspect Clipboard')!.click!();
    await settle();
    assert.deepEqual(events(app.ours).at(-1), { command: 'inspect-clipboard' });
  });

  test('on macOS Cmd is the shortcut key, and the menu starts with the app menu', async () => {
    const shell = await fakeShell({ platform: 'darwin' });
    const menus: Menu[] = [];
    await startApp({ ...shell.deps, setMenu: (template) => void menus.push(template) });
    assert.deepEqual(labels(menus[0]!), ['Certwright', 'File', 'Edit', 'View', 'Window', 'Help']);
    const ours = new FakeSender(shell.windows[0]!.webContents.id);
    await shell.listeners[0]!(invokeEvent(ours, APP_ENTRY_URL), 'vault.status', {});
    const press = (control: boolean, meta: boolean) => {
      const event = new FakeEvent();
      shell.windows[0]!.webContents.emit('before-input-event', event, { type: 'keyDown', key: 'n', control, meta, shift: false, alt: false, isAutoRepeat: false });
      return event.prevented;
    };
    assert.equal(press(true, false), false, 'Ctrl+N is not the Mac shortcut');
    assert.equal(press(false, true), true);
  });
});
