/**
 * Seeing expiry coming, with an injected clock (certificates made with chosen dates): the dashboard's
 * windows, timeline, CRLs due and blast radius; renewal (same key — OpenSSL sees the same public key)
 * and rekey (a new one), each verified by `openssl verify` and a real mTLS handshake; the old one
 * revoked as superseded after the overlap (on the CRL, per OpenSSL); a bulk renewal of 1,000; expiry
 * notifications at every threshold; the Prometheus textfile parsed against the text format.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import parsePrometheus from 'parse-prometheus-text-format';
import { certificatesCsv, csvCell } from '../../electron/services/certificate-list-export.js';
import { expiryNotice } from '../../electron/services/expiry-watch.js';
import { prometheusText } from '../../electron/services/metrics.js';
import { noticeWords, type OsNotice } from '../../electron/services/notifier.js';
import { english } from '../../shared/i18n/english.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { openBackend } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'expiry interop passphrase';
const DAY = 86_400_000;
/** The injected clock starts at the real now (OpenSSL and the handshakes judge with the real clock) and moves for the windows. */
const START = Math.floor(Date.now() / 1000) * 1000;

describe('expiry: dashboard, renewal, notifications, metrics', async () => {
  const dir = await tempDir('certwright-expiry-');
  let clock = START;
  // Worded in English, as main words them for an English-speaking user.
  const notices: OsNotice[] = [];
  const list = (items: readonly string[]) => new Intl.ListFormat('en', { style: 'narrow', type: 'conjunction' }).format(items);
  const ticks: Array<() => void> = [];
  const progress: Array<EventPayload<'operation.progress'>> = [];
  const backend = openBackend(join(dir, 'vault'), {
    now: () => new Date(clock),
    notifier: { notify: (n) => notices.push(noticeWords(n, english, list)) },
    timer: { every: (_ms, tick) => (ticks.push(tick), () => undefined) },
    emit: (_caller, _event, payload) => progress.push(payload as EventPayload<'operation.progress'>),
  });
  const { call } = backend;
  await call('vault.create', { passphrase: PASSPHRASE });
  const root = await call('authority.createRoot', { subject: { commonName: 'Expiry Root' }, validityDays: 3650 });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Expiry Issuing' }, validityDays: 300 })).authority;
  const issue = async (cn: string, days: number, profile: 'server' | 'client' = 'server') =>
    (await call('certificate.issue', { authorityId: issuing.id, profile, subject: { commonName: cn }, sans: profile === 'server' ? [{ type: 'dns', value: `${cn}.expiry.test` }] : [], validity: { days } })).certificate;
  const d3 = await issue('three', 3);
  const d20 = await issue('twenty', 20);
  const d60 = await issue('sixty', 60);
  await issue('two-hundred', 200);
  const pem = async (id: string, name: string) => {
    const detail = await call('certificate.get', { id });
    const file = join(dir, `${name}.pem`);
    await writeFile(file, detail.certificatePem);
    await writeFile(join(dir, 'chain.pem'), detail.chainPem + detail.rootPem);
    return file;
  };
  const publicKey = async (file: string) => (await runPeer('openssl', ['x509', '-in', file, '-noout', '-pubkey'])).stdout;

  test('the dashboard counts each window by effective expiry, and the timeline puts each in its week', async () => {
    const board = await call('dashboard.get');
    assert.deepEqual(board.counts, { valid: 4, expired: 0, 'not-yet-valid': 0, revoked: 0, total: 4 });
    assert.deepEqual(board.expiring, [ { days: 7, count: 1 }, { days: 30, count: 2 }, { days: 90, count: 3 } ]);
    const weeks = board.timeline.authorities.find((a) => a.authorityId === issuing.id)?.weeks;
    assert.ok(weeks);
    assert.equal(weeks[0], 1, '3 days: this week');
    assert.equal(weeks[2], 1, '20 days: week 2');
    assert.equal(weeks[8], 1, '60 days: week 8');
    assert.equal(weeks.reduce((a, b) => a + b, 0), 3, '200 days is past the 26 weeks');
    const ca = board.authoritiesExpiring.find((a) => a.authorityId === issuing.id);
    assert.deepEqual(ca && { daysLeft: ca.daysLeft, blastRadius: ca.blastRadius }, { daysLeft: 300, blastRadius: { certificates: 4, authorities: 0 } });
    const rootRow = board.authoritiesExpiring.find((a) => a.authorityId === root.id);
    assert.equal(rootRow, undefined, 'the root ends in ten years: not listed');
    // 25 days later: two have expired, the windows move.
    clock = START + 25 * DAY;
    const later = await call('dashboard.get');
    assert.deepEqual(later.counts, { valid: 2, expired: 2, 'not-yet-valid': 0, revoked: 0, total: 4 });
    assert.deepEqual(later.expiring, [ { days: 7, count: 0 }, { days: 30, count: 0 }, { days: 90, count: 1 } ]);
    clock = START;
  });

  test('notifications: on unlock for what is within 30 days (urgent within 7), then only new crossings each day', async () => {
    await call('vault.lock');
    await call('vault.unlock', { passphrase: PASSPHRASE });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.equal(notices[0]!.title, '1 certificate expires within 7 days');
    assert.equal(notices[0]!.urgent, true);
    assert.match(notices[0]!.body, /Urgent: three \(3 days\)\. Within 30 days: twenty \(20 days\)\./);
    // Next day: nothing new.
    clock = START + DAY;
    ticks.at(-1)!();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(notices.length, 1);
    // 14 days later, "twenty" crosses 7 days; "sixty" crosses 30 days at day 31.
    clock = START + 14 * DAY;
    ticks.at(-1)!();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(notices.length, 2);
    assert.match(notices[1]!.body, /Urgent: twenty \(6 days\)/);
    clock = START + 31 * DAY;
    ticks.at(-1)!();
    await new Promise((r) => setTimeout(r, 50));
    assert.match(notices[2]!.body, /Within 30 days: sixty \(29 days\)/);
    assert.equal(notices[2]!.urgent, false);
    // Thresholds are settings: 90 days announces "two-hundred"? It still has 169 days: no.
    await call('settings.updateExpiry', { warningDays: 90, urgentDays: 14, notifications: true });
    clock = START + 120 * DAY;
    ticks.at(-1)!();
    await new Promise((r) => setTimeout(r, 50));
    assert.match(notices.at(-1)!.body, /two-hundred \(80 days\)/);
    await call('settings.updateExpiry', { warningDays: 30, urgentDays: 7, notifications: true });
    clock = START;
    assert.equal(expiryNotice([], 30, 7, new Date(clock)), null);
  });

  test('renew keeps the key (OpenSSL agrees), links both ways, verifies, handshakes; the old one is revoked as superseded after the overlap', async () => {
    const oldFile = await pem(d20.id, 'twenty-old');
    const result = await call('certificate.renew', { ids: [d20.id], rekey: false, validity: { days: 30 }, revokeOldAfterDays: 7 });
    assert.equal(result.renewed.length, 1);
    const renewed = result.renewed[0]!.certificate;
    assert.equal(renewed.replacesId, d20.id);
    assert.equal(result.revokeOldAt, new Date(START + 7 * DAY).toISOString());
    const old = await call('certificate.get', { id: d20.id });
    assert.equal(old.replacedById, renewed.id);
    assert.equal(old.scheduledRevocation, result.revokeOldAt);
    const newFile = await pem(renewed.id, 'twenty-new');
    assert.equal(await publicKey(newFile), await publicKey(oldFile), 'same key');
    const verified = await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', join(dir, 'chain.pem'), newFile]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    const proof = await call('certificate.prove', { id: renewed.id });
    assert.equal(proof.ok, true, JSON.stringify(proof));
    // The overlap passes; the next unlock revokes the old one as superseded, and the CRL says so.
    clock = START + 8 * DAY;
    await call('vault.lock');
    await call('vault.unlock', { passphrase: PASSPHRASE });
    const after = await call('certificate.get', { id: d20.id });
    assert.equal(after.status, 'revoked');
    assert.equal(after.revocation?.reason, 'superseded');
    assert.equal(after.scheduledRevocation, null);
    const crl = await call('authority.crl', { id: issuing.id });
    await writeFile(join(dir, 'issuing.crl'), crl!.pem);
    assert.match((await runPeer('openssl', ['crl', '-in', join(dir, 'issuing.crl'), '-noout', '-text'])).stdout, /Superseded/);
    clock = START;
    const again = await backend.router.invoke('certificate.renew', { ids: [d20.id] }, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
    assert.ok(!again.ok && /revoked/.test(again.error.message));
  });

  test('rekey makes a new key; a certificate from a CSR can be renewed but not rekeyed', async () => {
    const oldFile = await pem(d60.id, 'sixty-old');
    const { renewed } = await call('certificate.renew', { ids: [d60.id], rekey: true });
    const newFile = await pem(renewed[0]!.certificate.id, 'sixty-new');
    assert.notEqual(await publicKey(newFile), await publicKey(oldFile));
    assert.equal(renewed[0]!.certificate.hasPrivateKey, true);
    assert.equal((await runPeer('openssl', ['verify', '-x509_strict', '-CAfile', join(dir, 'chain.pem'), newFile])).code, 0);
    assert.equal((await call('certificate.prove', { id: renewed[0]!.certificate.id })).ok, true);

    await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'csr.key'), '-out', join(dir, 'csr.pem'), '-subj', '/CN=from-csr']);
    const signed = (await call('csr.sign', { csr: await readFile(join(dir, 'csr.pem'), 'utf8'), authorityId: issuing.id, profile: 'client', subject: { commonName: 'from-csr' }, sans: [] })).certificate;
    const refused = await backend.router.invoke('certificate.renew', { ids: [signed.id], rekey: true }, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
    assert.ok(!refused.ok && /does not hold its key/.test(refused.error.message));
    const kept = await call('certificate.renew', { ids: [signed.id] });
    const keptFile = await pem(kept.renewed[0]!.certificate.id, 'from-csr-renewed');
    assert.match(await publicKey(keptFile), /BEGIN PUBLIC KEY/);
    assert.equal(await publicKey(keptFile), await publicKey(await pem(signed.id, 'from-csr')));
    assert.equal(kept.renewed[0]!.certificate.hasPrivateKey, false);
  });

  test('bulk: everything expiring within 30 days, 1,000 of them, with progress; each replaced and verifiable', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
    await call('certificate.issueBulk', { authorityId: issuing.id, profile: 'client', serviceNames: names, validity: { days: 10 } });
    progress.length = 0;
    const started = performance.now();
    const result = await call('certificate.renew', { expiringWithinDays: 30, rekey: false, revokeOldAfterDays: null, operationId: 'bulk-renew' });
    const ms = performance.now() - started;
    const bulk = result.renewed.filter((r) => r.certificate.subject.commonName.startsWith('bulk-'));
    assert.equal(bulk.length, 1000);
    console.log(`renewed ${result.renewed.length} certificates in ${Math.round(ms)} ms`);
    const done = progress.filter((p) => p.operationId === 'bulk-renew').map((p) => p.done);
    assert.ok(done.length >= 10 && done.every((d, i) => i === 0 || d >= done[i - 1]!), 'monotonic progress');
    const sample = bulk[537]!.certificate;
    assert.equal((await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', join(dir, 'chain.pem'), await pem(sample.id, 'bulk-sample')])).code, 0);
    const list = await call('certificate.list');
    assert.equal(list.filter((c) => c.subject.commonName.startsWith('bulk-') && c.replacedById !== null).length, 1000);
    // The new ones live 30 days (the authority's default); within 20 days only replaced ones would qualify, and they do not.
    const twice = await call('certificate.renew', { expiringWithinDays: 20, rekey: false, revokeOldAfterDays: null });
    assert.equal(twice.renewed.filter((r) => r.certificate.subject.commonName.startsWith('bulk-')).length, 0, 'replaced ones are not renewed again');
  });

  test('the Prometheus textfile parses, with a sample per certificate and counts by status', async () => {
    const [authorities, certificates] = [await call('authority.list'), await call('certificate.list')];
    const text = prometheusText({ authorities, certificates, crlNextUpdates: new Map([[issuing.id, (await call('authority.crl', { id: issuing.id }))?.nextUpdate ?? null]]) });
    // The exposition format, line by line (https://prometheus.io/docs/instrumenting/exposition_formats/).
    const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
    const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
    const sample = new RegExp(`^${NAME}(\\{${LABEL}(,${LABEL})*\\})? -?[0-9]+(\\.[0-9]+)?$`);
    for (const line of text.trimEnd().split('\n')) {
      assert.ok(/^# (HELP|TYPE) /.test(line) || sample.test(line), `not exposition format: ${line}`);
    }
    const families = parsePrometheus(text) as Array<{ name: string; type: string; metrics: Array<{ value: string; labels?: Record<string, string> }> }>;
    const notAfter = families.find((f) => f.name === 'certwright_certificate_not_after_seconds');
    assert.equal(notAfter?.type, 'GAUGE');
    assert.equal(notAfter?.metrics.length, certificates.length);
    const three = notAfter?.metrics.find((m) => m.labels?.cn === 'three');
    assert.deepEqual(three?.labels, { ca: 'Expiry Issuing', cn: 'three', serial: d3.serialNumberHex, profile: 'server' });
    assert.equal(Number(three?.value), Math.floor(Date.parse(d3.notAfter) / 1000));
    const counts = families.find((f) => f.name === 'certwright_certificates');
    assert.equal(counts?.metrics.reduce((sum, m) => sum + Number(m.value), 0), certificates.length);
    assert.equal(Number(counts?.metrics.find((m) => m.labels?.status === 'revoked')?.value), certificates.filter((c) => c.status === 'revoked').length);
    assert.ok(families.some((f) => f.name === 'certwright_crl_next_update_seconds' && f.metrics.length === 1));
    // Label values are escaped: a quote and a backslash in a CN survive the round trip.
    const odd = prometheusText({ authorities: [], certificates: [{ ...certificates[0]!, subject: { commonName: 'a "quoted" \\ name' } }], crlNextUpdates: new Map() });
    const parsed = parsePrometheus(odd) as Array<{ metrics: Array<{ labels: Record<string, string> }> }>;
    assert.equal(parsed[0]!.metrics[0]!.labels.cn, 'a "quoted" \\ name');
  });

  test('CSV of the list: RFC 4180 quoting, and no cell a spreadsheet would run as a formula', async () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('-2+3'), "'-2+3");
    const certificates = await call('certificate.list');
    const csv = certificatesCsv(certificates);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines.length, certificates.length + 1);
    assert.match(lines[0]!, /^id,common_name,profile,issuer,status,serial,not_before,not_after,effective_not_after,/);
  });
});
