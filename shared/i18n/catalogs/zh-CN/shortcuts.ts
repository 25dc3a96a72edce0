import type { Translation } from '../../catalog.js';
import type en from '../en/shortcuts.js';

const zhCN: Translation<typeof en> = {
  command: {
    newCertificate: '新建证书',
    inspectClipboard: '检查剪贴板中的文本',
    search: '搜索证书列表',
    lockVault: '锁定保险库',
    showShortcuts: '显示键盘快捷键',
  },
  sheet: {
    title: '键盘快捷键',
    intro: '保险库解锁后，快捷键在所有视图中都可使用；菜单栏中也列出了它们。',
    action: '操作',
    keys: '按键',
    or: '或',
    close: '关闭',
  },
  help: {
    button: '键盘快捷键',
  },
  clipboard: {
    empty: '剪贴板中没有可检查的文本。',
    refused: 'Certwright 无法读取剪贴板。请将文本粘贴到“检查”中。',
  },
};

export default zhCN;
