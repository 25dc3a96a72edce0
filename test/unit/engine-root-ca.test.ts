import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KEY_ALGORITHMS } from '../../shared/domain/keys.js';
import { describeCertificate } from '../../electron/engine/describe.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { randomSerialNumber } from '../../electron/engine/serial.js';
import { BACKDATE_MS } from '../../electron/engine/validity.js';
import { X509 } from '../../electron/engine/webcrypto.js';

const crypto = globalThis.crypto;
const NOW = new Date('2026-03-01T12:00:00.250Z');
const subject = { commonName: 'Acme Root CA', organization: 'Acme Ünïcode GmbH', country: 'DE' };

describe('createRootAuthority', () => {
  for (const keyAlgorithm of KEY_ALGORITHMS.filter((k) => k !== 'rsa4096' && k !== 'rsa3072')) {
    test(`${keyAlgorithm}: a self-signed CA with the required extensions`, async () => {
      const { certificate: cert, privateKey } = await createRootAuthority({ subject, keyAlgorithm, validityDays: 3650, pathLength: 1, now: NOW }, crypto);
      assert.equal(privateKey.type, 'private');
      assert.ok(await cert.verify({ signatureOnly: true }, crypto), 'self-signature verifies');
      assert.ok(await cert.isSelfSigned(crypto));
      assert.equal(cert.subject, 'C=DE, O=Acme Ünïcode GmbH, CN=Acme Root CA');
      assert.equal(cert.issuer, cert.subject);

      const basic = cert.getExtension(X509.BasicConstraintsExtension);
      assert.ok(basic?.ca && basic.critical);
      assert.equal(basic.pathLength, 1);
      const usage = cert.getExtension(X509.KeyUsagesExtension);
      assert.ok(usage?.critical);
      assert.equal(usage.usages, X509.KeyUsageFlags.keyCertSign | X509.KeyUsageFlags.cRLSign);
      const ski = cert.getExtension(X509.SubjectKeyIdentifierExtension);
      const aki = cert.getExtension(X509.AuthorityKeyIdentifierExtension);
      assert.ok(ski && aki && !ski.critical && !aki.critical);
      assert.equal(aki.keyId, ski.keyId);

      // Whole seconds, backdated for clock skew, exactly the asked-for lifetime after creation.
      assert.equal(cert.notBefore.getTime(), Date.parse('2026-03-01T12:00:00Z') - BACKDATE_MS);
      assert.equal(cert.notAfter.getTime(), Date.parse('2026-03-01T12:00:00Z') + 3650 * 86_400_000);
    });
  }

  test('signature algorithms follow the key: SHA-384 for P-384, SHA-256 for RSA and P-256', async () => {
    const facts = async (keyAlgorithm: 'p256' | 'p384' | 'rsa2048' | 'ed25519') =>
      describeCertificate((await createRootAuthority({ subject, keyAlgorithm, validityDays: 10, pathLength: null, now: NOW }, crypto)).certificate, crypto);
    assert.equal((await facts('p256')).signatureAlgorithm, 'ecdsa-with-SHA256');
    assert.equal((await facts('p384')).signatureAlgorithm, 'ecdsa-with-SHA384');
    assert.equal((await facts('rsa2048')).signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal((await facts('ed25519')).signatureAlgorithm, 'Ed25519');
  });

  test('no path length constraint when none is asked for', async () => {
    const { certificate } = await createRootAuthority({ subject, keyAlgorithm: 'p256', validityDays: 10, pathLength: null, now: NOW }, crypto);
    assert.equal(certificate.getExtension(X509.BasicConstraintsExtension)?.pathLength, undefined);
  });

  test('reports its slow steps in order', async () => {
    const steps: string[] = [];
    await createRootAuthority({ subject, keyAlgorithm: 'p256', validityDays: 10, pathLength: null, now: NOW, onStep: (s) => steps.push(s) }, crypto);
    assert.deepEqual(steps, ['key', 'sign']);
  });

  test('describeCertificate reports fingerprints that match an independent hash', async () => {
    const { certificate } = await createRootAuthority({ subject, keyAlgorithm: 'p256', validityDays: 10, pathLength: 0, now: NOW }, crypto);
    const facts = await describeCertificate(certificate, crypto);
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex').toUpperCase().match(/../g)!.join(':');
    assert.equal(facts.sha256Fingerprint, expected);
    assert.equal(facts.pathLength, 0);
    assert.deepEqual(facts.subject, subject);
    assert.equal(facts.subjectDn, 'CN=Acme Root CA,O=Acme Ünïcode GmbH,C=DE');
    assert.match(facts.certificatePem, /^-----BEGIN CERTIFICATE-----/);
  });
});

describe('rfc4514', () => {
  test('escapes the characters RFC 4514 reserves', async () => {
    const { rfc4514, subjectToName } = await import('../../electron/engine/names.js');
    assert.equal(rfc4514(subjectToName({ commonName: ' a,b+c"d\\e<f>g;h=i ', organization: '#hash' })), 'CN=\\ a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i\\ ,O=\\#hash');
  });
});

describe('randomSerialNumber', () => {
  test('positive, 16 bytes, no leading zero byte, and unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const hex = randomSerialNumber(crypto);
      assert.equal(hex.length, 32);
      const first = parseInt(hex.slice(0, 2), 16);
      assert.ok(first >= 1 && first <= 0x7f, `first byte ${first} keeps the DER INTEGER positive and minimal`);
      seen.add(hex);
    }
    assert.equal(seen.size, 5000);
  });
});
