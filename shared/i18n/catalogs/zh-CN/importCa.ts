import type { Translation } from '../../catalog.js';
import type en from '../en/importCa.js';

const zhCN: Translation<typeof en> = {
  eyebrow: '证书颁发机构',
  title: '导入现有 CA',
  step: {
    import: 'CA 与密钥',
  },
  intro: {
    title: 'CA 及其私钥',
    text: '导入你的组织已在使用的 CA：带口令的 PKCS#12 文件（.p12、.pfx），或包含 CA 证书及其私钥的 PEM。对于中间 CA，请附上直到根 CA 的证书链：它会被保留，因此你颁发的证书也会带上它。',
  },
  open: '打开 PKCS#12 或 PEM 文件…',
  content: {
    label: '证书和私钥 (PEM)',
    fileRead: '已读取 {{file}}。也可以在此粘贴 PEM 来替换它。',
    readBinary: '读取自 {{file}}（二进制，按原样发送）。',
    readPem: '读取自 {{file}}（PEM）。',
    pasteHint: '或直接粘贴：证书、其密钥以及任何证书链中的证书，顺序不限。',
    empty: '请打开 CA 文件，或粘贴其证书和私钥 (PEM)',
  },
  password: {
    label: '密码',
    hint: '用于 PKCS#12 文件或加密的私钥。只用于打开一次，绝不保存。',
  },
  sealed: '私钥会像在此生成的密钥一样密封在你的保险库中。请妥善保管导入所用的文件，或将其删除：现在保险库（及其备份）已保存该密钥。',
  action: {
    import: '导入 CA',
    importing: '正在导入…',
  },
  failed: '未导入任何内容',
  done: '已导入“{{name}}”及其私钥，私钥已密封在保险库中：现在可以用它签署了。',
};

export default zhCN;
