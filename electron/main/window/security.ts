/**
 * Window and session hardening, as plain functions over the few methods they need. Nothing here
 * imports `electron`: main.ts passes the real objects, the unit tests pass fakes.
 *
 * The rules (DESIGN.md §3): the page runs sandboxed and isolated without Node, it never navigates
 * away from our origin, never opens windows, never gets a permission, never downloads. Only https
 * links leave the app, and they leave it for the user's browser.
 */
import { isAbsolute } from 'node:path';
import { originOf } from '../ipc/router.js';

/** The webPreferences every Certwright window is created with. */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  /** Off: Chromium's spellchecker downloads dictionaries from a remote server. */
  readonly spellcheck: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
}

export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): SecureWebPreferences {
  if (!isAbsolute(preloadPath)) throw new Error(`The preload path must be absolute: ${preloadPath}`);
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}

/** Whether `url` is on our own origin (`app://certwright`); anything unparsable is not. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/** The URL to hand to the user's browser, or null: only plain https links ever leave the app. */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/** The part of an Electron event these handlers use (Electron 40 also puts the target URL on it). */
export interface PreventableEvent {
  preventDefault(): void;
  readonly url?: string;
}

/** The part of Electron's WebContents that {@link hardenWebContents} touches. */
export interface HardenableWebContents {
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface WebContentsPolicy {
  /** `app://certwright`: the only place a frame may navigate to. */
  readonly appOrigin: string;
  /** Opens a URL in the user's browser (Electron's `shell.openExternal`). Only ever given https URLs. */
  readonly openExternal: (url: string) => Promise<unknown> | void;
  /** Where refusals are noted; defaults to silence. */
  readonly log?: (message: string) => void;
}

/** Applies the navigation rules to one web contents; main calls it for every one that is created. */
export function hardenWebContents(contents: HardenableWebContents, policy: WebContentsPolicy): void {
  const log = policy.log ?? (() => undefined);

  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url);
    if (external !== null) {
      Promise.resolve()
        .then(() => policy.openExternal(external))
        .catch((error: unknown) => log(`could not open ${external} in the browser: ${String(error)}`));
    } else {
      log(`refused window.open of ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });

  const stayHome = (kind: string) => (event: PreventableEvent, url?: string) => {
    const target = event.url ?? url ?? '';
    if (!isAppUrl(target, policy.appOrigin)) {
      event.preventDefault();
      log(`refused ${kind} to ${target.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', stayHome('navigation'));
  contents.on('will-redirect', stayHome('redirect'));
  contents.on('will-frame-navigate', stayHome('frame navigation'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused to attach a <webview>');
  });
}

/** The part of Electron's Session that {@link hardenSession} touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
}

/**
 * The one permission our own UI gets: writing sanitized text to the clipboard, for the "Copy PEM"
 * buttons. Reading the clipboard is never granted.
 */
export const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * No other permission is ever granted (camera, notifications, clipboard reads, HID, …), to anyone
 * else no permission check passes, and the page cannot start downloads: exports are written by main,
 * to a path the user chose in a native dialog.
 */
export function hardenSession(session: HardenableSession, appOrigin: string): void {
  const allowed = (permission: string, url: string | undefined) => APP_PERMISSIONS.has(permission) && url !== undefined && originOf(url) === appOrigin;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details?.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}
