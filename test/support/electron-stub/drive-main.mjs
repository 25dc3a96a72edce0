// Runs the BUILT main bundle (dist/electron/main.js) against the electron stub and prints, as JSON,
// what it did. Used by test/unit/electron-bundle.test.ts:
//   CERTWRIGHT_USER_DATA=<tmp> node --import ./register.mjs ./drive-main.mjs <repo root>
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
await import(pathToFileURL(join(root, 'dist', 'electron', 'main.js')).href);
const stub = globalThis.__electronStub;
for (let i = 0; i < 200 && stub.windows.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));

const [win] = stub.windows;
const serve = stub.protocol.handlers.get('app');
const served = {};
for (const url of ['app://certwright/index.html', 'app://certwright/app.js', 'app://certwright/%2e%2e/electron/main.js']) {
  const response = await serve(new Request(url));
  served[url] = { status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy') };
}

const invoke = stub.ipcMain.handlers.get('certwright:invoke');
const fromWindow = { sender: win.webContents, senderFrame: { url: 'app://certwright/index.html', parent: null } };
const fromElsewhere = { sender: { id: 999, send() {}, isDestroyed: () => false }, senderFrame: { url: 'app://certwright/index.html', parent: null } };
const ipc = {
  status: await invoke(fromWindow, 'vault.status', {}),
  foreign: await invoke(fromElsewhere, 'vault.status', {}),
  create: await invoke(fromWindow, 'vault.create', { passphrase: 'bundle smoke passphrase' }),
};

// The application menu (in the stub's system language, Chinese): a click sends the command to the window.
const menu = stub.Menu.current?.template ?? [];
const items = (list) => list.flatMap((item) => [item, ...items(item.submenu ?? [])]);
items(menu).find((item) => item.accelerator === 'CmdOrCtrl+N')?.click();
const commands = win.webContents.sent.filter((args) => args[1] === 'app.command').map((args) => args[2]);

let granted = null;
stub.session.defaultSession.requestHandler({}, 'media', (value) => (granted = value));
const navigation = { url: 'https://example.com/', prevented: false, preventDefault() { this.prevented = true; } };
win.webContents.emit('will-navigate', navigation, navigation.url);

console.log(
  JSON.stringify({
    calls: stub.calls,
    privileged: stub.protocol.privileged,
    webPreferences: win.options.webPreferences,
    preloadExists: existsSync(win.options.webPreferences.preload),
    loaded: win.loaded,
    served,
    ipc,
    ipcMainListeners: stub.ipcMain.listeners,
    permissionGranted: granted,
    navigationPrevented: navigation.prevented,
    windowOpen: win.webContents.openHandler({ url: 'http://example.com/' }),
    menuLabels: menu.map((item) => item.label),
    menuRoles: items(menu).flatMap((item) => (item.role ? [item.role] : [])),
    commands,
    vaultFiles: readdirSync(join(process.env.CERTWRIGHT_USER_DATA, 'vault')).sort(),
  }),
);
process.exit(0);
