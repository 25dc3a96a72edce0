/**
 * Export formats judged by outside peers: the PEM set and trust-store set (openssl verify), the
 * key (openssl pkey), encrypted PKCS#8 (openssl both ways, asn1parse), PKCS#7 (openssl pkcs7,
 * certtool --p7-info), the zip (unzip), README, and the configuration snippets: the Kubernetes
 * Secret decoded, curl and `openssl s_client` run as written against a real mTLS server on
 * 127.0.0.1, nginx -t and the Go programs built and run when nginx / go are installed.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { decryptPkcs8, encryptPkcs8Pem, Pkcs8PasswordError, DEFAULT_PBKDF2_ITERATIONS } from '../../electron/engine/export/pkcs8-encrypt.js';
import { certificatesFromPkcs7, pkcs7CertsOnly, pkcs7CertsOnlyPem } from '../../electron/engine/export/pkcs7.js';
import { FILE_NAMES, pemSet, pemSetInputFromDetail, truststoreSet, type BundleFile } from '../../electron/engine/export/pem-set.js';
import { buildReadme } from '../../electron/engine/export/readme.js';
import { buildSnippets, SnippetInputError, type Snippet } from '../../electron/engine/export/snippets.js';
import { zipBundle, zipFiles } from '../../electron/engine/export/zip.js';
import { issueIntermediate, issueLeaf, type Issuer } from '../../electron/engine/issue.js';
import { exportPkcs8, exportSpki, generateKeyPair } from '../../electron/engine/keys.js';
import { decodeObjects, toPem } from '../../electron/engine/pem.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import type { Profile } from '../../shared/domain/certificate.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { pemBlocks } from '../support/pki.js';
import { tempDir } from '../support/temp.js';
import { freePort } from '../support/servers.js';

const crypto = globalThis.crypto;
const DAY_MS = 86_400_000;
const SETTINGS = { defaultValidityDays: 90, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 };
const PASSWORD = 'correct horse battery staple';

interface Pki {
  readonly rootDer: Uint8Array;
  readonly root: Awaited<ReturnType<typeof createRootAuthority>>;
  readonly intermediateDer: Uint8Array;
  readonly issuer: Issuer;
}

interface LeafMaterial {
  readonly leafDer: Uint8Array;
  readonly pkcs8: Uint8Array;
}

async function makePki(): Promise<Pki> {
  const now = new Date();
  const root = await createRootAuthority({ subject: { commonName: 'Export Test Root', organization: 'Certwright Tests' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1, now }, crypto);
  const interKeys = await generateKeyPair('p256', crypto);
  const inter = await issueIntermediate(
    { subject: { commonName: 'Export Test Intermediate' }, subjectPublicKeyInfo: await exportSpki(interKeys.publicKey, crypto), pathLength: 0, nameConstraints: null, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 365 * DAY_MS) },
    { chain: [root.certificate], signer: { privateKey: root.privateKey, algorithm: 'p256' }, settings: SETTINGS },
    crypto,
  );
  return {
    root,
    rootDer: new Uint8Array(root.certificate.rawData),
    intermediateDer: inter.der,
    issuer: { chain: [new X509.X509Certificate(inter.der), root.certificate], signer: { privateKey: interKeys.privateKey, algorithm: 'p256' }, settings: SETTINGS },
  };
}

async function makeLeaf(pki: Pki, profile: Profile, commonName: string): Promise<LeafMaterial> {
  const keys = await generateKeyPair('p256', crypto);
  const now = Date.now();
  const issued = await issueLeaf(
    {
      profile,
      subject: { commonName },
      sans: profile === 'client' ? [] : [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }],
      subjectPublicKeyInfo: await exportSpki(keys.publicKey, crypto),
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 30 * DAY_MS),
    },
    pki.issuer,
    crypto,
  );
  return { leafDer: issued.der, pkcs8: await exportPkcs8(keys.privateKey, crypto) };
}

/** Writes bundle files into `dir` (keys 0600) and returns the directory. */
async function writeBundle(dir: string, files: readonly BundleFile[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.name), f.contents, { mode: f.mode });
  return dir;
}

function text(files: readonly BundleFile[], name: string): string {
  const found = files.find((f) => f.name === name);
  assert.ok(found, `${name} is in the bundle`);
  assert.equal(typeof found.contents, 'string');
  return found.contents as string;
}

function snippet(snippets: readonly Snippet[], id: string): Snippet {
  const found = snippets.find((s) => s.id === id);
  assert.ok(found, `snippet ${id}`);
  return found;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** The tool's path, or null when it is missing here; in CI (which installs it) a missing tool is a failure, not a skip. */
async function peerTool(command: string): Promise<string | null> {
  const found = (await run('sh', ['-c', `command -v ${command} || { test -x /usr/sbin/${command} && echo /usr/sbin/${command}; }`])).stdout.trim();
  if (found) return found;
  if (process.env.CI) assert.fail(`${command} is not installed, but CI installs it (.ci/run): the export snippets must be proven`);
  return null;
}

/** Waits until something accepts TCP connections on 127.0.0.1:port (or the time is up). */
async function listening(port: number, ms = 5000): Promise<boolean> {
  const { connect } = await import('node:net');
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return true;
  }
  return false;
}

