/**
 * PKCS#12 export and import, judged by real peers: OpenSSL 3, GnuTLS certtool and Node's TLS.
 * A root → intermediate → leaf chain made by the engine is exported for both targets; the peers
 * must open each file, recover the same private key and see the friendly name and the chain. The
 * importer must open our files and files written by `openssl pkcs12 -export` in its several modes.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, connect, createServer, type TLSSocket } from 'node:tls';
import { before, describe, test } from 'node:test';
import {
  buildPkcs12,
  NotPkcs12Error,
  Pkcs12PasswordRequiredError,
  readPkcs12,
  WrongPasswordError,
  type Pkcs12Target,
} from '../../electron/engine/export/pkcs12.js';
import { issueIntermediate, issueLeaf, type Issuer } from '../../electron/engine/issue.js';
import { exportPkcs8, exportSpki, generateKeyPair } from '../../electron/engine/keys.js';
import { toPem } from '../../electron/engine/pem.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const crypto = globalThis.crypto;
const PASSWORD = 'correct horse battery staple';
const FRIENDLY_NAME = 'orders.example.test (Certwright)';
const SETTINGS = { defaultValidityDays: 365, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 };
const DAY_MS = 86_400_000;

interface Material {
  dir: string;
  passFile: string;
  wrongPassFile: string;
  leafDer: Uint8Array;
  intermediateDer: Uint8Array;
  rootDer: Uint8Array;
  leafPkcs8: Uint8Array;
  leafFile: string;
  rootFile: string;
  chainFile: string;
  keyFile: string;
  /** `openssl pkey -pubout` of the leaf's key: what every recovered key must reproduce. */
  publicKeyPem: string;
  p12: Record<Pkcs12Target, { der: Uint8Array; file: string; buildMs: number }>;
}

const m = {} as Material;

