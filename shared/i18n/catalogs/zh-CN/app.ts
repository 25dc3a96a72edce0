import type { Translation } from '../../catalog.js';
import type en from '../en/app.js';

const zhCN: Translation<typeof en> = {
  boot: {
    opening: '正在打开 Certwright…',
    failed: 'Certwright 无法打开其保险库',
    tryAgain: '重试',
  },
};

export default zhCN;
