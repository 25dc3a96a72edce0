import type { Translation } from '../../catalog.js';
import type en from '../en/a11y.js';

const zhCN: Translation<typeof en> = {
  skipToContent: '跳到主要内容',
  announce: {
    vaultLocked: '保险库已锁定。',
  },
};

export default zhCN;
