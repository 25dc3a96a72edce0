/** The Inspect view's pure logic: the input's encoding, findings in words, days, checks, passwords, endpoints. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { INSPECT_MAX_BYTES, type Finding, type InspectChain, type InspectedCertificate, type InspectedKey, type InspectionReport, type InspectLink } from '../../shared/domain/inspect.js';
import {
  addedMessage,
  anchorText,
  canAddToVault,
  chainOrderNote,
  clientCertificateChoices,
  clientOutcome,
  clientRequestedText,
  contentFromBytes,
  countFindings,
  describeDays,
  effectiveLimit,
  endpointContent,
  fileSource,
  formatBytes,
  groupChecks,
  keyMatchText,
  objectName,
  parsePort,
  passwordMessage,
  problemText,
  sentence,
  sizeProblem,
  sortFindings,
  splitHostPort,
  summariseFindings,
  textSource,
  utf8Length,
  vaultTag,
  verdict,
  visibleProblems,
} from '../../renderer/views/inspect/model.js';
import { msg } from '../../shared/i18n/message.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function finding(id: Finding['id'], severity: Finding['severity']): Finding {
  return { id, severity, title: msg('diagnosis:cnOnly.title'), detail: msg('diagnosis:cnOnly.detail', { name: id }), advice: msg('diagnosis:cnOnly.advice', { host: id }), seenAs: [] };
}

function cert(over: Partial<InspectedCertificate> = {}): InspectedCertificate {
  return {
    kind: 'certificate',
    index: 0,
    source: msg('inspect:source.pemBlock', { number: 1, label: 'CERTIFICATE' }),
    commonName: 'api.example',
    subject: [{ oid: '2.5.4.3', short: 'CN', label: 'Common Name', value: 'api.example' }],
    subjectDn: 'CN=api.example',
    issuer: [{ oid: '2.5.4.3', short: 'CN', label: 'Common Name', value: 'Issuing CA' }],
    issuerDn: 'CN=Issuing CA',
    version: 3,
    serialNumberHex: '01',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2026-03-01T00:00:00.000Z',
    daysLeft: 40,
    validityDays: 59,
    publicKey: { label: 'ECDSA P-256', family: 'ec', bits: 256, spkiSha256: 'pin=' },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    sha256Fingerprint: 'AA:BB',
    sha1Fingerprint: 'CC:DD',
    isCa: false,
    selfIssued: false,
    sans: ['DNS: api.example'],
    extensions: [],
    pem: `${PEM}\n`,
    vaultAuthorityId: null,
    vaultTrusted: false,
    ...over,
  };
}

function link(commonName: string, role: InspectLink['role'], over: Partial<InspectLink> = {}): InspectLink {
  return { role, commonName, subjectDn: `CN=${commonName}`, serialNumberHex: '01', notAfter: '2030-01-01T00:00:00.000Z', status: 'ok', note: msg('diagnosis:check.isCa'), authorityId: null, origin: 'input', objectIndex: null, checks: [], ...over };
}

function chain(over: Partial<InspectChain> = {}): InspectChain {
  return {
    links: [link('api.example', 'leaf'), link('Issuing CA', 'intermediate', { origin: 'vault' }), link('Acme Root', 'root', { origin: 'vault' })],
    trusted: true,
    anchor: 'vault',
    effectiveNotAfter: '2026-03-01T00:00:00.000Z',
    effectiveLimitedBy: 'api.example',
    ...over,
  };
}

function report(over: Partial<InspectionReport> = {}): InspectionReport {
  return { objects: [cert()], problems: [], leafIndex: 0, chain: chain(), findings: [], needsPassword: null, ...over };
}

describe('the input', () => {
  test('UTF-8 PEM is sent as text, anything else as base64 of its bytes', () => {
    assert.deepEqual(contentFromBytes(new TextEncoder().encode(`\n${PEM}`)), { content: PEM.trim(), encoding: 'text' });
    const der = new Uint8Array([0x30, 0x82, 0x01, 0x0a, 0xff, 0xfe]);
    assert.deepEqual(contentFromBytes(der), { content: 'MIIBCv/+', encoding: 'base64' });
    // UTF-8 text without a PEM header (an SSH key, a note) goes as bytes too: main tells what it is.
    assert.equal(contentFromBytes(new TextEncoder().encode('ssh-ed25519 AAAA user@host')).encoding, 'base64');
  });

  test('a file source says its name, size and whether it is binary', () => {
    const p12 = fileSource('drop.p12', new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x03]));
    assert.equal(p12.binary, true);
    assert.equal(p12.bytes, 5);
    assert.equal(p12.label, 'drop.p12');
    const pem = fileSource('chain.pem', new TextEncoder().encode(PEM));
    assert.equal(pem.binary, false);
    assert.equal(pem.encoding, 'text');
  });

  test('pasted text: nothing for white space, its UTF-8 size otherwise', () => {
    assert.equal(textSource('  \n\t'), null);
    assert.deepEqual(textSource('é€'), { content: 'é€', encoding: 'text', label: 'Pasted text', bytes: 5, binary: false });
    assert.equal(utf8Length('a😀'), 5);
  });

  test('inputs above 10 MiB are refused before anything is sent', () => {
    assert.equal(sizeProblem(INSPECT_MAX_BYTES, 'big.pem'), null);
    assert.equal(sizeProblem(INSPECT_MAX_BYTES + 1, 'big.pem'), 'big.pem is 10.0 MiB, over the 10 MiB Certwright inspects; nothing was sent.');
    assert.match(sizeProblem(12 * 1024 * 1024, 'huge.der') ?? '', /^huge\.der is 12 MiB, over the 10 MiB/);
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1072), '1.0 KiB');
    assert.equal(formatBytes(2048), '2 KiB');
    assert.equal(formatBytes(812), '812 bytes');
  });
});

describe('findings', () => {
  const findings = [finding('weak-key', 'warning'), finding('validity-too-long', 'info'), finding('expired', 'error'), finding('cn-only', 'warning'), finding('hostname-mismatch', 'error')];

  test('errors first, then warnings, then notes; the report order kept within each', () => {
    assert.deepEqual(sortFindings(findings).map((f) => f.id), ['expired', 'hostname-mismatch', 'weak-key', 'cn-only', 'validity-too-long']);
  });

  test('counted and summarised in words', () => {
    assert.deepEqual(countFindings(findings), { error: 2, warning: 2, info: 1 });
    assert.equal(summariseFindings(findings), '2 errors, 2 warnings and 1 note');
    assert.equal(summariseFindings([finding('expired', 'error')]), '1 error');
    assert.equal(summariseFindings([finding('expired', 'error'), finding('weak-key', 'warning')]), '1 error and 1 warning');
    assert.equal(summariseFindings([]), '');
  });

  test('no finding: success up to the anchor, or why there is nothing to say', () => {
    assert.deepEqual(verdict(report()), { tone: 'success', text: 'Nothing wrong found: the chain verifies up to Acme Root (in your vault).' });
    assert.equal(verdict(report({ findings: [finding('expired', 'error')] })), null);
    assert.equal(verdict(report({ chain: null, objects: [] }))?.text, 'Nothing to diagnose: the input holds no certificate.');
    assert.match(verdict(report({ chain: null, objects: [], needsPassword: { what: 'PKCS#12 keystore', wrong: false } }))?.text ?? '', /password/);
    assert.equal(verdict(report({ chain: chain({ trusted: false, anchor: null }) }))?.tone, 'info');
    assert.equal(anchorText(chain({ anchor: 'system' })), 'Acme Root (in the system store)');
  });

  test('the password problem is left to the prompt; other problems stay', () => {
    const problems = [
      { source: msg('inspect:source.derFile'), message: msg('inspect:problem.pkcs12Password') },
      { source: msg('inspect:source.pemBlock', { number: 3, label: 'CERTIFICATE' }), message: msg('inspect:problem.damaged', { sourceKey: 'inspect:source.pemBlock', number: 3, label: 'CERTIFICATE', reason: 'it is truncated' }) },
    ];
    // A problem words its source itself, nested.
    assert.equal(problemText(problems[1]!), 'PEM block 3 (CERTIFICATE) is damaged: it is truncated');
    assert.deepEqual(visibleProblems(report({ problems, needsPassword: { what: 'PKCS#12 keystore', wrong: false } })), [problems[1]]);
    assert.deepEqual(visibleProblems(report({ problems })), problems);
  });
});

describe('days and the chain', () => {
  test('days left, today, and days since expiry', () => {
    assert.equal(describeDays(29), '29 days left');
    assert.equal(describeDays(1), '1 day left');
    assert.equal(describeDays(0), 'expires today');
    assert.equal(describeDays(-1), 'expired 1 day ago');
    assert.equal(describeDays(-400), 'expired 400 days ago');
  });

  test('checks: failures first, with a summary', () => {
    const groups = groupChecks([
      { name: 'signature', ok: true, note: msg('diagnosis:check.signedBy', { issuer: 'Issuing CA' }) },
      { name: 'eku', ok: false, note: msg('diagnosis:check.ekuLacks', { usage: 'serverAuth' }) },
      { name: 'validity', ok: true, note: msg('diagnosis:check.valid', { from: '2026-01-01', until: '2026-02-01' }) },
    ]);
    assert.deepEqual(groups.failed.map((c) => c.name), ['eku']);
    assert.deepEqual(groups.passed.map((c) => c.name), ['signature', 'validity']);
    assert.equal(groups.summary, '1 of 3 checks fails');
    assert.equal(groupChecks([{ name: 'signature', ok: true, note: msg('diagnosis:check.isCa') }]).summary, '1 check passes');
    assert.equal(groupChecks([{ name: 'signature', ok: true, note: msg('diagnosis:check.isCa') }, { name: 'ca', ok: true, note: msg('diagnosis:check.isCa') }]).summary, 'All 2 checks pass');
    assert.equal(groupChecks([{ name: 'signature', ok: false, note: msg('diagnosis:check.isCa') }, { name: 'ca', ok: false, note: msg('diagnosis:check.isCa') }]).summary, '2 of 2 checks fail');
    assert.equal(groupChecks([]).summary, 'No checks');
  });

  test('effective expiry: only when something above the leaf expires first', () => {
    const leaf = cert();
    assert.equal(effectiveLimit(chain(), leaf), null);
    assert.deepEqual(effectiveLimit(chain({ effectiveNotAfter: '2026-02-01T00:00:00.000Z', effectiveLimitedBy: 'Issuing CA' }), leaf), { until: '2026-02-01T00:00:00.000Z', limitedBy: 'Issuing CA' });
    assert.equal(effectiveLimit(null, leaf), null);
    assert.equal(effectiveLimit(chain(), null), null);
  });
});

describe('objects', () => {
  test('keys say which certificate they belong to', () => {
    const key: InspectedKey = { kind: 'private-key', index: 2, source: msg('inspect:source.pkcs12Key', { number: 1 }), format: 'PKCS#8', publicKey: { label: 'ECDSA P-256', family: 'ec', bits: 256, spkiSha256: 'pin=' }, matchesCertificates: [1], publicKeyPem: null };
    const objects = [cert({ index: 1, commonName: 'drop.example' }), key];
    assert.equal(keyMatchText(key, objects), 'It matches drop.example (object 2)');
    assert.equal(keyMatchText({ ...key, matchesCertificates: [] }, objects), 'It matches no certificate in the input');
    assert.match(keyMatchText({ ...key, publicKey: null }, objects), /password/);
  });

  test('Add to vault: CA certificates the vault does not hold yet', () => {
    assert.equal(canAddToVault(cert({ isCa: true })), true);
    assert.equal(canAddToVault(cert({ isCa: false })), false);
    assert.equal(canAddToVault(cert({ isCa: true, vaultAuthorityId: 'a'.repeat(32) })), false);
    assert.equal(canAddToVault(cert({ isCa: true, vaultTrusted: true })), false);
    assert.equal(vaultTag(cert({ vaultAuthorityId: 'x' })), 'In your vault');
    assert.equal(vaultTag(cert({ vaultTrusted: true })), 'Trusted by your vault');
    assert.equal(vaultTag(cert()), null);
    assert.equal(addedMessage({ as: 'authority', authorityId: 'x', commonName: 'Outside CA', note: null }), 'Added as an authority that can issue: Outside CA.');
    assert.equal(addedMessage({ as: 'trusted', authorityId: null, commonName: 'Public Root', note: null }), 'Trusted for chains (no key): Public Root.');
  });

  test('names: the common name, else the DN', () => {
    assert.equal(objectName(cert()), 'api.example');
    assert.equal(objectName(cert({ commonName: '', subjectDn: 'O=Acme' })), 'O=Acme');
  });
});

describe('password', () => {
  test('the prompt says what is protected, and when the password was wrong', () => {
    assert.equal(passwordMessage({ what: 'PKCS#12 keystore', wrong: false }), 'This is a PKCS#12 keystore protected by a password.');
    assert.equal(passwordMessage({ what: 'PKCS#12 keystore', wrong: true }), 'This is a PKCS#12 keystore protected by a password, and the password is wrong.');
    assert.equal(passwordMessage({ what: 'encrypted private key', wrong: false }), 'This is an encrypted private key protected by a password.');
  });
});

describe('live endpoints', () => {
  test('ports', () => {
    assert.deepEqual(parsePort(' 8443 '), { ok: true, port: 8443 });
    assert.equal(parsePort('').ok, false);
    assert.equal(parsePort('0').ok, false);
    assert.equal(parsePort('65536').ok, false);
    assert.equal(parsePort('44a').ok, false);
  });

  test('host:port and URLs typed into the host field are split', () => {
    assert.deepEqual(splitHostPort('api.example.com:8443'), { host: 'api.example.com', port: '8443' });
    assert.deepEqual(splitHostPort('https://api.example.com/health'), { host: 'api.example.com', port: null });
    assert.deepEqual(splitHostPort('[::1]:8443'), { host: '::1', port: '8443' });
    assert.deepEqual(splitHostPort('::1'), { host: '::1', port: null });
    assert.deepEqual(splitHostPort(' 10.0.0.5 '), { host: '10.0.0.5', port: null });
  });

  test('what the server said, in words', () => {
    assert.equal(sentence(msg('x509:tls.refused', { endpoint: '127.0.0.1:8443' })), 'Connection refused on 127.0.0.1:8443: nothing is listening there.');
    assert.equal(sentence(msg('x509:value.data', { value: 'Done!' })), 'Done!');
    assert.equal(clientRequestedText(true), 'Yes');
    assert.equal(clientRequestedText(false), 'No');
    assert.equal(clientRequestedText(null), 'Unknown');
    assert.match(chainOrderNote('reconstructed'), /only speaks TLS 1\.3/);
    assert.match(chainOrderNote('as-sent'), /^As sent/);
    assert.deepEqual(clientOutcome({ commonName: 'orders', accepted: false, message: msg('x509:client.refused', { who: 'orders' }) }), { tone: 'warning', title: 'Client certificate orders: refused', text: 'The server refused orders.' });
    assert.deepEqual(clientOutcome({ commonName: 'orders', accepted: true, message: msg('x509:value.data', { value: '' }) }), { tone: 'success', title: 'Client certificate orders: accepted', text: 'The server accepted it.' });
    assert.equal(clientOutcome({ commonName: 'orders', accepted: null, message: msg('x509:client.couldNotTellNotAsked') }).tone, 'info');
  });

  test('client certificates: only those whose key Certwright holds, by name', () => {
    const base = { authorityId: 'a', issuerCommonName: 'Acme Root', profile: 'client', subjectDn: '', sans: [], serialNumberHex: '01', notBefore: '', notAfter: '', status: 'valid', revocation: null, key: { algorithm: 'p256', label: 'ECDSA P-256' }, hasPrivateKey: true, sha256Fingerprint: '', createdAt: '', effectiveNotAfter: '', replacesId: null, replacedById: null, scheduledRevocation: null, acmeAccountId: null } as const;
    const list: CertificateSummary[] = [
      { ...base, id: '2', subject: { commonName: 'orders' } },
      { ...base, id: '1', subject: { commonName: 'billing' }, status: 'expired' },
      { ...base, id: '3', subject: { commonName: 'from-csr' }, hasPrivateKey: false },
    ];
    assert.deepEqual(clientCertificateChoices(list), [
      { value: '1', label: 'billing — client, issued by Acme Root (expired)' },
      { value: '2', label: 'orders — client, issued by Acme Root' },
    ]);
  });

  test('what the server sent can be read again, object for object', () => {
    const served = report({ objects: [cert({ index: 0, pem: 'A\n' }), cert({ index: 1, pem: 'B' })] });
    assert.deepEqual(endpointContent(served), { content: 'A\nB\n', encoding: 'text', password: null });
    assert.equal(endpointContent(report({ objects: [] })), null);
  });
});
