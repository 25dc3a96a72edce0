/** The Certificates list as pure data: what is hidden by default, the handed-over filter, text and status filters, sorting, how expiry reads. */
import { certificateSummary } from '../support/summaries.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { RevocationReason } from '../../shared/domain/revocation.js';
import { indexCertificates, isExpiringWithin, isRetired, prepareQuery, selectRows, sortRows, type TableView } from '../../shared/domain/certificate-query.js';
import { countText, describeListFilter, expiryNote, pagesFor, requestKey } from '../../renderer/views/certificate-table.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const revoked = (reason: RevocationReason) => ({ status: 'revoked' as const, revocation: { reason, revokedAt: NOW.toISOString(), invalidityDate: null } });

function certificate(cn: string, over: Partial<CertificateSummary> = {}): CertificateSummary {
  return certificateSummary(cn, { issuerCommonName: 'Acme Issuing CA', serialNumberHex: '0A:1B:2C:3D:4E:5F', notBefore: inDays(-10), notAfter: inDays(60), sha256Fingerprint: 'AB:CD:EF:01:23:45', createdAt: inDays(-100), ...over });
}

const LIST = [
  certificate('orders', { sans: [{ type: 'dns', value: 'orders.acme.internal' }], effectiveNotAfter: inDays(12), notAfter: inDays(60) }),
  certificate('billing', { profile: 'client', serialNumberHex: '99:88:77:66', sha256Fingerprint: '12:34:56:78:9A:BC' }),
  certificate('old-billing', { ...revoked('superseded'), replacedById: 'billing' }),
  certificate('held', { ...revoked('certificateHold') }),
  certificate('leaked', { ...revoked('keyCompromise') }),
  certificate('gone', { status: 'expired', notAfter: inDays(-3), effectiveNotAfter: inDays(-3) }),
  certificate('rolling', { replacedById: 'orders', scheduledRevocation: inDays(7), notAfter: inDays(5) }),
  certificate('Bücher', { sans: [{ type: 'dns', value: 'xn--bcher-kva.example' }], notAfter: inDays(200) }),
];

const view = (over: Partial<TableView> = {}): TableView => ({ query: '', status: 'all', showRetired: false, now: NOW, ...over });
const names = (over: Partial<TableView> = {}, list = LIST) => selectRows(sortRows(indexCertificates(list), { key: 'commonName', direction: 'ascending' }), view(over)).map((c) => c.subject.commonName);

describe('certificates list: hidden by default', () => {
  test('expired, revoked for good and replaced are retired; a hold is not', () => {
    assert.deepEqual(
      LIST.filter(isRetired).map((c) => c.id),
      ['old-billing', 'leaked', 'gone', 'rolling'],
    );
    assert.equal(indexCertificates(LIST).retired, 4);
  });

  test('hidden until "Show expired and revoked"; the open certificate stays listed', () => {
    assert.deepEqual(names(), ['billing', 'Bücher', 'held', 'orders']);
    assert.deepEqual(names({ showRetired: true }), ['billing', 'Bücher', 'gone', 'held', 'leaked', 'old-billing', 'orders', 'rolling']);
    assert.deepEqual(names({ pinnedId: 'leaked' }), ['billing', 'Bücher', 'held', 'leaked', 'orders']);
    // Pinned does not beat the other filters.
    assert.deepEqual(names({ pinnedId: 'leaked', query: 'orders' }), ['orders']);
  });

  test('asking for a status shows the retired ones of that status; "valid" still hides the replaced', () => {
    assert.deepEqual(names({ status: 'revoked' }), ['held', 'leaked', 'old-billing']);
    assert.deepEqual(names({ status: 'expired' }), ['gone']);
    assert.deepEqual(names({ status: 'valid' }), ['billing', 'Bücher', 'orders']);
    assert.deepEqual(names({ status: 'valid', showRetired: true }), ['billing', 'Bücher', 'orders', 'rolling']);
  });
});

