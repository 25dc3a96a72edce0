/**
 * Certificate signing requests made by OpenSSL (`openssl req`), inspected and signed through the
 * router; and an offline intermediate whose CSR an OpenSSL-made outside root signs. What a CSR asks
 * for is shown, never copied blindly: the certificate carries the CSR's key and the reviewed names,
 * and OpenSSL verifies it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { leafRefusals, type CsrSummary } from '../../shared/domain/certificate.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { expectInvalid, extension, opensslVerify, publicKeyOf, requireExtension, x509Text, type Backend } from '../support/pki.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';

const words = (texts: readonly Msg[]): string[] => texts.map((m) => english(m));

const PASSPHRASE = 'csr interop passphrase';

const KEY_ARGS = {
  p256: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa2048: ['-newkey', 'rsa:2048'],
  rsa1024: ['-newkey', 'rsa:1024'],
  ed25519: ['-newkey', 'ed25519'],
} as const;

async function run(command: string, args: string[]) {
  const result = await runPeer(command, args);
  assert.equal(result.code, 0, `${command} ${args.join(' ')}\n${result.stderr}`);
  return result.stdout;
}

/** A PEM whose DER has one byte of the signature flipped (the last byte of the DER is signature). */
function flipLastSignatureByte(pem: string, label: string): string {
  const der = Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
  return toPem(label, der);
}