const count = (text: string, needle: string) => text.split(needle).length - 1;
const pemBlock = (text: string, label: RegExp) => text.match(new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]*?-----END \\1-----\\n`))?.[0];
const publicKeyOfPkcs8 = (pkcs8: Uint8Array) =>
  createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ format: 'pem', type: 'spki' }) as string;

async function pubout(dir: string, name: string, keyPem: string): Promise<string> {
  const file = await writeTemp(dir, name, keyPem);
  const result = await runPeer('openssl', ['pkey', '-in', file, '-pubout']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

async function subjectOf(der: Uint8Array): Promise<string> {
  return new X509.X509Certificate(new Uint8Array(der)).subject;
}

describe('PKCS#12 export and import against OpenSSL 3, GnuTLS and Node', async () => {
  // Made in the suite body: tempDir's cleanup then runs when the file finishes, not after a hook.
  m.dir = await tempDir('certwright-p12-');
  before(async () => {
    const now = Date.now();
    const root = await createRootAuthority(
      { subject: { commonName: 'P12 Interop Root', organization: 'Certwright Tests' }, keyAlgorithm: 'p256', validityDays: 365, pathLength: 1, now: new Date(now) },
      crypto,
    );
    const rootIssuer: Issuer = { chain: [root.certificate], signer: { privateKey: root.privateKey, algorithm: 'p256' }, settings: SETTINGS };
    const intermediateKeys = await generateKeyPair('p256', crypto);
    const intermediate = await issueIntermediate(
      {
        subject: { commonName: 'P12 Interop Issuing CA', organization: 'Certwright Tests' },
        subjectPublicKeyInfo: await exportSpki(intermediateKeys.publicKey, crypto),
        pathLength: 0,
        nameConstraints: null,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 300 * DAY_MS),
      },
      rootIssuer,
      crypto,
    );
    const intermediateCert = new X509.X509Certificate(intermediate.der);
    const issuer: Issuer = { chain: [intermediateCert, root.certificate], signer: { privateKey: intermediateKeys.privateKey, algorithm: 'p256' }, settings: SETTINGS };
    // An RSA leaf: what the old Java/Windows targets of the legacy format most often hold.
    const leafKeys = await generateKeyPair('rsa2048', crypto);
    const leaf = await issueLeaf(
      {
        profile: 'peer',
        subject: { commonName: 'orders.example.test' },
        sans: [{ type: 'dns', value: 'orders.example.test' }, { type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }],
        subjectPublicKeyInfo: await exportSpki(leafKeys.publicKey, crypto),
        keyFamily: 'rsa',
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 30 * DAY_MS),
      },
      issuer,
      crypto,
    );
    m.leafDer = leaf.der;
    m.intermediateDer = intermediate.der;
    m.rootDer = new Uint8Array(root.certificate.rawData);
    m.leafPkcs8 = await exportPkcs8(leafKeys.privateKey, crypto);
    m.leafFile = await writeTemp(m.dir, 'leaf.pem', toPem('CERTIFICATE', m.leafDer));
    m.rootFile = await writeTemp(m.dir, 'root.pem', toPem('CERTIFICATE', m.rootDer));
    m.chainFile = await writeTemp(m.dir, 'chain.pem', toPem('CERTIFICATE', m.intermediateDer) + toPem('CERTIFICATE', m.rootDer));
    m.keyFile = await writeTemp(m.dir, 'leaf.key', toPem('PRIVATE KEY', m.leafPkcs8));
    m.passFile = await writeTemp(m.dir, 'pass.txt', PASSWORD);
    m.wrongPassFile = await writeTemp(m.dir, 'wrong.txt', 'Correct horse battery staple');
    m.publicKeyPem = await pubout(m.dir, 'leaf-original.key', toPem('PRIVATE KEY', m.leafPkcs8));
    m.p12 = {} as Material['p12'];
    for (const target of ['modern', 'legacy'] as const) {
      const started = performance.now();
      const der = await buildPkcs12(
        { certificateDer: m.leafDer, chainDer: [m.intermediateDer, m.rootDer], privateKeyPkcs8: m.leafPkcs8, password: PASSWORD, friendlyName: FRIENDLY_NAME, target },
        crypto,
      );
      const buildMs = performance.now() - started;
      m.p12[target] = { der, file: await writeTemp(m.dir, `${target}.p12`, der), buildMs };
    }
  });

  describe('export', () => {
    test('modern: OpenSSL 3 opens it without -legacy and sees PBES2/AES-256, the friendly name and the whole chain', async () => {
      const info = await runPeer('openssl', ['pkcs12', '-info', '-nokeys', '-in', m.p12.modern.file, '-passin', `file:${m.passFile}`]);
      assert.equal(info.code, 0, info.stderr);
      const all = info.stdout + info.stderr;
      assert.match(all, /MAC: sha256/);
      assert.match(all, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256/);
      assert.match(all, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256/);
      assert.match(all, new RegExp(`friendlyName: ${FRIENDLY_NAME.replace(/[.()]/g, '\\$&')}`));
      assert.match(all, /localKeyID: [0-9A-F ]+/);
      assert.equal(count(info.stdout, '-----BEGIN CERTIFICATE-----'), 3);
      for (const der of [m.leafDer, m.intermediateDer, m.rootDer]) assert.ok(info.stdout.includes(toPem('CERTIFICATE', der)), `${await subjectOf(der)} is missing`);
    });

    test('legacy: 3DES + SHA-1 MAC; OpenSSL 3 opens it with -legacy and (3DES being in its default provider) without', async () => {
      for (const extra of [['-legacy'], []]) {
        const info = await runPeer('openssl', ['pkcs12', ...extra, '-info', '-nokeys', '-in', m.p12.legacy.file, '-passin', `file:${m.passFile}`]);
        assert.equal(info.code, 0, `${extra.join(' ')}: ${info.stderr}`);
        const all = info.stdout + info.stderr;
        assert.match(all, /MAC: sha1, Iteration 2048/);
        assert.match(all, /PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
        assert.match(all, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
        assert.match(all, /friendlyName: orders\.example\.test \(Certwright\)/);
        assert.equal(count(info.stdout, '-----BEGIN CERTIFICATE-----'), 3);
      }
    });

    for (const target of ['modern', 'legacy'] as const) {
      test(`${target}: openssl pkcs12 -nodes recovers the leaf's own private key and certificate`, async () => {
        const out = await runPeer('openssl', ['pkcs12', '-nodes', '-in', m.p12[target].file, '-passin', `file:${m.passFile}`]);
        assert.equal(out.code, 0, out.stderr);
        const key = pemBlock(out.stdout, /PRIVATE KEY/);
        assert.ok(key, 'no private key in the output');
        assert.equal(await pubout(m.dir, `${target}-openssl.key`, key), m.publicKeyPem);
        const clcerts = await runPeer('openssl', ['pkcs12', '-nokeys', '-clcerts', '-in', m.p12[target].file, '-passin', `file:${m.passFile}`]);
        assert.equal(clcerts.code, 0, clcerts.stderr);
        assert.equal(count(clcerts.stdout, '-----BEGIN CERTIFICATE-----'), 1, 'exactly one certificate is tied to the key');
        assert.ok(clcerts.stdout.includes(toPem('CERTIFICATE', m.leafDer)), 'the leaf is the one tied to the key (localKeyId)');
      });

      test(`${target}: openssl refuses the wrong password`, async () => {
        const out = await runPeer('openssl', ['pkcs12', '-info', '-nokeys', '-in', m.p12[target].file, '-passin', `file:${m.wrongPassFile}`]);
        assert.notEqual(out.code, 0);
        assert.match(out.stderr + out.stdout, /Mac verify error: invalid password\?/);
      });

      test(`${target}: certtool verifies the MAC, decrypts the certificates and the shrouded key`, async () => {
        const info = await runPeer('certtool', ['--p12-info', '--inder', '--infile', m.p12[target].file, '--password', PASSWORD]);
        assert.equal(info.code, 0, info.stderr + info.stdout);
        assert.doesNotMatch(info.stdout + info.stderr, /verify_mac|Decryption has failed|error/i);
        assert.match(info.stdout, /Decrypting\.\.\.\s+Elements: 3/);
        assert.equal(count(info.stdout, 'Type: Certificate'), 3);
        assert.match(info.stdout, /Type: PKCS #8 Encrypted key/);
        assert.equal(count(info.stdout, `Friendly name: ${FRIENDLY_NAME}`), 2, 'on the key bag and the leaf certificate bag');
        for (const der of [m.leafDer, m.intermediateDer, m.rootDer]) assert.ok(info.stdout.includes(toPem('CERTIFICATE', der).trim()));
        // GnuTLS decrypts the shrouded key itself (it needs the primitive OCTET STRING we write).
        const encrypted = pemBlock(info.stdout, /ENCRYPTED PRIVATE KEY/);
        assert.ok(encrypted, 'certtool printed no encrypted key');
        const keyFile = await writeTemp(m.dir, `${target}-certtool-encrypted.pem`, encrypted);
        const key = await runPeer('certtool', ['--key-info', '--pkcs8', '--password', PASSWORD, '--infile', keyFile]);
        assert.equal(key.code, 0, key.stderr);
        const plain = pemBlock(key.stdout, /(?:RSA )?PRIVATE KEY/);
        assert.ok(plain, 'certtool did not print the decrypted key');
        assert.equal(await pubout(m.dir, `${target}-certtool.key`, plain), m.publicKeyPem);

        const wrong = await runPeer('certtool', ['--p12-info', '--inder', '--infile', m.p12[target].file, '--password', 'not the password']);
        assert.notEqual(wrong.code, 0);
        assert.match(wrong.stdout + wrong.stderr, /verify_mac: The Message Authentication Code verification failed/);
      });
    }

    test('Node tls takes the modern file as pfx and serves the leaf with its chain in a real handshake', async () => {
      assert.doesNotThrow(() => createSecureContext({ pfx: Buffer.from(m.p12.modern.der), passphrase: PASSWORD }));
      assert.throws(() => createSecureContext({ pfx: Buffer.from(m.p12.modern.der), passphrase: 'wrong' }), /mac verify failure|decrypt/i);
      const server = createServer({ pfx: Buffer.from(m.p12.modern.der), passphrase: PASSWORD }, (socket) => socket.end('hello'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as { port: number }).port;
        const ca = await readFile(m.rootFile, 'utf8');
        const reply = await new Promise<{ text: string; peerChain: number }>((resolve, reject) => {
          const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca, servername: 'orders.example.test' }, () => {
            let depth = 0;
            for (let cert = socket.getPeerCertificate(true); cert && depth < 5; cert = cert.issuerCertificate === cert ? (undefined as never) : cert.issuerCertificate) depth++;
            let text = '';
            socket.on('data', (chunk) => (text += chunk));
            socket.on('end', () => resolve({ text, peerChain: depth }));
          });
          socket.on('error', reject);
        });
        // The client trusts only the root: the handshake succeeds only if the server sent the
        // intermediate it found in the pfx.
        assert.equal(reply.text, 'hello');
        assert.ok(reply.peerChain >= 2, 'the server sent the intermediate from the pfx');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    test('a non-ASCII password means the same thing to us, OpenSSL and certtool (UTF-8 for PBES2, BMPString for the KDF)', async () => {
      const password = 'pässwörd €';
      const passFile = await writeTemp(m.dir, 'unicode-pass.txt', password);
      for (const target of ['modern', 'legacy'] as const) {
        const der = await buildPkcs12({ certificateDer: m.leafDer, chainDer: [], privateKeyPkcs8: m.leafPkcs8, password, friendlyName: 'ünïcode', target, iterations: 2048 }, crypto);
        const file = await writeTemp(m.dir, `unicode-${target}.p12`, der);
        const out = await runPeer('openssl', ['pkcs12', '-nodes', '-in', file, '-passin', `file:${passFile}`]);
        assert.equal(out.code, 0, `${target}: ${out.stderr}`);
        assert.equal(await pubout(m.dir, `unicode-${target}.key`, pemBlock(out.stdout, /PRIVATE KEY/) ?? ''), m.publicKeyPem);
        const info = await runPeer('certtool', ['--p12-info', '--inder', '--infile', file, '--password', password]);
        assert.equal(info.code, 0, `${target}: ${info.stdout}${info.stderr}`);
        assert.match(info.stdout, /Friendly name: ünïcode/);
      }
      const file = `${m.dir}/unicode-openssl.p12`;
      const made = await runPeer('openssl', ['pkcs12', '-export', '-in', m.leafFile, '-inkey', m.keyFile, '-out', file, '-passout', `file:${passFile}`]);
      assert.equal(made.code, 0, made.stderr);
      const opened = await readPkcs12(new Uint8Array(await readFile(file)), password, crypto);
      assert.equal(publicKeyOfPkcs8(opened.privateKeys[0]!), m.publicKeyPem);
    });

    test('blank passwords are refused for both targets, with a message for a person', async () => {
      for (const target of ['modern', 'legacy'] as const) {
        await assert.rejects(
          buildPkcs12({ certificateDer: m.leafDer, chainDer: [], privateKeyPkcs8: m.leafPkcs8, password: '', friendlyName: 'x', target }, crypto),
          (error: unknown) => error instanceof Pkcs12PasswordRequiredError && /needs a password/.test(error.message),
        );
      }
    });
  });

  describe('import', () => {
    async function expectSame(der: Uint8Array, label: string, options: { friendlyName?: string; chain?: boolean } = {}) {
      const opened = await readPkcs12(der, PASSWORD, crypto);
      assert.equal(opened.privateKeys.length, 1, `${label}: one key`);
      assert.equal(publicKeyOfPkcs8(opened.privateKeys[0]!), m.publicKeyPem, `${label}: the same key`);
      const expected = options.chain === false ? [m.leafDer] : [m.leafDer, m.intermediateDer, m.rootDer];
      const hex = (list: Uint8Array[]) => list.map((d) => Buffer.from(d).toString('hex')).sort();
      assert.deepEqual(hex(opened.certificates), hex(expected), `${label}: the same certificates`);
      if (options.friendlyName) assert.deepEqual(opened.friendlyNames, [options.friendlyName], `${label}: friendly name`);
      return opened;
    }

    for (const target of ['modern', 'legacy'] as const) {
      test(`reads our own ${target} file and rejects its wrong password`, async () => {
        const opened = await expectSame(m.p12[target].der, target, { friendlyName: FRIENDLY_NAME });
        assert.deepEqual(opened.privateKeys[0], m.leafPkcs8, 'byte-identical PKCS#8');
        await assert.rejects(readPkcs12(m.p12[target].der, 'Correct horse battery staple', crypto), (e: unknown) => e instanceof WrongPasswordError && /the password is wrong/.test(e.message));
      });
    }

    const OPENSSL_EXPORTS: ReadonlyArray<{ name: string; args: string[] }> = [
      { name: 'OpenSSL 3 default (PBES2 AES-256, SHA-256 MAC)', args: [] },
      { name: 'OpenSSL -legacy (RC2-40 certificates, 3DES key, SHA-1 MAC)', args: ['-legacy'] },
      { name: '-keypbe/-certpbe AES-256-CBC', args: ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC'] },
      { name: '3DES key, unencrypted certificates, SHA-512 MAC', args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'NONE', '-macalg', 'sha512'] },
      { name: 'RC2-128 certificates (legacy provider)', args: ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128'] },
    ];

    for (const variant of OPENSSL_EXPORTS) {
      test(`reads openssl pkcs12 -export: ${variant.name}`, async () => {
        const file = `${m.dir}/openssl-${OPENSSL_EXPORTS.indexOf(variant)}.p12`;
        const made = await runPeer('openssl', [
          'pkcs12', '-export', ...variant.args,
          '-in', m.leafFile, '-inkey', m.keyFile, '-certfile', m.chainFile,
          '-name', 'made by openssl', '-out', file, '-passout', `file:${m.passFile}`,
        ]);
        assert.equal(made.code, 0, made.stderr);
        const der = new Uint8Array(await readFile(file));
        await expectSame(der, variant.name, { friendlyName: 'made by openssl' });
        await assert.rejects(readPkcs12(der, 'wrong', crypto), WrongPasswordError);
        if (variant.args.includes('-legacy')) {
          // The contrast with our legacy target: RC2 lives in OpenSSL 3's legacy provider, so OpenSSL
          // itself cannot open this file without -legacy (ours, 3DES only, opens either way).
          const plain = await runPeer('openssl', ['pkcs12', '-info', '-nokeys', '-in', file, '-passin', `file:${m.passFile}`]);
          assert.notEqual(plain.code, 0);
          assert.match(plain.stderr, /RC2-(40|128)-CBC|unsupported/);
        }
      });
    }

    test('garbage, other DER and truncated files are "not a PKCS#12 file", not a wrong password', async () => {
      const samples: Array<[string, Uint8Array]> = [
        ['random bytes', crypto.getRandomValues(new Uint8Array(300))],
        ['empty', new Uint8Array(0)],
        ['a certificate', m.leafDer],
        ['PEM text', new TextEncoder().encode(toPem('CERTIFICATE', m.leafDer))],
        ['a truncated p12', m.p12.modern.der.slice(0, m.p12.modern.der.length - 40)],
      ];
      for (const [label, der] of samples) {
        await assert.rejects(readPkcs12(der, PASSWORD, crypto), (e: unknown) => {
          assert.ok(e instanceof NotPkcs12Error, `${label}: ${String(e)}`);
          assert.match(e.message, /not a PKCS#12/);
          return true;
        });
      }
    });

    test('timings', () => {
      const line = (['modern', 'legacy'] as const).map((t) => `${t} build ${m.p12[t].buildMs.toFixed(0)} ms`).join(', ');
      console.log(`# PKCS#12 ${line}`);
    });
  });
});
