// A stand-in for the `electron` module, just enough for dist/electron/main.js and electron-store to
// run in plain Node. It records what the app does; drive-main.mjs reads it from globalThis.__electronStub.
import { EventEmitter } from 'node:events';

const calls = [];
const paths = new Map();

class App extends EventEmitter {
  isPackaged = false;
  setPath(name, path) {
    calls.push(`app.setPath ${name}`);
    paths.set(name, path);
  }
  getPath(name) {
    if (!paths.has(name)) throw new Error(`stub: no path ${name}`);
    return paths.get(name);
  }
  getVersion() {
    return '0.0.0-stub';
  }
  /** A Chinese desktop: the menu main builds speaks Chinese. */
  getPreferredSystemLanguages() {
    return ['zh-CN', 'en-US'];
  }
  enableSandbox() {
    calls.push('app.enableSandbox');
  }
  requestSingleInstanceLock() {
    calls.push('app.requestSingleInstanceLock');
    return true;
  }
  quit() {
    calls.push('app.quit');
  }
  exit(code) {
    calls.push(`app.exit ${code}`);
  }
  whenReady() {
    calls.push('app.whenReady');
    return new Promise((resolve) => setTimeout(resolve, 5));
  }
}

class Session extends EventEmitter {
  setPermissionRequestHandler(handler) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler) {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler) {
    this.deviceHandler = handler;
  }
}

let nextId = 1;
class WebContents extends EventEmitter {
  id = nextId++;
  sent = [];
  send(...args) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
}

const windows = [];
export const app = new App();
export const ipcMain = {
  handlers: new Map(),
  listeners: [],
  handle(channel, handler) {
    calls.push(`ipcMain.handle ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
  on(channel) {
    calls.push(`ipcMain.on ${channel}`);
    this.listeners.push(channel);
  },
};
export const protocol = {
  privileged: [],
  handlers: new Map(),
  registerSchemesAsPrivileged(schemes) {
    calls.push('protocol.registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  },
  handle(scheme, handler) {
    calls.push(`protocol.handle ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};
export const session = { defaultSession: new Session() };
export const shell = { opened: [], openExternal: async (url) => void shell.opened.push(url) };
export const dialog = {
  showErrorBox(title, message) {
    calls.push(`dialog.showErrorBox ${title}: ${message}`);
  },
};
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    calls.push('new BrowserWindow');
    this.options = options;
    this.webContents = new WebContents();
    this.loaded = [];
    this.shown = false;
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    calls.push(`loadURL ${url}`);
    this.loaded.push(url);
  }
  show() {
    this.shown = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  getBounds() {
    return { x: 10, y: 20, width: this.options.width, height: this.options.height };
  }
}

globalThis.__electronStub = { calls, app, ipcMain, protocol, session, shell, windows };
/** Records what would be shown; isSupported like a desktop without a notification daemon says. */
export class Notification extends EventEmitter {
  static shown = [];
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    Notification.shown.push(this.options);
  }
}

/** Electron's powerMonitor: the stand-in emits 'suspend' and 'lock-screen' when a test asks it to. */
export const powerMonitor = new EventEmitter();

/** The application menu: the template main built is kept as it is (its items' click functions included). */
export const Menu = {
  current: null,
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    calls.push('Menu.setApplicationMenu');
    Menu.current = menu;
  },
};

export const clipboard = {
  text: '',
  async readText() {
    return clipboard.text;
  },
};

globalThis.__electronStub.Menu = Menu;
globalThis.__electronStub.clipboard = clipboard;

export default { app, ipcMain, protocol, session, shell, dialog, BrowserWindow, Notification, powerMonitor, Menu, clipboard };
