/**
 * Bring your own PKI, judged by OpenSSL: an `openssl req`-made sub-CA request signed by
 * `certwright sign-csr --profile ca` (its path length and name constraints read back by openssl, a
 * leaf outside them refused by openssl verify), an intermediate exported for Istio's plug-in CA
 * (the files verify and the key matches), and OpenSSL-made CAs imported as PKCS#12 and as PEM, then
 * issuing. Everything runs through the real CLI (test/support/cli-bundle.ts).
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ISTIO_KUBECTL } from '../../shared/domain/sub-ca.js';
import { openBackend } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { expectInvalid } from '../support/pki.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

let entry = '';
const DAY_MS = 86_400_000;

async function openssl(...args: string[]): Promise<string> {
  const result = await runPeer('openssl', args);
  assert.equal(result.code, 0, `openssl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function secret(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

async function newVault(prefix: string) {
  const dir = await tempDir(`certwright-byo-${prefix}-`);
  const vault = join(dir, 'vault');
  await mkdir(vault, { mode: 0o700 });
  (await cheapVault(vault)).lock();
  const passFile = await secret(dir, 'pass.txt', `${FIXTURE_PASSPHRASE}\n`);
  const run = (...args: string[]) => runCli(entry, ['--vault', vault, '--passphrase-file', passFile, ...args]);
  const ok = async (...args: string[]) => {
    const result = await run(...args);
    assert.equal(result.code, 0, `certwright ${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  return { dir, run, ok };
}

/** The PEM blocks of a file, in order. */
function certificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

/** An OpenSSL-made CA: a self-signed root, or an intermediate signed by `parent`. */
async function opensslCa(dir: string, name: string, parent?: { cert: string; key: string }, key: 'ec' | 'rsa' = 'ec') {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  if (key === 'ec') await openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile);
  else await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile);
  const ext = await writeTemp(dir, `${name}.ext`, 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  if (!parent) {
    await openssl('req', '-new', '-x509', '-key', keyFile, '-subj', `/CN=${name}/O=Outside PKI`, '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', certFile);
  } else {
    const csr = join(dir, `${name}.csr`);
    await openssl('req', '-new', '-key', keyFile, '-subj', `/CN=${name}/O=Outside PKI`, '-out', csr);
    await openssl('x509', '-req', '-in', csr, '-CA', parent.cert, '-CAkey', parent.key, '-CAcreateserial', '-days', '1800', '-extfile', ext, '-out', certFile);
  }
  return { cert: certFile, key: keyFile };
}

