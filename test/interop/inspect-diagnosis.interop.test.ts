/**
 * Every diagnosis the inspector makes, each from a faulty case built with OpenSSL in the test: the
 * finding, its advice and the error text the engineer has seen. Time is injected (the inspector takes
 * `now`), so expiry cases use the certificates OpenSSL made, judged on another day.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspectInput, type InspectContext, type VaultCa } from '../../electron/engine/inspect/inspect.js';
import type { Finding, FindingId, InspectionReport, InspectRole } from '../../shared/domain/inspect.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

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
    assert.ok(found, `expected a ${id} finding; got ${JSON.stringify(report.findings.map((f) => `${f.id}: ${f.title}`))}`);
    assert.ok(found.title && found.detail && found.advice, 'every finding says what, why and what to do');
    return found;
  }

  const ids = (report: InspectionReport) => report.findings.map((f) => f.id);

  test('a healthy chain anchored in the vault has nothing to say, and is trusted', async () => {
    const report = await inspect(await text(leaf, intermediate), { vault: vaultOf(root), role: 'server', hostCheck: 'api.diag.test' });
    assert.deepEqual(ids(report), []);
    assert.equal(report.chain?.trusted, true);
    assert.equal(report.chain?.anchor, 'vault');
    assert.deepEqual(report.chain?.links.map((l) => l.status), ['ok', 'ok', 'ok']);
  });

  test('expired, and not yet valid (clock injected)', async () => {
    const notAfter = new Date(/notAfter=(.*)/.exec(await ossl('x509', '-in', leaf.pem, '-noout', '-enddate'))![1]!);
    const expired = find(await inspect(await text(leaf, intermediate), { vault: vaultOf(root), now: new Date(notAfter.getTime() + 3 * DAY) }), 'expired');
    assert.match(expired.title, /expired 3 days ago/);
    assert.match(expired.advice, /Renew/);
    assert.match(expired.seenAs[0]!, /^x509: certificate has expired or is not yet valid: current time .* is after /);
    const early = find(await inspect(await text(leaf, intermediate), { vault: vaultOf(root), now: new Date(Date.now() - 2 * DAY) }), 'not-yet-valid');
    assert.match(early.advice, /clocks/);
    assert.match(early.seenAs[0]!, /is before/);
  });

  test('an expired root takes the valid leaf with it: effective expiry', async () => {
    const shortRoot = await make('short-root', '/CN=Short Root', CA, { days: 10 });
    const longLeaf = await make('long-leaf', '/CN=api.diag.test', SERVER, { issuer: shortRoot, days: 90 });
    const report = await inspect(await text(longLeaf), { vault: vaultOf(shortRoot), now: new Date(Date.now() + 20 * DAY) });
    const finding = find(report, 'chain-expired');
    assert.match(finding.title, /Short Root in the chain expired/);
    assert.equal(report.chain?.effectiveLimitedBy, 'Short Root');
    assert.ok(Date.parse(report.chain!.effectiveNotAfter) < Date.parse(report.chain!.links[0]!.notAfter));
    assert.ok(!ids(report).includes('expired'), 'the leaf itself is still valid');
  });

  test('incomplete chain: the intermediate is in the vault — add it to fullchain.pem', async () => {
    const report = await inspect(await text(leaf, root), { vault: vaultOf(intermediate, root), hostCheck: 'api.diag.test' });
    const finding = find(report, 'incomplete-chain');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.title, /The intermediate Diag Issuing is missing — it is in your vault/);
    assert.match(finding.advice, /fullchain\.pem/);
    assert.ok(finding.seenAs.includes('x509: certificate signed by unknown authority'));
    assert.deepEqual(report.chain?.links.map((l) => l.origin), ['input', 'vault', 'input']);
  });

  test('incomplete chain: the issuer is nowhere', async () => {
    const finding = find(await inspect(await text(leaf, root)), 'incomplete-chain');
    assert.equal(finding.severity, 'error');
    assert.match(finding.title, /its issuer Diag Issuing is nowhere in sight/);
  });

  test('the chain in the wrong order', async () => {
    const finding = find(await inspect(await text(root, leaf, intermediate), { vault: vaultOf(root) }), 'wrong-order');
    assert.match(finding.advice, /leaf first/);
  });

  test('unknown authority: a root nobody here trusts, and a self-signed leaf', async () => {
    const root19 = find(await inspect(await text(leaf, intermediate, root)), 'unknown-authority');
    assert.ok(root19.seenAs.some((s) => /verify error 19/.test(s)));
    assert.match(root19.advice, /Add to vault/);
    const self = await make('self', '/CN=self.diag.test', 'subjectAltName=DNS:self.diag.test\n');
    const finding = find(await inspect(await text(self)), 'unknown-authority');
    assert.equal(finding.severity, 'error');
    assert.match(finding.title, /self-signed/);
  });

  test('a signature that does not verify', async () => {
    const der = Buffer.from(leaf.der);
    der[der.length - 3]! ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const report = await inspect(tampered + (await text(intermediate)), { vault: vaultOf(root) });
    const finding = find(report, 'bad-signature');
    assert.ok(finding.seenAs.some((s) => /certificate signature failure/.test(s)));
    assert.equal(report.chain?.links[0]?.status, 'bad-signature');
  });

  test('host names: exact, wildcard, IP, and Go’s words for a miss', async () => {
    const wildcard = await make('wild', '/CN=wild', 'subjectAltName=DNS:*.diag.test,IP:10.9.8.7\n', { issuer: intermediate });
    const input = await text(wildcard, intermediate);
    const vault = vaultOf(root);
    assert.ok(!ids(await inspect(input, { vault, hostCheck: 'a.diag.test' })).includes('hostname-mismatch'));
    assert.ok(!ids(await inspect(input, { vault, hostCheck: '10.9.8.7' })).includes('hostname-mismatch'));
    for (const host of ['a.b.diag.test', 'diag.test']) {
      const miss = find(await inspect(input, { vault, hostCheck: host }), 'hostname-mismatch');
      assert.equal(miss.seenAs[0], `x509: certificate is valid for *.diag.test, not ${host}`);
      assert.match(miss.advice, new RegExp(`DNS:${host.replace(/\./g, '\\.')}`));
    }
    const ip = find(await inspect(await text(leaf, intermediate), { vault, hostCheck: '10.9.8.6' }), 'hostname-mismatch');
    assert.equal(ip.seenAs[0], 'x509: certificate is valid for 10.9.8.7, not 10.9.8.6');
    const dnsOnly = await make('dnsonly', '/CN=dnsonly', 'subjectAltName=DNS:api.diag.test\n', { issuer: intermediate });
    const noIp = find(await inspect(await text(dnsOnly, intermediate), { vault, hostCheck: '10.9.8.7' }), 'hostname-mismatch');
    assert.equal(noIp.seenAs[0], "x509: cannot validate certificate for 10.9.8.7 because it doesn't contain any IP SANs");
  });

  test('a CN-only certificate', async () => {
    const cnOnly = await make('cn-only', '/CN=legacy.diag.test', 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n', { issuer: intermediate });
    const finding = find(await inspect(await text(cnOnly, intermediate), { vault: vaultOf(root), role: 'server' }), 'cn-only');
    assert.deepEqual(finding.seenAs[0], 'x509: certificate relies on legacy Common Name field, use SANs instead');
    assert.match(finding.advice, /DNS:legacy\.diag\.test/);
  });

  test('the wrong EKU for the role', async () => {
    const client = await make('client', '/CN=orders', 'extendedKeyUsage=clientAuth\n', { issuer: intermediate });
    const finding = find(await inspect(await text(client, intermediate), { vault: vaultOf(root), role: 'server' }), 'wrong-eku');
    assert.match(finding.title, /not for TLS servers/);
    assert.equal(finding.seenAs[0], 'x509: certificate specifies an incompatible key usage');
    assert.ok(!ids(await inspect(await text(client, intermediate), { vault: vaultOf(root), role: 'client' })).includes('wrong-eku'));
  });

  test('a private key that does not belong to the certificate', async () => {
    const finding = find(await inspect((await text(leaf, intermediate)) + (await readFile(root.key, 'utf8')), { vault: vaultOf(root) }), 'key-mismatch');
    assert.equal(finding.seenAs[0], 'tls: private key does not match public key');
    assert.ok(!ids(await inspect((await text(leaf, intermediate)) + (await readFile(leaf.key, 'utf8')), { vault: vaultOf(root) })).includes('key-mismatch'));
  });

  test('CA:TRUE on a certificate used as a server', async () => {
    const caLeaf = await make('ca-leaf', '/CN=ca-leaf.diag.test', `${CA}subjectAltName=DNS:ca-leaf.diag.test\n`, { issuer: intermediate });
    const finding = find(await inspect(await text(caLeaf, intermediate), { vault: vaultOf(root), role: 'server' }), 'ca-leaf');
    assert.match(finding.advice, /separate leaf certificate/);
  });

  test('weak algorithms: a SHA-1 signature and an RSA 1024 key', async () => {
    const sha1 = await make('sha1', '/CN=api.diag.test', SERVER, { issuer: intermediate, sha1: true });
    const weakSig = find(await inspect(await text(sha1, intermediate), { vault: vaultOf(root) }), 'weak-signature');
    assert.match(weakSig.seenAs[0]!, /insecure algorithm SHA1-RSA|insecure algorithm ECDSA-SHA1/);
    const rsa1024 = await make('rsa1024', '/CN=api.diag.test', SERVER, { issuer: intermediate, key: ['-newkey', 'rsa:1024'] });
    const weakKey = find(await inspect(await text(rsa1024, intermediate), { vault: vaultOf(root) }), 'weak-key');
    assert.match(weakKey.title, /RSA 1024/);
  });

  test('validity over 398 days', async () => {
    const long = await make('long', '/CN=api.diag.test', SERVER, { issuer: intermediate, days: 800 });
    const finding = find(await inspect(await text(long, intermediate), { vault: vaultOf(root) }), 'validity-too-long');
    assert.match(finding.title, /800 days/);
  });

  test('CA constraints: not a CA, path length, keyCertSign, name constraints, EKU nesting', async () => {
    const notCa = await make('not-ca', '/CN=Not A CA', 'basicConstraints=critical,CA:FALSE\n', { issuer: root });
    const underNotCa = await make('under-not-ca', '/CN=api.diag.test', SERVER, { issuer: notCa });
    find(await inspect(await text(underNotCa, notCa), { vault: vaultOf(root) }), 'not-a-ca');

    const tightRoot = await make('tight-root', '/CN=Tight Root', 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n', { days: 100 });
    const tightInt = await make('tight-int', '/CN=Tight Issuing', CA, { issuer: tightRoot });
    const underTight = await make('under-tight', '/CN=api.diag.test', SERVER, { issuer: tightInt });
    const pathLen = find(await inspect(await text(underTight, tightInt), { vault: vaultOf(tightRoot) }), 'path-length');
    assert.equal(pathLen.seenAs[0], 'x509: too many intermediates for path length constraint');

    const noSign = await make('no-sign', '/CN=No Sign CA', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n', { issuer: root });
    const underNoSign = await make('under-no-sign', '/CN=api.diag.test', SERVER, { issuer: noSign });
    find(await inspect(await text(underNoSign, noSign), { vault: vaultOf(root) }), 'issuer-key-usage');

    const constrained = await make('constrained', '/CN=Constrained CA', `${CA}nameConstraints=critical,permitted;DNS:allowed.test,permitted;IP:10.0.0.0/255.0.0.0\n`, { issuer: root });
    const outside = await make('outside', '/CN=api.diag.test', SERVER, { issuer: constrained });
    const nc = find(await inspect(await text(outside, constrained), { vault: vaultOf(root) }), 'name-constraints');
    assert.match(nc.detail, /DNS name "api\.diag\.test" is not permitted/);
    const inside = await make('inside', '/CN=ok', 'subjectAltName=DNS:a.allowed.test,IP:10.1.2.3\nextendedKeyUsage=serverAuth\n', { issuer: constrained });
    assert.ok(!ids(await inspect(await text(inside, constrained), { vault: vaultOf(root) })).includes('name-constraints'));

    const clientOnly = await make('client-only-ca', '/CN=Client Only CA', `${CA}extendedKeyUsage=clientAuth\n`, { issuer: root });
    const serverUnder = await make('server-under', '/CN=api.diag.test', SERVER, { issuer: clientOnly });
    const nesting = find(await inspect(await text(serverUnder, clientOnly), { vault: vaultOf(root), role: 'server' }), 'eku-nesting');
    assert.match(nesting.detail, /Client Only CA limits its certificates to clientAuth/);
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
