/**
 * Inspect anything: a corpus made by OpenSSL and GnuTLS certtool in the test itself — certificates
 * (PEM, DER), chains with keys, every private/public key encoding incl. encrypted ones, CSRs, a CRL,
 * PKCS#7 and PKCS#12 (current and legacy encryption) — plus Debian's system bundle. Each item is
 * detected by content and decoded; certificate fields match what `openssl x509 -text` reports.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { inspectInput, type InspectContext } from '../../electron/engine/inspect/inspect.js';
import type { InspectedCertificate, InspectionReport } from '../../shared/domain/inspect.js';
import { makeCorpus, parseOpensslText, type OpensslFacts } from '../support/inspect-corpus.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';

const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** A fresh clock each time: the corpus is made seconds before it is inspected. */
const context = (): InspectContext => ({ vault: [], system: () => [], now: new Date(), crypto: globalThis.crypto, revocationOf: () => null });

async function inspectFile(file: string, password: string | null = null, extra: Partial<InspectContext> = {}): Promise<InspectionReport> {
  return inspectInput(new Uint8Array(await readFile(file)), { password, hostCheck: null, role: 'any', useSystemStore: false }, { ...context(), ...extra });
}

/** OpenSSL prints names in encoding order, "O = a, OU = "b, c", CN = d" (storeutl: "O=a, …"). */
function opensslNameValues(text: string): string[] {
  return text.split(/(?:,\s*|\/|\s*\+\s*)(?=[A-Za-z][A-Za-z0-9.]*\s*=)/).map((part) => part.replace(/^[^=]+?\s*=\s*/, '').replace(/^"(.*)"$/, '$1'));
}

function assertMatchesOpenssl(ours: InspectedCertificate, theirs: OpensslFacts, where: string): void {
  assert.equal(ours.serialNumberHex.replace(/^0+(?=.)/, ''), theirs.serialHex, `${where}: serial`);
  assert.equal(ours.notBefore, theirs.notBefore.toISOString(), `${where}: notBefore`);
  assert.equal(ours.notAfter, theirs.notAfter.toISOString(), `${where}: notAfter`);
  assert.deepEqual(ours.sans, theirs.sans, `${where}: SANs`);
  assert.equal(ours.publicKey.bits, theirs.keyBits, `${where}: key size`);
  assert.deepEqual(ours.subject.map((a) => a.value), opensslNameValues(theirs.subject), `${where}: subject`);
}

