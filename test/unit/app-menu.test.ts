/**
 * Issue 18, desktop conventions: the application menu as data (roles, labels in both languages, the
 * development-only items), the one shortcut table main and the window share, and main's OS texts
 * (expiry notifications, dialog titles) in the user's language.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accelerator, APP_COMMANDS, commandOfKey, SHORTCUTS, type AppCommand, type KeyPress } from '../../shared/domain/app-commands.js';
import { menuTemplate, type MenuItem } from '../../electron/main/menu/template.js';
import { mainLanguage } from '../../electron/main/platform/main-language.js';
import { destinationOf, sourceOf } from '../../electron/main/ipc/handlers/platform.js';
import { noticeWords, type Notice } from '../../electron/services/notifier.js';
import { expiryNotice } from '../../electron/services/expiry-watch.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { english } from '../../shared/i18n/english.js';
import { msg } from '../../shared/i18n/message.js';

const flat = (menu: readonly MenuItem[]): MenuItem[] => menu.flatMap((m) => [m, ...(m.submenu ? flat(m.submenu) : [])]);
const roles = (menu: readonly MenuItem[]) => flat(menu).flatMap((m) => (m.role ? [m.role] : []));
const submenu = (menu: readonly MenuItem[], index: number) => menu[index]!.submenu ?? [];

function build(language: 'en' | 'zh-CN', platform: string, isPackaged = true) {
  const ran: AppCommand[] = [];
  const menu = menuTemplate({ t: mainLanguage(language).t, platform, isPackaged, run: (c) => void ran.push(c) });
  return { menu, ran };
}

describe('the application menu', () => {
  test('File / Edit / View / Window / Help with the roles that make copy, paste and zoom work', () => {
    const { menu } = build('en', 'linux');
    assert.deepEqual(menu.map((m) => m.label), ['File', 'Edit', 'View', 'Window', 'Help']);
    assert.deepEqual(roles(submenu(menu, 1)), ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    assert.deepEqual(roles(submenu(menu, 2)), ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'], 'a packaged app neither reloads nor opens DevTools');
    assert.deepEqual(roles(submenu(menu, 3)), ['minimize', 'close']);
    assert.deepEqual(roles(submenu(menu, 0)), ['quit']);
    assert.ok(roles(submenu(menu, 4)).includes('about'));
    assert.deepEqual(roles(submenu(build('en', 'linux', false).menu, 2)).slice(0, 3), ['reload', 'forceReload', 'toggleDevTools'], 'a development build does');
  });

  test('macOS: the app menu first, Close Window in File, zoom and front in Window, About not in Help', () => {
    const { menu } = build('en', 'darwin');
    assert.deepEqual(menu.map((m) => m.label), ['Certwright', 'File', 'Edit', 'View', 'Window', 'Help']);
    assert.deepEqual(roles(submenu(menu, 0)), ['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    assert.deepEqual(roles(submenu(menu, 1)), ['close']);
    assert.deepEqual(roles(submenu(menu, 4)), ['minimize', 'zoom', 'front']);
    assert.deepEqual(roles(submenu(menu, 5)), []);
    assert.equal(flat(menu).find((m) => m.role === 'about')?.label, 'About Certwright');
  });

  test('every label is translated: Chinese menus have no English label left, and the same shape', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const en = flat(build('en', platform, false).menu);
      const zh = flat(build('zh-CN', platform, false).menu);
      assert.equal(zh.length, en.length);
      zh.forEach((item, i) => {
        assert.equal(item.role, en[i]!.role);
        assert.equal(item.accelerator, en[i]!.accelerator);
        if (item.type === 'separator') return;
        assert.ok(item.label && item.label !== en[i]!.label || item.label === 'Certwright', `${platform}: ${item.label}`);
        assert.ok(item.label === 'Certwright' || /[\u4e00-\u9fff]/.test(item.label!), `${platform}: "${item.label}" is not Chinese`);
      });
    }
    assert.deepEqual(build('zh-CN', 'linux').menu.map((m) => m.label), ['文件', '编辑', '视图', '窗口', '帮助']);
  });

  test('our items carry the shared accelerators and run their command', () => {
    const { menu, ran } = build('en', 'linux');
    const ours = flat(menu).filter((m) => m.click);
    assert.deepEqual(
      ours.map((m) => [m.label, m.accelerator]),
      [
        ['New Certificate…', 'CmdOrCtrl+N'],
        ['Inspect Clipboard', 'CmdOrCtrl+I'],
        ['Lock Vault', 'CmdOrCtrl+L'],
        ['Find Certificates…', 'CmdOrCtrl+F'],
        ['Keyboard Shortcuts', 'CmdOrCtrl+/'],
      ],
    );
    for (const item of ours) item.click!();
    assert.deepEqual(ran, ['new-certificate', 'inspect-clipboard', 'lock-vault', 'search', 'show-shortcuts']);
    assert.deepEqual(new Set(ran), new Set(APP_COMMANDS), 'every command is in the menu');
  });
});

describe('the shortcut table', () => {
  const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, control: false, meta: false, shift: false, alt: false, ...mods });

  test('Ctrl elsewhere, Cmd on macOS; exact modifiers; letters in either case', () => {
    assert.equal(commandOfKey(press('n', { control: true }), false), 'new-certificate');
    assert.equal(commandOfKey(press('N', { control: true }), false), 'new-certificate');
    assert.equal(commandOfKey(press('n', { meta: true }), false), null);
    assert.equal(commandOfKey(press('n', { meta: true }), true), 'new-certificate');
    assert.equal(commandOfKey(press('n', { control: true }), true), null, 'Ctrl+N on a Mac is the text cursor’s');
    assert.equal(commandOfKey(press('i', { control: true, shift: true }), false), null, 'DevTools keep Ctrl+Shift+I');
    assert.equal(commandOfKey(press('f', { control: true, alt: true }), false), null);
    assert.equal(commandOfKey(press('f', { control: true }), false), 'search');
    assert.equal(commandOfKey(press('l', { control: true }), false), 'lock-vault');
    assert.equal(commandOfKey(press('/', { control: true }), false), 'show-shortcuts');
    assert.equal(commandOfKey(press('F1'), false), 'show-shortcuts');
    assert.equal(commandOfKey(press('F1', { control: true }), false), null);
    assert.equal(commandOfKey(press('n'), false), null, 'typing n is typing');
    assert.equal(commandOfKey(press('c', { control: true }), false), null, 'copy stays copy');
  });

  test('no two commands share a key, and every accelerator is Electron’s syntax', () => {
    const seen = new Set<string>();
    for (const command of APP_COMMANDS) {
      for (const s of SHORTCUTS[command]) {
        const a = accelerator(s);
        assert.ok(!seen.has(a), a);
        seen.add(a);
        assert.match(a, /^(CmdOrCtrl\+)?(Shift\+)?([A-Z]|F\d+|\/)$/);
      }
    }
  });
});

describe("main's OS texts in the user's language", () => {
  const NOW = new Date('2026-03-01T00:00:00Z');
  const summary = (name: string, days: number) => ({ subject: { commonName: name }, effectiveNotAfter: new Date(NOW.getTime() + days * 86_400_000 + 3_600_000).toISOString() }) as unknown as CertificateSummary;

  test('an expiry notification: English as before, Chinese with its own list and punctuation', () => {
    const notice = expiryNotice(
      [
        { summary: summary('a', 0), level: 'urgent' },
        { summary: summary('b', 3), level: 'urgent' },
        { summary: summary('c', 1), level: 'urgent' },
        { summary: summary('d', 5), level: 'urgent' },
        { summary: summary('e', 20), level: 'warning' },
      ],
      30,
      7,
      NOW,
    ) as Notice;
    const en = mainLanguage('en');
    assert.deepEqual(noticeWords(notice, en.word, en.list), {
      title: '4 certificates expire within 7 days',
      body: 'Urgent: a (today), b (3 days), c (1 day) and 1 more. Within 30 days: e (20 days). Open Certwright to renew them.',
      urgent: true,
    });
    const zh = mainLanguage('en');
    zh.set('zh-CN');
    assert.deepEqual(noticeWords(notice, zh.word, zh.list), {
      title: '4 个证书将在 7 天内过期',
      body: '紧急：a（今天）、b（3 天）、c（1 天），另有 1 个。30 天内：e（20 天）。请打开 Certwright 续期。',
      urgent: true,
    });
  });

  test('native dialog titles are worded by main: English by default (the e2e harness), else in the current language', async () => {
    const asked: string[] = [];
    const dialogs = {
      chooseSaveFile: async ({ title }: { title: string }) => (asked.push(title), null),
      chooseFolder: async ({ title, buttonLabel }: { title: string; buttonLabel?: string }) => (asked.push(`${title} [${buttonLabel}]`), null),
      chooseOpenFile: async ({ title }: { title: string }) => (asked.push(title), null),
    };
    await destinationOf({ dialogs })({ kind: 'file', title: msg('menu:dialog.exportCertificates', { count: 1200 }), defaultName: 'x.zip' });
    const zh = mainLanguage('zh-CN');
    await destinationOf({ dialogs, word: zh.word })({ kind: 'folder', title: msg('menu:dialog.exportIstio', { name: 'Issuing CA' }), defaultName: 'x' });
    await sourceOf({ dialogs, word: zh.word })({ title: msg('menu:dialog.restoreBackup'), extensions: ['cwbackup'] });
    assert.deepEqual(asked, ['Export 1,200 certificates', '为 Istio 导出 Issuing CA [选择文件夹]', '恢复保险库备份']);
    assert.equal(english(msg('menu:dialog.saveList', { count: 1, format: 'CSV' })), 'Save 1 certificate as CSV');
  });
});
