/**
 * Certificate summaries at scale (electron/services/catalog.ts) must not change what they say: the
 * DER walk (leafFacts) and the whole `certificate.list` are held to a reference that computes every
 * field with x509 as the catalog did before (full parse, describeCertificate, the SAN extension, the
 * chain through the vault).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { checkSan, type SanEntry } from '../../shared/validation/san.js';
import { leafFacts } from '../../electron/services/leaf-facts.js';
import { parseSpki } from '../../electron/engine/certificate-builder.js';
import { describeCertificate } from '../../electron/engine/describe.js';
import { describeKey } from '../../electron/engine/key-info.js';
import { rfc4514 } from '../../electron/engine/names.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { normalizeSerial } from '../../electron/vault/revocations.js';
import type { AuthorityRecord, CertificateRecord } from '../../electron/vault/records.js';
import type { Vault } from '../../electron/vault/vault.js';
import { openBackend } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const run = promisify(execFile);
const crypto = globalThis.crypto;

/** The SANs as the catalog read them before: the whole extension through the ASN.1 schema. */
function referenceSans(cert: X509.X509Certificate): SanEntry[] {
  const extension = cert.extensions.find((e) => e.type === asn.id_ce_subjectAltName);
  if (!extension) return [];
  const out: SanEntry[] = [];
  for (const name of AsnConvert.parse(extension.value, asn.SubjectAlternativeName)) {
    if (name.dNSName !== undefined) out.push({ type: 'dns', value: name.dNSName });
    else if (name.iPAddress !== undefined) out.push({ type: 'ip', value: name.iPAddress });
    else if (name.rfc822Name !== undefined) out.push({ type: 'email', value: name.rfc822Name });
    else if (name.uniformResourceIdentifier !== undefined) out.push({ type: 'uri', value: name.uniformResourceIdentifier });
  }
  return out.map((s) => {
    const check = checkSan(s.type, s.value);
    return check.ok ? check.entry : s;
  });
}

async function referenceFacts(der: Uint8Array) {
  const cert = new X509.X509Certificate(new Uint8Array(der));
  const facts = await describeCertificate(cert, crypto);
  return {
    cert,
    facts: {
      issuerCommonName: cert.issuerName.getField('CN')[0] ?? rfc4514(cert.issuerName),
      subject: facts.subject,
      subjectDn: facts.subjectDn,
      sans: referenceSans(cert),
      serialNumberHex: facts.serialNumberHex,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      sha256Fingerprint: facts.sha256Fingerprint,
    },
  };
}

function chainLimit(vault: Vault, authority: AuthorityRecord): Date | null {
  if (!authority.certificateDerB64) return null;
  const dates: number[] = [];
  const seen = new Set<string>();
  for (let current: AuthorityRecord | null = authority; current && !seen.has(current.id); current = current.parentId ? vault.getAuthority(current.parentId) : null) {
    seen.add(current.id);
    if (!current.certificateDerB64) break;
    dates.push(new X509.X509Certificate(Buffer.from(current.certificateDerB64, 'base64')).notAfter.getTime());
    if (current.externalChainDerB64.length > 0) {
      dates.push(...current.externalChainDerB64.map((d) => new X509.X509Certificate(Buffer.from(d, 'base64')).notAfter.getTime()));
      break;
    }
  }
  return new Date(Math.min(...dates));
}

/** A summary computed the way the catalog computed it before it read DER itself. */
async function referenceSummary(vault: Vault, record: CertificateRecord, now: Date): Promise<CertificateSummary> {
  const { cert, facts } = await referenceFacts(Buffer.from(record.certificateDerB64, 'base64'));
  const entry = vault.revocations(record.authorityId).entries.get(normalizeSerial(record.serialNumberHex));
  const revocation = entry ? { reason: entry.reason, revokedAt: entry.revokedAt, invalidityDate: entry.invalidityDate } : null;
  const key = record.keyAlgorithm ? { algorithm: record.keyAlgorithm, label: KEY_ALGORITHM_INFO[record.keyAlgorithm].label } : (({ algorithm, label }) => ({ algorithm, label }))(describeKey(parseSpki(cert.publicKey.rawData)));
  const limit = chainLimit(vault, vault.getAuthority(record.authorityId));
  return {
    id: record.id,
    authorityId: record.authorityId,
    issuerCommonName: facts.issuerCommonName,
    profile: record.profile,
    subject: facts.subject,
    subjectDn: facts.subjectDn,
    sans: facts.sans,
    serialNumberHex: facts.serialNumberHex,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    status: revocation ? 'revoked' : cert.notAfter <= now ? 'expired' : cert.notBefore > now ? 'not-yet-valid' : 'valid',
    revocation,
    key,
    hasPrivateKey: record.sealedKey !== undefined,
    sha256Fingerprint: facts.sha256Fingerprint,
    createdAt: record.createdAt,
    effectiveNotAfter: (limit && limit < cert.notAfter ? limit : cert.notAfter).toISOString(),
    replacesId: record.replacesId,
    replacedById: record.replacedById,
    scheduledRevocation: record.scheduledRevocation,
    acmeAccountId: record.acmeAccountId,
  };
}