describe('inspecting what outside tools make', async () => {
  const dir = await tempDir('certwright-inspect-corpus-');
  const corpus = await makeCorpus(dir);

  for (const item of corpus) {
    test(`${item.name}: detected and decoded`, async () => {
      const report = await inspectFile(item.file, item.password);
      assert.deepEqual(report.problems, [], `${item.name}: ${JSON.stringify(report.problems)}`);
      assert.equal(report.needsPassword, null);
      assert.deepEqual(report.objects.map((o) => o.kind), item.kinds);
      const certificates = report.objects.filter((o): o is InspectedCertificate => o.kind === 'certificate');
      assert.equal(certificates.length, item.certificates.length);
      for (const [i, pem] of item.certificates.entries()) {
        const text = await runPeer('openssl', ['x509', '-in', pem, '-noout', '-text']);
        assertMatchesOpenssl(certificates[i]!, parseOpensslText(text.stdout), `${item.name} #${i + 1}`);
      }
      for (const key of report.objects.filter((o) => o.kind === 'private-key')) {
        assert.ok(key.kind === 'private-key' && key.publicKey, `${item.name}: the key's public half is known`);
      }
    });
  }

  test('a key is matched to its certificate, and its private bytes appear nowhere in the report', async () => {
    const report = await inspectFile(corpus.find((c) => c.name === 'PEM chain with its key')!.file);
    const key = report.objects.find((o) => o.kind === 'private-key');
    assert.ok(key && key.kind === 'private-key');
    assert.deepEqual(key.matchesCertificates, [0]);
    assert.equal(key.publicKey?.label, 'RSA 2048');
    const json = JSON.stringify(report);
    assert.ok(!json.includes('PRIVATE KEY-----'), 'no PEM private key');
    // The private parts (d, p, q) in any spelling: hex either case, base64, base64url, colon hex.
    const jwk = createPrivateKey(await readFile(`${dir}/leaf.key`)).export({ format: 'jwk' });
    for (const part of [jwk.d, jwk.p, jwk.q]) {
      const bytes = Buffer.from(part!, 'base64url');
      for (const spelling of [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), bytes.toString('base64').slice(0, 32), part!.slice(0, 32), bytes.subarray(0, 16).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:')]) {
        assert.ok(!json.includes(spelling), 'no private part of the key in the report');
      }
    }
  });

  test('password-protected inputs ask for the password, and say when it is wrong', async () => {
    for (const name of ['PKCS#12 (OpenSSL 3 default, AES)', 'PKCS#12 legacy (3DES/RC2)', 'encrypted PKCS#8', 'legacy encrypted PEM']) {
      const file = corpus.find((c) => c.name === name)!.file;
      const none = await inspectFile(file);
      assert.ok(none.needsPassword && !none.needsPassword.wrong, `${name} asks`);
      const wrong = await inspectFile(file, 'not the password');
      assert.ok(wrong.needsPassword?.wrong, `${name} says wrong`);
      assert.match(wrong.problems.map((p) => english(p.message)).join('\n'), /password is wrong/, name);
    }
  });

  test('the CRL decodes with its entries, its signature checked against the root in the vault', async () => {
    const root = new Uint8Array(await readFile(`${dir}/root.der`));
    const report = await inspectFile(`${dir}/root.crl`, null, { vault: [{ der: root, authorityId: null }] });
    const crl = report.objects[0];
    assert.ok(crl?.kind === 'crl');
    assert.equal(crl.crl.number, '7');
    assert.equal(crl.crl.total, 1);
    assert.equal(crl.crl.signature.status, 'verified');
    const leaf = await runPeer('openssl', ['x509', '-in', `${dir}/leaf.pem`, '-noout', '-serial']);
    assert.equal(crl.crl.entries[0]!.serialNumberHex.toUpperCase().replace(/^0+/, ''), leaf.stdout.trim().replace('serial=', '').replace(/^0+/, ''));
  });

  test('a CRL in the input that revokes the leaf is applied to the chain', async () => {
    const pem = (await readFile(`${dir}/leaf.pem`, 'utf8')) + (await readFile(`${dir}/root.pem`, 'utf8')) + (await readFile(`${dir}/root.crl`, 'utf8'));
    const report = await inspectInput(new Uint8Array(Buffer.from(pem)), { password: null, hostCheck: null, role: 'any', useSystemStore: false }, context());
    assert.equal(report.chain?.links[0]?.status, 'revoked');
    assert.ok(report.findings.some((f) => f.id === 'revoked' && /CRL of Corpus Root/.test(english(f.detail))));
  });

  test('with the system store turned on, a system root is a trust anchor; off, it is not', async () => {
    const { systemRoots } = await import('../../electron/services/system-roots.js');
    const roots = systemRoots();
    assert.ok(roots.length > 100, 'the OS store was read');
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(roots[0]!).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const request = { password: null, hostCheck: null, role: 'any' as const };
    const on = await inspectInput(new Uint8Array(Buffer.from(pem)), { ...request, useSystemStore: true }, { ...context(), system: systemRoots });
    assert.equal(on.chain?.anchor, 'system');
    assert.equal(on.chain?.trusted, true);
    assert.equal(english(on.chain!.links[0]!.checks[0]!.note), 'Trust anchor (system store)');
    const off = await inspectInput(new Uint8Array(Buffer.from(pem)), { ...request, useSystemStore: false }, { ...context(), system: systemRoots });
    assert.equal(off.chain?.anchor, null);
  });

  test("Debian's system bundle: all 144-odd roots decoded, fields as OpenSSL prints them", async () => {
    const report = await inspectFile(SYSTEM_BUNDLE);
    const certificates = report.objects.filter((o): o is InspectedCertificate => o.kind === 'certificate');
    const text = (await runPeer('openssl', ['storeutl', '-noout', '-text', '-certs', SYSTEM_BUNDLE])).stdout;
    const blocks = text.split(/^\d+: Certificate$/m).slice(1);
    assert.equal(report.problems.length, 0);
    assert.equal(certificates.length, blocks.length);
    assert.ok(certificates.length > 100);
    let subjectsCompared = 0;
    for (const [i, block] of blocks.entries()) {
      const facts = parseOpensslText(block);
      const ours = certificates[i]!;
      assert.equal(ours.serialNumberHex.replace(/^0+(?=.)/, ''), facts.serialHex, `#${i} serial`);
      assert.equal(ours.notAfter, facts.notAfter.toISOString(), `#${i} notAfter`);
      assert.equal(ours.publicKey.bits, facts.keyBits, `#${i} key bits`);
      assert.ok(ours.isCa || ours.version === 1, `#${i} is a CA`);
      // Names OpenSSL could print without escaping (no commas or multi-byte quirks inside values).
      if (!/\\|[^\x20-\x7e]/.test(facts.subject) && !ours.subject.some((a) => a.value.includes(','))) {
        assert.deepEqual(ours.subject.map((a) => a.value), opensslNameValues(facts.subject), `#${i} subject`);
        subjectsCompared++;
      }
    }
    assert.ok(subjectsCompared > 100, `compared ${subjectsCompared} subjects`);
  });
});
