import type { Translation } from '../../catalog.js';
import type en from '../en/app.js';

const zhCN: Translation<typeof en> = {
  boot: {
    opening: '正在打开 Certwright…',
    failed: 'Certwright 无法打开其保险库',
    tryAgain: '重试',
  },
  shell: {
    product: 'Certwright',
    vaultUnlocked: '保险库已解锁',
    lockVault: '锁定保险库',
    mainNav: '主导航',
    keysStayHere: '密钥只保存在这台计算机上',
    lockFailed: '无法锁定保险库',
    rootCreated: '已创建根 CA“{{name}}”。其私钥已密封在保险库中。',
  },
  nav: {
    dashboard: '仪表板',
    authorities: '证书颁发机构',
    certificates: '证书',
    services: '服务',
    endpoints: '端点',
    inspect: '检查',
    audit: '审计',
    settings: '设置',
  },
  unsaved: {
    question: '{{forms}}：更改尚未保存。要离开并放弃这些更改吗？',
  },
  authority: {
    waitingForCertificate: '它正在等待其签名证书',
    expired: '它已过期',
    pathLengthZero: '其路径长度为 0：只能签发叶证书',
  },
  ipc: {
    noBridge: 'Certwright 无法连接其主进程（缺少桥接）。请重新启动应用程序。',
    unreadable: '主进程对 {{channel}} 返回了无法读取的应答。',
    failed: '调用 {{channel}} 未能完成：{{error}}',
  },
  load: {
    loading: '正在加载…',
    loadingDetails: '正在加载详情…',
  },
  backup: {
    written: '备份已写入',
    writtenAt: '备份已于 {{at}} 写入',
    file: '备份文件',
    fileLabel: '文件',
    copyPath: '复制备份路径',
    size: '大小',
    sha256: 'SHA-256',
    copySha256: '复制 SHA-256',
    keepApart: '备份已用保险库口令加密：请将文件与口令分开保管，并把文件复制到这台计算机以外的地方。',
  },
  facts: {
    serialNumber: '序列号',
    copySerialNumber: '复制序列号',
    spkiPin: 'SPKI 固定值（SHA-256）',
    copySpkiPin: '复制 SPKI 固定值',
  },
  chain: {
    title: '证书链',
    path: '证书路径',
    expires: '{{date}} 过期',
  },
  crl: {
    serial: '序列号',
    commonName: '通用名称',
    reason: '原因',
    revoked: '吊销时间',
    invalidSince: '失效时间',
  },
  extensions: {
    title: '扩展',
  },
  san: {
    label: '主体备用名称',
    type: 'SAN 类型',
    addName: '添加名称',
    empty: '输入 DNS 名称、IP 地址、电子邮件或 URI；输入时会自动识别类型。按 Enter 添加。',
    recognized: '（已自动识别类型；可在左侧更改）',
    removeName: '移除 {{name}}',
    alreadyListed: '{{name}} 已在列表中',
    listedTwice: '{{name}} 出现了两次',
    needsServerName: '{{profile}}证书至少需要一个 DNS 名称或 IP 地址：Go 和大多数 TLS 客户端会忽略通用名称',
  },
  snippets: {
    label: '配置片段',
    complete: '完整可用：在包文件夹中运行即可。',
    fragment: '片段：请放入你自己的程序或配置中。',
    copy: '复制{{title}}',
  },
  tokens: {
    understood: '从“{{label}}”识别出的值',
  },
  progress: {
    count: '{{done, number}} / {{total, number}}',
    valueText: '{{step}}（{{percent, number}}%）',
  },
  file: {
    tooLarge: '{{name}} 大于 {{size, number}} MiB，不是这里需要的文件',
  },
};

export default zhCN;