describe('certificates list: the filter handed over by the dashboard', () => {
  test('expiringWithinDays: in service, effective expiry within the window (the dashboard rule)', () => {
    assert.deepEqual(names({ filter: { expiringWithinDays: 30 } }), ['orders']); // limited by its CA to 12 days
    assert.deepEqual(names({ filter: { expiringWithinDays: 7 } }), []);
    // Replaced ones do not count, even when shown.
    assert.deepEqual(names({ filter: { expiringWithinDays: 90 }, showRetired: true }), ['billing', 'orders']);
    assert.equal(isExpiringWithin(LIST[0]!, 12, NOW), true);
    assert.equal(isExpiringWithin(LIST[0]!, 11, NOW), false);
    assert.equal(isExpiringWithin(LIST[6]!, 30, NOW), false);
  });

  test('status: exactly that status, the retired included; combined with the other filters', () => {
    assert.deepEqual(names({ filter: { status: 'revoked' } }), ['held', 'leaked', 'old-billing']);
    assert.deepEqual(names({ filter: { status: 'revoked' }, query: 'billing' }), ['old-billing']);
    assert.deepEqual(names({ filter: { status: 'revoked' }, status: 'valid' }), []);
  });

  test('the chip says what it filters', () => {
    const label = (s: string) => s.toUpperCase();
    assert.equal(describeListFilter({ expiringWithinDays: 30 }, label), 'Expiring within 30 days');
    assert.equal(describeListFilter({ expiringWithinDays: 1 }, label), 'Expiring within 1 day');
    assert.equal(describeListFilter({ status: 'revoked' }, label), 'Status: REVOKED');
  });
});

describe('certificates list: text filter', () => {
  test('common name, SAN (both IDN forms), serial and fingerprint with colons, spaces or neither', () => {
    assert.deepEqual(names({ query: 'ORDERS.acme' }), ['orders']);
    assert.deepEqual(names({ query: 'bücher.example' }), ['Bücher']);
    assert.deepEqual(names({ query: 'xn--bcher' }), ['Bücher']);
    assert.deepEqual(names({ query: '99:88:77' }), ['billing']);
    assert.deepEqual(names({ query: '99 88 77' }), ['billing']);
    assert.deepEqual(names({ query: '998877' }), ['billing']);
    assert.deepEqual(names({ query: '56:78:9a' }), ['billing']);
    assert.deepEqual(names({ query: 'Acme Issuing' }).length, 4); // the issuer's name
    assert.deepEqual(names({ query: '   ' }).length, 4);
  });

  test('fewer than 4 hex digits do not search serials and fingerprints (every one would match)', () => {
    assert.deepEqual(prepareQuery('0a:1'), { text: '0a:1', hex: null });
    assert.deepEqual(prepareQuery(' 0A:1B '), { text: '0a:1b', hex: '0a1b' });
    assert.equal(prepareQuery('orders').hex, null);
    assert.deepEqual(names({ query: '1b' }), []);
    assert.deepEqual(names({ query: '0a1b' }), ['Bücher', 'held', 'orders']);
  });
});

