/**
 * The application menu as plain data (Electron's MenuItemConstructorOptions shape), built for one
 * platform and language: main.ts hands it to Menu.buildFromTemplate, tests read it in Node. Standard
 * items carry Electron's roles, so copy/paste, zoom and full screen work as the OS expects; every
 * label comes from the catalog (a role's label overrides Electron's English one). Our own actions
 * send one command to the window; their accelerators come from the shared shortcut table.
 */
import { accelerator, SHORTCUTS, type AppCommand } from '../../../shared/domain/app-commands.js';
import type { MainT } from '../platform/main-language.js';

export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'window'
  | 'help';

export interface MenuItem {
  readonly label?: string;
  readonly role?: MenuRole;
  readonly type?: 'separator';
  readonly accelerator?: string;
  readonly submenu?: readonly MenuItem[];
  readonly click?: () => void;
}

export interface MenuOptions {
  readonly t: MainT;
  /** process.platform: 'darwin' has the app menu and the Window menu's zoom and front. */
  readonly platform: string;
  /** A development build also reloads and opens DevTools. */
  readonly isPackaged: boolean;
  /** Runs one of the window's actions (sent to it as the app.command event). */
  readonly run: (command: AppCommand) => void;
}

export const APP_NAME = 'Certwright';
const separator: MenuItem = { type: 'separator' };

export function menuTemplate({ t, platform, isPackaged, run }: MenuOptions): MenuItem[] {
  const mac = platform === 'darwin';
  const command = (label: string, name: AppCommand): MenuItem => ({ label, accelerator: accelerator(SHORTCUTS[name][0]!), click: () => run(name) });
  const role = (r: MenuRole, label: string): MenuItem => ({ role: r, label });
  const appName = { appName: APP_NAME };

  const appMenu: MenuItem = {
    label: APP_NAME,
    submenu: [
      role('about', t('menu:app.about', appName)),
      separator,
      role('services', t('menu:app.services')),
      separator,
      role('hide', t('menu:app.hide', appName)),
      role('hideOthers', t('menu:app.hideOthers')),
      role('unhide', t('menu:app.showAll')),
      separator,
      role('quit', t('menu:app.quit', appName)),
    ],
  };
  const file: MenuItem = {
    label: t('menu:file.title'),
    submenu: [
      command(t('menu:file.newCertificate'), 'new-certificate'),
      command(t('menu:file.inspectClipboard'), 'inspect-clipboard'),
      separator,
      command(t('menu:file.lockVault'), 'lock-vault'),
      separator,
      mac ? role('close', t('menu:file.closeWindow')) : role('quit', t('menu:file.quit')),
    ],
  };
  const edit: MenuItem = {
    label: t('menu:edit.title'),
    submenu: [
      role('undo', t('menu:edit.undo')),
      role('redo', t('menu:edit.redo')),
      separator,
      role('cut', t('menu:edit.cut')),
      role('copy', t('menu:edit.copy')),
      role('paste', t('menu:edit.paste')),
      role('selectAll', t('menu:edit.selectAll')),
      separator,
      command(t('menu:edit.find'), 'search'),
    ],
  };
  const view: MenuItem = {
    label: t('menu:view.title'),
    submenu: [
      ...(isPackaged ? [] : [role('reload', t('menu:view.reload')), role('forceReload', t('menu:view.forceReload')), role('toggleDevTools', t('menu:view.devTools')), separator]),
      role('resetZoom', t('menu:view.actualSize')),
      role('zoomIn', t('menu:view.zoomIn')),
      role('zoomOut', t('menu:view.zoomOut')),
      separator,
      role('togglefullscreen', t('menu:view.fullScreen')),
    ],
  };
  const window: MenuItem = {
    label: t('menu:window.title'),
    role: 'window',
    submenu: mac
      ? [role('minimize', t('menu:window.minimize')), role('zoom', t('menu:window.zoom')), separator, role('front', t('menu:window.front'))]
      : [role('minimize', t('menu:window.minimize')), role('close', t('menu:window.close'))],
  };
  const help: MenuItem = {
    label: t('menu:help.title'),
    role: 'help',
    // On macOS About is in the app menu.
    submenu: [command(t('menu:help.shortcuts'), 'show-shortcuts'), ...(mac ? [] : [separator, role('about', t('menu:app.about', appName))])],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
