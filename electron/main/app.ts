/**
 * The application's lifecycle, written against the few Electron objects it needs so that it runs
 * in plain Node with fakes. main.ts passes the real `app`, `protocol`, `session`, `shell`, a
 * BrowserWindow factory and the ipcMain registration; nothing here imports `electron`.
 */
import { isAbsolute, join } from 'node:path';
import type { EngineCrypto } from '../engine/webcrypto.js';
import { createIpcBridge, type InvokeListener, type IpcSender } from './ipc/bridge.js';
import { createHandlers } from './ipc/handlers/index.js';
import type { Dialogs } from './platform/dialogs.js';
import { memoryPreferences, MIN_WINDOW, type Preferences } from './platform/preferences.js';
import { noticeWords, type OsNotifier } from '../services/notifier.js';
import { commandOfKey, type AppCommand, type KeyPress } from '../../shared/domain/app-commands.js';
import { INSPECT_MAX_BYTES } from '../../shared/domain/inspect.js';
import { pickLanguage, resolveLanguage, type Language } from '../../shared/i18n/languages.js';
import { menuTemplate, type MenuItem } from './menu/template.js';
import { mainLanguage } from './platform/main-language.js';
import { noPowerEvents, type PowerEvents } from './platform/power.js';
import type { Timer } from '../services/expiry-watch.js';
import type { AutoLock } from '../services/auto-lock.js';
import type { Vault } from '../vault/vault.js';
import { createServices } from '../services/index.js';
import { createRouter } from './ipc/router.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol/app-protocol.js';
import { hardenSession, hardenWebContents, secureWebPreferences, type HardenableSession, type HardenableWebContents, type PreventableEvent, type SecureWebPreferences } from './window/security.js';

/** Unpackaged only: an absolute directory to keep all app data in (the Electron e2e test uses a temp dir). */
export const USER_DATA_ENV = 'CERTWRIGHT_USER_DATA';

export interface AppLike {
  readonly isPackaged: boolean;
  setPath(name: 'userData', path: string): void;
  getPath(name: 'userData'): string;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableWebContents) => void): unknown;
  on(event: 'session-created', listener: (session: HardenableSession) => void): unknown;
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean } }>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface WindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: false;
  readonly title: string;
  readonly webPreferences: SecureWebPreferences;
}

/** Electron's before-input-event Input: a key, before the page or the menu sees it. */
export interface KeyInput extends KeyPress {
  readonly type: string;
  readonly isAutoRepeat: boolean;
}

export interface WindowLike {
  readonly webContents: {
    readonly id: number;
    on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  };
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  getBounds(): { x: number; y: number; width: number; height: number };
}

