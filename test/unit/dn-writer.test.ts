/**
 * One writer of distinguished names (electron/engine/names.ts, RFC 4514): the catalog (x509's Name),
 * the inspector (a certificate's DER) and an endpoint report (the CA names a server sends in its
 * CertificateRequest, and the words of the TLS probe) name the same CA the same way — escaping
 * included (`O=Acme\, Inc.`), most specific first.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createServer, type TLSSocket } from 'node:tls';
import { parseCertificate } from '../../electron/engine/inspect/certificate.js';
import { escapeDnValue, rfc4514, subjectToName } from '../../electron/engine/names.js';
import { certificatesFromPem, toPem } from '../../electron/engine/pem.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { english } from '../../shared/i18n/english.js';
import { subjectPreview, subjectDraft } from '../../renderer/wizards/shared/subject.js';
import { probeTls } from '../../electron/services/tls-probe.js';
import { openBackend } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const der = (name: X509.Name) => new Uint8Array(name.toArrayBuffer());

describe('rfc4514: one text for a name, whatever it was read from', () => {
  test('escaping (RFC 4514 §2.4), most specific first, from x509’s Name and from DER alike', () => {
    const name = subjectToName({ country: 'DE', organization: 'Acme, Inc.', organizationalUnit: '#ops', commonName: ' Root "1" <a>;b=c+d\\ ' });
    const expected = 'CN=\\ Root \\"1\\" \\<a\\>\\;b\\=c\\+d\\\\\\ ,OU=\\#ops,O=Acme\\, Inc.,C=DE';
    assert.equal(rfc4514(name), expected);
    assert.equal(rfc4514(der(name)), expected);
  });

  test('attribute types by the same short names (emailAddress, not x509’s E), multi-valued RDNs with +', () => {
    const name = new X509.Name([{ DC: ['example'] }, { E: ['ops@example.com'] }, { '2.5.4.5': ['42'] }, { CN: ['a'], OU: ['b'] }]);
    const expected = 'CN=a+OU=b,serialNumber=42,emailAddress=ops@example.com,DC=example';
    assert.equal(rfc4514(name), expected);
    assert.equal(rfc4514(der(name)), expected);
  });

  test('control characters are escaped as hex: a name is always one line', () => {
    assert.equal(escapeDnValue('a\nb\u0000'), 'a\\0Ab\\00');
  });

  test('the wizards’ preview of a subject reads as the issued name does (one writer, shared/dn.ts)', () => {
    const subject = { country: 'DE', state: 'Berlin', locality: 'Berlin', organization: 'Acme, Inc.', organizationalUnit: '#ops', commonName: ' Root "1" <a>;b=c+d\\ x' };
    const issued = rfc4514(subjectToName(subject));
    assert.equal(issued, 'CN=\\ Root \\"1\\" \\<a\\>\\;b\\=c\\+d\\\\ x,OU=\\#ops,O=Acme\\, Inc.,L=Berlin,ST=Berlin,C=DE');
    // The preview trims what is typed, as the form's schema does before main issues it.
    assert.equal(subjectPreview(subjectDraft({ ...subject, commonName: subject.commonName.trim() })), rfc4514(subjectToName({ ...subject, commonName: subject.commonName.trim() })));
    assert.equal(subjectPreview(subjectDraft({ commonName: 'api', country: 'de' })), 'CN=api,C=DE');
  });
});

describe('the catalog and an endpoint report name the same CA identically', async () => {
  const dir = await tempDir('certwright-dn-writer-');
  const { call, vault } = openBackend(join(dir, 'vault'));
  await call('vault.create', { passphrase: 'dn writer passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Acme Root', organization: 'Acme, Inc.', country: 'DE' } });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Acme Issuing #2', organization: 'Acme, Inc.' } })).authority;
  const rogue = await call('authority.createRoot', { subject: { commonName: 'Rogue Root', organization: 'Rogue; Ltd.' } });
  const server = (await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'api' }, sans: [{ type: 'ip', value: '127.0.0.1' }] })).certificate;
  const rogueClient = (await call('certificate.issue', { authorityId: rogue.id, profile: 'client', subject: { commonName: 'intruder' }, sans: [] })).certificate;

  const pemOf = async (id: string) => {
    const detail = await call('certificate.get', { id });
    return { detail, keyPem: toPem('PRIVATE KEY', await vault.exportPrivateKeyPkcs8(id)) };
  };

  /** A Node TLS server with the vault's server certificate that asks for clients of the vault's root. */
  async function withServer<T>(run: (port: number) => Promise<T>): Promise<T> {
    const { detail, keyPem } = await pemOf(server.id);
    const tlsServer = createServer({ cert: detail.certificatePem + detail.chainPem, key: keyPem, ca: detail.rootPem, requestCert: true, rejectUnauthorized: true, maxVersion: 'TLSv1.2' });
    tlsServer.on('secureConnection', (socket: TLSSocket) => socket.end());
    tlsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      return await run((tlsServer.address() as AddressInfo).port);
    } finally {
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  }

  test('the issuers in the served chain, the acceptable CA list and the catalog agree', async () => {
    assert.equal(root.subjectDn, 'CN=Acme Root,O=Acme\\, Inc.,C=DE');
    assert.equal(issuing.subjectDn, 'CN=Acme Issuing #2,O=Acme\\, Inc.');
    await withServer(async (port) => {
      const report = await call('inspect.endpoint', { host: '127.0.0.1', port, servername: null, clientCertificateId: null, hostCheck: null, role: 'server', useSystemStore: false });
      assert.deepEqual(report.acceptableCaNames, [root.subjectDn]);
      const served = report.report.objects.flatMap((o) => (o.kind === 'certificate' ? [{ subjectDn: o.subjectDn, issuerDn: o.issuerDn }] : []));
      assert.deepEqual(served, [
        { subjectDn: 'CN=api', issuerDn: issuing.subjectDn },
        { subjectDn: issuing.subjectDn, issuerDn: root.subjectDn },
      ]);
      assert.deepEqual(
        report.report.chain?.links.map((l) => l.subjectDn),
        ['CN=api', issuing.subjectDn, root.subjectDn],
      );
    });
  });

  test('the probe’s words name the CA the server asks for and the one that issued the client, as the catalog does', async () => {
    const { detail, keyPem } = await pemOf(rogueClient.id);
    const result = await withServer((port) => probeTls({ host: '127.0.0.1', port, servername: null, client: { certificatePem: detail.certificatePem + detail.chainPem, keyPem } }));
    assert.equal(result.clientCertificate?.accepted, false, JSON.stringify(result));
    const failure = result.failure ? english(result.failure) : '';
    assert.ok(failure.includes(`it accepts client certificates issued by ${root.subjectDn}, but this one was issued by ${rogue.subjectDn}`), failure);
    // The inspector reads the client certificate's issuer the same way.
    const [clientDer] = certificatesFromPem(detail.certificatePem);
    assert.equal(parseCertificate(clientDer!).issuerDn, rogue.subjectDn);
  });
});
