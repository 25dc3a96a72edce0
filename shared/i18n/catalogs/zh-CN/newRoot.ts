import type { Translation } from '../../catalog.js';
import type en from '../en/newRoot.js';

const zhCN: Translation<typeof en> = {
  eyebrow: '证书颁发机构',
  title: '新建根 CA',
  step: {
    identity: '身份',
    key: '密钥与有效期',
    review: '检查',
    create: '创建',
  },
  identity: {
    title: '这个颁发机构是谁？',
    intro: '这些名称将写入证书的主体。根 CA 签署的每个证书都会将它列为颁发者。',
    commonNamePlaceholder: 'Acme 内部根 CA',
  },
  key: {
    title: '密钥与有效期',
    intro: '密钥在本机生成并密封在保险库中，永远不会离开 Certwright。',
    validityHint: '于 <1>{{date}}</1> 过期。根 CA 通常有效 10 到 20 年；叶证书有效期较短。',
    pathLength: '路径长度约束',
    noLimit: '无限制',
    pathLengthHint: '此根 CA 之下可以有多少层中间 CA（0 到 {{max}}）。留空：无限制；0：只签署叶证书。',
    pathLengthError: '路径长度必须是整数，留空表示无限制',
    urlsIntro: '此根 CA 签署的每个证书（主要是其中间 CA）在整个有效期内都带有这些 URL：请在签署第一个证书之前设置。之后的修改只对之后颁发的证书生效。',
  },
  review: {
    title: '检查',
    intro: '请再检查一遍：根证书签署后无法更改。',
    identity: '身份',
    editIdentity: '身份',
    subjectDn: '主体 DN',
    keyAndValidity: '密钥与有效期',
    editKey: '密钥与有效期',
    keyAlgorithm: '密钥算法',
    slowNote: '— 生成可能需要几秒钟',
    validity: '有效期',
    pathLength: '路径长度',
    revocation: '吊销',
    editUrls: '吊销 URL',
    carry: '颁发的证书带有',
    noUrls: '无吊销 URL',
    added: 'Certwright 添加的内容',
    basicConstraints: '基本约束',
    basicConstraintsValue: 'CA，关键',
    keyUsage: '密钥用法',
    keyUsageValue: '证书签名、CRL 签名（关键）',
    keyIdentifiers: '密钥标识符',
    keyIdentifiersValue: '主体密钥标识符和颁发机构密钥标识符',
    serial: '序列号',
    serialValue: '随机，至少 64 位',
  },
  progress: {
    generatingKey: '正在生成 {{algorithm}} 密钥',
    signing: '正在签署证书',
    sealing: '正在将密钥密封到保险库',
    done: '完成',
  },
  run: {
    label: '创建根 CA',
    creating: '正在创建“{{name}}”',
    failed: '根 CA 未创建',
    progress: '正在创建根 CA',
  },
};

export default zhCN;
