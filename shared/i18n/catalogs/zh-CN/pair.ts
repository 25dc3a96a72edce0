import type { Translation } from '../../catalog.js';
import type en from '../en/pair.js';

const zhCN: Translation<typeof en> = {
  eyebrow: '证书',
  title: '为服务颁发 mTLS 证书对',
  close: '关闭',
  cancel: '取消',
  starting: '正在开始…',
  rootWhat: '这两张证书',
  chooseCa: '请选择签署这两张证书的 CA',
  issued: {
    region: '已颁发的证书对',
    summary: '已为 <1>{{service}}</1> 颁发一张服务器证书和一张客户端证书，均由 {{issuer}} 签署。它们的私钥已封存在保险库中。',
    server: '服务器证书',
    client: '客户端证书',
    exportServer: '导出服务器证书包…',
    exportClient: '导出客户端证书包…',
    openServer: '打开服务器证书',
    openClient: '打开客户端证书',
    sans: '主体备用名称 (SAN)',
    serial: '序列号',
    expires: '过期时间',
    another: '再颁发一对',
    done: '完成',
  },
  form: {
    title: '两张证书，同一个 CA',
    intro: '一张<1>服务器</1>证书，包含访问该服务所用的名称；一张<3>客户端</3>证书，其通用名称 (CN) 即服务名——它调用其他服务时的身份。对等方通过该 CA 信任这两张证书。',
    service: '服务名称',
    serviceHint: '客户端证书的通用名称 (CN)。',
    names: 'DNS 名称和 IP 地址',
    namesHint: '客户端访问该服务的地址：即服务器证书的 SAN。用逗号、空格或换行分隔。',
    uri: '客户端 URI SAN',
    uriHint: '例如 SPIFFE ID，添加到客户端证书中。',
    defaults_other: '两个密钥：{{algorithm}}，在本机生成并封存。有效期 {{count, number}} 天，即该 CA 的默认值。',
    progress: '正在颁发证书对',
    failed: '证书对未颁发',
    authoritiesFailed: '无法加载证书颁发机构',
    submit: '颁发证书对',
  },
};

export default zhCN;