describe('leafFacts: the DER walk says what x509 says, or leaves it to x509', () => {
  /** Self-signed certificates from OpenSSL, in shapes the walk reads (fast) and shapes it must leave alone. */
  const CASES: ReadonlyArray<{ name: string; fast: boolean; args: string[] }> = [
    { name: 'EC, every SAN kind the walk reads', fast: true, args: ['-subj', '/C=DE/ST=Berlin/L=Berlin/O=Acme/OU=Ops/CN=svc.acme.test', '-addext', 'subjectAltName=DNS:svc.acme.test,DNS:*.acme.test,IP:10.1.2.3,email:ops@acme.test,URI:spiffe://acme.test/svc'] },
    { name: 'characters RFC 4514 escapes', fast: true, args: ['-subj', '/O=Acme, Inc./OU=R\\+D/CN=\\#lead <x>;"q"\\\\ '] },
    { name: 'a serial with the high bit set (DER adds a zero)', fast: true, args: ['-subj', '/CN=serial', '-set_serial', '0xFF00112233445566'] },
    { name: 'a serial of one byte', fast: true, args: ['-subj', '/CN=small serial', '-set_serial', '5'] },
    { name: 'notAfter past 2049 (GeneralizedTime)', fast: true, args: ['-subj', '/CN=long', '-days', '40000'] },
    { name: 'RSA key', fast: true, args: ['-subj', '/CN=rsa', '-newkey', 'rsa:2048'] },
    { name: 'Ed25519 key', fast: true, args: ['-subj', '/CN=ed', '-newkey', 'ed25519'] },
    { name: 'several SAN extensions: the first counts', fast: true, args: ['-subj', '/CN=twice', '-addext', 'subjectAltName=DNS:first.test'] },
    { name: 'IPv6 SAN', fast: false, args: ['-subj', '/CN=v6', '-addext', 'subjectAltName=DNS:v6.test,IP:2001:db8::1'] },
    { name: 'otherName SAN', fast: false, args: ['-subj', '/CN=other', '-addext', 'subjectAltName=otherName:1.2.3.4;UTF8:hello,DNS:other.test'] },
    { name: 'UTF-8 subject', fast: false, args: ['-utf8', '-subj', '/O=Grüße/CN=Köln'] },
    { name: 'multi-valued RDN', fast: false, args: ['-multivalue-rdn', '-subj', '/CN=a+O=b'] },
    { name: 'e-mail address and DC in the subject', fast: false, args: ['-subj', '/DC=test/CN=x/emailAddress=a@b.test'] },
    { name: 'empty subject', fast: true, args: ['-subj', '/', '-addext', 'subjectAltName=DNS:empty.test'] },
  ];

  test('openssl certificates of many shapes', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    let fast = 0;
    for (const [i, { name, fast: expectFast, args }] of CASES.entries()) {
      const pem = join(dir, `${i}.pem`);
      const keyArgs = args.includes('-newkey') ? [] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
      await run('openssl', ['req', '-x509', '-nodes', '-keyout', join(dir, `${i}.key`), '-out', pem, '-days', '30', ...keyArgs, ...args]);
      const der = new Uint8Array((await run('openssl', ['x509', '-in', pem, '-outform', 'DER'], { encoding: 'buffer' })).stdout);
      const { cert, facts } = await referenceFacts(der);
      const walked = leafFacts(der);
      if (expectFast) assert.ok(walked, `${name}: the walk reads it`);
      if (!walked) continue;
      fast++;
      const { spki, notBefore, notAfter, notBeforeIso, notAfterIso, ...rest } = walked;
      assert.deepEqual({ ...rest, notBefore: notBeforeIso, notAfter: notAfterIso }, facts, name);
      assert.equal(notBefore.getTime(), cert.notBefore.getTime(), name);
      assert.equal(notAfter.getTime(), cert.notAfter.getTime(), name);
      assert.deepEqual(spki, new Uint8Array(cert.publicKey.rawData), name);
    }
    assert.ok(fast >= CASES.filter((c) => c.fast).length);
  });

  test('a version-1 certificate (no extensions) and damaged DER', async () => {
    const dir = await tempDir();
    const f = (n: string) => join(dir, n);
    await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('v1.key'), '-out', f('v1.csr'), '-subj', '/CN=version one']);
    await run('openssl', ['x509', '-req', '-in', f('v1.csr'), '-key', f('v1.key'), '-days', '10', '-out', f('v1.pem')]);
    const der = new Uint8Array((await run('openssl', ['x509', '-in', f('v1.pem'), '-outform', 'DER'], { encoding: 'buffer' })).stdout);
    const { facts } = await referenceFacts(der);
    const walked = leafFacts(der);
    assert.ok(walked);
    assert.deepEqual(walked.sans, []);
    assert.equal(walked.subjectDn, facts.subjectDn);
    assert.equal(walked.serialNumberHex, facts.serialNumberHex);
    for (const cut of [1, 2, 10, der.length - 1]) assert.equal(leafFacts(der.subarray(0, cut)), null);
    assert.equal(leafFacts(new Uint8Array([0x30, 0x80, 0, 0])), null);
  });
});