describe('CSRs made by openssl req', async () => {
  const dir = await tempDir();
  const backend: Backend = openBackend(await tempDir());
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'CSR Interop Root' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1 });
  const { authority: issuing } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'CSR Interop Intermediate' }, pathLength: 0 });

  /** `openssl req -new` with a fresh key; returns the CSR PEM text and the file names. */
  async function makeCsr(name: string, key: keyof typeof KEY_ARGS, subject: string, addext: string[] = []) {
    const csrFile = `${dir}/${name}.csr`;
    const keyFile = `${dir}/${name}.key`;
    await run('openssl', ['req', '-new', ...KEY_ARGS[key], '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', subject, ...addext.flatMap((e) => ['-addext', e])]);
    return { pem: await readFile(csrFile, 'utf8'), csrFile, keyFile };
  }

  async function writeIssued(name: string, id: string) {
    const detail = await backend.call('certificate.get', { id });
    return {
      detail,
      leaf: await writeTemp(dir, `${name}.pem`, detail.certificatePem),
      chain: await writeTemp(dir, `${name}-chain.pem`, detail.chainPem),
      root: await writeTemp(dir, `${name}-root.pem`, detail.rootPem),
    };
  }

  const server = await makeCsr('server-p256', 'p256', '/C=NL/O=Acme/OU=Web/CN=api.acme.test/emailAddress=ops@acme.test', [
    'subjectAltName=DNS:api.acme.test,DNS:www.acme.test,IP:10.0.0.9,DNS:evil.example.net',
    'extendedKeyUsage=serverAuth,codeSigning',
    'keyUsage=critical,digitalSignature,nonRepudiation',
    'nsComment=please copy this comment',
    '1.3.6.1.4.1.55555.1=ASN1:UTF8String:custom extension',
  ]);
  const client = await makeCsr('client-rsa', 'rsa2048', '/O=Acme/CN=billing', ['subjectAltName=URI:spiffe://acme.test/billing', 'extendedKeyUsage=clientAuth']);
  const peer = await makeCsr('peer-ed25519', 'ed25519', '/CN=mesh.acme.test', ['subjectAltName=DNS:mesh.acme.test', 'extendedKeyUsage=serverAuth,clientAuth']);

  test('csr.inspect shows subject, SANs, key, a valid signature and the profile the EKU suggests', async () => {
    const summary = await backend.call('csr.inspect', { csr: server.pem });
    assert.deepEqual(summary.subject, { commonName: 'api.acme.test', organization: 'Acme', organizationalUnit: 'Web', country: 'NL' });
    assert.match(summary.subjectDn, /CN=api\.acme\.test/);
    assert.deepEqual(summary.sans, [
      { type: 'dns', value: 'api.acme.test' },
      { type: 'dns', value: 'www.acme.test' },
      { type: 'ip', value: '10.0.0.9' },
      { type: 'dns', value: 'evil.example.net' },
    ]);
    assert.deepEqual(summary.key, { algorithm: 'p256', label: 'ECDSA P-256' });
    assert.equal(summary.signatureValid, true);
    assert.deepEqual(summary.refusals, []);
    assert.equal(summary.suggestedProfile, 'server');
    const notes = words(summary.notes);
    assert.ok(notes.some((n) => /key usages are not copied/i.test(n)), notes.join(' | '));
    assert.ok(notes.some((n) => /not copied/.test(n) && /emailAddress|E\b|1\.2\.840\.113549\.1\.9\.1/.test(n)), `the e-mail attribute is named as not copied: ${notes.join(' | ')}`);
    // Every requested extension is shown, the unknown ones too.
    const oids = summary.requestedExtensions.map((e) => e.oid);
    for (const oid of ['2.5.29.17', '2.5.29.37', '2.5.29.15', '2.16.840.1.113730.1.13', '1.3.6.1.4.1.55555.1']) assert.ok(oids.includes(oid), `${oid} in ${oids.join(', ')}`);

    const rsa: CsrSummary = await backend.call('csr.inspect', { csr: client.pem });
    assert.deepEqual(rsa.key, { algorithm: 'rsa2048', label: 'RSA 2048' });
    assert.deepEqual(rsa.subject, { commonName: 'billing', organization: 'Acme' });
    assert.deepEqual(rsa.sans, [{ type: 'uri', value: 'spiffe://acme.test/billing' }]);
    assert.equal(rsa.signatureValid, true);
    assert.equal(rsa.suggestedProfile, 'client');

    const ed = await backend.call('csr.inspect', { csr: peer.pem });
    assert.deepEqual(ed.key, { algorithm: 'ed25519', label: 'Ed25519' });
    assert.equal(ed.signatureValid, true);
    assert.equal(ed.suggestedProfile, 'peer');
    assert.deepEqual(ed.refusals, []);

    const plain = await makeCsr('plain', 'p256', '/CN=plain.acme.test');
    const none = await backend.call('csr.inspect', { csr: plain.pem });
    assert.equal(none.suggestedProfile, null, 'no EKU requested: no suggestion');
    assert.deepEqual(none.sans, []);

    // Base64 of the DER (what the window sends for a binary .der file) reads the same.
    const fromDer = await backend.call('csr.inspect', { csr: Buffer.from(await readFile(await derFile(server.csrFile))).toString('base64') });
    assert.deepEqual(fromDer, summary);
  });

  async function derFile(csrFile: string): Promise<string> {
    const out = `${csrFile}.der`;
    await run('openssl', ['req', '-in', csrFile, '-outform', 'DER', '-out', out]);
    return out;
  }

  test('csr.sign uses the reviewed names and the CSR key, and copies no requested extension', async () => {
    // The reviewer drops the e-mail attribute and the foreign SAN, and keeps the rest.
    const signed = await backend.call('csr.sign', {
      csr: server.pem,
      authorityId: issuing.id,
      profile: 'server',
      subject: { commonName: 'api.acme.test', organization: 'Acme', country: 'NL' },
      sans: [
        { type: 'dns', value: 'api.acme.test' },
        { type: 'dns', value: 'www.acme.test' },
        { type: 'ip', value: '10.0.0.9' },
      ],
      validity: { days: 30 },
    });
    assert.equal(signed.certificate.hasPrivateKey, false);
    assert.deepEqual(signed.certificate.key, { algorithm: 'p256', label: 'ECDSA P-256' });
    const files = await writeIssued('signed-server', signed.certificate.id);

    const verdict = await opensslVerify({ caFile: files.root, untrusted: files.chain, purpose: 'sslserver' }, files.leaf);
    assert.ok(verdict.ok, verdict.output);
    assert.equal(await publicKeyOf('x509', files.leaf), await publicKeyOf('req', server.csrFile), 'the certificate carries the CSR key');

    const text = await x509Text(files.leaf);
    assert.match(text, /Subject: C = NL, O = Acme, CN = api\.acme\.test\n/, 'the reviewed subject, without OU and e-mail');
    assert.equal(requireExtension(text, 'X509v3 Subject Alternative Name').value, 'DNS:api.acme.test, DNS:www.acme.test, IP Address:10.0.0.9');
    assert.deepEqual(requireExtension(text, 'X509v3 Extended Key Usage'), { critical: false, value: 'TLS Web Server Authentication' }, 'no Code Signing');
    assert.deepEqual(requireExtension(text, 'X509v3 Key Usage'), { critical: true, value: 'Digital Signature' }, 'no Non Repudiation');
    assert.equal(extension(text, 'Netscape Comment'), null);
    assert.doesNotMatch(text, /1\.3\.6\.1\.4\.1\.55555\.1|custom extension|please copy/);
    assert.doesNotMatch(text, /evil\.example\.net|ops@acme\.test/);

    // The key in the signed certificate is usable with the CSR's private key.
    const pair = await runPeer('openssl', ['pkey', '-in', server.keyFile, '-pubout']);
    assert.equal(pair.stdout, await publicKeyOf('x509', files.leaf));
  });

  test('csr.sign of an RSA client CSR and an Ed25519 peer CSR: openssl verifies each for its purpose', async () => {
    const rsa = await backend.call('csr.sign', { csr: client.pem, authorityId: issuing.id, profile: 'client', subject: { commonName: 'billing', organization: 'Acme' }, sans: [{ type: 'uri', value: 'spiffe://acme.test/billing' }] });
    const rsaFiles = await writeIssued('signed-client', rsa.certificate.id);
    const ok = await opensslVerify({ caFile: rsaFiles.root, untrusted: rsaFiles.chain, purpose: 'sslclient' }, rsaFiles.leaf);
    assert.ok(ok.ok, ok.output);
    const wrong = await opensslVerify({ caFile: rsaFiles.root, untrusted: rsaFiles.chain, purpose: 'sslserver' }, rsaFiles.leaf);
    assert.equal(wrong.ok, false);
    assert.equal(await publicKeyOf('x509', rsaFiles.leaf), await publicKeyOf('req', client.csrFile));
    assert.deepEqual(requireExtension(await x509Text(rsaFiles.leaf), 'X509v3 Key Usage'), { critical: true, value: 'Digital Signature, Key Encipherment' });

    const ed = await backend.call('csr.sign', { csr: peer.pem, authorityId: issuing.id, profile: 'peer', subject: { commonName: 'mesh.acme.test' }, sans: [{ type: 'dns', value: 'mesh.acme.test' }] });
    const edFiles = await writeIssued('signed-peer', ed.certificate.id);
    for (const purpose of ['sslserver', 'sslclient']) {
      const verdict = await opensslVerify({ caFile: edFiles.root, untrusted: edFiles.chain, purpose }, edFiles.leaf);
      assert.ok(verdict.ok, `${purpose}: ${verdict.output}`);
    }
    assert.equal(await publicKeyOf('x509', edFiles.leaf), await publicKeyOf('req', peer.csrFile));
  });

  test('refused as a leaf: a CSR that asks to be a CA, for Certificate Sign, or with an RSA 1024 key', async () => {
    const before = await backend.call('certificate.list');
    // Asking to be a CA is no refusal of the request (it can be signed as a sub-CA, byo-pki), but never as a leaf.
    const cases = [
      { name: 'ca-true', key: 'p256', ext: ['basicConstraints=critical,CA:TRUE,pathlen:3'], message: /asks to be a CA \(Basic Constraints CA:TRUE or Certificate Sign\): sign it as a sub-CA/, caRequest: { pathLength: 3 } },
      { name: 'cert-sign', key: 'p256', ext: ['keyUsage=critical,keyCertSign,cRLSign'], message: /asks to be a CA \(Basic Constraints CA:TRUE or Certificate Sign\)/, caRequest: { pathLength: null } },
      { name: 'rsa1024', key: 'rsa1024', ext: [], message: /RSA 1024: keys under 2048 bits are refused/, caRequest: null },
    ] as const;
    for (const c of cases) {
      const csr = await makeCsr(c.name, c.key, `/CN=${c.name}.acme.test`, [...c.ext, `subjectAltName=DNS:${c.name}.acme.test`]);
      const summary = await backend.call('csr.inspect', { csr: csr.pem });
      assert.equal(summary.signatureValid, true, c.name);
      assert.deepEqual(summary.caRequest, c.caRequest, c.name);
      assert.ok(words(leafRefusals(summary)).some((r) => c.message.test(r)), `${c.name}: ${words(leafRefusals(summary)).join(' | ')}`);
      await expectInvalid(backend, 'csr.sign', { csr: csr.pem, authorityId: issuing.id, profile: 'server', subject: { commonName: `${c.name}.acme.test` }, sans: [{ type: 'dns', value: `${c.name}.acme.test` }] }, 'csr', c.message);
    }
    assert.deepEqual(await backend.call('certificate.list'), before, 'nothing was stored');
  });

  test('refused: a CSR whose signature was altered (openssl agrees it is broken)', async () => {
    for (const [name, csr] of [['p256', server], ['rsa', client], ['ed25519', peer]] as const) {
      const broken = flipLastSignatureByte(csr.pem, 'CERTIFICATE REQUEST');
      const brokenFile = await writeTemp(dir, `broken-${name}.csr`, broken);
      // OpenSSL 3.0 exits 0 either way; its words are the verdict.
      const original = await runPeer('openssl', ['req', '-in', csr.csrFile, '-noout', '-verify']);
      assert.match(original.stdout + original.stderr, /self-signature verify OK/);
      const peerVerdict = await runPeer('openssl', ['req', '-in', brokenFile, '-noout', '-verify']);
      assert.match(peerVerdict.stdout + peerVerdict.stderr, /self-signature verify failure/, `openssl should reject the altered ${name} CSR`);

      const summary = await backend.call('csr.inspect', { csr: broken });
      assert.equal(summary.signatureValid, false, name);
      assert.ok(words(summary.refusals).some((r) => /self-signature does not verify/.test(r)), `${name}: ${words(summary.refusals).join(' | ')}`);
      await expectInvalid(backend, 'csr.sign', { csr: broken, authorityId: issuing.id, profile: 'peer', subject: { commonName: 'x' }, sans: [{ type: 'dns', value: 'x.acme.test' }] }, 'csr', /self-signature does not verify/);
    }
  });

  test('unreadable input gets a specific message', async () => {
    const certificatePem = (await backend.call('authority.get', { id: root.id })).certificatePem;
    const truncated = server.pem.slice(0, Math.floor(server.pem.length / 2));
    const lines = server.pem.trim().split('\n');
    const hollowed = [lines[0], ...lines.slice(1, -1).slice(0, 3), lines.at(-1)].join('\n');
    const cases: Array<[string, string, RegExp]> = [
      ['garbage', 'this is not a CSR, just text!', /neither PEM text nor base64-encoded DER/],
      ['base64 of something else', Buffer.from('hello, world').toString('base64'), /not DER: a DER structure starts with a SEQUENCE/],
      ['a certificate', certificatePem, /This is a certificate, not a certificate signing request/],
      ['a private key', await readFile(server.keyFile, 'utf8'), /PRIVATE KEY block, not a certificate signing request/],
      ['a truncated PEM', truncated, /truncated: its END line is missing/],
      ['a PEM with lines cut out', hollowed, /not a valid PKCS#10 certificate signing request/],
      ['two CSRs', server.pem + client.pem, /one certificate signing request at a time/],
    ];
    for (const [what, text, message] of cases) {
      const error = await expectInvalid(backend, 'csr.inspect', { csr: text }, 'csr', message);
      assert.doesNotMatch(error.message, /undefined|\[object|Error:/, `${what}: ${error.message}`);
      await expectInvalid(backend, 'csr.sign', { csr: text, authorityId: issuing.id, profile: 'client', subject: { commonName: 'x' } }, 'csr', message);
    }
  });
});

