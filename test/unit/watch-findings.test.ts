/**
 * The watch's judgement of one probe (electron/services/watch/findings.ts), on real certificates
 * (test/support/chain-maker.ts) read by the real inspection engine, as the probe reads them in the
 * worker: expiry windows on the chain's effective expiry, "renewed but not deployed", the expected
 * certificate or service, revocation, the inspection's chain and host diagnoses mapped to the watch's
 * ids, the client certificate, and what a failed connection becomes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { inspectCertificates } from '../../electron/engine/inspect/inspect.js';
import { judge, latestOf, type Observed, type VaultCertificateFact, type VaultFacts } from '../../electron/services/watch/findings.js';
import { observedFrom } from '../../electron/services/watch/probe.js';
import type { EndpointReport } from '../../shared/domain/inspect.js';
import type { ExpectedCertificate } from '../../shared/domain/watch.js';
import { english } from '../../shared/i18n/english.js';
import { msg } from '../../shared/i18n/message.js';
import { nestedMsg } from '../../electron/engine/tls/failures.js';
import { EKU, KeyPool, makeCertificate, type Made } from '../support/chain-maker.js';
import { X509 } from '../../electron/engine/webcrypto.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T12:00:00Z');
const OPTIONS = { warningDays: 30, urgentDays: 7, now: NOW };
const keys = new KeyPool();

const made = (commonName: string, issuer: Made | null, days: number, extra: { ca?: boolean; dns?: string[] } = {}): Made =>
  makeCertificate(
    { commonName, key: 'p256', hash: 'SHA-256', notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() + days * DAY), ca: extra.ca ?? false, ...(extra.ca ? {} : { eku: [EKU.server], dns: extra.dns ?? ['api.test'] }) },
    keys.key('p256', 0),
    issuer,
  );

const root = made('Watch Root', null, 3650, { ca: true });
const issuing = made('Watch Issuing', root, 1000, { ca: true });
const shortIssuing = made('Short Issuing', root, 5, { ca: true });
const old = made('api', issuing, 200);
const renewed = made('api', issuing, 400);
const other = made('billing', issuing, 400);
const soon = made('soon', issuing, 20);
const urgent = made('urgent', issuing, 3);
const expired = made('gone', issuing, -2);
const underShort = made('under-short', shortIssuing, 300);
const stranger = made('stranger', made('Outside CA', null, 3650, { ca: true }), 300);

const sha = (m: Made) => createHash('sha256').update(m.der).digest('hex').toUpperCase();
const serial = (m: Made) => new X509.X509Certificate(new Uint8Array(m.der)).serialNumber.toUpperCase();

/** The vault's facts over these certificates: old was renewed into `renewed` on 3 Dec; `other` is revoked when asked. */
function factsOf(options: { revoked?: Made[] } = {}): VaultFacts {
  const entries: Array<[string, Made, string, string | null]> = [
    ['id-old', old, '2026-06-01T00:00:00.000Z', 'id-renewed'],
    ['id-renewed', renewed, '2026-12-03T09:00:00.000Z', null],
    ['id-other', other, '2026-11-01T00:00:00.000Z', null],
    ['id-soon', soon, '2026-01-01T00:00:00.000Z', null],
    ['id-urgent', urgent, '2026-01-01T00:00:00.000Z', null],
    ['id-under-short', underShort, '2026-01-01T00:00:00.000Z', null],
  ];
  const certificates = new Map<string, VaultCertificateFact>();
  const byFingerprint = new Map<string, VaultCertificateFact>();
  for (const [id, m, issuedAt, replacedById] of entries) {
    const fact: VaultCertificateFact = {
      id,
      authorityId: 'authority',
      serialHex: serial(m),
      commonName: m.spec.commonName,
      notAfter: m.spec.notAfter.toISOString(),
      issuedAt,
      replacedById,
      revocation: options.revoked?.includes(m) ? { revokedAt: '2026-12-05T00:00:00.000Z', reason: 'keyCompromise' } : null,
      service: m.spec.commonName,
    };
    certificates.set(id, fact);
    byFingerprint.set(sha(m).replace(/(..)(?!$)/g, '$1:'), fact);
  }
  const latestRenewal = new Map([['id-old', certificates.get('id-renewed')!]]);
  const services = new Map([...certificates.values()].filter((f) => f.replacedById === null && f.revocation === null).map((f) => [f.service!, f] as const));
  const vault = [issuing, root, shortIssuing].map((m, i) => ({ derB64: Buffer.from(m.der).toString('base64'), authorityId: `ca-${i}` }));
  return { builtAt: NOW.toISOString(), certificates, byFingerprint, latestRenewal, services, scope: { vault, now: NOW.getTime() } };
}

