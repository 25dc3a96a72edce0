import type { Translation } from '../../catalog.js';
import type en from '../en/issue.js';

const zhCN: Translation<typeof en> = {
  steps: {
    issuer: 'CA 与用途',
    subject: '主体与名称',
    key: '密钥与有效期',
    review: '检查',
    issue: '颁发',
  },
  eyebrow: '证书',
  title: '颁发证书',
  run: '颁发证书',
  authoritiesFailed: '无法加载证书颁发机构',
  rootWhat: '此证书',
  issued: {
    server: '服务器证书“{{name}}”已由 {{issuer}} 颁发。',
    client: '客户端证书“{{name}}”已由 {{issuer}} 颁发。',
    peer: '对等证书“{{name}}”已由 {{issuer}} 颁发。',
    ca: '子 CA 证书“{{name}}”已由 {{issuer}} 颁发。',
  },
  issuer: {
    title: '由谁签署？用于什么？',
    intro: '用途决定扩展密钥用法 (EKU)：TLS 对等方接受此证书做什么。',
  },
  subject: {
    title: '主体与名称',
    introClient: '客户端证书的通用名称 (CN) 是服务器据以授权的服务身份，例如 billing-service。URI SAN（如 SPIFFE ID）可选。',
    introServer: 'TLS 客户端会将下方的 DNS 名称和 IP 地址与所连接的主机比对；通用名称 (CN) 只是一个标签。',
    cnHintClient: 'CN = 服务身份：服务器看到并据以授权的名称。',
    cnHintServer: '给人看的标签；客户端使用的每个名称都应写入下方的 SAN。',
  },
  key: {
    title: '密钥与有效期',
    intro: '密钥在本机生成并封存在保险库中，与 CA 的密钥一样。有效期越短，密钥丢失造成的损害越小。',
  },
  review: {
    title: '检查',
    intro: 'Certwright 会添加该用途的密钥用法、SKI 和 AKI，以及至少 64 位的随机序列号。',
  },
  progress: {
    generatingKey: '正在生成密钥',
    signing: '正在签署',
    sealing: '正在封存密钥并保存',
    saved: '已保存',
    issuingOf: '正在颁发第 {{done, number}} 张，共 {{total, number}} 张',
    saving: '正在保存第 {{from, number}}–{{to, number}} 张',
    issuedOf: '已颁发 {{done, number}} / {{total, number}} 张',
    done: '完成',
    cancelled: '已取消',
  },
  running: {
    starting: '正在开始…',
    title: '正在颁发“{{name}}”',
    failed: '证书未颁发',
    slow: '生成 RSA 密钥需要几秒钟。',
    fast: '只需片刻。',
    progress: '正在颁发证书',
  },
};

export default zhCN;
