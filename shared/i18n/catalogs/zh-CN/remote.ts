import type { Translation } from '../../catalog.js';
import type en from '../en/remote.js';

const zhCN: Translation<typeof en> = {
  errors: {
    placeholder: '无法连接远程证书颁发机构',
  },
};

export default zhCN;
