/**
 * Every diagnosis the inspector makes, each from a faulty case built with OpenSSL in the test: the
 * finding, its advice and the error text the engineer has seen. Time is injected (the inspector takes
 * `now`), so expiry cases use the certificates OpenSSL made, judged on another day.
 *
 * The error texts are never written here: each case is also given to Go (crypto/x509, crypto/tls,
 * test/support/go/verify) and to `openssl verify -x509_strict`, with the same certificates, trust,
 * purpose, host and clock, and what Certwright quotes of them must be what they said.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspectInput, type InspectContext, type VaultCa } from '../../electron/engine/inspect/inspect.js';
import type { Finding, FindingId, InspectionReport, InspectRole } from '../../shared/domain/inspect.js';
import { assertPeersQuoted, goJudge, opensslJudge, opensslKeyPair, pemFile, type GoAnswer, type OpensslAnswer } from '../support/peer-verdicts.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';

interface Made {
  readonly name: string;
  readonly pem: string;
  readonly key: string;
  readonly der: Uint8Array;
}

const DAY = 86_400_000;

describe('the diagnosis, case by case', async () => {
  const dir = await tempDir('certwright-diagnosis-');
  const path = (name: string) => join(dir, name);
  const ossl = async (...args: string[]) => {
    const r = await runPeer('openssl', args);
    assert.equal(r.code, 0, `openssl ${args.join(' ')}\n${r.stderr}`);
    return r.stdout;
  };

  /** A certificate made by OpenSSL: self-signed without `issuer`. */
  async function make(name: string, subject: string, ext: string, options: { issuer?: Made; days?: number; key?: string[]; sha1?: boolean } = {}): Promise<Made> {
    await ossl('req', '-new', ...(options.key ?? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']), '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject);
    await writeFile(path(`${name}.ext`), ext);
    const signer = options.issuer ? ['-CA', options.issuer.pem, '-CAkey', options.issuer.key] : ['-signkey', path(`${name}.key`)];
    await ossl('x509', '-req', '-in', path(`${name}.csr`), ...signer, '-days', String(options.days ?? 30), '-extfile', path(`${name}.ext`), ...(options.sha1 ? ['-sha1'] : ['-sha256']), '-out', path(`${name}.pem`));
    const pem = path(`${name}.pem`);
    const der = new Uint8Array(Buffer.from((await readFile(pem, 'utf8')).replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    return { name, pem, key: path(`${name}.key`), der };
  }

  const CA = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';
  const SERVER = 'basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:api.diag.test,IP:10.9.8.7\nextendedKeyUsage=serverAuth\n';
  const root = await make('root', '/CN=Diag Root', CA, { days: 3650 });
  const intermediate = await make('int', '/CN=Diag Issuing', `${CA}`, { issuer: root, days: 1000 });
  const leaf = await make('leaf', '/CN=api.diag.test', SERVER, { issuer: intermediate });

  const text = async (...made: Made[]) => (await Promise.all(made.map((m) => readFile(m.pem, 'utf8')))).join('');
  /** The vault's authorities (ids as the vault would give them). */
  const vaultOf = (...made: Made[]): VaultCa[] => made.map((m, i) => ({ der: m.der, authorityId: String(i).repeat(32) }));

  async function inspect(input: string, options: { role?: InspectRole; hostCheck?: string; now?: Date; vault?: VaultCa[] } = {}): Promise<InspectionReport> {
    const context: InspectContext = { vault: options.vault ?? [], system: () => [], now: options.now ?? new Date(), crypto: globalThis.crypto, revocationOf: () => null };
    return inspectInput(new Uint8Array(Buffer.from(input)), { password: null, hostCheck: options.hostCheck ?? null, role: options.role ?? 'any', useSystemStore: false }, context);
  }

  function find(report: InspectionReport, id: FindingId): Finding {
    const found = report.findings.find((f) => f.id === id);
    assert.ok(found, `expected a ${id} finding; got ${JSON.stringify(report.findings.map((f) => `${f.id}: ${english(f.title)}`))}`);
    assert.ok(found.title && found.detail && found.advice, 'every finding says what, why and what to do');
    return found;
  }

  const ids = (report: InspectionReport) => report.findings.map((f) => f.id);

  interface Peers {
    readonly go: GoAnswer;
    readonly openssl: OpensslAnswer;
  }
  let questions = 0;
  /**
   * Go and OpenSSL on what Certwright was given: `input` (leaf first, then the rest, in any order),
   * the vault's CAs as their trust anchors (none: no trust at all), the role as the purpose, the host
   * name and the clock.
   */
  async function peers(input: readonly Made[], options: { role?: InspectRole; hostCheck?: string; now?: Date; trust?: readonly Made[] } = {}): Promise<Peers> {
    const [leafMade, ...rest] = input;
    const pems = (made: readonly Made[]) => Promise.all(made.map((m) => readFile(m.pem, 'utf8')));
    const [leafPem, restPems, trustPems] = await Promise.all([readFile(leafMade!.pem, 'utf8'), pems(rest), pems(options.trust ?? [])]);
    const usage = options.role ?? 'any';
    const question = ++questions;
    const [[go], openssl] = await Promise.all([
      goJudge([{ kind: 'verify', leaf: leafPem, intermediates: restPems, roots: trustPems, usage, dnsName: options.hostCheck ?? null, time: options.now ?? null }]),
      (async () =>
        opensslJudge({
          caFile: await pemFile(path(`q${question}-trust.pem`), trustPems),
          untrusted: await pemFile(path(`q${question}-untrusted.pem`), restPems),
          leaf: leafMade!.pem,
          usage,
          host: options.hostCheck ?? null,
          time: options.now ?? null,
        }))(),
    ]);
    return { go: go!, openssl };
  }

  /** The finding's quotes of Go and OpenSSL are what they said about the same certificates. */
  const quotesPeers = (finding: Finding, said: Peers) => assertPeersQuoted(finding.seenAs, said, `${finding.id} (${english(finding.title)})`);

  test('a healthy chain anchored in the vault has nothing to say, and is trusted', async () => {
    const report = await inspect(await text(leaf, intermediate), { vault: vaultOf(root), role: 'server', hostCheck: 'api.diag.test' });
    assert.deepEqual(ids(report), []);
    assert.equal(report.chain?.trusted, true);
    assert.equal(report.chain?.anchor, 'vault');
    assert.deepEqual(report.chain?.links.map((l) => l.status), ['ok', 'ok', 'ok']);
    const said = await peers([leaf, intermediate], { trust: [root], role: 'server', hostCheck: 'api.diag.test' });
    assert.ok(said.go.ok && said.openssl.ok, `${said.go.error}\n${said.openssl.output}`);
  });

  test('expired, and not yet valid (clock injected)', async () => {
    const notAfter = new Date(/notAfter=(.*)/.exec(await ossl('x509', '-in', leaf.pem, '-noout', '-enddate'))![1]!);
    const later = new Date(notAfter.getTime() + 3 * DAY);
    const expired = find(await inspect(await text(leaf, intermediate), { vault: vaultOf(root), now: later }), 'expired');
    assert.match(english(expired.title), /expired 3 days ago/);
    assert.match(english(expired.advice), /Renew/);
    quotesPeers(expired, await peers([leaf, intermediate], { trust: [root], now: later }));
    const earlier = new Date(Date.now() - 2 * DAY);
    const early = find(await inspect(await text(leaf, intermediate), { vault: vaultOf(root), now: earlier }), 'not-yet-valid');
    assert.match(english(early.advice), /clocks/);
    quotesPeers(early, await peers([leaf, intermediate], { trust: [root], now: earlier }));
  });

  test('an expired root takes the valid leaf with it: effective expiry', async () => {
    const shortRoot = await make('short-root', '/CN=Short Root', CA, { days: 10 });
    const longLeaf = await make('long-leaf', '/CN=api.diag.test', SERVER, { issuer: shortRoot, days: 90 });
    const later = new Date(Date.now() + 20 * DAY);
    const report = await inspect(await text(longLeaf), { vault: vaultOf(shortRoot), now: later });
    const finding = find(report, 'chain-expired');
    quotesPeers(finding, await peers([longLeaf], { trust: [shortRoot], now: later }));
    assert.match(english(finding.title), /Short Root in the chain expired/);
    assert.equal(report.chain?.effectiveLimitedBy, 'Short Root');
    assert.ok(Date.parse(report.chain!.effectiveNotAfter) < Date.parse(report.chain!.links[0]!.notAfter));
    assert.ok(!ids(report).includes('expired'), 'the leaf itself is still valid');
  });

  test('incomplete chain: the intermediate is in the vault — add it to fullchain.pem', async () => {
    const report = await inspect(await text(leaf, root), { vault: vaultOf(intermediate, root), hostCheck: 'api.diag.test' });
    const finding = find(report, 'incomplete-chain');
    // Go fails this chain (the client trusts the root, nobody sends it the intermediate): an error.
    assert.equal(finding.severity, 'error');
    assert.match(english(finding.title), /The intermediate Diag Issuing is missing — it is in your vault/);
    assert.match(english(finding.advice), /fullchain\.pem/);
    // What a client that trusts only the root says about this input.
    quotesPeers(finding, await peers([leaf, root], { trust: [root] }));
    assert.deepEqual(report.chain?.links.map((l) => l.origin), ['input', 'vault', 'input']);
  });

  test('incomplete chain: the issuer is nowhere', async () => {
    const finding = find(await inspect(await text(leaf, root)), 'incomplete-chain');
    assert.equal(finding.severity, 'error');
    assert.match(english(finding.title), /its issuer Diag Issuing is nowhere in sight/);
    quotesPeers(finding, await peers([leaf, root]));
  });

  test('the chain in the wrong order', async () => {
    const finding = find(await inspect(await text(root, leaf, intermediate), { vault: vaultOf(root) }), 'wrong-order');
    assert.match(english(finding.advice), /leaf first/);
    // "Go and OpenSSL reorder", as the advice says: both accept the same certificates.
    assert.match(english(finding.advice), /Go and OpenSSL reorder/);
    const said = await peers([leaf, root, intermediate], { trust: [root] });
    assert.ok(said.go.ok && said.openssl.ok, `${said.go.error}\n${said.openssl.output}`);
  });

  test('unknown authority: a root nobody here trusts, and a self-signed leaf', async () => {
    const root19 = find(await inspect(await text(leaf, intermediate, root)), 'unknown-authority');
    assert.match(english(root19.advice), /Add to vault/);
    quotesPeers(root19, await peers([leaf, intermediate, root]));
    const self = await make('self', '/CN=self.diag.test', 'subjectAltName=DNS:self.diag.test\n');
    const finding = find(await inspect(await text(self)), 'unknown-authority');
    assert.equal(finding.severity, 'error');
    assert.match(english(finding.title), /self-signed/);
    quotesPeers(finding, await peers([self]));
  });

  test('a signature that does not verify', async () => {
    const der = Buffer.from(leaf.der);
    der[der.length - 3]! ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const report = await inspect(tampered + (await text(intermediate)), { vault: vaultOf(root) });
    const finding = find(report, 'bad-signature');
    assert.equal(report.chain?.links[0]?.status, 'bad-signature');
    await writeFile(path('tampered.pem'), tampered);
    quotesPeers(finding, await peers([{ ...leaf, name: 'tampered', pem: path('tampered.pem') }, intermediate], { trust: [root] }));
  });

  test('host names: exact, wildcard, IP, and Go’s words for a miss', async () => {
    const wildcard = await make('wild', '/CN=wild', 'subjectAltName=DNS:*.diag.test,IP:10.9.8.7\n', { issuer: intermediate });
    const input = await text(wildcard, intermediate);
    const vault = vaultOf(root);
    assert.ok(!ids(await inspect(input, { vault, hostCheck: 'a.diag.test' })).includes('hostname-mismatch'));
    assert.ok(!ids(await inspect(input, { vault, hostCheck: '10.9.8.7' })).includes('hostname-mismatch'));
    for (const host of ['a.diag.test', '10.9.8.7']) {
      const said = await peers([wildcard, intermediate], { trust: [root], hostCheck: host });
      assert.ok(said.go.ok && said.openssl.ok, `${host}: ${said.go.error}\n${said.openssl.output}`);
    }
    for (const host of ['a.b.diag.test', 'diag.test']) {
      const miss = find(await inspect(input, { vault, hostCheck: host }), 'hostname-mismatch');
      assert.match(english(miss.advice), new RegExp(`DNS:${host.replace(/\./g, '\\.')}`));
      quotesPeers(miss, await peers([wildcard, intermediate], { trust: [root], hostCheck: host }));
    }
    const ip = find(await inspect(await text(leaf, intermediate), { vault, hostCheck: '10.9.8.6' }), 'hostname-mismatch');
    quotesPeers(ip, await peers([leaf, intermediate], { trust: [root], hostCheck: '10.9.8.6' }));
    const dnsOnly = await make('dnsonly', '/CN=dnsonly', 'subjectAltName=DNS:api.diag.test\n', { issuer: intermediate });
    const noIp = find(await inspect(await text(dnsOnly, intermediate), { vault, hostCheck: '10.9.8.7' }), 'hostname-mismatch');
    quotesPeers(noIp, await peers([dnsOnly, intermediate], { trust: [root], hostCheck: '10.9.8.7' }));
    const ipOnly = await make('iponly', '/CN=iponly', 'subjectAltName=IP:10.9.8.7\n', { issuer: intermediate });
    const noDns = find(await inspect(await text(ipOnly, intermediate), { vault, hostCheck: 'api.diag.test' }), 'hostname-mismatch');
    quotesPeers(noDns, await peers([ipOnly, intermediate], { trust: [root], hostCheck: 'api.diag.test' }));
  });

  test('a CN-only certificate', async () => {
    const cnOnly = await make('cn-only', '/CN=legacy.diag.test', 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n', { issuer: intermediate });
    const finding = find(await inspect(await text(cnOnly, intermediate), { vault: vaultOf(root), role: 'server' }), 'cn-only');
    assert.match(english(finding.advice), /DNS:legacy\.diag\.test/);
    // Go says so when it checks the name the Common Name holds (OpenSSL still reads the Common Name).
    quotesPeers(finding, await peers([cnOnly, intermediate], { trust: [root], role: 'server', hostCheck: 'legacy.diag.test' }));
    // Asked for another name, Go says the certificate is valid for no name: the mismatch quotes that.
    const other = await inspect(await text(cnOnly, intermediate), { vault: vaultOf(root), role: 'server', hostCheck: 'other.diag.test' });
    quotesPeers(find(other, 'hostname-mismatch'), await peers([cnOnly, intermediate], { trust: [root], role: 'server', hostCheck: 'other.diag.test' }));
  });

  test('the wrong EKU for the role', async () => {
    const client = await make('client', '/CN=orders', 'extendedKeyUsage=clientAuth\n', { issuer: intermediate });
    const finding = find(await inspect(await text(client, intermediate), { vault: vaultOf(root), role: 'server' }), 'wrong-eku');
    assert.match(english(finding.title), /not for TLS servers/);
    quotesPeers(finding, await peers([client, intermediate], { trust: [root], role: 'server' }));
    assert.ok(!ids(await inspect(await text(client, intermediate), { vault: vaultOf(root), role: 'client' })).includes('wrong-eku'));
  });

  test('a private key that does not belong to the certificate', async () => {
    const finding = find(await inspect((await text(leaf, intermediate)) + (await readFile(root.key, 'utf8')), { vault: vaultOf(root) }), 'key-mismatch');
    // Go's tls.X509KeyPair and OpenSSL loading the pair into a server, with the same files.
    const [pair] = await goJudge([{ kind: 'keypair', cert: await readFile(leaf.pem, 'utf8'), key: await readFile(root.key, 'utf8') }]);
    assert.equal(pair!.ok, false);
    assert.ok(finding.seenAs.includes(pair!.error), `Go says ${pair!.error}; Certwright quotes ${JSON.stringify(finding.seenAs)}`);
    const opensslSays = await opensslKeyPair(leaf.pem, root.key);
    const opensslQuote = finding.seenAs.find((q) => q.startsWith('OpenSSL: '));
    assert.ok(opensslQuote && opensslSays.includes(opensslQuote.slice('OpenSSL: '.length)), `OpenSSL says ${opensslSays}; Certwright quotes ${opensslQuote}`);
    assert.ok(!ids(await inspect((await text(leaf, intermediate)) + (await readFile(leaf.key, 'utf8')), { vault: vaultOf(root) })).includes('key-mismatch'));
  });

  test('CA:TRUE on a certificate used as a server', async () => {
    const caLeaf = await make('ca-leaf', '/CN=ca-leaf.diag.test', `${CA}subjectAltName=DNS:ca-leaf.diag.test\n`, { issuer: intermediate });
    const finding = find(await inspect(await text(caLeaf, intermediate), { vault: vaultOf(root), role: 'server' }), 'ca-leaf');
    assert.match(english(finding.advice), /separate leaf certificate/);
  });

  test('weak algorithms: a SHA-1 signature and an RSA 1024 key', async () => {
    const sha1 = await make('sha1', '/CN=api.diag.test', SERVER, { issuer: intermediate, sha1: true });
    const weakSig = find(await inspect(await text(sha1, intermediate), { vault: vaultOf(root) }), 'weak-signature');
    assert.equal(weakSig.severity, 'error');
    quotesPeers(weakSig, await peers([sha1, intermediate], { trust: [root] }));
    const rsa1024 = await make('rsa1024', '/CN=api.diag.test', SERVER, { issuer: intermediate, key: ['-newkey', 'rsa:1024'] });
    const weakKey = find(await inspect(await text(rsa1024, intermediate), { vault: vaultOf(root) }), 'weak-key');
    assert.match(english(weakKey.title), /RSA 1024/);
    quotesPeers(weakKey, await peers([rsa1024, intermediate], { trust: [root] }));
  });

  test('a P-224 leaf: its chain verifies, yet TLS cannot sign with it — in Go’s words', async () => {
    const p224 = await make('p224', '/CN=api.diag.test', SERVER, { issuer: intermediate, key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-224'] });
    const finding = find(await inspect(await text(p224, intermediate), { vault: vaultOf(root), role: 'server' }), 'weak-key');
    assert.match(english(finding.title), /ECDSA P-224 key, which TLS cannot sign with/);
    const said = await peers([p224, intermediate], { trust: [root], role: 'server' });
    assert.ok(said.go.ok && said.openssl.ok, 'the chain itself verifies');
    const [handshake] = await goJudge([{ kind: 'handshake', serverChain: await text(p224, intermediate), serverKey: await readFile(p224.key, 'utf8'), clientChain: null, clientKey: null, serverRoots: [await text(root)], clientRoots: [await text(root)], serverName: 'api.diag.test' }]);
    for (const quote of finding.seenAs) assert.ok([handshake!.serverError, handshake!.clientError].includes(quote), `Certwright quotes ${quote}; the Go server says ${handshake!.serverError}, the Go client ${handshake!.clientError}`);
    // An intermediate on P-224 only signs certificates, which both accept: no error.
    const p224Ca = await make('p224-ca', '/CN=P224 Issuing', CA, { issuer: root, key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-224'] });
    const under = await make('under-p224', '/CN=api.diag.test', SERVER, { issuer: p224Ca });
    assert.deepEqual((await inspect(await text(under, p224Ca), { vault: vaultOf(root), role: 'server' })).findings.filter((f) => f.severity === 'error'), []);
  });

  test('a root’s own SHA-1 signature is no defect: neither Go nor OpenSSL checks it', async () => {
    const oldRoot = await make('sha1-root', '/CN=Old SHA1 Root', CA, { days: 3650, key: ['-newkey', 'rsa:2048'], sha1: true });
    const said = await peers([oldRoot], { trust: [oldRoot] });
    assert.ok(said.go.ok && said.openssl.ok, `${said.go.error}\n${said.openssl.output}`);
    // Inspected alone, as `certwright inspect ca-certificates.crt` reads each root: a note, no error.
    const alone = await inspect(await text(oldRoot));
    assert.deepEqual(alone.findings.filter((f) => f.severity === 'error'), []);
    assert.equal(find(alone, 'weak-signature').severity, 'info');
    // Trusted, with a chain under it: still no error.
    const under = await make('under-sha1-root', '/CN=api.diag.test', SERVER, { issuer: oldRoot });
    const chain = await inspect(await text(under), { vault: vaultOf(oldRoot), role: 'server', hostCheck: 'api.diag.test' });
    assert.deepEqual(chain.findings.filter((f) => f.severity === 'error'), []);
  });

  test('validity: over 398 days only under a public (system) root; over 825 days (Apple) under any', async () => {
    // Under a private root (the vault's), 800 days is no finding: browsers' 398 days are the public Web PKI's limit.
    const long = await make('long', '/CN=api.diag.test', SERVER, { issuer: intermediate, days: 800 });
    assert.ok(!ids(await inspect(await text(long, intermediate), { vault: vaultOf(root) })).includes('validity-too-long'));
    const longer = await make('longer', '/CN=api.diag.test', SERVER, { issuer: intermediate, days: 900 });
    const apple = find(await inspect(await text(longer, intermediate), { vault: vaultOf(root) }), 'validity-too-long');
    assert.match(english(apple.title), /900 days — more than 825/);
    assert.match(english(apple.detail), /Apple platforms refuse/);
    // The same 800-day chain up to a root of the system store: the 398-day rule applies.
    const context: InspectContext = { vault: [], system: () => [root.der], now: new Date(), crypto: globalThis.crypto, revocationOf: () => null };
    const publicReport = await inspectInput(new Uint8Array(Buffer.from(await text(long, intermediate))), { password: null, hostCheck: null, role: 'any', useSystemStore: true }, context);
    assert.equal(publicReport.chain?.anchor, 'system');
    assert.match(english(find(publicReport, 'validity-too-long').title), /800 days — more than 398/);
  });

  test('CA constraints: not a CA, path length, keyCertSign, name constraints, EKU nesting', async () => {
    const notCa = await make('not-ca', '/CN=Not A CA', 'basicConstraints=critical,CA:FALSE\n', { issuer: root });
    const underNotCa = await make('under-not-ca', '/CN=api.diag.test', SERVER, { issuer: notCa });
    quotesPeers(find(await inspect(await text(underNotCa, notCa), { vault: vaultOf(root) }), 'not-a-ca'), await peers([underNotCa, notCa], { trust: [root] }));

    const tightRoot = await make('tight-root', '/CN=Tight Root', 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n', { days: 100 });
    const tightInt = await make('tight-int', '/CN=Tight Issuing', CA, { issuer: tightRoot });
    const underTight = await make('under-tight', '/CN=api.diag.test', SERVER, { issuer: tightInt });
    const pathLen = find(await inspect(await text(underTight, tightInt), { vault: vaultOf(tightRoot) }), 'path-length');
    quotesPeers(pathLen, await peers([underTight, tightInt], { trust: [tightRoot] }));

    const noSign = await make('no-sign', '/CN=No Sign CA', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n', { issuer: root });
    const underNoSign = await make('under-no-sign', '/CN=api.diag.test', SERVER, { issuer: noSign });
    quotesPeers(find(await inspect(await text(underNoSign, noSign), { vault: vaultOf(root) }), 'issuer-key-usage'), await peers([underNoSign, noSign], { trust: [root] }));

    const constrained = await make('constrained', '/CN=Constrained CA', `${CA}nameConstraints=critical,permitted;DNS:allowed.test,permitted;IP:10.0.0.0/255.0.0.0\n`, { issuer: root });
    const outside = await make('outside', '/CN=api.diag.test', SERVER, { issuer: constrained });
    const nc = find(await inspect(await text(outside, constrained), { vault: vaultOf(root) }), 'name-constraints');
    assert.match(english(nc.detail), /DNS name "api\.diag\.test" is not permitted/);
    quotesPeers(nc, await peers([outside, constrained], { trust: [root] }));
    const inside = await make('inside', '/CN=ok', 'subjectAltName=DNS:a.allowed.test,IP:10.1.2.3\nextendedKeyUsage=serverAuth\n', { issuer: constrained });
    assert.ok(!ids(await inspect(await text(inside, constrained), { vault: vaultOf(root) })).includes('name-constraints'));

    const clientOnly = await make('client-only-ca', '/CN=Client Only CA', `${CA}extendedKeyUsage=clientAuth\n`, { issuer: root });
    const serverUnder = await make('server-under', '/CN=api.diag.test', SERVER, { issuer: clientOnly });
    const nesting = find(await inspect(await text(serverUnder, clientOnly), { vault: vaultOf(root), role: 'server' }), 'eku-nesting');
    assert.match(english(nesting.detail), /Client Only CA limits its certificates to clientAuth/);
    quotesPeers(nesting, await peers([serverUnder, clientOnly], { trust: [root], role: 'server' }));
  });

  test('OpenSSL agrees: each faulty chain above also fails `openssl verify`', async () => {
    const verify = async (leafMade: Made, ...untrusted: Made[]) =>
      runPeer('openssl', ['verify', '-CAfile', root.pem, ...(untrusted.length ? ['-untrusted', await writeChain(untrusted)] : []), leafMade.pem]);
    const writeChain = async (made: Made[]) => {
      const file = path(`chain-${made.map((m) => m.name).join('-')}.pem`);
      await writeFile(file, await text(...made));
      return file;
    };
    assert.equal((await verify(leaf, intermediate)).code, 0, 'the healthy chain verifies');
    assert.notEqual((await verify(leaf)).code, 0, 'without the intermediate it does not');
  });
});
