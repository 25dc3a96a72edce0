/**
 * The Endpoints view's pure logic (renderer/views/endpoints/model.ts): a target as typed, the form to
 * a watch.add request (and main's field names back to the form's), the list's order and filter, the
 * finding to show first, and which vault certificates each picker offers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EndpointStatus, ProbeOutcome, WatchFinding, WatchHealth } from '../../shared/domain/watch.js';
import { WatchAdd } from '../../shared/ipc/contract.js';
import { msg } from '../../shared/i18n/message.js';
import { t } from '../../renderer/i18n/instance.js';
import { daysLeft } from '../../renderer/app/format.js';
import {
  DEFAULT_ENDPOINT_SORT,
  draftFieldOf,
  draftOf,
  EMPTY_DRAFT,
  filterEndpoints,
  healthCounts,
  isClientCapable,
  isServable,
  orderedFindings,
  outcomeHealth,
  parseTarget,
  renewedNotDeployed,
  shortSerial,
  sortEndpoints,
  toggleEndpointSort,
  toRequest,
} from '../../renderer/views/endpoints/model.js';

const finding = (id: WatchFinding['id'], severity: WatchFinding['severity']): WatchFinding => ({ id, severity, text: msg('watch:finding.chainOrder') });

function outcome(patch: Partial<ProbeOutcome> = {}): ProbeOutcome {
  return {
    at: '2026-12-07T10:00:00.000Z',
    durationMs: 12,
    reached: 'ok',
    failure: null,
    leaf: { sha256: 'AA', serialHex: '01AB', subjectCommonName: 'api.example.org', issuerCommonName: 'Acme Issuing CA', notAfter: '2027-01-01T00:00:00.000Z', vaultCertificateId: null },
    servedCount: 2,
    earliestNotAfter: '2027-01-01T00:00:00.000Z',
    effectiveNotAfter: '2027-01-01T00:00:00.000Z',
    clientCertificateRequested: false,
    servedIsLatest: true,
    latest: null,
    findings: [],
    ...patch,
  };
}

function status(id: string, host: string, health: WatchHealth, last: ProbeOutcome | null, patch: Partial<EndpointStatus> = {}): EndpointStatus {
  return {
    endpoint: { id, host, port: 443, servername: null, clientCertificateId: null, expect: null, intervalMinutes: null, addedAt: '2026-12-01T00:00:00.000Z' },
    target: `${host}:443`,
    health,
    last,
    lastOkAt: null,
    failuresInRow: 0,
    nextProbeAt: null,
    clientAuthSeen: false,
    ...patch,
  };
}

describe('parseTarget', () => {
  test('host:port, an address, an IPv6 address in brackets, a URL', () => {
    assert.deepEqual(parseTarget('Api.Example.org:8443'), { ok: true, host: 'api.example.org', port: 8443 });
    assert.deepEqual(parseTarget(' 10.0.0.5:443 '), { ok: true, host: '10.0.0.5', port: 443 });
    assert.deepEqual(parseTarget('[::1]:443'), { ok: true, host: '::1', port: 443 });
    assert.deepEqual(parseTarget('[2001:DB8::10]:8443'), { ok: true, host: '2001:db8::10', port: 8443 });
    assert.deepEqual(parseTarget('https://example.org:443/health'), { ok: true, host: 'example.org', port: 443 });
  });

  test('each mistake its own words', () => {
    const message = (text: string) => {
      const r = parseTarget(text);
      assert.equal(r.ok, false, text);
      return r.ok ? '' : r.message;
    };
    assert.equal(message(''), t('watch:view.form.targetMissing'));
    assert.equal(message('example.org'), t('watch:view.form.targetNoPort'));
    assert.equal(message('[::1]'), t('watch:view.form.targetNoPort'));
    assert.equal(message('::1'), t('watch:view.form.targetBrackets'));
    assert.equal(message('2001:db8::1:443'), t('watch:view.form.targetBrackets'));
    assert.equal(message('example.org:https'), t('watch:view.form.targetPort'));
    assert.equal(message('example.org:'), t('watch:view.form.targetPort'));
    assert.equal(message('example.org:70000'), t('watch:view.form.targetPort'));
    assert.equal(message('example.org:0'), t('watch:view.form.targetPort'));
    assert.equal(message('[::1]:x'), t('watch:view.form.targetPort'));
    assert.equal(message('two words:443'), t('watch:view.form.targetMissing'));
  });
});

describe('the form', () => {
  test('a filled form is a request the contract accepts', () => {
    const made = toRequest({ ...EMPTY_DRAFT, target: '[::1]:8443', servername: ' localhost ', clientCertificateId: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', expectKind: 'service', expectService: 'orders', ownInterval: true, intervalMinutes: '15' });
    assert.ok(made.ok);
    assert.deepEqual(made.request, { host: '::1', port: 8443, servername: 'localhost', clientCertificateId: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', expect: { kind: 'service', service: 'orders' }, intervalMinutes: 15 });
    assert.ok(WatchAdd.safeParse(made.request).success);
    const plain = toRequest({ ...EMPTY_DRAFT, target: 'example.org:443', ownInterval: false, intervalMinutes: 'not read' });
    assert.ok(plain.ok);
    assert.deepEqual(plain.request, { host: 'example.org', port: 443, servername: null, clientCertificateId: null, expect: null, intervalMinutes: null });
  });

  test('what to fix is named at its field', () => {
    const made = toRequest({ ...EMPTY_DRAFT, target: 'example.org', expectKind: 'certificate', ownInterval: true, intervalMinutes: '1.5' });
    assert.equal(made.ok, false);
    assert.deepEqual(made.ok ? null : made.errors, { host: t('watch:view.form.targetNoPort'), expect: t('watch:view.form.expectCertificateMissing'), intervalMinutes: t('watch:view.form.intervalWhole') });
    const range = toRequest({ ...EMPTY_DRAFT, target: 'a:1', ownInterval: true, intervalMinutes: '0' });
    assert.deepEqual(range.ok ? null : Object.keys(range.errors), ['intervalMinutes']);
    const service = toRequest({ ...EMPTY_DRAFT, target: 'a:1', expectKind: 'service' });
    assert.deepEqual(service.ok ? null : service.errors, { expect: t('watch:view.form.expectServiceMissing') });
  });

  test('an endpoint edited fills the form, and the form gives it back unchanged', () => {
    const s = status('e1', '2001:db8::10', 'ok', null);
    const endpoint = { ...s.endpoint, port: 8443, servername: 'api.internal', expect: { kind: 'certificate' as const, certificateId: 'cert-1' }, intervalMinutes: 30 };
    const draft = draftOf(endpoint);
    assert.equal(draft.target, '[2001:db8::10]:8443');
    const back = toRequest(draft);
    assert.ok(back.ok);
    assert.deepEqual(back.request, { host: endpoint.host, port: 8443, servername: 'api.internal', clientCertificateId: null, expect: endpoint.expect, intervalMinutes: 30 });
    assert.equal(draftOf({ ...endpoint, intervalMinutes: null }, 120).intervalMinutes, '120');
  });

  test("main's INVALID_INPUT field lands on the form's field", () => {
    assert.equal(draftFieldOf('host'), 'host');
    assert.equal(draftFieldOf('port'), 'host');
    assert.equal(draftFieldOf('expect.certificateId'), 'expect');
    assert.equal(draftFieldOf('intervalMinutes'), 'intervalMinutes');
    assert.equal(draftFieldOf('clientCertificateId'), 'clientCertificateId');
    assert.equal(draftFieldOf('id'), null);
    assert.equal(draftFieldOf(undefined), null);
  });

  test('the pickers: a client certificate needs its key and a client profile; the expected one is a server’s', () => {
    assert.equal(isClientCapable({ hasPrivateKey: true, profile: 'client' }), true);
    assert.equal(isClientCapable({ hasPrivateKey: true, profile: 'peer' }), true);
    assert.equal(isClientCapable({ hasPrivateKey: false, profile: 'client' }), false);
    assert.equal(isClientCapable({ hasPrivateKey: true, profile: 'server' }), false);
    assert.equal(isServable({ profile: 'server' }), true);
    assert.equal(isServable({ profile: 'peer' }), true);
    assert.equal(isServable({ profile: 'client' }), false);
    assert.equal(isServable({ profile: 'ca' }), false);
  });
});

describe('the list', () => {
  const soon = outcome({ effectiveNotAfter: '2026-12-20T00:00:00.000Z', findings: [finding('expires-soon', 'warning')] });
  const rows = [
    status('a', 'ok.example', 'ok', outcome({ effectiveNotAfter: '2027-06-01T00:00:00.000Z' })),
    status('b', 'new.example', 'unprobed', null),
    status('c', 'down.example', 'error', outcome({ reached: 'unreachable', leaf: null, effectiveNotAfter: null, earliestNotAfter: null, findings: [finding('unreachable', 'error')] }), { failuresInRow: 2 }),
    status('d', 'soon.example', 'warning', soon),
    status('e', 'old.example', 'error', outcome({ effectiveNotAfter: '2026-12-10T00:00:00.000Z', findings: [finding('renewed-not-deployed', 'error')] })),
  ];

  test('errors first by default (the earliest expiry first among them), the healthy last', () => {
    assert.deepEqual(
      sortEndpoints(rows, DEFAULT_ENDPOINT_SORT).map((s) => s.endpoint.id),
      ['e', 'c', 'd', 'b', 'a'],
    );
  });

  test('by expiry either way, those with nothing served last (by target); a column again turns the order round', () => {
    assert.deepEqual(sortEndpoints(rows, { column: 'expires', direction: 'ascending' }).map((s) => s.endpoint.id), ['e', 'd', 'a', 'c', 'b']);
    assert.deepEqual(sortEndpoints(rows, { column: 'expires', direction: 'descending' }).map((s) => s.endpoint.id), ['a', 'd', 'e', 'c', 'b']);
    assert.deepEqual(toggleEndpointSort({ column: 'expires', direction: 'ascending' }, 'expires'), { column: 'expires', direction: 'descending' });
    assert.deepEqual(toggleEndpointSort({ column: 'expires', direction: 'descending' }, 'target'), { column: 'target', direction: 'ascending' });
    assert.deepEqual(sortEndpoints(rows, { column: 'target', direction: 'ascending' }).map((s) => s.target)[0], 'down.example:443');
  });

  test('the filter reads the target, what was served and the findings; every word must match', () => {
    assert.deepEqual(filterEndpoints(rows, 'SOON').map((s) => s.endpoint.id), ['d']);
    assert.deepEqual(filterEndpoints(rows, 'renewed-not-deployed').map((s) => s.endpoint.id), ['e']);
    assert.deepEqual(filterEndpoints(rows, '01ab acme').map((s) => s.endpoint.id), ['a', 'd', 'e']);
    assert.equal(filterEndpoints(rows, '  ').length, rows.length);
    assert.deepEqual(filterEndpoints(rows, 'nothing-like-this'), []);
  });

  test('counts by health, days until expiry, a short serial', () => {
    assert.deepEqual(healthCounts(rows), { ok: 1, warning: 1, error: 2, unprobed: 1 });
    const now = new Date('2026-12-07T12:00:00.000Z');
    assert.equal(daysLeft('2026-12-20T00:00:00.000Z', now), 12);
    assert.equal(daysLeft('2026-12-06T00:00:00.000Z', now), -2);
    assert.equal(shortSerial('01AB'), '01AB');
    assert.equal(shortSerial('7F3A9C0011223344556677889900AABB'), '7F3A9C00…00AABB');
  });
});

describe('one endpoint', () => {
  test('"renewed, still serving the old one" is found to be shown first; errors before warnings', () => {
    const renewed = finding('renewed-not-deployed', 'error');
    const o = outcome({ findings: [finding('chain-order', 'warning'), renewed, finding('host-mismatch', 'error')] });
    assert.equal(renewedNotDeployed(o), renewed);
    assert.equal(renewedNotDeployed(outcome()), null);
    assert.equal(renewedNotDeployed(null), null);
    assert.deepEqual(orderedFindings(o.findings).map((f) => f.id), ['renewed-not-deployed', 'host-mismatch', 'chain-order']);
  });

  test('the health a result gives', () => {
    assert.equal(outcomeHealth(outcome()), 'ok');
    assert.equal(outcomeHealth(outcome({ findings: [finding('chain-order', 'warning')] })), 'warning');
    assert.equal(outcomeHealth(outcome({ findings: [finding('chain-order', 'warning'), finding('revoked', 'error')] })), 'error');
    assert.equal(outcomeHealth(outcome({ reached: 'not-tls', findings: [] })), 'error');
  });
});
