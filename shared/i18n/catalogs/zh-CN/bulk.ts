import type { Translation } from '../../catalog.js';
import type en from '../en/bulk.js';

const zhCN: Translation<typeof en> = {
  eyebrow: '证书',
  title: '批量颁发',
  close: '关闭',
  cancel: '取消',
  starting: '正在开始…',
  theCa: '该 CA',
  rootWhat_other: '{{count, number}} 张证书',
  kind: {
    server: '服务器',
    client: '客户端',
    peer: '对等',
  },
  profile: {
    server: { label: '服务器', hint: 'TLS 服务器 (serverAuth)。至少需要一个 DNS 名称或 IP 地址。' },
    client: { label: '客户端', hint: 'mTLS 客户端 (clientAuth)。通用名称 (CN) 即服务身份。' },
    peer: { label: '对等', hint: '既是服务器也是客户端，用于相互调用的服务。' },
  },
  names: {
    notServiceName: '不是有效的服务名称',
    twice: '{{name}} 重复出现（首次在第 {{line, number}} 行）',
    atLine: '第 {{line, number}} 行：{{message}}',
    atLineNamed: '第 {{line, number}} 行（“{{name}}”）：{{message}}',
    none: '请至少填写一个服务名称',
    tooMany_other: '一次最多 {{max, number}} 张证书；此列表有 {{count, number}} 个',
    chooseCa: '请选择签署这些证书的 CA',
  },
  count: {
    names_other: '{{count, number}} 个名称',
    withProblems_other: '{{names}}，其中 {{count, number}} 个有问题',
  },
  result: {
    issued_other: '已在 {{issuer}} 下颁发 {{count, number}} 张{{kind}}证书',
    cancelled_other: '已在 {{issuer}} 下颁发 {{issued, number}} / {{count, number}} 张{{kind}}证书；已取消',
    flash: '{{message}}。',
    region: '批量颁发结果',
    cancelledNote_other: '已颁发的 {{issued, number}} 张证书连同私钥已保存并封存在保险库中；其余 {{count, number}} 张未生成。',
    doneNote: '它们的私钥在本机生成，并已封存在保险库中。',
    issuer: '颁发 CA',
    profile: '用途',
    key: '密钥',
    keyValue: '{{key}}，每张证书一个',
    expires: '过期时间',
    more: '继续颁发',
    show: '查看证书',
  },
  cancelling: '正在取消：已保存的证书保留，正在签署的一批会完成并保存，之后不再颁发。',
  issueLabel: {
    none: '颁发证书',
    count_other: '颁发 {{count, number}} 张证书',
  },
  running: {
    region: '正在颁发',
    title_other: '正在 {{issuer}} 下颁发 {{count, number}} 张{{kind}}证书',
    intro: '每个密钥都在本机生成并封存在保险库中。证书每一千张保存一次：取消会在当前这批签署完成后停止，并保留已保存的证书。完成前请保持 Certwright 打开。',
    progress: '正在颁发证书',
    cancelFailed: '无法取消颁发',
    cancelling: '正在取消…',
    cancel: '取消颁发',
  },
  form: {
    title: '每个服务一张证书',
    intro: '粘贴服务名称；每个服务都会从所选 CA 获得自己的证书和密钥，用途、有效期和密钥类型相同。',
    names: '服务名称',
    separators: '每行一个，或用逗号、空格分隔。',
    hint: {
      client: '每个名称成为一张客户端证书的通用名称 (CN)：即服务器据以授权的身份。',
      server: '每个名称成为一张服务器证书的通用名称 (CN) 和 DNS 名称，因此必须是 DNS 名称。',
      peer: '每个名称成为一张对等证书的通用名称 (CN) 和 DNS 名称，因此必须是 DNS 名称。',
    },
    showLine: '显示第 {{line, number}} 行',
    failed: '未颁发任何证书',
    authoritiesFailed: '无法加载证书颁发机构',
  },
};

export default zhCN;
