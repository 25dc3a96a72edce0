/**
 * The error texts Certwright quotes (electron/engine/peer-errors.ts) are the tools' own: every fixed
 * part of a Go text stands in Go's crypto/x509 or crypto/tls sources (read from the installed
 * toolchain's GOROOT), and the alerts read as Go reports them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { alertOfCode, GO, goTime, OPENSSL_VERIFY, opensslVerifyError } from '../../electron/engine/peer-errors.js';
import { alertOf, errorCode } from '../../electron/engine/tls/failures.js';

/** Go's crypto/x509, crypto/tls and crypto/rsa sources, tests left out; null when Go is not installed. */
async function goSources(): Promise<string | null> {
  let goroot: string;
  try {
    goroot = (await promisify(execFile)('go', ['env', 'GOROOT'])).stdout.trim();
  } catch {
    if (process.env.CI) assert.fail('go is not installed, but CI installs it');
    return null;
  }
  const texts: string[] = [];
  for (const pkg of ['x509', 'tls', 'rsa']) {
    const dir = join(goroot, 'src', 'crypto', pkg);
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))) texts.push(await readFile(join(dir, name), 'utf8'));
  }
  return texts.join('\n');
}

const MARK = '§';

test('every fixed part of the Go texts is in Go’s sources', async (t) => {
  const sources = await goSources();
  if (sources === null) return t.skip('go is not installed (golang-go)');
  const texts = [
    GO.unknownAuthority,
    GO.expiredOrNotYetValid,
    GO.legacyCommonName,
    GO.incompatibleKeyUsage,
    GO.tooManyIntermediates,
    GO.parentCannotSign,
    GO.notAuthorizedForName,
    GO.keyMismatch,
    GO.noPemData('certificate'),
    GO.noPemData('key'),
    GO.expired(new Date(0), new Date(0)).replaceAll(goTime(new Date(0)), MARK),
    GO.notYetValid(new Date(0), new Date(0)).replaceAll(goTime(new Date(0)), MARK),
    GO.validFor([MARK], MARK),
    GO.notValidForAnyNames(MARK),
    GO.noIpSans(MARK),
    GO.insecureAlgorithm('SHA1-RSA').replace('SHA1-RSA', MARK),
    GO.unknownAuthorityBadSignature('rsa', MARK),
    GO.unknownAuthorityBecause(MARK, MARK),
    GO.unsupportedAlgorithm,
    GO.insecureAlgorithmError('ECDSA-SHA1').replace('ECDSA-SHA1', MARK),
    GO.signatureKeyTypeMismatch('rsa', 'ecdsa').replace('RSA', MARK).replace('*ecdsa.PublicKey', MARK),
    GO.unsupportedCertificateCurve(MARK),
    GO.unsupportedEllipticCurve,
  ];
  // Go builds its texts from pieces ("x509: …: " + detail, values by %s and %q): every piece between the values must be there.
  const fragments = texts.flatMap((text) => text.split(/"[^"]*"|§|: | \(/)).map((f) => f.trim()).filter((f) => f.length > 3);
  for (const fragment of fragments) assert.ok(sources.includes(fragment), `"${fragment}" is not in Go's crypto/x509 or crypto/tls`);
  // The reason inside "possibly because of …" is a whole error of its own: x509's for ECDSA and Ed25519, crypto/rsa's for RSA.
  for (const family of ['rsa', 'ecdsa', 'ed25519'] as const) assert.ok(sources.includes(`"${GO.signatureVerification(family)}"`), family);
  for (const code of ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE']) {
    const alert = alertOfCode(code);
    assert.ok(alert && sources.includes(`"${alert.go}"`), code);
  }
});

test('Node’s TLS errors are named by their alert, EPROTO ones by OpenSSL’s reason', () => {
  assert.deepEqual(alertOfCode('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), { rfc: 'unknown_ca', go: 'unknown certificate authority' });
  assert.equal(alertOfCode('ERR_SSL_WRONG_VERSION_NUMBER'), null);
  const eproto = Object.assign(new Error('C0:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 48'), { code: 'EPROTO' });
  assert.equal(errorCode(eproto), 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
  assert.equal(alertOf(eproto)?.rfc, 'unknown_ca');
  assert.equal(errorCode(new Error('x'), 'FALLBACK'), 'FALLBACK');
  assert.equal(opensslVerifyError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'OpenSSL: unable to get local issuer certificate (verify error 20)');
});

test('a certificate signature that does not verify reads as crypto/x509 says it, for each key family', () => {
  // Go 1.19's x509.Certificate.Verify (also inside a TLS handshake): never "crypto/ecdsa: verification error".
  assert.equal(
    GO.unknownAuthorityBadSignature('ecdsa', 'Acme Root'),
    'x509: certificate signed by unknown authority (possibly because of "x509: ECDSA verification failure" while trying to verify candidate authority certificate "Acme Root")',
  );
  assert.equal(GO.unknownAuthorityBadSignature('rsa', null), 'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate)');
  assert.equal(GO.signatureVerification('ed25519'), 'x509: Ed25519 verification failure');
  assert.equal(GO.signatureKeyTypeMismatch('ecdsa', 'rsa'), 'x509: signature algorithm specifies an ECDSA public key, but have public key of type *rsa.PublicKey');
  assert.equal(GO.insecureAlgorithmError('SHA1-RSA'), 'x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)');
  assert.equal(GO.insecureAlgorithmError('MD5-RSA'), 'x509: cannot verify signature: insecure algorithm MD5-RSA');
});

test('the OpenSSL verify errors have OpenSSL 3’s numbers and texts', async (t) => {
  let header: string;
  let library: string;
  try {
    header = await readFile('/usr/include/openssl/x509_vfy.h', 'utf8');
    const ldd = (await promisify(execFile)('ldd', [(await promisify(execFile)('sh', ['-c', 'command -v openssl'])).stdout.trim()])).stdout;
    library = (await readFile(/libcrypto\.so\.3 => (\S+)/.exec(ldd)![1]!)).toString('latin1');
  } catch {
    return t.skip('OpenSSL 3 headers (libssl-dev) or library not found');
  }
  for (const [code, [number, text]] of Object.entries(OPENSSL_VERIFY)) {
    assert.match(header, new RegExp(`#define X509_V_ERR_${code} ${number}\\b`), code);
    assert.ok(library.includes(`\0${text}\0`), `${code}: "${text}" is not one of libcrypto's texts`);
  }
});
