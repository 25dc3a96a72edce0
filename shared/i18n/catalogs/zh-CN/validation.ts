import type { Translation } from '../../catalog.js';
import type en from '../en/validation.js';

const zhCN: Translation<typeof en> = {
  invalidInput: '输入无效',
  unexpectedField: '未知字段 {{keys}}',
  zod: '{{words}}',
  san: {
    dnsEmpty: '请输入 DNS 名称',
    notAscii: '“{{input}}”无法转换为 ASCII DNS 名称',
    dnsTooLong: 'DNS 名称最多 253 个字符',
    wildcardPlace: '通配符只能是最左侧的完整标签，例如 *.example.com',
    wildcardShort: '通配符后面至少需要两个标签，例如 *.example.com',
    emptyLabel: 'DNS 名称不能有空标签（连续两个点）',
    labelTooLong: '标签“{{label}}…”超过 63 个字符',
    badLabel: '“{{label}}”不是有效的 DNS 标签：请使用字母、数字和连字符，连字符不能在开头或结尾',
    looksLikeIp: '“{{input}}”看起来是 IP 地址，请将其添加为 IP SAN',
    notIp: '“{{input}}”不是 IPv4 或 IPv6 地址',
    emailShape: '电子邮件地址需要本地部分、@ 和域名',
    badMailbox: '“{{local}}”不是有效的邮箱名',
    emailWildcard: '电子邮件的域名不能是通配符',
    uriScheme: 'URI 需要协议方案，例如 spiffe://trust-domain/service',
    uriSpaces: 'URI 不能包含空格',
    uriTooLong: 'URI 最多 2048 个字符',
    spiffe: 'SPIFFE ID 的格式为 spiffe://trust-domain/path，信任域须为小写，且不含查询或片段',
    badUri: '“{{text}}”不是有效的 URI',
    tooMany: '最多 100 个主体备用名称 (SAN)',
    duplicate: '{{value}} 重复列出',
    notCidr: '“{{input}}”不是 CIDR 表示的 IP 范围，例如 10.0.0.0/8',
    prefixTooLong: '{{input}} 的前缀长度超过 {{max}}',
  },
  passphrase: {
    tooShort: '口令至少需要 {{min}} 个字符',
    tooLong: '口令最多 {{max}} 个字符',
    empty: '请输入口令',
  },
  subject: {
    label: {
      commonName: '通用名称',
      organization: '组织',
      organizationalUnit: '组织单位',
      state: '省/州',
      locality: '城市',
    },
    tooLong: '$t({{label}})最多 {{max}} 个字符',
    controlChars: '$t({{label}})不能包含控制字符',
    commonNameRequired: '通用名称为必填项',
    country: '国家/地区须为两个字母的 ISO 3166 代码，例如 CN 或 US',
  },
  contract: {
    operationId: '操作 ID 须为 1–64 个字母、数字或短横线',
    recordId: '不是记录 ID',
  },
  validity: {
    whole: '有效期须为整数天',
    atLeastDay: '有效期至少 {{min}} 天',
    rootMax: '有效期最多 {{max}} 天（30 年）',
    atLeastOneDay: '有效期至少 1 天',
    max: '有效期最多 {{max}} 天',
    leafMax: '有效期最多 {{max}} 天',
  },
  pathLength: {
    negative: '路径长度不能为负数',
    max: '路径长度最多为 {{max}}',
    whole: '路径长度须为整数',
  },
  service: {
    required: '服务名称为必填项',
    tooLong: '服务名称最多 64 个字符',
    chars: '服务名称：可用字母、数字、点、短横线和下划线，例如 order-service',
    needsAddress: '请至少提供一个可访问该服务的 DNS 名称或 IP 地址',
  },
  token: {
    lifetimeWhole: '有效时长须为整数秒',
    lifetimeMin: '令牌至少有效 {{min}} 秒',
    lifetimeMax: '令牌最多有效 24 小时（服务令牌一般为 5–15 分钟）',
    jwksTooLarge: '该 JWKS 超过 512 KiB：不是密钥集',
    issuerNameAn: '颁发者名称为 1–128 个字母、数字或 . _ : / -（它会成为令牌的 iss）',
    issuerNameA: '颁发者名称为 1–128 个字母、数字或 . _ : / -（它会成为令牌的 iss）',
    pasteFirst: '请先粘贴令牌',
    tooLarge: '超过 2 MiB：不是令牌',
    issuerOrJwks: '请选择保险库中的令牌颁发者，或提供 JWKS',
    jwksIssuer: '使用 JWKS 时，请提供其令牌携带的颁发者 (iss)',
  },
  port: {
    unprivileged: '请使用 1024 到 65535 之间的端口',
    any: '请使用 1 到 65535 之间的端口',
    range: '端口范围为 1 到 65535',
  },
  address: {
    ip: '$t({{what}})必须是 IPv4 或 IPv6 地址',
    what: {
      bind: '绑定地址',
      resolveTo: '要解析到的地址',
      plain: '地址',
    },
  },
  acme: {
    resolveName: '要解析的名称必须是 DNS 名称',
    resolveMax: '最多 100 个要解析的名称',
    resolver: 'DNS 解析器须为地址，可带 :端口',
  },
  days: {
    atMost: '最多 {{max}} 天',
    whole: '须为整数天',
    atLeastOne: '至少 1 天',
    atMost365: '最多 365 天',
    atLeast: '至少 {{min}} 天',
    atMostBackup: '最多 {{max}} 天',
  },
  url: {
    tooLong: '$t({{label}})最多 2048 个字符',
    notHttp: '$t({{label}})必须是 http:// 或 https:// URL',
    label: {
      crl: 'CRL 分发点',
      ocsp: 'OCSP URL',
      caIssuers: 'CA 颁发者 URL',
    },
  },
  settings: {
    defaultValidityWhole: '默认有效期须为整数天',
    defaultValidityMin: '默认有效期至少 1 天',
    defaultValidityMax: '默认有效期最多 {{max}} 天',
    crlWhole: 'CRL 更新间隔须为整数天',
    crlMin: 'CRL 至少须有效 1 天',
    crlMax: 'CRL 最多有效 {{max}} 天',
    urgentAfterWarning: '紧急阈值不能长于警告阈值',
  },
  input: {
    fileFirst: '请先粘贴或打开文件',
    over1MiB: '输入大于 1 MiB',
    textFirst: '请先粘贴文本或打开文件',
    over10MiBInspect: '输入大于 10 MiB；Certwright 不检查这么大的输入',
    crlFirst: '请先粘贴或打开 CRL',
    over10MiB: '输入大于 10 MiB',
  },
  password: {
    over1024: '该密码超过 1,024 个字符',
    max: '密码最多 1024 个字符',
  },
  host: {
    dnsOrIp: '请输入 DNS 名称 (api.example.com) 或 IP 地址',
    required: '请输入主机名或地址',
    nameOrIp: '请输入主机名 (api.example.com) 或 IP 地址',
    sni: 'SNI 名称必须是 DNS 名称',
  },
  bulk: {
    needsName: '请至少提供一个服务名称',
    max: '一次最多 100,000 个证书',
  },
  renew: {
    max: '一次最多 10,000 个证书',
    minDays: '请至少填写 1 天',
    overlapNegative: '重叠期不能为负数',
    overlapMax: '重叠期最多 {{max}} 天',
    chooseSome: '请选择要续期的证书，或填写天数',
    notBoth: '请选择证书或填写天数，不要同时提供',
  },
  minutes: {
    whole: '须为整数分钟',
    atLeast: '至少 {{min}} 分钟',
    atMostDay: '最多 {{max}} 分钟（一天）',
  },
  watch: {
    intervalMax: '最多 {{max}} 分钟（一周）',
    importEmpty: '请先粘贴或选择端点：每行一个 host:port，或 CSV',
    concurrency: '同时探测 {{min}} 到 {{max}} 个',
    timeout: '{{min}} 到 {{max}} 秒之间',
  },
  audit: {
    filterTooLong: '筛选条件最多 {{max}} 个字符',
  },
  list: {
    maxRows: '一次最多 {{max}} 行',
  },
  export: {
    needsOne: '请至少选择一个要导出的证书',
    max: '一次最多导出 {{max}} 个证书',
    needsPassword: '请提供密码：zip 中的每个密钥都用它加密，绝不以明文保存',
  },
  revoke: {
    needsOne: '请至少选择一个要吊销的证书',
    max: '一次最多吊销 10,000 个证书',
  },
  subCa: {
    confirmTooLong: '这比任何通用名称都长',
  },
  policy: {
    tooLarge: '策略大于 1 MiB',
  },
  date: {
    notAfter: '截止时间必须是日期和时间',
    start: '开始时间必须是日期和时间',
    end: '结束时间必须是日期和时间',
    invalidity: '失效日期必须是日期和时间',
  },
  handshake: {
    noServerForServer: '服务器证书会用一次性客户端来验证，请不要再提供服务器',
  },
  constraints: {
    noWildcard: '名称约束须为域名（例如 example.com），不能是通配符',
  },
  profile: {
    needsSan: {
      server: '服务器证书至少需要一个 DNS 名称或 IP 地址：Go 和大多数 TLS 客户端会忽略通用名称',
      peer: '对等证书至少需要一个 DNS 名称或 IP 地址：Go 和大多数 TLS 客户端会忽略通用名称',
      client: '客户端证书至少需要一个 DNS 名称或 IP 地址：Go 和大多数 TLS 客户端会忽略通用名称',
    },
  },
};

export default zhCN;
