/**
 * What the inspector calls a certificate in finding titles, in the chain and on its card: its Common
 * Name; without one (Go Daddy's and Starfield's Class 2 roots have only OU, O and C) its subject DN
 * in RFC 4514, as names.ts writes every DN; "(empty subject)" only for a subject with nothing in it.
 *
 * The DN expected is OpenSSL's (`openssl x509 -subject -nameopt RFC2253`), not written here.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspectInput } from '../../electron/engine/inspect/inspect.js';
import type { InspectionReport } from '../../shared/domain/inspect.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';

async function inspect(pem: string): Promise<InspectionReport> {
  return inspectInput(
    new Uint8Array(Buffer.from(pem)),
    { password: null, hostCheck: 'name.test', role: 'server', useSystemStore: false },
    { vault: [], system: () => [], now: new Date(), crypto: globalThis.crypto, revocationOf: () => null },
  );
}

/** OpenSSL's RFC 2253 text of the subject (RFC 4514 is its successor; the two agree on these names). */
async function opensslSubject(file: string): Promise<string> {
  const said = await runPeer('openssl', ['x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253']);
  assert.equal(said.code, 0, said.stderr);
  return said.stdout.trim().replace(/^subject=\s*/, '');
}

/** Every place the inspector names the certificate: its card, its chain link, the titles about it. */
function assertNamed(report: InspectionReport, name: string): void {
  const object = report.objects[0];
  assert.ok(object && object.kind === 'certificate', JSON.stringify(report.objects));
  assert.equal(object.commonName, name);
  assert.equal(report.chain?.links[0]?.commonName, name);
  const titles = report.findings.map((f) => english(f.title));
  assert.ok(titles.some((t) => t.includes(name)), `no finding title names ${name}: ${JSON.stringify(titles)}`);
  if (name !== '(empty subject)') for (const f of report.findings) assert.ok(!`${english(f.title)} ${english(f.detail)}`.includes('(empty subject)'), `${f.id}: ${english(f.title)} — ${english(f.detail)}`);
}

describe('a certificate without a Common Name is named by its subject DN', async () => {
  const dir = await tempDir('certwright-inspect-names-');
  /** A self-signed CA made by OpenSSL with this subject. */
  async function make(name: string, subject: string): Promise<string> {
    const file = join(dir, `${name}.pem`);
    const made = await runPeer('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', file,
      '-subj', subject, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-days', '30',
    ]);
    assert.equal(made.code, 0, made.stderr);
    return file;
  }

  test('OU, O and C, a comma in O: the RFC 4514 DN, escaped, most specific first', async () => {
    const file = await make('class2', '/C=US/O=The Go Daddy Group, Inc./OU=Go Daddy Class 2 Certification Authority');
    const dn = await opensslSubject(file);
    assert.equal(dn, 'OU=Go Daddy Class 2 Certification Authority,O=The Go Daddy Group\\, Inc.,C=US', 'what OpenSSL writes (a check of this test, not of Certwright)');
    const report = await inspect(await readFile(file, 'utf8'));
    assertNamed(report, dn);
    assert.equal(report.objects[0]?.kind === 'certificate' && report.objects[0].subjectDn, dn);
  });

  test('with a Common Name, the Common Name', async () => {
    const file = await make('named', '/C=US/O=Named Org/CN=Named Root');
    assertNamed(await inspect(await readFile(file, 'utf8')), 'Named Root');
  });

  test('an empty subject: "(empty subject)"', async () => {
    const file = await make('empty', '/');
    assert.equal(await opensslSubject(file), '');
    assertNamed(await inspect(await readFile(file, 'utf8')), '(empty subject)');
  });

  // The two roots of Debian's bundle without a Common Name, as they are.
  for (const root of ['Go_Daddy_Class_2_CA', 'Starfield_Class_2_CA']) {
    const file = `/etc/ssl/certs/${root}.pem`;
    test(`the system's ${root}`, { skip: existsSync(file) ? false : `${file} is not installed` }, async () => {
      const dn = await opensslSubject(file);
      assert.doesNotMatch(dn, /(^|,)CN=/);
      assertNamed(await inspect(await readFile(file, 'utf8')), dn);
    });
  }
});
