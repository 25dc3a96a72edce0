/** The renew wizard: renew or rekey, validity within the CA's chain, the overlap before the old one is revoked, the review's count, the result in words. */
import { certificateSummary } from '../support/summaries.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { RENEW_CANCELLED_REASON, type RenewResult } from '../../shared/domain/expiry.js';
import { RenewRequest } from '../../shared/ipc/contract.js';
import {
  canRenew,
  currentPlan,
  describeOld,
  describeValidity,
  expiringCandidates,
  fieldFromPath,
  initialState,
  issuerLimits,
  machine,
  refusal,
  renewReducer,
  resolveCandidates,
  resultSummary,
  runLabel,
  toRequest,
  validityWarning,
  wizardTitle,
  type RenewAction,
  type RenewState,
  type RenewTarget,
} from '../../renderer/wizards/renew/model.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const ROOT = 'a'.repeat(32);
const ISSUING = 'b'.repeat(32);

function authority(id: string, over: Partial<AuthoritySummary> = {}): AuthoritySummary {
  return {
    id,
    kind: 'intermediate',
    state: 'active',
    parentId: null,
    subject: { commonName: `CA ${id.slice(0, 1)}` },
    subjectDn: `CN=CA ${id.slice(0, 1)}`,
    keyAlgorithm: 'p256',
    serialNumberHex: '01',
    notBefore: inDays(-100),
    notAfter: inDays(3000),
    sha256Fingerprint: 'AA',
    pathLength: 0,
    nameConstraints: null,
    settings: { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 },
    counts: { issued: 0, revoked: 0, expiring: 0 },
    revocation: null,
    remoteId: null,
    createdAt: inDays(-100),
    ...over,
  };
}

function certificate(cn: string, over: Partial<CertificateSummary> = {}): CertificateSummary {
  return certificateSummary(cn, {
    id: Buffer.from(cn).toString('hex').padEnd(32, '0').slice(0, 32),
    authorityId: ISSUING,
    issuerCommonName: 'Acme Issuing CA',
    profile: 'client',
    serialNumberHex: '01',
    notBefore: inDays(-10),
    notAfter: inDays(20),
    sha256Fingerprint: 'AB',
    createdAt: inDays(-10),
    ...over,
  });
}

const AUTHORITIES = [
  authority(ROOT, { kind: 'root', subject: { commonName: 'Acme Root' }, notAfter: inDays(300) }),
  authority(ISSUING, { parentId: ROOT, subject: { commonName: 'Acme Issuing CA' }, notAfter: inDays(2000), settings: { defaultValidityDays: 90, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 } }),
];
const ISSUERS = issuerLimits(AUTHORITIES);
const ORDERS = certificate('orders');
const CSR = certificate('from-csr', { hasPrivateKey: false, key: { algorithm: 'p256', label: 'ECDSA P-256' } });
const HELD = certificate('held', { status: 'revoked', revocation: { reason: 'certificateHold', revokedAt: NOW.toISOString(), invalidityDate: null } });
const RENEWED = certificate('renewed', { replacedById: 'f'.repeat(32) });

const IDS: RenewTarget = { kind: 'ids', ids: [ORDERS.id, CSR.id] };
const run = (actions: RenewAction[], state: RenewState) => actions.reduce(renewReducer, state);
const loaded = (candidates: CertificateSummary[], rekey = false) => run([{ type: 'loaded', candidates, issuers: ISSUERS }], initialState(NOW, rekey));

describe('renew wizard: which certificates', () => {
  test('main\'s refusals, predicted: revoked (a hold too), already renewed, rekey without the key', () => {
    assert.equal(refusal(ORDERS, true), null);
    assert.match(refusal(HELD, false) ?? '', /it is revoked/);
    assert.equal(refusal(RENEWED, false), 'it was already renewed');
    assert.equal(refusal(CSR, false), null);
    assert.match(refusal(CSR, true) ?? '', /does not hold its key.*renewing keeps its key/);
    assert.deepEqual([ORDERS, CSR, HELD, RENEWED].filter(canRenew).map((c) => c.subject.commonName), ['orders', 'from-csr']);
  });

  test('by ids, or everything valid whose effective expiry is within N days', () => {
    const all = [ORDERS, CSR, HELD, RENEWED, certificate('later', { notAfter: inDays(60) }), certificate('limited', { notAfter: inDays(60), effectiveNotAfter: inDays(5) }), certificate('expired', { status: 'expired', notAfter: inDays(-1) })];
    assert.deepEqual(resolveCandidates(all, IDS, NOW).map((c) => c.subject.commonName), ['orders', 'from-csr']);
    assert.deepEqual(expiringCandidates(all, 30, NOW).map((c) => c.subject.commonName), ['orders', 'from-csr', 'limited']);
    assert.deepEqual(expiringCandidates(all, 7, NOW).map((c) => c.subject.commonName), ['limited']);
  });

  test('the plan counts what is renewed and what is skipped, and why', () => {
    const plan = currentPlan(loaded([ORDERS, CSR, HELD], true));
    assert.deepEqual(plan.renew.map((c) => c.subject.commonName), ['orders']);
    assert.deepEqual(plan.skip.map((s) => s.certificate.subject.commonName), ['from-csr', 'held']);
  });
});