/** What the probe would have seen served (in this order), inspected by the engine as the worker does. */
async function observe(facts: VaultFacts, served: Made[], extra: { host?: string; requested?: boolean | null; client?: EndpointReport['clientCertificate'] } = {}): Promise<Observed> {
  const report = await inspectCertificates(
    served.map((m) => m.der),
    { hostCheck: extra.host ?? 'api.test', role: 'server', useSystemStore: false },
    {
      vault: facts.scope.vault.map((ca) => ({ der: new Uint8Array(Buffer.from(ca.derB64, 'base64')), authorityId: ca.authorityId })),
      system: () => [],
      now: NOW,
      crypto: globalThis.crypto,
      revocationOf: () => null,
    },
    '127.0.0.1:443',
  );
  const endpointReport: EndpointReport = {
    target: '127.0.0.1:443',
    address: '127.0.0.1',
    servername: null,
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    alpn: null,
    clientCertificateRequested: extra.requested === undefined ? false : extra.requested,
    acceptableCaNames: [],
    chainOrder: 'as-sent',
    clientCertificate: extra.client ?? null,
    failure: null,
    reached: 'ok',
    report,
  };
  return observedFrom(endpointReport, facts).observed;
}

const endpoint = (expect: ExpectedCertificate | null = null, servername: string | null = 'api.test') => ({ host: '127.0.0.1', servername, expect });
const ids = (j: { findings: readonly { id: string }[] }) => j.findings.map((f) => f.id);
const NOT_SEEN = { clientAuthSeenAt: null };