/** A leaf signed outside Certwright, by OpenSSL, with the key of a CA Certwright signed. */
async function opensslLeaf(dir: string, name: string, ca: { cert: string; key: string }, san: string): Promise<string> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', `/CN=${name}`, '-out', csr);
  const ext = await writeTemp(dir, `${name}.ext`, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\nauthorityKeyIdentifier=keyid\n`);
  await openssl('x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-extfile', ext, '-out', cert);
  return cert;
}

describe('bring your own PKI, judged by openssl', { timeout: 300_000 }, () => {
  let dispose: () => Promise<void> = async () => undefined;
  after(() => dispose());
  before(async () => {
    ({ entry, dispose } = await bundleCli());
  });

  test('sign-csr --profile ca: an openssl req sub-CA request signed with the path length, name constraints and validity chosen here', async () => {
    const { dir, run, ok } = await newVault('subca');
    await ok('ca', 'create', '--cn', 'BYO Root', '--days', '3650', '--path-len', '2');
    await ok('ca', 'create', '--cn', 'Leaf Only', '--parent', 'BYO Root', '--path-len', '0');
    const root = join(dir, 'root.pem');
    await writeFile(root, (await ok('show', 'BYO Root', '--pem')).stdout);

    // The request asks for a lot: pathlen 5, its own key usages, an EKU, a SAN and a private extension.
    const subKey = join(dir, 'istio-ca.key');
    const csr = join(dir, 'istio-ca.csr');
    await openssl(
      'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', subKey, '-subj', '/CN=istiod-plugin-ca/O=Mesh',
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:5',
      '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign',
      '-addext', 'extendedKeyUsage=serverAuth',
      '-addext', 'subjectAltName=DNS:istiod.istio-system.svc',
      '-addext', '1.3.6.1.4.1.55555.1=ASN1:UTF8String:asked-for-this',
      '-out', csr,
    );

    // Asking to be a CA: never a leaf.
    const asLeaf = await run('sign-csr', csr, '--ca', 'BYO Root', '--profile', 'server', '--from-root');
    assert.equal(asLeaf.code, 1);
    assert.match(asLeaf.stderr, /asks to be a CA/);

    // No --yes: nothing signed, and it says what would have been.
    const unconfirmed = await run('sign-csr', csr, '--ca', 'BYO Root', '--profile', 'ca', '--out', join(dir, 'never.pem'));
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Not signed: this makes "istiod-plugin-ca".*asking path length 5.*Add --yes/);
    await assert.rejects(stat(join(dir, 'never.pem')));

    // A CA whose path length is 0 signs leaves only.
    const leafOnly = await run('sign-csr', csr, '--ca', 'Leaf Only', '--profile', 'ca', '--out', join(dir, 'never.pem'), '--yes');
    assert.equal(leafOnly.code, 1);
    assert.match(leafOnly.stderr, /Leaf Only has path length 0: it allows no intermediate CA below it: it can sign only leaf certificates, not a sub-CA/);

    // Never past the issuer's end.
    const tooLong = await run('sign-csr', csr, '--ca', 'BYO Root', '--profile', 'ca', '--days', '4000', '--out', join(dir, 'never.pem'), '--yes');
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /BYO Root is valid only until .*: a sub-CA under it can be valid for at most 36\d\d days/);

    const out = join(dir, 'istio-ca-chain.pem');
    const signed = await ok(
      'sign-csr', csr, '--ca', 'BYO Root', '--profile', 'ca', '--path-len', '0',
      '--permit-dns', 'mesh.internal', '--exclude-dns', 'secret.mesh.internal', '--permit-ip', '10.0.0.0/8',
      '--days', '200', '--out', out, '--yes', '--json',
    );
    const result = JSON.parse(signed.stdout) as { certificate: { id: string; profile: string; notAfter: string; serialNumberHex: string }; warnings: string[] };
    assert.equal(result.certificate.profile, 'ca');
    assert.match(result.warnings.join(' '), /istiod\.istio-system\.svc.*not copied/);
    const written = certificates(await readFile(out, 'utf8'));
    assert.equal(written.length, 2, 'the sub-CA, then the root');
    const subCa = await writeTemp(dir, 'istio-ca.pem', written[0]!);
    assert.equal(written[1]!.trim(), (await readFile(root, 'utf8')).trim());

    // OpenSSL's strict checks accept it as a CA under the root.
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', root, subCa), /istio-ca\.pem: OK/);
    const text = await openssl('x509', '-in', subCa, '-noout', '-text');
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    assert.match(text, /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:mesh\.internal\s+IP:10\.0\.0\.0\/255\.0\.0\.0\s+Excluded:\s+DNS:secret\.mesh\.internal/);
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign\n/);
    assert.doesNotMatch(text, /1\.3\.6\.1\.4\.1\.55555\.1|asked-for-this|TLS Web Server Authentication|istiod\.istio-system\.svc|Non Repudiation|Key Encipherment/);
    // The subject is rebuilt from its fields, in Certwright's order (as for an intermediate made here).
    assert.match(text, /Subject: O = Mesh, CN = istiod-plugin-ca\n/);
    const notAfter = new Date((await openssl('x509', '-in', subCa, '-noout', '-enddate')).trim().replace('notAfter=', ''));
    assert.ok(Math.abs(notAfter.getTime() - (Date.now() + 200 * DAY_MS)) < DAY_MS, `notAfter ${notAfter.toISOString()}`);

    // Leaves the sub-CA's holder signs, judged by openssl against the constraints chosen here.
    const ca = { cert: subCa, key: subKey };
    const inside = await opensslLeaf(dir, 'inside', ca, 'DNS:orders.mesh.internal,IP:10.1.2.3');
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', root, '-untrusted', subCa, inside), /inside\.pem: OK/);
    for (const [name, san] of [['outside', 'DNS:orders.example.com'], ['excluded', 'DNS:db.secret.mesh.internal'], ['outside-ip', 'DNS:ok.mesh.internal,IP:192.168.1.1']] as const) {
      const leaf = await opensslLeaf(dir, name, ca, san);
      const verdict = await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', root, '-untrusted', subCa, leaf]);
      assert.notEqual(verdict.code, 0, `${name} should be refused`);
      assert.match(verdict.stdout + verdict.stderr, name === 'excluded' ? /error 48 at 0 depth lookup: excluded subtree violation/ : /error 47 at 0 depth lookup: permitted subtree violation/);
    }
    // Path length 0: a CA under it is refused.
    const nested = await opensslCa(dir, 'nested-ca', ca);
    const nestedLeaf = await opensslLeaf(dir, 'nested-leaf', { cert: nested.cert, key: nested.key }, 'DNS:x.mesh.internal');
    const chain = await writeTemp(dir, 'untrusted.pem', `${await readFile(nested.cert, 'utf8')}${written[0]}`);
    const nestedVerdict = await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', root, '-untrusted', chain, nestedLeaf]);
    assert.notEqual(nestedVerdict.code, 0);
    assert.match(nestedVerdict.stdout + nestedVerdict.stderr, /path length constraint exceeded/);

    // The default validity ends well before the root (a year, at most half of what the root has left).
    await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'vault-pki.key'), '-subj', '/CN=vault-pki-int', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', join(dir, 'vault-pki.csr'));
    const byDefault = JSON.parse((await ok('sign-csr', join(dir, 'vault-pki.csr'), '--ca', 'BYO Root', '--profile', 'ca', '--out', join(dir, 'vault-pki.pem'), '--yes', '--json')).stdout) as typeof result;
    const days = (Date.parse(byDefault.certificate.notAfter) - Date.now()) / DAY_MS;
    assert.ok(days > 364 && days <= 365, `default validity ${days} days`);

    // Recorded as the root's certificate, profile ca: revoked, it is on the root's CRL, and openssl refuses it.
    const listed = JSON.parse((await ok('list', '--ca', 'BYO Root', '--json')).stdout) as Array<{ id: string; profile: string }>;
    assert.deepEqual(listed.filter((c) => c.profile === 'ca').map((c) => c.id).sort(), [result.certificate.id, byDefault.certificate.id].sort());
    const audit = JSON.parse((await ok('audit', '--kind', 'csr.signed', '--json')).stdout) as unknown;
    // What the CA key signed, with the limits chosen: the audit entry says so.
    assert.match(JSON.stringify(audit), /"pathLength":0,"nameConstraints":"\{\\"permittedDns\\":\[\\"mesh\.internal\\"\]/);
    assert.match(JSON.stringify(audit), /"profile":"ca"/);
    await ok('revoke', result.certificate.id, '--reason', 'cACompromise');
    const crl = join(dir, 'root.crl.pem');
    await ok('crl', '--ca', 'BYO Root', '--out', crl);
    const revoked = await runPeer('openssl', ['verify', '-x509_strict', '-crl_check', '-CRLfile', crl, '-CAfile', root, subCa]);
    assert.notEqual(revoked.code, 0);
    assert.match(revoked.stdout + revoked.stderr, /certificate revoked/);
  });

  test('main refuses a sub-CA from a revoked or expired CA, without the typed name, or for a request that is no CA', async () => {
    const dir = await tempDir('certwright-byo-refusals-');
    let clock = new Date();
    const backend = openBackend(join(dir, 'vault'), { now: () => clock });
    try {
      await backend.call('vault.create', { passphrase: FIXTURE_PASSPHRASE });
      const root = await backend.call('authority.createRoot', { subject: { commonName: 'Refusal Root' }, validityDays: 3650, pathLength: null });
      const retired = (await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Retired CA' }, pathLength: 1 })).authority;
      const shortLived = (await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Short CA' }, pathLength: 1, validityDays: 30 })).authority;
      const key = join(dir, 'k.pem');
      await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', '/CN=vault-int', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', join(dir, 'ca.csr'));
      await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', '/CN=just-a-leaf', '-out', join(dir, 'leaf.csr'));
      const csr = await readFile(join(dir, 'ca.csr'), 'utf8');
      const base = { csr, authorityId: root.id, confirmCommonName: 'vault-int' };

      await expectInvalid(backend, 'csr.signCa', { ...base, confirmCommonName: 'vault' }, 'confirmCommonName', /Type the requested CA's common name, vault-int, to sign it as a CA/);
      await expectInvalid(backend, 'csr.signCa', { ...base, csr: await readFile(join(dir, 'leaf.csr'), 'utf8'), confirmCommonName: 'just-a-leaf' }, 'csr', /does not ask to be a CA/);
      await expectInvalid(backend, 'csr.signCa', { ...base, pathLength: 5, authorityId: retired.id }, 'pathLength', /Retired CA \(path length 1\) allows at most path length 0 here/);
      await backend.call('authority.revoke', { id: retired.id, reason: 'cessationOfOperation' });
      await expectInvalid(backend, 'csr.signCa', { ...base, authorityId: retired.id }, 'authorityId', /Retired CA was revoked \(Cessation of operation\).*it can no longer issue/);
      clock = new Date(Date.now() + 31 * 86_400_000);
      await expectInvalid(backend, 'csr.signCa', { ...base, authorityId: shortLived.id }, 'authorityId', /Short CA expired on .*; it cannot issue certificates/);
      assert.equal((await backend.call('certificate.list')).length, 0, 'nothing was signed');
    } finally {
      backend.vault.lock();
      await backend.services.close();
    }
  });

  test('export CA --format istio: the four files verify, the key matches, a root is refused', async () => {
    const { dir, run, ok } = await newVault('istio');
    await ok('ca', 'create', '--cn', 'Mesh Root', '--days', '3650', '--key', 'p384');
    await ok('ca', 'create', '--cn', 'Mesh Policy CA', '--parent', 'Mesh Root', '--path-len', '1');
    await ok('ca', 'create', '--cn', 'Cluster East', '--parent', 'Mesh Policy CA', '--path-len', '0');

    const refusedRoot = await run('export', 'Mesh Root', '--format', 'istio', '--out', join(dir, 'root-out'));
    assert.equal(refusedRoot.code, 1);
    assert.match(refusedRoot.stderr, /Mesh Root is a root CA: Istio's plug-in CA should be an intermediate/);
    await assert.rejects(stat(join(dir, 'root-out')));

    const out = join(dir, 'cacerts');
    await ok('export', 'Cluster East', '--format', 'istio', '--out', out);
    const file = (name: string) => join(out, name);
    assert.match(await openssl('verify', '-CAfile', file('root-cert.pem'), '-untrusted', file('cert-chain.pem'), file('ca-cert.pem')), /ca-cert\.pem: OK/);
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', file('root-cert.pem'), '-untrusted', file('cert-chain.pem'), file('ca-cert.pem')), /OK/);
    // The key is the certificate's: the same public key, read by openssl from each.
    assert.equal(await openssl('pkey', '-in', file('ca-key.pem'), '-pubout'), await openssl('x509', '-in', file('ca-cert.pem'), '-noout', '-pubkey'));
    assert.equal((await stat(file('ca-key.pem'))).mode & 0o777, 0o600);
    // cert-chain.pem: the intermediate, then each CA above it, up to and including the root.
    const chain = certificates(await readFile(file('cert-chain.pem'), 'utf8'));
    const subjects = await Promise.all(chain.map(async (pem, i) => (await openssl('x509', '-in', await writeTemp(dir, `chain-${i}.pem`, pem), '-noout', '-subject')).trim()));
    assert.deepEqual(subjects.map((s) => s.replace(/^subject=\s*/, '')), ['CN = Cluster East', 'CN = Mesh Policy CA', 'CN = Mesh Root']);
    assert.equal(chain[0]!.trim(), (await readFile(file('ca-cert.pem'), 'utf8')).trim());
    assert.equal(chain.at(-1)!.trim(), (await readFile(file('root-cert.pem'), 'utf8')).trim());
    assert.equal((await readFile(file('kubectl.txt'), 'utf8')).trim(), ISTIO_KUBECTL);
    assert.equal(ISTIO_KUBECTL, 'kubectl create secret generic cacerts -n istio-system --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem');
    assert.match(await readFile(file('README.md'), 'utf8'), /kubectl create secret generic cacerts/);

    // What istiod does with them: sign a workload certificate, which verifies up to root-cert.pem.
    const workload = await opensslLeaf(dir, 'workload', { cert: file('ca-cert.pem'), key: file('ca-key.pem') }, 'URI:spiffe://cluster.local/ns/default/sa/orders');
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', file('root-cert.pem'), '-untrusted', file('cert-chain.pem'), workload), /workload\.pem: OK/);

    // The key left the vault: the audit log says so. A second export does not write into a full folder.
    const audit = JSON.stringify(JSON.parse((await ok('audit', '--kind', 'key.exported', '--json')).stdout));
    assert.match(audit, /"purpose":"istio"/);
    const again = await run('export', 'Cluster East', '--format', 'istio', '--out', out);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is not empty/);
  });

  test('ca import: OpenSSL-made CAs as PKCS#12 and as PEM issue certificates openssl verifies; bad inputs say why', async () => {
    const { dir } = await newVault('import-src');
    const outsideRoot = await opensslCa(dir, 'Outside Root', undefined, 'rsa');
    const outsideInter = await opensslCa(dir, 'Outside Issuing', outsideRoot);
    const password = await secret(dir, 'p12.txt', 'correct horse\n');
    const wrong = await secret(dir, 'wrong.txt', 'battery staple\n');
    const p12 = join(dir, 'issuing.p12');
    await openssl('pkcs12', '-export', '-in', outsideInter.cert, '-inkey', outsideInter.key, '-certfile', outsideRoot.cert, '-name', 'Outside Issuing', '-passout', 'pass:correct horse', '-out', p12);

    // PKCS#12: a wrong or missing password says so; the right one imports it with its chain.
    const p12Vault = await newVault('import-p12');
    const noPassword = await p12Vault.run('ca', 'import', p12);
    assert.equal(noPassword.code, 1);
    assert.match(noPassword.stderr, /This PKCS#12 keystore is protected by a password: enter it/);
    const wrongPassword = await p12Vault.run('ca', 'import', p12, '--password-file', wrong);
    assert.equal(wrongPassword.code, 1);
    assert.match(wrongPassword.stderr, /The password is wrong for this PKCS#12 keystore/);
    const imported = JSON.parse((await p12Vault.ok('ca', 'import', p12, '--password-file', password, '--json')).stdout) as { as: string; commonName: string };
    assert.deepEqual([imported.as, imported.commonName], ['authority', 'Outside Issuing']);
    const leaf = JSON.parse((await p12Vault.ok('issue', 'server', '--ca', 'Outside Issuing', '--cn', 'api', '--dns', 'api.outside.test', '--json')).stdout) as { certificate: { id: string } };
    const leafChain = await writeTemp(dir, 'p12-leaf-chain.pem', (await p12Vault.ok('show', leaf.certificate.id, '--chain')).stdout);
    const [leafPem, ...above] = certificates(await readFile(leafChain, 'utf8'));
    // The chain kept from the PKCS#12 reaches the outside root.
    assert.equal(above.at(-1)!.trim(), (await readFile(outsideRoot.cert, 'utf8')).trim());
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', outsideRoot.cert, '-untrusted', outsideInter.cert, await writeTemp(dir, 'p12-leaf.pem', leafPem!)), /OK/);
    const again = await p12Vault.run('ca', 'import', p12, '--password-file', password);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Outside Issuing is already in this vault/);
    // Its root, known so far only as the chain it came with, can still come in with its key.
    const rootWithKey = await writeTemp(dir, 'root-with-key.pem', `${await readFile(outsideRoot.cert, 'utf8')}${await readFile(outsideRoot.key, 'utf8')}`);
    await p12Vault.ok('ca', 'import', rootWithKey);
    const both = JSON.parse((await p12Vault.ok('ca', 'list', '--json')).stdout) as Array<{ subject: { commonName: string }; kind: string }>;
    assert.deepEqual(both.map((a) => `${a.subject.commonName}:${a.kind}`).sort(), ['Outside Issuing:intermediate', 'Outside Root:root']);
    assert.match((await p12Vault.run('ca', 'import', rootWithKey)).stderr, /Outside Root is already in this vault/);

    // PEM: certificate + key (+ chain) in one file; the imported root then signs an intermediate.
    const pemVault = await newVault('import-pem');
    const rootPem = await writeTemp(dir, 'root-bundle.pem', `${await readFile(outsideRoot.cert, 'utf8')}${await readFile(outsideRoot.key, 'utf8')}`);
    await pemVault.ok('ca', 'import', rootPem);
    await pemVault.ok('ca', 'create', '--cn', 'Made Under Outside Root', '--parent', 'Outside Root', '--path-len', '0');
    const issued = JSON.parse((await pemVault.ok('issue', 'client', '--ca', 'Made Under Outside Root', '--cn', 'billing', '--json')).stdout) as { certificate: { id: string } };
    const [clientPem, interPem] = certificates((await pemVault.ok('show', issued.certificate.id, '--chain')).stdout);
    assert.match(await openssl('verify', '-x509_strict', '-CAfile', outsideRoot.cert, '-untrusted', await writeTemp(dir, 'made-inter.pem', interPem!), await writeTemp(dir, 'client.pem', clientPem!)), /OK/);
    const interBundle = await writeTemp(dir, 'inter-bundle.pem', `${await readFile(outsideInter.key, 'utf8')}${await readFile(outsideInter.cert, 'utf8')}${await readFile(outsideRoot.cert, 'utf8')}`);
    const pemInter = await newVault('import-pem-inter');
    await pemInter.ok('ca', 'import', interBundle);
    const listed = JSON.parse((await pemInter.ok('ca', 'list', '--json')).stdout) as Array<{ subject: { commonName: string }; kind: string }>;
    assert.deepEqual(listed.map((a) => [a.subject.commonName, a.kind]), [['Outside Issuing', 'intermediate']]);

    // What goes wrong, each with its reason.
    const bad = await newVault('import-bad');
    const refusal = async (name: string, contents: string, pattern: RegExp, ...extra: string[]) => {
      const result = await bad.run('ca', 'import', await writeTemp(dir, name, contents), ...extra);
      assert.equal(result.code, 1, `${name}: ${result.stdout}`);
      assert.match(result.stderr, pattern, name);
    };
    const rootCert = await readFile(outsideRoot.cert, 'utf8');
    await refusal('mismatch.pem', `${rootCert}${await readFile(outsideInter.key, 'utf8')}`, /The private key does not match the certificate Outside Root/);
    await refusal('cert-only.pem', rootCert, /There is no private key in this input/);
    const leafKey = join(dir, 'plain-leaf.key');
    const plainLeaf = await opensslLeaf(dir, 'plain-leaf', outsideInter, 'DNS:leaf.outside.test');
    await refusal('leaf.pem', `${await readFile(plainLeaf, 'utf8')}${await readFile(leafKey, 'utf8')}`, /plain-leaf is not a CA certificate/);
    const encryptedKey = await openssl('pkey', '-in', outsideRoot.key, '-aes256', '-passout', 'pass:correct horse');
    await refusal('encrypted.pem', `${rootCert}${encryptedKey}`, /This encrypted private key is protected by a password: enter it/);
    await bad.ok('ca', 'import', await writeTemp(dir, 'encrypted-ok.pem', `${rootCert}${encryptedKey}`), '--password-file', password);
  });
});