describe('an offline intermediate signed by an openssl-made outside root', async () => {
  const dir = await tempDir();
  const backend: Backend = openBackend(await tempDir());
  await backend.call('vault.create', { passphrase: PASSPHRASE });

  /** An outside root made by openssl with the given basicConstraints. */
  async function outsideRoot(name: string, basicConstraints: string) {
    const cnf = await writeTemp(dir, `${name}.cnf`, [
      '[req]', 'distinguished_name = dn', 'x509_extensions = v3', 'prompt = no',
      '[dn]', 'O = Outside Corp', `CN = ${name}`,
      '[v3]', `basicConstraints = ${basicConstraints}`, 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always',
    ].join('\n'));
    const pem = `${dir}/${name}.pem`;
    const key = `${dir}/${name}.key`;
    await run('openssl', ['req', '-x509', '-config', cnf, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', pem, '-days', '3650']);
    return { pem, key, text: await readFile(pem, 'utf8') };
  }

  /** `openssl x509 -req` signs a CSR under the outside root with the given extensions. */
  async function outsideSign(name: string, csrPem: string, ca: { pem: string; key: string }, extensions: string[]) {
    const csr = await writeTemp(dir, `${name}.csr`, csrPem);
    const extfile = await writeTemp(dir, `${name}.ext`, extensions.join('\n'));
    const out = `${dir}/${name}.pem`;
    const serial = `0x${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(12))).toString('hex')}`;
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.pem, '-CAkey', ca.key, '-set_serial', serial, '-days', '730', '-extfile', extfile, '-out', out]);
    return readFile(out, 'utf8');
  }

  const CA_EXTENSIONS = ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,digitalSignature,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always'];
  const extRoot = await outsideRoot('Outside Offline Root', 'critical,CA:TRUE');

  test('createPending → outside signature → activate → issue; openssl verifies the leaf to the outside root', async () => {
    const pending = await backend.call('authority.createPending', { subject: { commonName: 'Offline Issuing CA', organization: 'Certwright Tests' }, keyAlgorithm: 'p256', pathLength: 0 });
    assert.equal(pending.authority.state, 'pending');
    const csrFile = await writeTemp(dir, 'pending.csr', pending.csrPem);
    const reqText = await run('openssl', ['req', '-in', csrFile, '-noout', '-verify', '-text']);
    assert.match(reqText, /X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    assert.match(reqText, /Subject: O = Certwright Tests, CN = Offline Issuing CA/);

    // Before activation it cannot issue.
    await expectInvalid(backend, 'certificate.issue', { authorityId: pending.authority.id, profile: 'client', subject: { commonName: 'early' } }, 'authorityId', /waiting for its signed certificate/);

    const intermediatePem = await outsideSign('offline', pending.csrPem, extRoot, CA_EXTENSIONS);

    // Refusals first (the authority stays pending through each).
    await expectInvalid(backend, 'authority.activate', { id: pending.authority.id, certificatePem: intermediatePem }, 'certificatePem', /does not verify up to a root/, /Outside Offline Root/);

    const otherKey = await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${dir}/other.key`, '-subj', '/O=Certwright Tests/CN=Offline Issuing CA']);
    const otherPem = await outsideSign('other-key', otherKey, extRoot, CA_EXTENSIONS);
    await expectInvalid(backend, 'authority.activate', { id: pending.authority.id, certificatePem: otherPem + extRoot.text }, 'certificatePem', /None of the certificates is for this intermediate's key/);

    const endEntityPem = await outsideSign('end-entity', pending.csrPem, extRoot, ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always']);
    await expectInvalid(backend, 'authority.activate', { id: pending.authority.id, certificatePem: endEntityPem + extRoot.text }, 'certificatePem', /end-entity certificate/);
    assert.equal((await backend.call('authority.get', { id: pending.authority.id })).state, 'pending');

    const active = await backend.call('authority.activate', { id: pending.authority.id, certificatePem: intermediatePem + extRoot.text });
    assert.equal(active.state, 'active');
    assert.equal(active.parentId, null, 'its issuer is outside the vault');
    assert.equal(active.pathLength, 0);
    await expectInvalid(backend, 'authority.activate', { id: pending.authority.id, certificatePem: intermediatePem + extRoot.text }, 'id', /already active/);

    const issued = await backend.call('certificate.issue', { authorityId: active.id, profile: 'server', subject: { commonName: 'offline-leaf' }, sans: [{ type: 'dns', value: 'offline.acme.test' }], validity: { days: 30 } });
    const detail = await backend.call('certificate.get', { id: issued.certificate.id });
    const leaf = await writeTemp(dir, 'offline-leaf.pem', detail.certificatePem);
    const chain = await writeTemp(dir, 'offline-chain.pem', detail.chainPem);
    const verdict = await opensslVerify({ caFile: extRoot.pem, untrusted: chain, purpose: 'sslserver' }, leaf);
    assert.ok(verdict.ok, verdict.output);
    // The chain and root handed out are the outside ones.
    const fingerprint = async (file: string) => (await run('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha256'])).trim();
    assert.equal(await fingerprint(await writeTemp(dir, 'offline-root-out.pem', detail.rootPem)), await fingerprint(extRoot.pem));
    assert.equal(await fingerprint(chain), await fingerprint(await writeTemp(dir, 'offline-inter.pem', intermediatePem)));
    assert.equal(requireExtension(await x509Text(leaf), 'X509v3 Authority Key Identifier').value, requireExtension(await x509Text(chain), 'X509v3 Subject Key Identifier').value);
  });

  test('an outside root whose pathlen forbids any intermediate: never a leaf that openssl rejects', async () => {
    const flatRoot = await outsideRoot('Outside Flat Root', 'critical,CA:TRUE,pathlen:0');
    const pending = await backend.call('authority.createPending', { subject: { commonName: 'Under Flat Root' }, pathLength: 0 });
    const intermediatePem = await outsideSign('under-flat', pending.csrPem, flatRoot, CA_EXTENSIONS);
    // The intermediate itself is a valid certificate; but nothing it signs can verify, because the
    // root allows no CA between itself and a leaf. Certwright must refuse at activation or at issuance.
    const activation = await backend.router.invoke('authority.activate', { id: pending.authority.id, certificatePem: intermediatePem + flatRoot.text }, TRUSTED_CALLER);
    if (!activation.ok) {
      assert.equal(activation.error.details?.field, 'certificatePem');
      assert.match(activation.error.message, /path length/i);
      return;
    }
    const issue = await backend.router.invoke(
      'certificate.issue',
      { authorityId: pending.authority.id, profile: 'server', subject: { commonName: 'doomed' }, sans: [{ type: 'dns', value: 'doomed.acme.test' }] },
      TRUSTED_CALLER,
    );
    if (!issue.ok) {
      assert.match(issue.error.message, /path length/i);
      return;
    }
    const detail = await backend.call('certificate.get', { id: (issue.value as { certificate: { id: string } }).certificate.id });
    const leaf = await writeTemp(dir, 'doomed.pem', detail.certificatePem);
    const chain = await writeTemp(dir, 'doomed-chain.pem', detail.chainPem);
    const verdict = await opensslVerify({ caFile: flatRoot.pem, untrusted: chain, purpose: 'sslserver' }, leaf);
    assert.ok(verdict.ok, `Certwright activated the intermediate and issued a leaf under it, which openssl rejects:\n${verdict.output}`);
  });
});
