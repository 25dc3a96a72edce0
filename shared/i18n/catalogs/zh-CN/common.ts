import type { Translation } from '../../catalog.js';
import type en from '../en/common.js';

const zhCN: Translation<typeof en> = {
  time: {
    daysLeft_other: '剩余 {{count, number}} 天',
    expiredDaysAgo_other: '已过期 {{count, number}} 天',
    expiresToday: '今天过期',
    aboutYears: '约 {{years, number}} 年',
    inDays_other: '{{count, number}} 天后',
    inHours_other: '{{count, number}} 小时后',
    inMinutes_other: '{{count, number}} 分钟后',
    days_other: '{{count, number}} 天',
  },
  size: {
    bytes_other: '{{count, number}} 字节',
    kib: '{{value}} KiB',
    mib: '{{value}} MiB',
  },
  action: {
    cancel: '取消',
    copy: '复制',
    copied: '已复制',
    copyFailed: '复制失败：文本已选中，请按 Ctrl+C',
    saved: '已保存',
    tryAgain: '重试',
    refresh: '刷新',
    add: '添加',
    remove: '移除',
    discardChanges: '放弃更改',
    unsavedChanges: '有未保存的更改',
  },
  status: {
    valid: '有效',
    expired: '已过期',
    notYetValid: '尚未生效',
    revoked: '已吊销',
  },
  link: {
    ok: 'OK',
    badSignature: '签名无效',
    notACa: '不是 CA',
    issuerMissing: '缺少颁发者',
    constraintViolated: '违反约束',
    untrusted: '不受信任',
  },
  profile: {
    server: '服务器',
    client: '客户端',
    peer: '对等',
    ca: 'CA',
  },
  role: {
    leaf: '叶证书',
    intermediate: '中间 CA',
    root: '根 CA',
  },
  reason: {
    unspecified: '未指定',
    keyCompromise: '密钥泄露',
    cACompromise: 'CA 泄露',
    affiliationChanged: '隶属关系变更',
    superseded: '已被取代',
    cessationOfOperation: '停止运营',
    certificateHold: '证书暂停',
    privilegeWithdrawn: '权限撤回',
    aACompromise: 'AA 泄露',
    removeFromCRL: '从 CRL 中移除',
    notGiven: '未给出',
  },
  san: {
    dns: 'DNS 名称',
    ip: 'IP 地址',
    email: '电子邮件',
    uri: 'URI',
    short: {
      dns: 'DNS',
      ip: 'IP',
      email: '邮件',
      uri: 'URI',
    },
  },
  certificate: {
    label: '{{name}} · {{profile}}',
    noCommonName: '（无通用名称）',
  },
  word: {
    none: '无',
    critical: '关键',
    optional: '（可选）',
    warning_other: '警告',
  },
};

export default zhCN;
