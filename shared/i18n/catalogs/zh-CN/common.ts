import type { Translation } from '../../catalog.js';
import type en from '../en/common.js';

const zhCN: Translation<typeof en> = {
  time: {
    daysLeft_other: '剩余 {{count}} 天',
  },
};

export default zhCN;