describe('certificate.list says what it said before, at any time', () => {
  test('issued, paired, CSR-signed, revoked, renewed, UTF-8 and escaped names; valid, expired and not yet valid', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const start = Date.now();
    let clock = start;
    const backend = openBackend(join(dir, 'vault'), { now: () => new Date(clock) });
    await backend.call('vault.create', { passphrase: 'summaries passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Summary Root', organization: 'Acme, Inc.', country: 'DE' } });
    const { authority: issuing } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Summary Issuing CA' }, validityDays: 400 });
    const rsaRoot = await backend.call('authority.createRoot', { subject: { commonName: 'Summary RSA Root' }, keyAlgorithm: 'rsa2048' });
    const call = backend.call;
    await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'api.acme.test', organization: 'Acme', organizationalUnit: 'Payments', locality: 'Berlin', state: 'Berlin', country: 'DE' }, sans: [{ type: 'dns', value: 'api.acme.test' }, { type: 'ip', value: '10.0.0.7' }], validity: { days: 1 } });
    await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'v6.acme.test' }, sans: [{ type: 'dns', value: 'v6.acme.test' }, { type: 'ip', value: '2001:db8::7' }] });
    await call('certificate.issue', { authorityId: issuing.id, profile: 'client', subject: { commonName: 'billing' }, sans: [{ type: 'uri', value: 'spiffe://acme.test/billing' }], keyAlgorithm: 'ed25519' });
    await call('certificate.issue', { authorityId: issuing.id, profile: 'peer', subject: { commonName: 'mesh.acme.test', organization: 'Grüße GmbH' }, sans: [{ type: 'dns', value: 'mesh.acme.test' }], keyAlgorithm: 'p384' });
    await call('certificate.issue', { authorityId: issuing.id, profile: 'client', subject: { commonName: '#lead, "quoted"; <x> + y\\ ' } });
    await call('certificate.issuePair', { authorityId: rsaRoot.id, serviceName: 'pair.acme.test', dnsNames: ['pair.acme.test'], ipAddresses: ['192.0.2.1'], clientUri: 'spiffe://acme.test/pair' });
    await call('certificate.issueBulk', { authorityId: issuing.id, profile: 'client', serviceNames: Array.from({ length: 40 }, (_, i) => `bulk-${i}`) });
    await run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'csr.key'), '-out', join(dir, 'csr.pem'), '-subj', '/CN=from-csr.acme.test']);
    await call('csr.sign', { csr: await readFile(join(dir, 'csr.pem'), 'utf8'), authorityId: issuing.id, profile: 'server', subject: { commonName: 'from-csr.acme.test' }, sans: [{ type: 'dns', value: 'from-csr.acme.test' }] });
    const listed = await call('certificate.list');
    const revoked = listed.find((c) => c.subject.commonName === 'bulk-3')!;
    await call('certificate.revoke', { ids: [revoked.id], reason: 'keyCompromise' });
    const renewed = listed.find((c) => c.subject.commonName === 'bulk-4')!;
    await call('certificate.renew', { ids: [renewed.id], expiringWithinDays: null, rekey: false, revokeOldAfterDays: 7 });

    const records = () => backend.vault.listAuthorities().flatMap((a) => backend.vault.listCertificates(a.id));
    for (const at of [start, start - 3_600_000, start + 2 * 86_400_000, start + 500 * 86_400_000]) {
      clock = at;
      const now = new Date(clock);
      const expected = await Promise.all(records().map((r) => referenceSummary(backend.vault, r, now)));
      const actual = await call('certificate.list');
      assert.deepEqual(actual, expected, `at ${now.toISOString()}`);
      assert.ok(new Set(actual.map((s) => s.status)).size >= 2 || at === start, `statuses at ${now.toISOString()}`);
    }
    clock = start;
    // The catalog's cache of facts does not hide a revocation that comes later.
    const later = (await call('certificate.list')).find((c) => c.subject.commonName === 'bulk-5')!;
    assert.equal(later.status, 'valid');
    await call('certificate.revoke', { ids: [later.id], reason: 'superseded' });
    assert.equal((await call('certificate.list')).find((c) => c.id === later.id)!.status, 'revoked');
  });
});