describe('certificates list: sorting', () => {
  const list = [
    certificate('svc-10', { createdAt: '2026-05-03T00:00:00Z', effectiveNotAfter: inDays(5), notAfter: inDays(90) }),
    certificate('svc-2', { createdAt: '2026-05-01T00:00:00Z', notAfter: inDays(10), issuerCommonName: 'Zeta CA' }),
    certificate('Svc-1', { createdAt: '2026-05-02T00:00:00Z', notAfter: inDays(10), ...revoked('keyCompromise') }),
  ];
  const order = (key: Parameters<typeof sortRows>[1]['key'], direction: 'ascending' | 'descending' = 'ascending') => sortRows(indexCertificates(list), { key, direction }).map((r) => r.certificate.id);

  test('names as people read them: numbers in order, case ignored', () => {
    assert.deepEqual(order('commonName'), ['Svc-1', 'svc-2', 'svc-10']);
    assert.deepEqual(order('commonName', 'descending'), ['svc-10', 'svc-2', 'Svc-1']);
    assert.deepEqual(order('issuer'), ['svc-10', 'Svc-1', 'svc-2']); // Acme ties newest first, then Zeta
    assert.deepEqual(order('status', 'descending'), ['Svc-1', 'svc-10', 'svc-2']);
  });

  test('"Expires" sorts by the effective expiry; ties stay newest first in both directions', () => {
    assert.deepEqual(order('notAfter'), ['svc-10', 'Svc-1', 'svc-2']);
    assert.deepEqual(order('notAfter', 'descending'), ['Svc-1', 'svc-2', 'svc-10']);
  });

  test('ranks are computed once per column and list', () => {
    const index = indexCertificates(list);
    sortRows(index, { key: 'commonName', direction: 'ascending' });
    const ranks = index.ranks.get('commonName');
    sortRows(index, { key: 'commonName', direction: 'descending' });
    assert.equal(index.ranks.get('commonName'), ranks);
    assert.equal(index.ranks.size, 1);
  });
});

describe('certificates list: how a row reads', () => {
  test('the effective expiry in words, and when a CA limits it', () => {
    assert.deepEqual(expiryNote({ notAfter: inDays(60), effectiveNotAfter: inDays(12.5) }, NOW), { text: 'expires in 12 days — limited by its CA', tone: 'soon', limited: true });
    assert.deepEqual(expiryNote({ notAfter: inDays(200), effectiveNotAfter: inDays(200) }, NOW), { text: 'expires in 200 days', tone: 'ok', limited: false });
    assert.equal(expiryNote({ notAfter: inDays(1.2), effectiveNotAfter: inDays(1.2) }, NOW).text, 'expires in 1 day');
    assert.equal(expiryNote({ notAfter: inDays(0.5), effectiveNotAfter: inDays(0.5) }, NOW).text, 'expires today');
    assert.deepEqual(expiryNote({ notAfter: inDays(-3), effectiveNotAfter: inDays(-3) }, NOW), { text: 'expired 3 days ago', tone: 'expired', limited: false });
  });

  test('the count says when rows are filtered out or hidden', () => {
    assert.equal(countText(12, 12), '12 certificates');
    assert.equal(countText(3, 12), '3 of 12 certificates');
  });
});

describe('certificates list: pages asked of main', () => {
  test('the pages holding the rows in view (and the margin), within the list', () => {
    assert.deepEqual(pagesFor(0, 30, 10_000, 200), [0]);
    assert.deepEqual(pagesFor(-60, 75, 10_000, 200), [0]);
    assert.deepEqual(pagesFor(150, 260, 10_000, 200), [0, 1]);
    assert.deepEqual(pagesFor(9_950, 10_100, 10_000, 200), [49]);
    assert.deepEqual(pagesFor(0, 30, 0), []);
    assert.deepEqual(pagesFor(0, 30, 5, 2), [0, 1, 2]);
  });

  test('one key per list: the window aside, every field counts', () => {
    const base = { query: 'svc', status: 'all' as const, showRetired: false, filter: null, pinnedId: null, sort: { key: 'notAfter' as const, direction: 'ascending' as const } };
    assert.equal(requestKey(base), requestKey({ ...base }));
    assert.equal(requestKey(base), requestKey({ ...base, filter: undefined, withKey: false }));
    for (const other of [{ query: 'svc-1' }, { status: 'revoked' as const }, { showRetired: true }, { filter: { expiringWithinDays: 30 } }, { pinnedId: 'a'.repeat(32) }, { withKey: true }, { sort: { key: 'notAfter' as const, direction: 'descending' as const } }]) {
      assert.notEqual(requestKey(base), requestKey({ ...base, ...other }), JSON.stringify(other));
    }
  });
});