export interface ShellDeps {
  readonly app: AppLike;
  readonly protocol: ProtocolLike;
  readonly session: { readonly defaultSession: HardenableSession };
  readonly shell: { openExternal(url: string): Promise<void> };
  /** `new BrowserWindow(options)`. */
  readonly createWindow: (options: WindowOptions) => WindowLike;
  /** Installs the one ipcMain handler (electron/main/ipc/register.ts). */
  readonly registerIpc: (listener: InvokeListener) => unknown;
  readonly paths: { readonly preload: string; readonly renderer: string };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly crypto: EngineCrypto;
  /** Native save/folder dialogs for exports. */
  readonly dialogs?: Dialogs;
  /** OS notifications for certificates nearing expiry, worded in the user's language here. */
  readonly notifier?: OsNotifier;
  /** Menu.setApplicationMenu(Menu.buildFromTemplate(template)): called at start and on each language change. */
  readonly setMenu?: (template: readonly MenuItem[]) => void;
  /** Electron's clipboard.readText(): read by main when the user asks to inspect the clipboard, never by the page. */
  readonly readClipboard?: () => Promise<string>;
  /** System suspend and screen lock (Electron's `powerMonitor`, subscribed once the app is ready): both lock the vault. */
  readonly power?: PowerEvents;
  /** The window's size and place, language and last view between runs (electron-store in the app). */
  readonly preferences?: Preferences;
  /** The OS's preferred languages, most preferred first (app.getPreferredSystemLanguages()). */
  readonly systemLanguages?: () => readonly string[];
  /** The auto-lock's idle check, every 15 s (tests pass a fake timer). */
  readonly autoLockTimer?: Timer;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface RunningApp {
  readonly vault: Vault;
  readonly autoLock: AutoLock;
  /** The main window, or null once it was closed. */
  window(): WindowLike | null;
  /** Creates the main window if there is none, else focuses it. */
  showWindow(): WindowLike;
}

/**
 * Runs the app: returns null when another instance owns the single-instance lock (this one quits),
 * else resolves once the app is ready and the window is created.
 */
export async function startApp(deps: ShellDeps): Promise<RunningApp | null> {
  const { app } = deps;
  const log = deps.log ?? (() => undefined);

  // Before anything else: the single-instance lock lives in the userData directory. The override is
  // a test hook, so a packaged app ignores it.
  const userData = deps.env[USER_DATA_ENV];
  if (userData !== undefined && userData !== '' && !app.isPackaged) {
    if (!isAbsolute(userData)) throw new Error(`${USER_DATA_ENV} must be an absolute path`);
    app.setPath('userData', userData);
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  // Also before ready: every renderer sandboxed, and our scheme known as standard and secure.
  app.enableSandbox();
  deps.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } },
  ]);

  let mainWindow: WindowLike | null = null;
  const liveWindow = () => (mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null);

  const webContentsPolicy = {
    appOrigin: APP_ORIGIN,
    openExternal: (url: string) => deps.shell.openExternal(url),
    log: (message: string) => log(message),
  };
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, webContentsPolicy));
  app.on('session-created', (session) => hardenSession(session, APP_ORIGIN));
  app.on('second-instance', () => {
    const win = liveWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // The vault locks when the last window closes, on every platform: on macOS the app keeps running.
  let autoLock: AutoLock | null = null;
  app.on('window-all-closed', () => {
    autoLock?.lockNow('windows-closed');
    if (deps.platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  hardenSession(deps.session.defaultSession, APP_ORIGIN);
  deps.protocol.handle(APP_SCHEME, createAppProtocolHandler(deps.paths.renderer));

  const crypto = deps.crypto;
  const now = () => new Date();
  const vaultDir = join(app.getPath('userData'), 'vault');
  const isOwnWindow = (sender: IpcSender) => liveWindow()?.webContents.id === sender.id;
  const bridge = createIpcBridge(isOwnWindow);
  // Main's texts (menu, dialog titles, notifications) follow the window's language choice.
  const preferences = deps.preferences ?? memoryPreferences();
  const language = mainLanguage(resolveLanguage(preferences.language(), pickLanguage(deps.systemLanguages?.() ?? [])));
  const osNotifier = deps.notifier;
  const services = createServices({
    directory: vaultDir,
    crypto,
    now,
    ...(osNotifier ? { notifier: { notify: (notice) => osNotifier.notify(noticeWords(notice, language.word, language.list)) } } : {}),
    // Watched endpoints are probed on their schedule while the vault is unlocked (docs/watch.md).
    watchSchedule: true,
    // Settings → Watching → serve metrics: /metrics on 127.0.0.1 while the vault is unlocked.
    metricsAtUnlock: true,
    // An automatic lock shows the unlock screen: the window is told through an unasked event.
    autoLock: { onLocked: (reason) => router.broadcast('vault.locked', { reason }), log, ...(deps.autoLockTimer ? { timer: deps.autoLockTimer } : {}) },
  });
  const { vault } = services;
  const locks = services.autoLock!;
  autoLock = locks;
  app.on('will-quit', () => void services.close());
  const platform = {
    ...(deps.dialogs ? { dialogs: deps.dialogs } : {}),
    preferences,
    ...(deps.systemLanguages ? { systemLanguages: deps.systemLanguages } : {}),
    word: language.word,
    onLanguageChanged: (next: Language) => {
      language.set(next);
      installMenu();
    },
  };
  const router = createRouter({ handlers: createHandlers(services, platform), trustedOrigin: APP_ORIGIN, emit: bridge.emit, broadcast: bridge.broadcast, onActivity: () => locks.touch(), log, checkOutputs: !app.isPackaged });
  deps.registerIpc(bridge.listener(router));

  /** A menu item or its shortcut: the window runs it (inspect-clipboard with the text main read just now). */
  function runCommand(command: AppCommand): void {
    if (!liveWindow()) {
      showWindow();
      return;
    }
    const read = deps.readClipboard;
    if (command !== 'inspect-clipboard' || !read || vault.state() !== 'unlocked') {
      router.broadcast('app.command', { command });
      return;
    }
    read().then(
      (text) => router.broadcast('app.command', { command, text: text.slice(0, INSPECT_MAX_BYTES + 1) }),
      (error: unknown) => {
        log('could not read the clipboard', error);
        // The window then says it could not read the clipboard.
        router.broadcast('app.command', { command });
      },
    );
  }
  function installMenu(): void {
    if (!deps.setMenu) return;
    try {
      deps.setMenu(menuTemplate({ t: language.t, platform: deps.platform, isPackaged: app.isPackaged, run: runCommand }));
    } catch (error) {
      log('could not set the application menu', error);
    }
  }
  installMenu();

  const power = deps.power ?? noPowerEvents;
  power.on('suspend', () => locks.lockNow('suspend'));
  power.on('lock-screen', () => locks.lockNow('screen-locked'));


  function showWindow(): WindowLike {
    const existing = liveWindow();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      return existing;
    }
    const bounds = preferences.windowBounds();
    const win = deps.createWindow({
      ...(bounds ?? { width: 1200, height: 800 }),
      minWidth: MIN_WINDOW.width,
      minHeight: MIN_WINDOW.height,
      show: false,
      title: 'Certwright',
      webPreferences: secureWebPreferences(deps.paths.preload, { devTools: !app.isPackaged }),
    });
    mainWindow = win;
    win.once('ready-to-show', () => win.show());
    // Our shortcuts are caught before the page and the menu see them, so each runs exactly once;
    // the page's own keydown handler is for the browser-only run, where there is no menu.
    win.webContents.on('before-input-event', (event, input) => {
      if (input.type !== 'keyDown' || input.isAutoRepeat) return;
      const command = commandOfKey(input, deps.platform === 'darwin');
      if (!command) return;
      event.preventDefault();
      runCommand(command);
    });
    win.on('close', () => {
      try {
        preferences.saveWindowBounds(win.getBounds());
      } catch (error) {
        log('could not save the window size', error);
      }
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((error: unknown) => log(`could not load ${APP_ENTRY_URL}`, error));
    return win;
  }

  // macOS: clicking the dock icon with no window open makes a new one.
  app.on('activate', () => showWindow());

  showWindow();
  return { vault, autoLock: locks, window: liveWindow, showWindow };
}
