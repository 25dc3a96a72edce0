/**
 * Issuing through the router (the same path the window uses): root → intermediate → leaves of
 * every profile and key type, judged by OpenSSL 3 (`verify -x509_strict -purpose …`, `x509 -text`)
 * and GnuTLS certtool. Also the policy: validity clamped or refused at the issuer's end, path
 * length, name constraints (and that OpenSSL enforces the same constraints), mTLS pairs, unique
 * serials, and that a refused issuance leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { issueLeaf } from '../../electron/engine/issue.js';
import { generateKeyPair } from '../../electron/engine/keys.js';
import { toPem } from '../../electron/engine/pem.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import type { Profile } from '../../shared/domain/certificate.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { Input } from '../../shared/ipc/contract.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { certtoolChain, expectInvalid, extension, keyIdsFromPublicKeyPem, opensslVerify, publicKeyOf, requireExtension, x509Text, type Backend } from '../support/pki.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'issuing interop passphrase';
const DAY_MS = 86_400_000;
/** X509_V_ERR_INVALID_PURPOSE on the leaf; OpenSSL 3.0 words it "unsuitable", 1.1 "unsupported". */
const WRONG_PURPOSE = /error 26 at 0 depth lookup: (unsuitable|unsupported) certificate purpose/;

const PURPOSE: Record<Profile, { ok: string[]; wrong: string }> = {
  server: { ok: ['sslserver'], wrong: 'sslclient' },
  client: { ok: ['sslclient'], wrong: 'sslserver' },
  // A peer certificate is both; S/MIME is the purpose it must not pass.
  peer: { ok: ['sslserver', 'sslclient'], wrong: 'smimesign' },
};

const EKU_TEXT: Record<Profile, string> = {
  server: 'TLS Web Server Authentication',
  client: 'TLS Web Client Authentication',
  peer: 'TLS Web Server Authentication, TLS Web Client Authentication',
};

const KEY_TEXT: Record<KeyAlgorithmId, RegExp> = {
  p256: /Public-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/,
  p384: /Public-Key: \(384 bit\)[\s\S]*NIST CURVE: P-384/,
  rsa2048: /RSA Public-Key: \(2048 bit\)|Public-Key: \(2048 bit\)/,
  rsa3072: /Public-Key: \(3072 bit\)/,
  rsa4096: /Public-Key: \(4096 bit\)/,
  ed25519: /Public Key Algorithm: ED25519/,
};

const SERVER_SANS: SanEntry[] = [
  { type: 'dns', value: 'api.internal.test' },
  { type: 'dns', value: 'api' },
  { type: 'ip', value: '10.0.0.5' },
  { type: 'ip', value: 'fd00::5' },
];
const SERVER_SAN_TEXT = 'DNS:api.internal.test, DNS:api, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:5';
const CLIENT_URI = 'spiffe://example.org/ns/prod/sa/orders';

/** `openssl x509 -enddate` as a Date. */
async function endDate(file: string): Promise<Date> {
  const result = await runPeer('openssl', ['x509', '-in', file, '-noout', '-enddate']);
  assert.equal(result.code, 0, result.stderr);
  return new Date(result.stdout.trim().replace(/^notAfter=/, ''));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Every byte the vault has on disk, by file name: proof that a refusal wrote nothing. */
async function vaultBytes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) out.set(name, sha256((await readFile(join(dir, name))).toString('base64')));
  return out;
}

