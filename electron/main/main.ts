/**
 * The Electron entry point (bundled to dist/electron/main.js, ESM). It only hands the real Electron
 * objects to startApp (app.ts), which holds the lifecycle and is tested in plain Node with fakes.
 */
import { app, BrowserWindow, clipboard, dialog, Menu, Notification, powerMonitor, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app.js';
import { registerIpc } from './ipc/register.js';
import { electronPreferences } from './platform/electron-preferences.js';

// dist/electron/main.js → dist/electron/preload.cjs and dist/renderer/
const here = dirname(fileURLToPath(import.meta.url));

function log(message: string, error?: unknown): void {
  if (error === undefined) console.warn(`[certwright] ${message}`);
  else console.error(`[certwright] ${message}`, error);
}

startApp({
  app,
  protocol,
  session,
  shell,
  createWindow: (options) => new BrowserWindow(options),
  registerIpc,
  paths: { preload: join(here, 'preload.cjs'), renderer: join(here, '..', 'renderer') },
  env: process.env,
  platform: process.platform,
  crypto: globalThis.crypto,
  dialogs: {
    async chooseSaveFile({ title, defaultName, extensions }) {
      const options = { title, defaultPath: defaultName, filters: [{ name: extensions.join(', ').toUpperCase(), extensions: [...extensions] }] };
      const window = BrowserWindow.getFocusedWindow();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFolder({ title, defaultName, buttonLabel }) {
      const options = { title, defaultPath: defaultName, ...(buttonLabel ? { buttonLabel } : {}), properties: ['openDirectory' as const, 'createDirectory' as const] };
      const window = BrowserWindow.getFocusedWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled || !result.filePaths[0] ? null : result.filePaths[0];
    },
    async chooseOpenFile({ title, extensions }) {
      const options = { title, filters: [{ name: extensions.join(', ').toUpperCase(), extensions: [...extensions] }], properties: ['openFile' as const] };
      const window = BrowserWindow.getFocusedWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled || !result.filePaths[0] ? null : result.filePaths[0];
    },
  },
  notifier: {
    notify({ title, body, urgent }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, urgency: urgent ? 'critical' : 'normal' });
      // Since Electron 42 macOS shows notifications only from a code-signed app; an unsigned build says why here.
      notification.on('failed', (_event, error) => log(`could not show a notification: ${error}`));
      notification.show();
    },
  },
  // Suspend and screen lock lock the vault; startApp subscribes once the app is ready.
  power: powerMonitor,
  preferences: electronPreferences(),
  systemLanguages: () => app.getPreferredSystemLanguages(),
  // The template is Electron's own shape as plain data (electron/main/menu/template.ts).
  setMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[])),
  readClipboard: () => clipboard.readText(),
  log,
}).catch((error: unknown) => {
  log('could not start', error);
  dialog.showErrorBox('Certwright could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
