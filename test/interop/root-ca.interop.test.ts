/**
 * Every root CA Certwright makes is judged by outside peers: OpenSSL 3 (strict X.509 checks) and
 * GnuTLS certtool. The key sealed in the vault must be the certificate's key (compared by OpenSSL).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../shared/domain/keys.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { authorityKeyFromFiles } from '../support/vault-fixtures.js';

const PASSPHRASE = 'interop test passphrase';

const EXPECTED_KEY_TEXT: Record<KeyAlgorithmId, RegExp> = {
  p256: /Public-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/,
  p384: /Public-Key: \(384 bit\)[\s\S]*NIST CURVE: P-384/,
  rsa2048: /Public-Key: \(2048 bit\)/,
  rsa3072: /Public-Key: \(3072 bit\)/,
  rsa4096: /Public-Key: \(4096 bit\)/,
  ed25519: /Public Key Algorithm: ED25519/,
};

describe('root CAs pass openssl and certtool', async () => {
  const dir = await tempDir();
  const vaultDir = await tempDir();
  const backend = openBackend(vaultDir);
  await backend.call('vault.create', { passphrase: PASSPHRASE });

  for (const keyAlgorithm of KEY_ALGORITHMS) {
    test(keyAlgorithm, { timeout: 60_000 }, async () => {
      const summary = await backend.call('authority.createRoot', {
        subject: { commonName: `Interop ${keyAlgorithm} Root`, organization: 'Certwright Tests', country: 'NL', state: 'Noord-Holland', locality: 'Amsterdam', organizationalUnit: 'PKI' },
        keyAlgorithm,
        validityDays: 3650,
        pathLength: 2,
      });
      const detail = await backend.call('authority.get', { id: summary.id });
      const pem = await writeTemp(dir, `${keyAlgorithm}.pem`, detail.certificatePem);

      const text = await runPeer('openssl', ['x509', '-in', pem, '-noout', '-text']);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:2/);
      assert.match(text.stdout, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
      assert.match(text.stdout, /X509v3 Subject Key Identifier:/);
      assert.match(text.stdout, /X509v3 Authority Key Identifier:/);
      assert.match(text.stdout, /Subject: C = NL, ST = Noord-Holland, L = Amsterdam, O = Certwright Tests, OU = PKI, CN = Interop \S+ Root/);
      assert.match(text.stdout, EXPECTED_KEY_TEXT[keyAlgorithm]);
      if (keyAlgorithm === 'p384') assert.match(text.stdout, /Signature Algorithm: ecdsa-with-SHA384/);
      if (keyAlgorithm.startsWith('rsa')) assert.match(text.stdout, /Signature Algorithm: sha256WithRSAEncryption/);

      const fingerprint = await runPeer('openssl', ['x509', '-in', pem, '-noout', '-fingerprint', '-sha256']);
      assert.equal(fingerprint.stdout.trim(), `sha256 Fingerprint=${detail.sha256Fingerprint}`);
      const serial = await runPeer('openssl', ['x509', '-in', pem, '-noout', '-serial']);
      assert.equal(serial.stdout.trim(), `serial=${detail.serialNumberHex}`);

      const verify = await runPeer('openssl', ['verify', '-x509_strict', '-check_ss_sig', '-CAfile', pem, pem]);
      assert.equal(verify.code, 0, verify.stderr + verify.stdout);
      assert.match(verify.stdout, /: OK$/m);

      const certtool = await runPeer('certtool', ['--verify-chain', '--infile', pem]);
      assert.equal(certtool.code, 0, certtool.stderr + certtool.stdout);
      assert.match(certtool.stdout, /Chain verification output: Verified\. The certificate is trusted\./);

      // The sealed key is the certificate's key: OpenSSL derives the same public key from both.
      const pkcs8 = await authorityKeyFromFiles(backend.vault.directory, PASSPHRASE, summary.id);
      const keyPem = toPem('PRIVATE KEY', pkcs8);
      pkcs8.fill(0);
      const keyFile = await writeTemp(dir, `${keyAlgorithm}.key`, keyPem);
      const fromKey = await runPeer('openssl', ['pkey', '-in', keyFile, '-pubout']);
      const fromCert = await runPeer('openssl', ['x509', '-in', pem, '-noout', '-pubkey']);
      assert.equal(fromKey.code, 0, fromKey.stderr);
      assert.equal(fromKey.stdout, fromCert.stdout);
    });
  }

  test('a reopened vault still holds roots that openssl verifies', async () => {
    const reopened = openBackend(vaultDir);
    await reopened.call('vault.unlock', { passphrase: PASSPHRASE });
    const list = await reopened.call('authority.list');
    assert.equal(list.length, KEY_ALGORITHMS.length);
    for (const summary of list) {
      const pem = await writeTemp(dir, `reopened-${summary.id}.pem`, (await reopened.call('authority.get', { id: summary.id })).certificatePem);
      const verify = await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', pem, pem]);
      assert.equal(verify.code, 0, verify.stderr);
    }
  });
});