describe('issuing through the router, judged by openssl and certtool', async () => {
  const dir = await tempDir();
  const vaultDir = await tempDir();
  const backend: Backend = openBackend(vaultDir);
  await backend.call('vault.create', { passphrase: PASSPHRASE });

  const root = await backend.call('authority.createRoot', {
    subject: { commonName: 'Issuing Interop Root', organization: 'Certwright Tests', country: 'NL' },
    keyAlgorithm: 'p256',
    validityDays: 3650,
    pathLength: 1,
  });
  const created = await backend.call('authority.createIntermediate', {
    parentId: root.id,
    subject: { commonName: 'Issuing Interop Intermediate', organization: 'Certwright Tests' },
    keyAlgorithm: 'p256',
    validityDays: 1825,
    pathLength: 0,
  });
  const intermediate = created.authority;
  const rootPemText = (await backend.call('authority.get', { id: root.id })).certificatePem;
  const intermediatePemText = (await backend.call('authority.get', { id: intermediate.id })).certificatePem;
  const rootFile = await writeTemp(dir, 'root.pem', rootPemText);
  const intermediateFile = await writeTemp(dir, 'intermediate.pem', intermediatePemText);
  const intermediateSki = requireExtension(await x509Text(intermediateFile), 'X509v3 Subject Key Identifier').value;

  /** Issues a leaf, writes leaf/chain/root PEM files, and returns them with the detail. */
  async function issueAndWrite(name: string, input: Input<'certificate.issue'>) {
    const issued = await backend.call('certificate.issue', input);
    return { ...(await writeDetail(name, issued.certificate.id)), warnings: issued.warnings };
  }

  async function writeDetail(name: string, id: string) {
    const detail = await backend.call('certificate.get', { id });
    return {
      detail,
      leaf: await writeTemp(dir, `${name}.pem`, detail.certificatePem),
      chain: await writeTemp(dir, `${name}-chain.pem`, detail.chainPem),
      root: await writeTemp(dir, `${name}-root.pem`, detail.rootPem),
    };
  }

  test('the intermediate is a CA with pathlen 0 that openssl and certtool accept', async () => {
    const text = await x509Text(intermediateFile);
    assert.deepEqual(requireExtension(text, 'X509v3 Basic Constraints'), { critical: true, value: 'CA:TRUE, pathlen:0' });
    assert.deepEqual(requireExtension(text, 'X509v3 Key Usage'), { critical: true, value: 'Digital Signature, Certificate Sign, CRL Sign' });
    assert.equal(requireExtension(text, 'X509v3 Authority Key Identifier').value, requireExtension(await x509Text(rootFile), 'X509v3 Subject Key Identifier').value);
    assert.equal(created.clampedTo, null);
    const verdict = await opensslVerify({ caFile: rootFile }, intermediateFile);
    assert.ok(verdict.ok, verdict.output);
  });

  // Every profile with every common key type; RSA 3072 and 4096 once each (their keygen is slow).
  const matrix: Array<[Profile, KeyAlgorithmId]> = [];
  for (const profile of ['server', 'client', 'peer'] as const) {
    for (const key of ['p256', 'p384', 'rsa2048', 'ed25519'] as const) matrix.push([profile, key]);
  }
  matrix.push(['server', 'rsa3072'], ['peer', 'rsa4096']);

  for (const [profile, keyAlgorithm] of matrix) {
    test(`${profile} certificate with a ${keyAlgorithm} key`, { timeout: 60_000 }, async () => {
      const sans: SanEntry[] = profile === 'client' ? [{ type: 'uri', value: CLIENT_URI }] : SERVER_SANS;
      const commonName = profile === 'client' ? 'orders' : 'api.internal.test';
      const { detail, leaf, chain, root: rootFromDetail } = await issueAndWrite(`${profile}-${keyAlgorithm}`, {
        authorityId: intermediate.id,
        profile,
        subject: { commonName, organization: 'Certwright Tests' },
        sans,
        keyAlgorithm,
        validity: { days: 30 },
      });
      // certificate.get hands out the chain and root the user would deploy.
      assert.equal(detail.chainPem.trim(), intermediatePemText.trim());
      assert.equal(detail.rootPem.trim(), rootPemText.trim());
      assert.equal(detail.key.algorithm, keyAlgorithm);
      assert.equal(detail.hasPrivateKey, true);

      // The outside peers run side by side; each verdict is checked below.
      const pkcs8 = await backend.vault.exportPrivateKeyPkcs8(detail.id);
      const keyFile = await writeTemp(dir, `${profile}-${keyAlgorithm}.key`, toPem('PRIVATE KEY', pkcs8));
      pkcs8.fill(0);
      const [rightPurposes, wrong, certtool, text, leafPublicKey, fromKey] = await Promise.all([
        Promise.all(PURPOSE[profile].ok.map(async (purpose) => ({ purpose, ...(await opensslVerify({ caFile: rootFromDetail, untrusted: chain, purpose }, leaf)) }))),
        opensslVerify({ caFile: rootFromDetail, untrusted: chain, purpose: PURPOSE[profile].wrong }, leaf),
        certtoolChain(dir, `${profile}-${keyAlgorithm}-bundle.pem`, [detail.certificatePem, detail.chainPem, detail.rootPem]),
        x509Text(leaf),
        publicKeyOf('x509', leaf),
        runPeer('openssl', ['pkey', '-in', keyFile, '-pubout']),
      ]);
      for (const verdict of rightPurposes) assert.ok(verdict.ok, `${verdict.purpose}: ${verdict.output}`);
      assert.equal(wrong.ok, false, `-purpose ${PURPOSE[profile].wrong} should fail`);
      assert.match(wrong.output, WRONG_PURPOSE);
      assert.ok(certtool.ok, certtool.output);
      // The sealed key is the certificate's key.
      assert.equal(fromKey.stdout, leafPublicKey);

      assert.match(text, KEY_TEXT[keyAlgorithm]);
      assert.match(text, new RegExp(`Subject: O = Certwright Tests, CN = ${commonName.replace(/\./g, '\\.')}\\n`));
      assert.match(text, /Issuer: O = Certwright Tests, CN = Issuing Interop Intermediate\n/);
      assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/); // signed by the P-256 intermediate
      assert.deepEqual(requireExtension(text, 'X509v3 Basic Constraints'), { critical: true, value: 'CA:FALSE' });
      const usage = keyAlgorithm.startsWith('rsa') ? 'Digital Signature, Key Encipherment' : 'Digital Signature';
      assert.deepEqual(requireExtension(text, 'X509v3 Key Usage'), { critical: true, value: usage });
      assert.deepEqual(requireExtension(text, 'X509v3 Extended Key Usage'), { critical: false, value: EKU_TEXT[profile] });
      const san = requireExtension(text, 'X509v3 Subject Alternative Name');
      assert.equal(san.value, profile === 'client' ? `URI:${CLIENT_URI}` : SERVER_SAN_TEXT);
      const ski = requireExtension(text, 'X509v3 Subject Key Identifier').value;
      const ids = keyIdsFromPublicKeyPem(leafPublicKey);
      assert.ok(ski === ids.method1 || ski === ids.method4, `SKI ${ski} is RFC 5280 method 1 (${ids.method1}) or RFC 7093 method 4 (${ids.method4}) of the key`);
      assert.equal(ski, detail.subjectKeyIdentifier);
      assert.equal(requireExtension(text, 'X509v3 Authority Key Identifier').value, intermediateSki);
      assert.equal(detail.authorityKeyIdentifier, intermediateSki);
      // No URLs were configured on this intermediate: none may appear.
      assert.equal(extension(text, 'X509v3 CRL Distribution Points'), null);
      assert.equal(extension(text, 'Authority Information Access'), null);
    });
  }

  test('certificate, chain and root PEM end with a newline, so `cat` makes a fullchain openssl can read', async () => {
    const { detail } = await issueAndWrite('fullchain', { authorityId: intermediate.id, profile: 'server', subject: { commonName: 'full' }, sans: [{ type: 'dns', value: 'full.internal.test' }] });
    // What `cat leaf.pem chain.pem root.pem > bundle.pem` makes from the files as handed out.
    const bundle = await writeTemp(dir, 'cat-bundle.pem', detail.certificatePem + detail.chainPem + detail.rootPem);
    const read = await runPeer('openssl', ['storeutl', '-noout', '-certs', bundle]);
    assert.match(read.stdout + read.stderr, /Total found: 3/, `openssl reads all three certificates of the concatenation: ${read.stderr.split('\n')[0]}`);
    for (const [name, pem] of [['certificatePem', detail.certificatePem], ['chainPem', detail.chainPem], ['rootPem', detail.rootPem]] as const) {
      assert.ok(pem.endsWith('-----END CERTIFICATE-----\n'), `${name} ends with its END line and a newline (RFC 7468 lines end with EOL)`);
    }
  });

  test('CRL distribution point and AIA URLs appear after updateSettings, and only then', async () => {
    const { authority: urls } = await backend.call('authority.createIntermediate', {
      parentId: root.id,
      subject: { commonName: 'URL Intermediate' },
      pathLength: 0,
    });
    const before = await issueAndWrite('urls-before', { authorityId: urls.id, profile: 'server', subject: { commonName: 'web' }, sans: [{ type: 'dns', value: 'web.internal.test' }] });
    const beforeText = await x509Text(before.leaf);
    assert.equal(extension(beforeText, 'X509v3 CRL Distribution Points'), null);
    assert.equal(extension(beforeText, 'Authority Information Access'), null);

    const updated = await backend.call('authority.updateSettings', {
      id: urls.id,
      settings: { defaultValidityDays: 7, crlUrl: 'http://pki.example.test/urls.crl', ocspUrl: 'http://ocsp.example.test/', caIssuersUrl: 'http://pki.example.test/urls.crt' },
    });
    assert.equal(updated.settings.crlUrl, 'http://pki.example.test/urls.crl');

    const after = await issueAndWrite('urls-after', { authorityId: urls.id, profile: 'server', subject: { commonName: 'web' }, sans: [{ type: 'dns', value: 'web.internal.test' }] });
    const text = await x509Text(after.leaf);
    assert.deepEqual(requireExtension(text, 'X509v3 CRL Distribution Points'), { critical: false, value: 'Full Name:\nURI:http://pki.example.test/urls.crl' });
    assert.deepEqual(requireExtension(text, 'Authority Information Access'), { critical: false, value: 'OCSP - URI:http://ocsp.example.test/\nCA Issuers - URI:http://pki.example.test/urls.crt' });
    // The new default validity (7 days) applies when none is asked for.
    const days = (Date.parse(after.detail.notAfter) - Date.now()) / DAY_MS;
    assert.ok(days > 6.9 && days <= 7, `default validity: ${days} days`);
    const verdict = await opensslVerify({ caFile: after.root, untrusted: after.chain, purpose: 'sslserver' }, after.leaf);
    assert.ok(verdict.ok, verdict.output);

    // Clearing the URLs takes them out of later certificates again.
    await backend.call('authority.updateSettings', { id: urls.id, settings: { defaultValidityDays: 7, crlUrl: '', ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 } });
    const cleared = await issueAndWrite('urls-cleared', { authorityId: urls.id, profile: 'server', subject: { commonName: 'web' }, sans: [{ type: 'dns', value: 'web.internal.test' }] });
    const clearedText = await x509Text(cleared.leaf);
    assert.equal(extension(clearedText, 'X509v3 CRL Distribution Points'), null);
    assert.equal(extension(clearedText, 'Authority Information Access'), null);
  });

  test("an intermediate's validity is clamped to its root's, and a leaf may not outlive them", async () => {
    const shortRoot = await backend.call('authority.createRoot', { subject: { commonName: 'Short Root' }, keyAlgorithm: 'p256', validityDays: 100 });
    const { authority: clamped, clampedTo } = await backend.call('authority.createIntermediate', { parentId: shortRoot.id, subject: { commonName: 'Clamped Intermediate' }, validityDays: 1825 });
    assert.equal(clampedTo, shortRoot.notAfter);
    assert.equal(clamped.notAfter, shortRoot.notAfter);
    const shortRootFile = await writeTemp(dir, 'short-root.pem', (await backend.call('authority.get', { id: shortRoot.id })).certificatePem);
    const clampedFile = await writeTemp(dir, 'clamped.pem', (await backend.call('authority.get', { id: clamped.id })).certificatePem);
    assert.equal((await endDate(clampedFile)).getTime(), (await endDate(shortRootFile)).getTime(), 'openssl sees the same notAfter on both');
    const verdict = await opensslVerify({ caFile: shortRootFile }, clampedFile);
    assert.ok(verdict.ok, verdict.output);

    const until = shortRoot.notAfter.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
    const listBefore = await backend.call('certificate.list');
    const base: Input<'certificate.issue'> = { authorityId: clamped.id, profile: 'server', subject: { commonName: 'late' }, sans: [{ type: 'dns', value: 'late.internal.test' }] };
    const error = await expectInvalid(backend, 'certificate.issue', { ...base, validity: { days: 365 } }, 'validity', /valid only until/, new RegExp(until));
    assert.match(error.message, /Short Root|Clamped Intermediate/);
    const afterRoot = new Date(Date.parse(shortRoot.notAfter) + DAY_MS).toISOString();
    await expectInvalid(backend, 'certificate.issue', { ...base, validity: { notAfter: afterRoot } }, 'validity', new RegExp(until));
    assert.deepEqual(await backend.call('certificate.list'), listBefore, 'a refused issuance stores nothing');

    // Up to the root's end is fine, and openssl agrees.
    const fits = await issueAndWrite('fits', { ...base, validity: { notAfter: shortRoot.notAfter } });
    assert.equal(fits.detail.notAfter, shortRoot.notAfter);
    const ok = await opensslVerify({ caFile: fits.root, untrusted: fits.chain, purpose: 'sslserver' }, fits.leaf);
    assert.ok(ok.ok, ok.output);
  });

  test('path length: no intermediate where a pathLen forbids one', async () => {
    const authoritiesBefore = await backend.call('authority.list');
    const flatRoot = await backend.call('authority.createRoot', { subject: { commonName: 'Flat Root' }, keyAlgorithm: 'p256', validityDays: 365, pathLength: 0 });
    const afterRoot = await backend.call('authority.list');
    assert.equal(afterRoot.length, authoritiesBefore.length + 1);

    await expectInvalid(backend, 'authority.createIntermediate', { parentId: flatRoot.id, subject: { commonName: 'Not Allowed' } }, 'parentId', /Flat Root has path length 0/, /no intermediate/);
    // Under the pathLen-0 intermediate: no sub-CA either.
    await expectInvalid(backend, 'authority.createIntermediate', { parentId: intermediate.id, subject: { commonName: 'Too Deep' } }, 'parentId', /Issuing Interop Intermediate has path length 0/);
    // Root pathLen 1 leaves room for one CA below, which itself must have pathLen 0.
    await expectInvalid(backend, 'authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Too Long' }, pathLength: 1 }, 'pathLength', /path length 0/);
    assert.deepEqual((await backend.call('authority.list')).map((a) => a.id), afterRoot.map((a) => a.id), 'refusals created no authority');
  });

  describe('name constraints', async () => {
    const { authority: constrained } = await backend.call('authority.createIntermediate', {
      parentId: root.id,
      subject: { commonName: 'Constrained Intermediate' },
      nameConstraints: { permittedDns: ['example.com'], permittedIp: ['10.0.0.0/8'], excludedDns: ['secret.example.com'], excludedIp: ['10.66.0.0/16'] },
    });
    const constrainedFile = await writeTemp(dir, 'constrained.pem', (await backend.call('authority.get', { id: constrained.id })).certificatePem);
    const server = (sans: SanEntry[], commonName = 'svc') => ({ authorityId: constrained.id, profile: 'server' as const, subject: { commonName }, sans });

    test('the constraints are in the certificate, critical', async () => {
      const nc = requireExtension(await x509Text(constrainedFile), 'X509v3 Name Constraints');
      assert.equal(nc.critical, true);
      assert.equal(nc.value, 'Permitted:\nDNS:example.com\nIP:10.0.0.0/255.0.0.0\nExcluded:\nDNS:secret.example.com\nIP:10.66.0.0/255.255.0.0');
      // Compared as the window receives it (structured clone / JSON: plain arrays).
      assert.deepEqual(JSON.parse(JSON.stringify(constrained.nameConstraints)), { permittedDns: ['example.com'], excludedDns: ['secret.example.com'], permittedIp: ['10.0.0.0/8'], excludedIp: ['10.66.0.0/16'] });
    });

    test('names inside are issued and verify', async () => {
      const inside = await issueAndWrite('nc-inside', server([{ type: 'dns', value: 'api.example.com' }, { type: 'dns', value: 'example.com' }, { type: 'ip', value: '10.1.2.3' }]));
      const verdict = await opensslVerify({ caFile: inside.root, untrusted: inside.chain, purpose: 'sslserver' }, inside.leaf);
      assert.ok(verdict.ok, verdict.output);
      const certtool = await certtoolChain(dir, 'nc-inside-bundle.pem', [inside.detail.certificatePem, inside.detail.chainPem, inside.detail.rootPem]);
      assert.ok(certtool.ok, certtool.output);
    });

    test('names outside or excluded are refused, naming the constraint', async () => {
      const before = await backend.call('certificate.list');
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: 'api.example.org' }]), 'sans', /api\.example\.org/, /Constrained Intermediate/, /permits only example\.com/);
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: 'api.example.com' }, { type: 'ip', value: '192.168.1.1' }]), 'sans', /192\.168\.1\.1/, /10\.0\.0\.0\/8/);
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: 'db.secret.example.com' }]), 'sans', /db\.secret\.example\.com is excluded/, /secret\.example\.com/);
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: 'api.example.com' }, { type: 'ip', value: '10.66.1.1' }]), 'sans', /10\.66\.1\.1 is excluded/, /10\.66\.0\.0\/16/);
      // A wildcard that would cover the excluded subtree.
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: '*.example.com' }]), 'sans', /excluded/);
      // A look-alike suffix is not inside example.com.
      await expectInvalid(backend, 'certificate.issue', server([{ type: 'dns', value: 'badexample.com' }]), 'sans', /outside/);
      // A client certificate whose CN looks like a host name is checked as one (OpenSSL does so too).
      await expectInvalid(backend, 'certificate.issue', { authorityId: constrained.id, profile: 'client', subject: { commonName: 'worker.example.org' }, sans: [] }, 'subject.commonName', /worker\.example\.org/);
      await expectInvalid(backend, 'certificate.issuePair', { authorityId: constrained.id, serviceName: 'orders', dnsNames: ['orders.example.net'] }, 'sans', /orders\.example\.net/);
      assert.deepEqual(await backend.call('certificate.list'), before, 'nothing half-issued');
    });

    test('openssl enforces the same constraints on a certificate forced past the policy', async () => {
      // Sign outside names with the engine directly, bypassing the policy: relying parties refuse them,
      // which is what makes refusing them at issuance the right call.
      const chain = [new X509.X509Certificate(derOfPemFile(constrainedFile)), new X509.X509Certificate(derOfPemFile(rootFile))];
      const issuer = { chain, signer: { privateKey: await backend.vault.signingKey(constrained.id), algorithm: 'p256' as const }, settings: constrained.settings };
      const keys = await generateKeyPair('p256', globalThis.crypto);
      const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', keys.publicKey));
      const now = Date.now();
      const force = async (name: string, sans: SanEntry[]) => {
        const issued = await issueLeaf({ profile: 'server', subject: { commonName: 'forced' }, sans, subjectPublicKeyInfo: spki, notBefore: new Date(now - 60_000), notAfter: new Date(now + DAY_MS) }, issuer, globalThis.crypto);
        return writeTemp(dir, `${name}.pem`, toPem('CERTIFICATE', issued.der));
      };
      const chainFile = constrainedFile;
      const outside = await opensslVerify({ caFile: rootFile, untrusted: chainFile, purpose: 'sslserver' }, await force('forced-outside', [{ type: 'dns', value: 'api.example.org' }]));
      assert.equal(outside.ok, false);
      assert.match(outside.output, /permitted subtree violation/);
      const excluded = await opensslVerify({ caFile: rootFile, untrusted: chainFile, purpose: 'sslserver' }, await force('forced-excluded', [{ type: 'dns', value: 'db.secret.example.com' }]));
      assert.equal(excluded.ok, false);
      assert.match(excluded.output, /excluded subtree violation/);
      const ip = await opensslVerify({ caFile: rootFile, untrusted: chainFile, purpose: 'sslserver' }, await force('forced-ip', [{ type: 'dns', value: 'api.example.com' }, { type: 'ip', value: '192.168.1.1' }]));
      assert.equal(ip.ok, false);
      assert.match(ip.output, /permitted subtree violation/);
      const inside = await opensslVerify({ caFile: rootFile, untrusted: chainFile, purpose: 'sslserver' }, await force('forced-inside', [{ type: 'dns', value: 'api.example.com' }]));
      assert.ok(inside.ok, inside.output);
    });
  });

  test('an mTLS pair: a server certificate and a client certificate for one service', async () => {
    const pair = await backend.call('certificate.issuePair', {
      authorityId: intermediate.id,
      serviceName: 'order-service',
      dnsNames: ['orders.internal.test', 'orders'],
      ipAddresses: ['10.0.0.7'],
      clientUri: 'spiffe://example.org/order-service',
      keyAlgorithm: 'p256',
      validity: { days: 30 },
    });
    assert.equal(pair.server.profile, 'server');
    assert.equal(pair.client.profile, 'client');
    const server = await writeDetail('pair-server', pair.server.id);
    const client = await writeDetail('pair-client', pair.client.id);

    const serverText = await x509Text(server.leaf);
    assert.match(serverText, /Subject: CN = order-service\n/);
    assert.equal(requireExtension(serverText, 'X509v3 Subject Alternative Name').value, 'DNS:orders.internal.test, DNS:orders, IP Address:10.0.0.7');
    assert.equal(requireExtension(serverText, 'X509v3 Extended Key Usage').value, 'TLS Web Server Authentication');

    const clientText = await x509Text(client.leaf);
    assert.match(clientText, /Subject: CN = order-service\n/);
    assert.equal(requireExtension(clientText, 'X509v3 Extended Key Usage').value, 'TLS Web Client Authentication');
    assert.equal(requireExtension(clientText, 'X509v3 Subject Alternative Name').value, 'URI:spiffe://example.org/order-service');

    for (const [files, purpose, wrong] of [[server, 'sslserver', 'sslclient'], [client, 'sslclient', 'sslserver']] as const) {
      const ok = await opensslVerify({ caFile: files.root, untrusted: files.chain, purpose }, files.leaf);
      assert.ok(ok.ok, ok.output);
      const bad = await opensslVerify({ caFile: files.root, untrusted: files.chain, purpose: wrong }, files.leaf);
      assert.equal(bad.ok, false);
      assert.match(bad.output, WRONG_PURPOSE);
    }
    // Two certificates, two keys.
    assert.notEqual(await publicKeyOf('x509', server.leaf), await publicKeyOf('x509', client.leaf));
    assert.notEqual(pair.server.serialNumberHex, pair.client.serialNumberHex);
  });

  test('200 certificates from one issuer have 200 distinct serials (read back by openssl)', { timeout: 60_000 }, async () => {
    const { authority: bulk } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Bulk Intermediate' } });
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const issued = await Promise.all(
        Array.from({ length: 20 }, (_, i) => backend.call('certificate.issue', { authorityId: bulk.id, profile: 'client', subject: { commonName: `bulk-${batch * 20 + i}` }, validity: { days: 1 } })),
      );
      ids.push(...issued.map((r) => r.certificate.id));
    }
    const listed = (await backend.call('certificate.list')).filter((c) => c.authorityId === bulk.id);
    assert.equal(listed.length, 200, 'all 200 were stored');
    assert.deepEqual(new Set(listed.map((c) => c.id)), new Set(ids));

    const pems = await Promise.all(ids.map(async (id) => (await backend.call('certificate.get', { id })).certificatePem));
    const all = await writeTemp(dir, 'bulk.pem', pems.join('\n'));
    const parsed = await runPeer('openssl', ['storeutl', '-noout', '-text', '-certs', all]);
    assert.equal(parsed.code, 0, parsed.stderr);
    const serials = [...parsed.stdout.matchAll(/Serial Number:\s*\n\s*([0-9a-f:]+)/g)].map((m) => m[1]!.replace(/:/g, ''));
    assert.equal(serials.length, 200);
    assert.equal(new Set(serials).size, 200, 'serials are unique');
    for (const serial of serials) {
      assert.equal(serial.length, 32, `16-byte serial: ${serial}`);
      assert.ok(parseInt(serial.slice(0, 2), 16) < 0x80 && serial.slice(0, 2) !== '00', `positive, minimal DER: ${serial}`);
    }
    assert.deepEqual(new Set(serials.map((s) => s.toUpperCase())), new Set(listed.map((c) => c.serialNumberHex.toUpperCase())));
  });

  test('nothing half-issued: refusals leave the list and the files on disk unchanged', async () => {
    const certificates = await backend.call('certificate.list');
    const authorities = await backend.call('authority.list');
    const files = await vaultBytes(vaultDir);

    const refusals: Array<Promise<unknown>> = [
      // validity beyond the issuer
      expectInvalid(backend, 'certificate.issue', { authorityId: intermediate.id, profile: 'server', subject: { commonName: 'x' }, sans: [{ type: 'dns', value: 'x.test' }], validity: { days: 3650 } }, 'validity', /valid only until/),
      // a pair whose validity the issuer cannot cover: neither half is stored
      expectInvalid(backend, 'certificate.issuePair', { authorityId: intermediate.id, serviceName: 'late', dnsNames: ['late.test'], validity: { days: 3650 } }, 'validity'),
      // server without DNS/IP SAN
      expectInvalid(backend, 'certificate.issue', { authorityId: intermediate.id, profile: 'server', subject: { commonName: 'x' }, sans: [] }, 'sans', /needs at least one DNS name or IP address/),
      // a sub-CA under pathLen 0
      expectInvalid(backend, 'authority.createIntermediate', { parentId: intermediate.id, subject: { commonName: 'nope' } }, 'parentId'),
    ];
    for (const r of refusals) await r;
    assert.deepEqual(await backend.call('certificate.list'), certificates);
    assert.deepEqual(await backend.call('authority.list'), authorities);
    assert.deepEqual(await vaultBytes(vaultDir), files, 'no vault file changed');
  });
});

/** The DER of a one-certificate PEM file. */
function derOfPemFile(file: string): Uint8Array<ArrayBuffer> {
  const body = readFileSync(file, 'utf8').replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}
