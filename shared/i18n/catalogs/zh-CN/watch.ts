import type { Translation } from '../../catalog.js';
import type en from '../en/watch.js';

const zhCN: Translation<typeof en> = {
  finding: {
    unreachable: '无法连接：{{reason}}',
    notTls: '不是 TLS：{{reason}}',
    handshakeFailed: 'TLS 握手失败：{{reason}}',
    expired: '所提供的证书 {{name}} 已于 {{date}} 过期。',
    revoked: '所提供的证书 {{name}}（序列号 {{serial}}）已被吊销。',
    renewedNotDeployed: '已于 {{date}} 续期，但仍在提供旧证书：请重新加载该服务。',
    unexpectedCertificate: '提供的是 {{served}}，而不是预期的 {{expected}}。',
    hostMismatch: '所提供的证书不包含 {{host}}。',
    clientCertificateRefused: '客户端证书 {{name}} 被拒绝。',
    expiresUrgent_other: '所提供的证书链将在 {{count, number}} 天后过期（{{date}}）。',
    expiresSoon_other: '所提供的证书链将在 {{count, number}} 天后过期（{{date}}）。',
    chainIncomplete: '证书链不完整：{{detail}}',
    chainOrder: '证书链的顺序不正确。',
    clientAuthDropped: '不再要求客户端证书；{{date}} 时仍要求。',
  },
};

export default zhCN;