describe('export formats pass openssl, certtool, unzip and real mTLS clients', async () => {
  const dir = await tempDir('certwright-export-');
  let pki: Pki;
  let server: LeafMaterial;
  let client: LeafMaterial;
  let serverFiles: BundleFile[];
  let clientFiles: BundleFile[];
  let serverDir: string;
  let clientDir: string;
  /** A client bundle from another CA (that still trusts our server's root): every server must refuse it. */
  let strangerDir: string;

  before(async () => {
    pki = await makePki();
    [server, client] = await Promise.all([makeLeaf(pki, 'server', 'api.export.test'), makeLeaf(pki, 'client', 'billing-worker')]);
    serverFiles = pemSet({ leafDer: server.leafDer, intermediatesDer: [pki.intermediateDer], rootDer: pki.rootDer, privateKeyPkcs8: server.pkcs8 });
    clientFiles = pemSet({ leafDer: client.leafDer, intermediatesDer: [pki.intermediateDer], rootDer: pki.rootDer, privateKeyPkcs8: client.pkcs8 });
    serverDir = await writeBundle(join(dir, 'server'), serverFiles);
    clientDir = await writeBundle(join(dir, 'client'), clientFiles);
    const otherPki = await makePki();
    const intruder = await makeLeaf(otherPki, 'client', 'intruder');
    const intruderFiles = pemSet({ leafDer: intruder.leafDer, intermediatesDer: [otherPki.intermediateDer], rootDer: pki.rootDer, privateKeyPkcs8: intruder.pkcs8 });
    strangerDir = await writeBundle(join(dir, 'stranger'), intruderFiles);
  });

  test('the PEM set has the expected files and verifies with openssl', async () => {
    assert.deepEqual(serverFiles.map((f) => f.name), ['cert.pem', 'key.pem', 'chain.pem', 'ca.pem', 'fullchain.pem', 'cert.der']);
    assert.deepEqual(serverFiles.filter((f) => f.secret).map((f) => [f.name, f.mode]), [['key.pem', 0o600]]);
    const at = (name: string) => join(serverDir, name);

    const verify = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', at('ca.pem'), '-untrusted', at('chain.pem'), at('cert.pem')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /cert\.pem: OK$/m);

    // fullchain.pem: its first certificate verifies with the rest as untrusted intermediates.
    const blocks = pemBlocks(text(serverFiles, 'fullchain.pem'));
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0], text(serverFiles, 'cert.pem'));
    assert.equal(blocks[1], text(serverFiles, 'chain.pem'));
    const first = await writeTemp(dir, 'fullchain-first.pem', blocks[0]!);
    const rest = await writeTemp(dir, 'fullchain-rest.pem', blocks.slice(1).join(''));
    const full = await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', at('ca.pem'), '-untrusted', rest, first]);
    assert.equal(full.code, 0, full.stdout + full.stderr);
    // Without the intermediates the leaf does not verify: chain.pem is really needed.
    const alone = await runPeer('openssl', ['verify', '-CAfile', at('ca.pem'), at('cert.pem')]);
    assert.notEqual(alone.code, 0);

    // ca.pem is the self-signed root; cert.der is cert.pem in DER.
    const ca = await runPeer('openssl', ['x509', '-in', at('ca.pem'), '-noout', '-subject', '-issuer']);
    assert.match(ca.stdout, /subject=.*CN = Export Test Root[\s\S]*issuer=.*CN = Export Test Root/);
    const fpPem = await runPeer('openssl', ['x509', '-in', at('cert.pem'), '-noout', '-fingerprint', '-sha256']);
    const fpDer = await runPeer('openssl', ['x509', '-inform', 'DER', '-in', at('cert.der'), '-noout', '-fingerprint', '-sha256']);
    assert.equal(fpDer.code, 0, fpDer.stderr);
    assert.equal(fpDer.stdout, fpPem.stdout);

    // key.pem is the certificate's key.
    const fromKey = await runPeer('openssl', ['pkey', '-in', at('key.pem'), '-pubout']);
    const fromCert = await runPeer('openssl', ['x509', '-in', at('cert.pem'), '-noout', '-pubkey']);
    assert.equal(fromKey.code, 0, fromKey.stderr);
    assert.equal(fromKey.stdout, fromCert.stdout);
  });

  test('a bundle without a key has no key.pem; a leaf straight under the root has no chain.pem', () => {
    const noKey = pemSet({ leafDer: client.leafDer, intermediatesDer: [pki.intermediateDer], rootDer: pki.rootDer, privateKeyPkcs8: null });
    assert.deepEqual(noKey.map((f) => f.name), ['cert.pem', 'chain.pem', 'ca.pem', 'fullchain.pem', 'cert.der']);
    const direct = pemSet({ leafDer: client.leafDer, intermediatesDer: [], rootDer: pki.rootDer, privateKeyPkcs8: null });
    assert.deepEqual(direct.map((f) => f.name), ['cert.pem', 'ca.pem', 'fullchain.pem', 'cert.der']);
    assert.equal(text(direct, 'fullchain.pem'), text(direct, 'cert.pem'));
    // From a CertificateDetail's PEM fields, the same files.
    const detail = { certificatePem: toPem('CERTIFICATE', server.leafDer), chainPem: toPem('CERTIFICATE', pki.intermediateDer), rootPem: toPem('CERTIFICATE', pki.rootDer) };
    const again = pemSet(pemSetInputFromDetail(detail, server.pkcs8));
    assert.deepEqual(again.map((f) => [f.name, Buffer.from(f.contents).toString('base64')]), serverFiles.map((f) => [f.name, Buffer.from(f.contents).toString('base64')]));
  });

  test('the trust-store set: ca.pem with the root, optionally the intermediates', async () => {
    const rootOnly = truststoreSet({ rootDer: pki.rootDer, intermediatesDer: [pki.intermediateDer] });
    assert.deepEqual(rootOnly.map((f) => [f.name, f.secret]), [['ca.pem', false]]);
    assert.equal(pemBlocks(text(rootOnly, 'ca.pem')).length, 1);
    const withInter = truststoreSet({ rootDer: pki.rootDer, intermediatesDer: [pki.intermediateDer], includeIntermediates: true });
    const caFile = await writeTemp(dir, 'truststore-with-intermediates.pem', text(withInter, 'ca.pem'));
    const verify = await runPeer('openssl', ['verify', '-CAfile', caFile, join(serverDir, 'cert.pem')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  test('encrypted PKCS#8: openssl opens it with the password only, and shows PBES2/PBKDF2/HMAC-SHA256/AES-256-CBC', async () => {
    const started = performance.now();
    const encrypted = await encryptPkcs8Pem(server.pkcs8, PASSWORD, crypto);
    const encryptMs = performance.now() - started;
    assert.match(encrypted, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const keyFile = await writeTemp(dir, 'key.enc.pem', encrypted);
    const pwFile = await writeTemp(dir, 'pw', `${PASSWORD}\n`);
    const wrongFile = await writeTemp(dir, 'wrong-pw', 'not the password\n');

    const opened = await runPeer('openssl', ['pkey', '-in', keyFile, '-passin', `file:${pwFile}`, '-pubout']);
    assert.equal(opened.code, 0, opened.stderr);
    const fromCert = await runPeer('openssl', ['x509', '-in', join(serverDir, 'cert.pem'), '-noout', '-pubkey']);
    assert.equal(opened.stdout, fromCert.stdout);
    const wrong = await runPeer('openssl', ['pkey', '-in', keyFile, '-passin', `file:${wrongFile}`, '-pubout']);
    assert.notEqual(wrong.code, 0, 'a wrong password is refused');
    const empty = await runPeer('openssl', ['pkey', '-in', keyFile, '-passin', 'pass:', '-pubout']);
    assert.notEqual(empty.code, 0, 'no password is refused');

    const parsed = await runPeer('openssl', ['asn1parse', '-in', keyFile]);
    assert.equal(parsed.code, 0, parsed.stderr);
    for (const name of ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']) assert.match(parsed.stdout, new RegExp(`OBJECT\\s+:${name}\\b`));
    assert.match(parsed.stdout, new RegExp(`INTEGER\\s+:0*${DEFAULT_PBKDF2_ITERATIONS.toString(16).toUpperCase()}\\b`), 'iteration count 600000');

    // Round trip in the engine; a wrong password is a Pkcs8PasswordError.
    assert.deepEqual(await decryptPkcs8(encrypted, PASSWORD, crypto), new Uint8Array(server.pkcs8));
    await assert.rejects(decryptPkcs8(encrypted, 'wrong', crypto), Pkcs8PasswordError);
    // What OpenSSL encrypts with the same scheme, the engine decrypts.
    const opensslEnc = await runPeer('openssl', ['pkcs8', '-topk8', '-in', join(serverDir, 'key.pem'), '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-iter', '20000', '-passout', `file:${pwFile}`]);
    assert.equal(opensslEnc.code, 0, opensslEnc.stderr);
    assert.deepEqual(await decryptPkcs8(opensslEnc.stdout, PASSWORD, crypto), new Uint8Array(server.pkcs8));
    // Fewer iterations is a parameter (but not below the floor).
    const quick = await encryptPkcs8Pem(server.pkcs8, PASSWORD, crypto, { iterations: 10_000 });
    assert.match((await runPeer('openssl', ['asn1parse', '-in', await writeTemp(dir, 'quick.pem', quick)])).stdout, /INTEGER\s+:0*2710\b/);
    await assert.rejects(encryptPkcs8Pem(server.pkcs8, PASSWORD, crypto, { iterations: 1000 }), RangeError);
    console.log(`# PBKDF2 ${DEFAULT_PBKDF2_ITERATIONS} iterations: encrypt took ${encryptMs.toFixed(0)} ms`);
  });

  test('PKCS#7 (.p7b): openssl and certtool list the chain, leaf first', async () => {
    const chain = [server.leafDer, pki.intermediateDer, pki.rootDer];
    const pem = pkcs7CertsOnlyPem(chain);
    assert.match(pem, /^-----BEGIN PKCS7-----\n/);
    const pemFile = await writeTemp(dir, 'chain.p7b', pem);
    const derFile = await writeTemp(dir, 'chain.p7b.der', pkcs7CertsOnly(chain));
    const expected = /subject=CN = api\.export\.test\s+issuer=CN = Export Test Intermediate[\s\S]*subject=CN = Export Test Intermediate\s+issuer=.*CN = Export Test Root[\s\S]*subject=.*CN = Export Test Root/;
    for (const [file, form] of [[pemFile, 'PEM'], [derFile, 'DER']] as const) {
      const printed = await runPeer('openssl', ['pkcs7', '-inform', form, '-in', file, '-print_certs', '-noout']);
      assert.equal(printed.code, 0, printed.stderr);
      assert.match(printed.stdout, expected);
    }
    // A degenerate SignedData: version 1, no digest algorithms, id-data with no content, no signers.
    const parsed = await runPeer('openssl', ['asn1parse', '-inform', 'DER', '-in', derFile]);
    assert.match(parsed.stdout, /OBJECT\s+:pkcs7-signedData[\s\S]*INTEGER\s+:01\s[\s\S]*SET\s*\n[\s\S]*OBJECT\s+:pkcs7-data\s*\n/);
    assert.match(parsed.stdout, /l=\s*0 cons: SET\s*\n\s*$/, 'signerInfos is the empty SET at the end');
    // The certificates come back out of openssl unchanged.
    const out = await runPeer('openssl', ['pkcs7', '-in', pemFile, '-print_certs']);
    assert.deepEqual(pemBlocks(out.stdout), chain.map((der) => toPem('CERTIFICATE', der)));
    const certtool = await runPeer('certtool', ['--p7-info', '--infile', pemFile]);
    assert.equal(certtool.code, 0, certtool.stderr);
    assert.match(certtool.stdout, /Number of certificates: 3/);
    assert.match(certtool.stdout, /Signers:\n(?!\s*Signer)/, 'no signers');
    // certtool prints the certificates (in stored order), then the structure again as PKCS7.
    const listed = pemBlocks(certtool.stdout).filter((b) => b.startsWith('-----BEGIN CERTIFICATE-----'));
    assert.deepEqual(listed, chain.map((der) => toPem('CERTIFICATE', der)));
    assert.deepEqual(certificatesFromPkcs7(pkcs7CertsOnly(chain)).map((d) => Buffer.from(d).toString('hex')), chain.map((d) => Buffer.from(d).toString('hex')));
  });

  test('the zip lists every file, keeps key.pem at 0600, and is byte-for-byte deterministic', async () => {
    const readme = buildReadme({ commonName: 'api.export.test', files: serverFiles });
    const files: BundleFile[] = [...serverFiles, { name: FILE_NAMES.readme, contents: readme, secret: false, mode: 0o644 }];
    const zipped = zipBundle(files);
    assert.deepEqual(zipBundle([...files].reverse()), zipped, 'same bytes whatever the input order');
    const zipFile = await writeTemp(dir, 'bundle.zip', zipped);
    if (await peerTool('unzip')) {
      const listing = await runPeer('unzip', ['-Z', zipFile]);
      assert.equal(listing.code, 0, listing.stderr);
      const lines = listing.stdout.split('\n').filter((l) => /^[-d]r/.test(l));
      assert.deepEqual(lines.map((l) => l.trim().split(/\s+/).at(-1)), ['README.txt', 'ca.pem', 'cert.der', 'cert.pem', 'chain.pem', 'fullchain.pem', 'key.pem']);
      assert.match(lines.find((l) => l.endsWith('key.pem'))!, /^-rw-------/);
      assert.match(lines.find((l) => l.endsWith('ca.pem'))!, /^-rw-r--r--/);
      const test = await runPeer('unzip', ['-t', zipFile]);
      assert.match(test.stdout, /No errors detected/);
      const der = await run('unzip', ['-p', zipFile, 'cert.der']);
      assert.equal(der.code, 0);
      const extracted = join(dir, 'unzipped');
      await mkdir(extracted);
      assert.equal((await run('unzip', ['-q', zipFile, '-d', extracted])).code, 0);
      for (const f of files) assert.deepEqual(new Uint8Array(await readFile(join(extracted, f.name))), typeof f.contents === 'string' ? new TextEncoder().encode(f.contents) : f.contents, f.name);
    } else {
      const listing = await runPeer('python3', ['-m', 'zipfile', '-l', zipFile]);
      assert.equal(listing.code, 0, listing.stderr);
      for (const f of files) assert.match(listing.stdout, new RegExp(`^${f.name.replace('.', '\\.')}\\s`, 'm'));
    }
    assert.deepEqual(zipFiles({ 'b.txt': 'b', 'a.txt': 'a' }), zipFiles({ 'a.txt': 'a', 'b.txt': 'b' }));
    assert.throws(() => zipFiles({ '../evil': 'x' }), /Unsafe/);
    assert.throws(() => zipFiles({ '/etc/passwd': 'x' }), /Unsafe/);
  });

  test('README.txt describes each file and says which are secret', () => {
    const readme = buildReadme({ commonName: 'api.export.test', files: serverFiles, notAfter: '2030-01-02T00:00:00.000Z' });
    for (const f of serverFiles) assert.match(readme, new RegExp(`^${f.name.replace('.', '\\.')}$`, 'm'));
    assert.match(readme, /Secret files: key\.pem\. Give them mode 0600/);
    assert.match(readme, /chmod 600 key\.pem/);
    assert.match(readme, /expires on 2030-01-02/);
    const noKey = buildReadme({ commonName: 'x', files: pemSet({ leafDer: client.leafDer, intermediatesDer: [], rootDer: pki.rootDer, privateKeyPkcs8: null }) });
    assert.match(noKey, /holds no private key/);
    assert.doesNotMatch(noKey, /chmod 600/);
  });

  describe('snippets', () => {
    let snippets: Snippet[];
    let https_: https.Server;
    let port: number;

    before(async () => {
      // A real mTLS server from the exported files: fullchain.pem + key.pem, client CA ca.pem.
      https_ = https.createServer(
        {
          cert: text(serverFiles, 'fullchain.pem'),
          key: text(serverFiles, 'key.pem'),
          ca: text(serverFiles, 'ca.pem'),
          requestCert: true,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
        },
        (req, res) => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          res.end(`hello, ${peer.subject.CN}\n`);
        },
      );
      https_.listen(0, '127.0.0.1');
      await once(https_, 'listening');
      port = (https_.address() as AddressInfo).port;
      snippets = buildSnippets({ serviceName: 'billing-worker', host: '127.0.0.1', port, files: clientFiles, crlPath: '/etc/certwright/crl.pem' });
    });
    after(() => https_.close());

    test('ids, languages and file names', () => {
      assert.deepEqual(snippets.map((s) => [s.id, s.language, s.filename, s.complete]), [
        ['go-server', 'go', 'server.go', true],
        ['go-server-reload', 'go', 'server-reload.go', true],
        ['go-client', 'go', 'client.go', true],
        ['grpc-go-server', 'go', 'grpc_server.go', false],
        ['grpc-go-client', 'go', 'grpc_client.go', false],
        ['nginx', 'nginx', 'billing-worker.conf', false],
        ['kubernetes-secret', 'yaml', 'billing-worker-tls-secret.yaml', true],
        ['curl', 'shell', 'curl.sh', true],
        ['openssl-s-client', 'shell', 's_client.sh', true],
      ]);
      assert.deepEqual(snippets.filter((s) => s.secret).map((s) => s.id), ['kubernetes-secret']);
      const go = snippet(snippets, 'go-server').text;
      for (const part of ['Certificates: []tls.Certificate{certificate}', 'ClientCAs:', 'ClientAuth:   tls.RequireAndVerifyClientCert', 'MinVersion:   tls.VersionTLS12']) assert.ok(go.includes(part), part);
      assert.match(snippet(snippets, 'go-server-reload').text, /GetCertificate: reloader\.GetCertificate/);
      assert.match(snippet(snippets, 'grpc-go-server').text, /credentials\.NewTLS/);
      assert.match(snippet(snippets, 'grpc-go-client').text, /grpc\.WithTransportCredentials\(creds\)/);
    });

    test('the Kubernetes Secret is a kubernetes.io/tls Secret whose fields decode to the bundle', () => {
      const yaml = snippet(snippets, 'kubernetes-secret').text;
      const body = yaml.split('\n').filter((l) => !l.startsWith('#')).join('\n');
      assert.match(body, /^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: billing-worker-tls\n {2}labels:\n(?: {4}[a-z./-]+: "?[A-Za-z0-9._-]+"?\n)+type: kubernetes\.io\/tls\ndata:\n {2}tls\.crt: [A-Za-z0-9+/=]+\n {2}tls\.key: [A-Za-z0-9+/=]+\n {2}ca\.crt: [A-Za-z0-9+/=]+\n$/);
      const field = (name: string) => Buffer.from(new RegExp(`^  ${name.replace('.', '\\.')}: (\\S+)$`, 'm').exec(body)![1]!, 'base64').toString();
      assert.equal(field('tls.crt'), text(clientFiles, 'fullchain.pem'));
      assert.equal(field('tls.key'), text(clientFiles, 'key.pem'));
      assert.equal(field('ca.crt'), text(clientFiles, 'ca.pem'));
      const noKey = buildSnippets({ serviceName: 'Billing_Worker.v2', host: 'api.example.com', port: 443, files: pemSet({ leafDer: client.leafDer, intermediatesDer: [], rootDer: pki.rootDer, privateKeyPkcs8: null }) });
      const k8s = snippet(noKey, 'kubernetes-secret');
      assert.equal(k8s.secret, false);
      assert.match(k8s.text, /^ {2}name: billing-worker-v2-tls$/m);
      assert.match(k8s.text, /^ {2}tls\.key: ""$/m);
      assert.match(snippet(noKey, 'nginx').text, /key\.pem is not in this bundle/);
    });

    test('unsafe names and hosts are refused', () => {
      const base = { serviceName: 'svc', host: 'api.example.com', port: 443, files: clientFiles };
      for (const serviceName of ['a b', 'x;rm -rf /', '../etc', '-svc', 'svc$(id)', "o'neil", '', 'a'.repeat(64)]) {
        assert.throws(() => buildSnippets({ ...base, serviceName }), SnippetInputError, serviceName);
      }
      for (const host of ['a b', 'host;id', 'https://x', '$(id)', '1.2.3.999', "x'y"]) assert.throws(() => buildSnippets({ ...base, host }), SnippetInputError, host);
      for (const port of [0, 65536, 1.5, Number.NaN]) assert.throws(() => buildSnippets({ ...base, port }), SnippetInputError, String(port));
      assert.throws(() => buildSnippets({ ...base, directory: 'relative/dir' }), SnippetInputError);
      assert.throws(() => buildSnippets({ ...base, directory: '/etc/../root' }), SnippetInputError);
      assert.throws(() => buildSnippets({ ...base, crlPath: '/etc/crl.pem; id' }), SnippetInputError);
      assert.doesNotThrow(() => buildSnippets({ ...base, host: '::1' }));
      assert.match(snippet(buildSnippets({ ...base, host: '::1' }), 'curl').text, /--globoff .*'?https:\/\/\[::1\]:443\/'?/);
    });

    test('nginx block has the mTLS directives', () => {
      const conf = snippet(snippets, 'nginx').text;
      for (const line of [
        'ssl_certificate     /etc/certwright/billing-worker/fullchain.pem;',
        'ssl_certificate_key /etc/certwright/billing-worker/key.pem;',
        'ssl_client_certificate /etc/certwright/billing-worker/ca.pem;',
        'ssl_verify_client on;',
        'ssl_verify_depth 2;',
        'ssl_crl /etc/certwright/crl.pem;',
        'ssl_protocols TLSv1.2 TLSv1.3;',
        'proxy_pass http://127.0.0.1:8080;',
      ]) assert.ok(conf.includes(line), line);
      assert.doesNotMatch(snippet(buildSnippets({ serviceName: 'svc', host: 'a.example', port: 443, files: clientFiles }), 'nginx').text, /ssl_crl/);
      assert.throws(() => buildSnippets({ serviceName: 'svc', host: 'a.example', port: 443, files: serverFiles, upstream: 'http://x;evil' }), SnippetInputError);
    });

    test('nginx runs the block as written: curl with the client bundle gets 200, without it or from another CA 400', { timeout: 60_000 }, async (t) => {
      const nginxBinary = await peerTool('nginx');
      if (!nginxBinary) return t.skip('nginx is not installed');
      const nginxDir = join(dir, 'nginx');
      const bundle = await writeBundle(join(nginxDir, 'bundle'), serverFiles);
      // Real (empty) CRLs from the root AND the intermediate: with ssl_crl, nginx checks every level of
      // the client's chain and refuses it ("unable to get certificate CRL") when one is missing.
      const crlOf = (ca: Issuer) =>
        X509.X509CrlGenerator.create({ issuer: ca.chain[0]!.subjectName, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 7 * DAY_MS), signingKey: ca.signer.privateKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
      const rootIssuer: Issuer = { chain: [pki.root.certificate], signer: { privateKey: pki.root.privateKey, algorithm: 'p256' }, settings: SETTINGS };
      const crls = await Promise.all([crlOf(rootIssuer), crlOf(pki.issuer)]);
      await writeFile(join(nginxDir, 'crl.pem'), crls.map((c) => toPem('X509 CRL', new Uint8Array(c.rawData))).join(''));
      // The application behind nginx: echoes the client identity nginx verified and passed on.
      const app = createHttpServer((request, response) => response.end(`hello ${String(request.headers['x-client-subject'])} (${String(request.headers['x-client-verify'])})\n`));
      app.listen(0, '127.0.0.1');
      await once(app, 'listening');
      const upstream = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
      const port = await freePort();
      const block = buildSnippets({ serviceName: 'svc', host: 'localhost', port, files: serverFiles, directory: bundle, crlPath: join(nginxDir, 'crl.pem'), upstream }).find((s) => s.id === 'nginx')!.text;
      assert.match(block, /CRL of every CA in the client's chain/);
      // The block goes into an http { } as the comment says; the rest is what a test needs: foreground, one process, files here.
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `${name}_temp_path ${nginxDir}/${name}_temp;`).join(' ');
      const main = `daemon off;\nmaster_process off;\npid ${nginxDir}/nginx.pid;\nerror_log ${nginxDir}/error.log;\nevents {}\nhttp {\naccess_log off;\n${temp}\n${block}\n}\n`;
      const confFile = await writeTemp(nginxDir, 'nginx.conf', main);
      const checked = await run(nginxBinary, ['-t', '-p', nginxDir, '-c', confFile]);
      assert.equal(checked.code, 0, checked.stderr);
      const child: ChildProcess = spawn(nginxBinary, ['-p', nginxDir, '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      child.stderr!.on('data', (d) => (log += d));
      try {
        assert.ok(await listening(port), `nginx did not start: ${log}${await readFile(join(nginxDir, 'error.log'), 'utf8').catch(() => '')}`);
        const curl = (cwd: string, ...extra: string[]) => run('curl', ['--silent', '--show-error', '--write-out', '\n%{http_code}', '--cacert', 'ca.pem', ...extra, `https://localhost:${port}/`], { cwd });
        const ok = await curl(clientDir, '--cert', 'fullchain.pem', '--key', 'key.pem');
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /^hello CN=billing-worker \(SUCCESS\)\n\n200$/);
        const anonymous = await curl(clientDir);
        assert.match(anonymous.stdout, /400 No required SSL certificate was sent[\s\S]*\n400$/);
        const stranger = await curl(strangerDir, '--cert', 'fullchain.pem', '--key', 'key.pem');
        assert.match(stranger.stdout, /400 The SSL certificate error[\s\S]*\n400$/);
      } finally {
        child.kill();
        await once(child, 'exit').catch(() => undefined);
        await new Promise((resolve) => app.close(resolve));
      }
    });

    test('the curl command, run as written in the bundle folder, gets through the mTLS server', async () => {
      const command = snippet(snippets, 'curl').text;
      assert.match(command, /curl --cacert ca\.pem --cert fullchain\.pem --key key\.pem https:\/\/127\.0\.0\.1:\d+\//);
      const result = await run('sh', ['-c', command], { cwd: clientDir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'hello, billing-worker\n');
      // Without the client certificate the server refuses.
      const refused = await run('curl', ['--silent', '--cacert', 'ca.pem', `https://127.0.0.1:${port}/`], { cwd: clientDir });
      assert.notEqual(refused.code, 0);
    });

    test('the openssl s_client command completes a verified mTLS handshake', async () => {
      const command = snippet(snippets, 'openssl-s-client').text;
      assert.match(command, /-verify_ip 127\.0\.0\.1 -CAfile ca\.pem -cert cert\.pem -cert_chain chain\.pem -key key\.pem -verify_return_error/);
      const result = await run('sh', ['-c', command], { cwd: clientDir });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stderr, /Verification: OK/);
    });

    test('Go: the server and client programs build and talk mTLS on 127.0.0.1 (when go is installed)', { timeout: 120_000 }, async (t) => {
      if (!(await peerTool('go'))) return t.skip('go is not installed (golang-go): Go snippets not compiled');
      const goDir = join(dir, 'go');
      const env = { ...process.env, GOFLAGS: '', GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOPROXY: 'off' };
      const build = async (name: string, source: string) => {
        const pkg = join(goDir, name);
        await mkdir(pkg, { recursive: true });
        await writeFile(join(pkg, 'go.mod'), `module example.com/${name}\n\ngo 1.18\n`);
        await writeFile(join(pkg, 'main.go'), source);
        const built = await run('go', ['build', '-o', join(goDir, `${name}.bin`), '.'], { cwd: pkg, env, timeout: 90_000 });
        assert.equal(built.code, 0, `${name}: ${built.stderr}`);
        return join(goDir, `${name}.bin`);
      };
      const goSnippets = buildSnippets({ serviceName: 'api', host: '127.0.0.1', port: 8443, files: serverFiles, directory: serverDir });
      const clientSnippets = buildSnippets({ serviceName: 'billing-worker', host: '127.0.0.1', port: 8443, files: clientFiles });
      const [staticServer, reloadServer, goClient] = await Promise.all([
        build('server', snippet(goSnippets, 'go-server').text),
        build('reload', snippet(goSnippets, 'go-server-reload').text),
        build('client', snippet(clientSnippets, 'go-client').text),
      ]);
      // gofmt-clean, and vet-clean where the program is complete; the gRPC fragments at least parse.
      for (const s of goSnippets.filter((x) => x.language === 'go')) {
        const file = join(goDir, `${s.id}.go`);
        await writeFile(file, s.complete ? s.text : `package snippet\n\n${s.text}`);
        const fmt = await run('gofmt', ['-l', '-e', file], { env });
        assert.equal(fmt.code, 0, `${s.id}: ${fmt.stderr}`);
        assert.equal(fmt.stdout, '', `${s.id} is not gofmt-formatted`);
      }
      for (const name of ['server', 'reload', 'client']) {
        const vet = await run('go', ['vet', '.'], { cwd: join(goDir, name), env, timeout: 60_000 });
        assert.equal(vet.code, 0, `${name}: ${vet.stderr}`);
      }
      const servedSerial = async (goPort: number) => {
        const shown = await run('sh', ['-c', `openssl s_client -connect 127.0.0.1:${goPort} -CAfile ca.pem -cert cert.pem -cert_chain chain.pem -key key.pem -verify_return_error </dev/null 2>/dev/null | openssl x509 -noout -serial`], { cwd: clientDir });
        assert.equal(shown.code, 0, shown.stderr);
        return shown.stdout.trim();
      };
      // The reloading server, given a renewed certificate (files replaced by rename), serves it without a restart.
      const proveReload = async (goPort: number) => {
        const before = await servedSerial(goPort);
        assert.equal(before, `serial=${new X509.X509Certificate(new Uint8Array(server.leafDer)).serialNumber.toUpperCase()}`);
        const renewed = await makeLeaf(pki, 'server', 'api.export.test');
        const files = pemSet({ leafDer: renewed.leafDer, intermediatesDer: [pki.intermediateDer], rootDer: pki.rootDer, privateKeyPkcs8: renewed.pkcs8 });
        const staging = await writeBundle(join(dir, 'renewed'), files);
        // Both files change between two handshakes; mtimes are bumped so a coarse clock still differs.
        const later = new Date(Date.now() + 5_000);
        for (const name of ['key.pem', 'fullchain.pem']) {
          await utimes(join(staging, name), later, later);
          await rename(join(staging, name), join(reloadDir, name));
        }
        assert.equal(await servedSerial(goPort), `serial=${new X509.X509Certificate(new Uint8Array(renewed.leafDer)).serialNumber.toUpperCase()}`);
        const called = await run(goClient, ['-url', `https://127.0.0.1:${goPort}/`, '-dir', clientDir]);
        assert.equal(called.stdout, 'hello, billing-worker\n', called.stderr);
      };
      const reloadDir = await writeBundle(join(dir, 'reload-bundle'), serverFiles);
      for (const binary of [staticServer, reloadServer]) {
        const goPort = await freePort();
        const child: ChildProcess = spawn(binary, ['-addr', `127.0.0.1:${goPort}`, '-dir', binary === reloadServer ? reloadDir : serverDir], { stdio: ['ignore', 'ignore', 'pipe'] });
        try {
          let log = '';
          child.stderr!.on('data', (d) => (log += d));
          for (let i = 0; i < 50 && !log.includes('listening'); i++) await new Promise((r) => setTimeout(r, 100));
          assert.match(log, /listening/);
          const called = await run(goClient, ['-url', `https://127.0.0.1:${goPort}/`, '-dir', clientDir]);
          assert.equal(called.code, 0, called.stderr + log);
          assert.equal(called.stdout, 'hello, billing-worker\n');
          // The server also refuses a client without a certificate (curl with only ca.pem)…
          const anonymous = await run('curl', ['--silent', '--cacert', join(clientDir, 'ca.pem'), `https://127.0.0.1:${goPort}/`]);
          assert.notEqual(anonymous.code, 0);
          // …and the Go client itself when its certificate comes from another CA, in Go's words.
          const stranger = await run(goClient, ['-url', `https://127.0.0.1:${goPort}/`, '-dir', strangerDir]);
          assert.notEqual(stranger.code, 0, stranger.stdout);
          assert.match(stranger.stderr, /tls: (unknown certificate authority|bad certificate)/);
          assert.equal(stranger.stdout, '');
          if (binary === reloadServer) await proveReload(goPort);
        } finally {
          child.kill();
          await once(child, 'exit').catch(() => undefined);
        }
      }
    });
  });

  test('decodeObjects reads every exported PEM file back', () => {
    for (const f of serverFiles.filter((f) => typeof f.contents === 'string')) assert.ok(decodeObjects(f.contents as string).length >= 1, f.name);
  });
});