describe('judging what an endpoint served', () => {
  const facts = factsOf();

  test('the latest certificate with its chain: nothing to say, and it is the latest', async () => {
    const j = judge(await observe(facts, [renewed, issuing]), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(j), []);
    assert.equal(j.servedIsLatest, true);
    assert.equal(j.latest, null);
  });

  test('a certificate renewed in the vault but still served: when it was renewed, and which is the latest', async () => {
    const j = judge(await observe(facts, [old, issuing]), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(j), ['renewed-not-deployed']);
    assert.equal(english(j.findings[0]!.text), 'Renewed on 2026-12-03, still serving the old one: reload the service.');
    assert.equal(j.findings[0]!.severity, 'error');
    assert.equal(j.servedIsLatest, false);
    assert.deepEqual(j.latest, { certificateId: 'id-renewed', serialHex: serial(renewed), issuedAt: '2026-12-03T09:00:00.000Z' });
    assert.equal(latestOf(facts, facts.certificates.get('id-old')!).id, 'id-renewed');
  });

  test('expected a certificate: its renewal is fine, another is unexpected; expected a service: its latest', async () => {
    assert.deepEqual(ids(judge(await observe(facts, [renewed, issuing]), facts, endpoint({ kind: 'certificate', certificateId: 'id-old' }), NOT_SEEN, OPTIONS)), []);
    const stale = judge(await observe(facts, [old, issuing]), facts, endpoint({ kind: 'certificate', certificateId: 'id-renewed' }), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(stale), ['renewed-not-deployed']);
    const wrong = judge(await observe(facts, [other, issuing], { host: 'api.test' }), facts, endpoint({ kind: 'certificate', certificateId: 'id-old' }), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(wrong), ['unexpected-certificate']);
    assert.equal(english(wrong.findings[0]!.text), `Serves billing (serial ${serial(other)}), not the expected api (serial ${serial(old)}) nor a renewal of it.`);
    assert.equal(wrong.servedIsLatest, false);
    assert.equal(wrong.latest?.certificateId, 'id-renewed');
    const service = judge(await observe(facts, [other, issuing]), facts, endpoint({ kind: 'service', service: 'api' }), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(service), ['unexpected-certificate']);
    assert.match(english(service.findings[0]!.text), /not the latest certificate of the service api\.$/);
    assert.deepEqual(ids(judge(await observe(facts, [renewed, issuing]), facts, endpoint({ kind: 'service', service: 'api' }), NOT_SEEN, OPTIONS)), []);
    // Not the vault's and nothing expected: nothing known about "latest".
    const outside = judge(await observe(facts, [stranger]), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.equal(outside.servedIsLatest, null);
  });

  test('expiry windows judge the chain: a leaf good for 300 days under an intermediate ending in 5 is urgent', async () => {
    const warn = judge(await observe(facts, [soon, issuing], { host: 'api.test' }), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(warn), ['expires-soon']);
    assert.equal(warn.findings[0]!.severity, 'warning');
    assert.equal(english(warn.findings[0]!.text), `The served chain expires in 20 days (${soon.spec.notAfter.toISOString().slice(0, 10)}).`);
    assert.deepEqual(ids(judge(await observe(facts, [urgent, issuing]), facts, endpoint(), NOT_SEEN, OPTIONS)), ['expires-urgent']);
    const chain = await observe(facts, [underShort, shortIssuing]);
    assert.equal(chain.effectiveNotAfter, shortIssuing.spec.notAfter.toISOString());
    assert.deepEqual(ids(judge(chain, facts, endpoint(), NOT_SEEN, OPTIONS)), ['expires-urgent']);
    const gone = judge(await observe(facts, [expired, issuing]), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(gone), ['expired']);
    assert.match(english(gone.findings[0]!.text), /^The served certificate gone expired on 2026-12-05\.$/);
  });

  test('revoked in the vault', async () => {
    const revokedFacts = factsOf({ revoked: [renewed] });
    const j = judge(await observe(revokedFacts, [renewed, issuing]), revokedFacts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(j), ['revoked']);
    assert.equal(english(j.findings[0]!.text), `The served certificate api (serial ${serial(renewed)}) is revoked.`);
  });

  test('the inspection’s diagnoses: a missing intermediate, the wrong order, a name not covered', async () => {
    const incomplete = judge(await observe(facts, [renewed]), facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(incomplete), ['chain-incomplete']);
    assert.match(english(incomplete.findings[0]!.text), /^Incomplete chain: .*Watch Issuing/);
    assert.deepEqual(ids(judge(await observe(facts, [issuing, renewed]), facts, endpoint(), NOT_SEEN, OPTIONS)), ['chain-order']);
    const mismatch = judge(await observe(facts, [renewed, issuing], { host: 'www.other.test' }), facts, endpoint(null, 'www.other.test'), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(mismatch), ['host-mismatch']);
    assert.equal(english(mismatch.findings[0]!.text), 'The served certificate does not cover www.other.test.');
  });

  test('client certificates: refused, and a server that no longer asks', async () => {
    const refusedObserved = { ...(await observe(facts, [renewed, issuing], { requested: true, client: { commonName: 'probe-client', accepted: false, message: msg('x509:client.refusedUnnamed') } })), reached: 'handshake-failed' as const };
    const refused = judge(refusedObserved, facts, endpoint(), NOT_SEEN, OPTIONS);
    // The server spoke TLS and served its chain: judged, with the refusal as the finding.
    assert.equal(refused.reached, 'ok');
    assert.deepEqual(ids(refused), ['client-certificate-refused']);
    assert.equal(english(refused.findings[0]!.text), 'The client certificate probe-client was refused.');
    const dropped = judge(await observe(facts, [renewed, issuing], { requested: false }), facts, endpoint(), { clientAuthSeenAt: '2026-12-01T08:00:00.000Z' }, OPTIONS);
    assert.deepEqual(ids(dropped), ['client-auth-dropped']);
    assert.equal(english(dropped.findings[0]!.text), 'No longer asks for a client certificate; it did on 2026-12-01.');
    assert.deepEqual(ids(judge(await observe(facts, [renewed, issuing], { requested: null }), facts, endpoint(), { clientAuthSeenAt: '2026-12-01T08:00:00.000Z' }, OPTIONS)), []);
  });

  test('no connection: one finding that quotes the probe’s own sentence, worst findings first otherwise', async () => {
    const failure = msg('x509:tls.refused', { endpoint: '127.0.0.1:1' });
    const none: Observed = { reached: 'unreachable', failure, leaf: null, effectiveNotAfter: null, effectiveLimitedBy: null, clientCertificateRequested: null, clientCertificate: null, diagnosis: [] };
    const j = judge(none, facts, endpoint(), NOT_SEEN, OPTIONS);
    assert.deepEqual(ids(j), ['unreachable']);
    assert.deepEqual(j.findings[0]!.text, msg('watch:finding.unreachable', nestedMsg('reason', failure)));
    assert.equal(english(j.findings[0]!.text), `Unreachable: ${english(failure)}`);
    assert.deepEqual(ids(judge({ ...none, reached: 'not-tls' }, facts, endpoint(), NOT_SEEN, OPTIONS)), ['not-tls']);
    assert.deepEqual(ids(judge({ ...none, reached: 'handshake-failed' }, facts, endpoint(), NOT_SEEN, OPTIONS)), ['handshake-failed']);
    // Several at once, in WATCH_FINDINGS order (errors first).
    const many = judge(await observe(facts, [old], { host: 'www.other.test' }), facts, endpoint(null, 'www.other.test'), { clientAuthSeenAt: '2026-12-01T00:00:00.000Z' }, OPTIONS);
    assert.deepEqual(ids(many), ['renewed-not-deployed', 'host-mismatch', 'chain-incomplete', 'client-auth-dropped']);
  });
});