describe('renew wizard: steps', () => {
  test('renew is the default; rekey revokes the old one by default, until that is decided on its own', () => {
    const state = loaded([ORDERS]);
    assert.equal(state.rekey, false);
    assert.equal(state.revokeOld, false);
    assert.equal(initialState(NOW, true).revokeOld, true);
    assert.equal(run([{ type: 'rekey', value: true }], state).revokeOld, true);
    const decided = run([{ type: 'revokeOld', value: false }, { type: 'rekey', value: true }], state);
    assert.equal(decided.revokeOld, false);
    assert.equal(decided.rekey, true);
  });

  test('nothing to renew, or no key to rekey, stops the first step with the reason', () => {
    const revokedOnly = run([{ type: 'next' }], loaded([HELD]));
    assert.equal(revokedOnly.step, 'what');
    assert.match(machine.visible(revokedOnly).ids ?? '', /^Nothing here can be renewed: held · client \(it is revoked/);
    const csrOnly = run([{ type: 'next' }], loaded([CSR], true));
    assert.equal(csrOnly.step, 'what');
    assert.match(machine.visible(csrOnly).rekey ?? '', /Certwright holds none of its key/);
    assert.equal(run([{ type: 'rekey', value: false }, { type: 'next' }], csrOnly).step, 'validity');
    assert.equal(machine.errors(initialState(NOW)).ids, 'The certificates are still loading');
  });

  test('validity: the CA default, or days within 1–3650 and within the chain', () => {
    const base = run([{ type: 'next' }], loaded([ORDERS]));
    assert.equal(base.step, 'validity');
    assert.equal(describeValidity(base), "90 days (Acme Issuing CA's default)");
    const days = run([{ type: 'validity', value: 'days' }], base);
    assert.equal(days.days, '90'); // prefilled with the CA's default
    assert.equal(machine.visible(run([{ type: 'days', value: 'abc' }], days)).validity, 'Validity must be a whole number of days');
    assert.equal(machine.visible(run([{ type: 'days', value: '0' }], days)).validity, 'Validity must be at least 1 day');
    assert.equal(machine.visible(run([{ type: 'days', value: '4000' }], days)).validity, 'Validity can be at most 3650 days');
    // The root ends in 300 days: the issuing CA cannot give more.
    assert.match(machine.visible(run([{ type: 'days', value: '301' }], days)).validity ?? '', /^Acme Issuing CA is valid only until .*: choose at most 300 days$/);
    const fine = run([{ type: 'days', value: '200' }, { type: 'next' }], days);
    assert.equal(fine.step, 'old');
    assert.match(describeValidity(fine), /^200 days, expires /);
  });

  test("a CA's default that would outlive its chain is refused too; above 825 days warns", () => {
    const issuers = issuerLimits([authority(ISSUING, { subject: { commonName: 'Short CA' }, notAfter: inDays(20) })]);
    const state = run([{ type: 'loaded', candidates: [ORDERS], issuers }, { type: 'next' }, { type: 'next' }], initialState(NOW));
    assert.equal(state.step, 'validity');
    assert.match(machine.visible(state).validity ?? '', /^Short CA's default of 30 days would end after it does .*: choose at most 20 days$/);
    const long = run([{ type: 'validity', value: 'days' }, { type: 'days', value: '400' }], loaded([ORDERS]));
    assert.equal(validityWarning(long), undefined); // refused (the root ends first), so no warning needed
    const roomy = run([{ type: 'loaded', candidates: [ORDERS], issuers: issuerLimits([authority(ISSUING)]) }, { type: 'validity', value: 'days' }, { type: 'days', value: '400' }], initialState(NOW));
    assert.equal(validityWarning(roomy), undefined, '398 days is the public CAs\' limit, not a private one\'s');
    const longer = run([{ type: 'days', value: '900' }], roomy);
    assert.match(validityWarning(longer) ?? '', /900 days is above 825/);
  });

  test('the overlap: off, 0 (at once) to 90 days, 7 when switched on', () => {
    const old = run([{ type: 'next' }, { type: 'next' }], loaded([ORDERS]));
    assert.equal(old.step, 'old');
    const on = run([{ type: 'revokeOld', value: true }], old);
    assert.equal(on.overlap, '7');
    assert.equal(machine.visible(run([{ type: 'overlap', value: '91' }], on)).overlap, 'The overlap can be at most 90 days');
    assert.equal(machine.visible(run([{ type: 'overlap', value: '' }], on)).overlap, 'Enter the overlap in days (0 revokes at once)');
    assert.equal(machine.visible(run([{ type: 'overlap', value: '-1' }], on)).overlap, 'The overlap must be a whole number of days');
    assert.equal(run([{ type: 'overlap', value: '0' }, { type: 'next' }], on).step, 'review');
    assert.equal(describeOld(run([{ type: 'overlap', value: '0' }], on), 5), 'The old certificates are revoked as superseded at once, and the CRL is published.');
    assert.match(describeOld(on, 1), /^The old certificate is revoked as superseded after 7 days of overlap, on /);
    assert.equal(describeOld(old, 2), 'The old certificates stay valid until they expire; nothing is revoked.');
  });
});

describe('renew wizard: request and result', () => {
  test('the request main receives, accepted by its schema', () => {
    const state = run([{ type: 'revokeOld', value: true }, { type: 'overlap', value: '0' }], loaded([ORDERS, CSR]));
    const request = toRequest(IDS, state, 'op-1');
    assert.deepEqual(request, { ids: [ORDERS.id, CSR.id], rekey: false, revokeOldAfterDays: 0, operationId: 'op-1' });
    assert.deepEqual(RenewRequest.parse(request), { ids: [ORDERS.id, CSR.id], expiringWithinDays: null, rekey: false, revokeOldAfterDays: 0, operationId: 'op-1' });
    const expiring = toRequest({ kind: 'expiring', days: 30 }, run([{ type: 'rekey', value: true }, { type: 'validity', value: 'days' }, { type: 'days', value: '45' }], loaded([ORDERS])));
    assert.deepEqual(expiring, { expiringWithinDays: 30, rekey: true, validity: { days: 45 }, revokeOldAfterDays: 7 });
    assert.equal(RenewRequest.safeParse(expiring).success, true);
  });

  test("main's refusals land on the step that owns them", () => {
    assert.equal(fieldFromPath('ids'), 'ids');
    assert.equal(fieldFromPath('validity'), 'validity');
    assert.equal(fieldFromPath('revokeOldAfterDays'), 'overlap');
    assert.equal(fieldFromPath('operationId'), undefined);
    const back = run([{ type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'serverError', field: 'validity', message: 'Acme Root is valid only until …' }], loaded([ORDERS]));
    assert.equal(back.step, 'validity');
    assert.equal(machine.visible(back).validity, 'Acme Root is valid only until …');
  });

  test('titles and the run button count what will happen', () => {
    assert.equal(wizardTitle({ kind: 'ids', ids: [ORDERS.id] }, loaded([ORDERS])), 'Renew orders · client');
    assert.equal(wizardTitle(IDS, loaded([ORDERS, CSR], true)), 'Rekey 2 certificates');
    assert.equal(wizardTitle({ kind: 'expiring', days: 30 }, loaded([])), 'Renew certificates expiring within 30 days');
    assert.equal(runLabel(false, 1), 'Renew 1 certificate');
    assert.equal(runLabel(true, 1200), 'Rekey 1,200 certificates');
  });

  test('the result: what was renewed, and when the old ones go', () => {
    const renewed = (n: number) => Array.from({ length: n }, (_, i) => ({ replacedId: String(i).padStart(32, '0'), certificate: certificate(`svc-${i}`) }));
    const result = (over: Partial<RenewResult>): RenewResult => ({ renewed: renewed(2), skipped: [], revokeOldAt: null, warnings: [], cancelled: false, ...over });
    assert.deepEqual(resultSummary(result({ revokeOldAt: NOW.toISOString() }), false, NOW), { title: 'Renewed 2 certificates', old: 'The old certificates were revoked as superseded, and the CRL was published.' });
    assert.match(resultSummary(result({ revokeOldAt: inDays(7), renewed: renewed(1) }), true, NOW).title, /^Rekeyed “svc-0 · client”$/);
    assert.match(resultSummary(result({ revokeOldAt: inDays(7), renewed: renewed(1) }), true, NOW).old ?? '', /^The old certificate will be revoked as superseded on .*deployments can roll over\.$/);
    assert.match(resultSummary(result({}), false, NOW).old ?? '', /^The old certificates stay valid until they expire\./);
    assert.deepEqual(resultSummary(result({ renewed: [] }), false, NOW), { title: 'Nothing was renewed', old: null });
    // Cancelled: how many of how many; those not reached are counted from main's reason.
    const notReached = [0, 1, 2].map((i) => ({ id: String(i + 10).padStart(32, '0'), commonName: `later-${i}`, reason: RENEW_CANCELLED_REASON }));
    assert.equal(resultSummary(result({ cancelled: true, skipped: notReached }), false, NOW).title, 'Renewed 2 of 5 certificates; cancelled');
    assert.equal(resultSummary(result({ cancelled: true, renewed: [], skipped: notReached }), true, NOW).title, 'Rekeyed 0 of 3 certificates; cancelled');
  });
});
