/** Pure pieces of the views: the authority tree, the settings editor, the certificates table, file reading. */
import { certificateSummary } from '../support/summaries.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { buildAuthorityTree, canSignIntermediates, flattenTree, issuingAuthorities, whyNoIntermediates } from '../../renderer/app/authority-tree.js';
import { objectTextFromBytes } from '../../renderer/components/file-object.js';
import { sameSettings, settingsDraft, settingsErrors, settingsFieldFromPath, settingsInput } from '../../renderer/views/authority-settings.js';
import { filterCertificates, sanSummary, sortCertificates, toggleSort } from '../../renderer/views/certificate-table.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const SETTINGS = { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 };

function authority(id: string, over: Partial<AuthoritySummary> = {}): AuthoritySummary {
  return {
    id: id.repeat(32).slice(0, 32),
    kind: 'intermediate',
    state: 'active',
    parentId: null,
    subject: { commonName: `CA ${id}` },
    subjectDn: `CN=CA ${id}`,
    keyAlgorithm: 'p256',
    serialNumberHex: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2030-01-01T00:00:00Z',
    sha256Fingerprint: 'AA',
    pathLength: 0,
    nameConstraints: null,
    settings: SETTINGS,
    counts: { issued: 0, revoked: 0, expiring: 0 },
    revocation: null,
    remoteId: null,
    createdAt: `2026-01-0${id.charCodeAt(0) % 9}T00:00:00Z`,
    ...over,
  };
}

function certificate(cn: string, over: Partial<CertificateSummary> = {}): CertificateSummary {
  return certificateSummary(cn, over);
}

describe('authority tree', () => {
  test('roots first, intermediates below their parent, outside-signed ones at the top', () => {
    const root = authority('r', { kind: 'root', pathLength: null });
    const issuing = authority('i', { parentId: root.id });
    const outside = authority('o');
    const pending = authority('p', { state: 'pending', notAfter: '' });
    const orphan = authority('x', { parentId: 'f'.repeat(32) });
    const tree = buildAuthorityTree([issuing, outside, pending, root, orphan]);
    assert.equal(tree[0]?.authority.id, root.id);
    assert.deepEqual(tree[0]?.children.map((c) => c.authority.id), [issuing.id]);
    assert.equal(tree[0]?.children[0]?.depth, 1);
    assert.deepEqual(flattenTree(tree).map((n) => n.authority.subject.commonName).sort(), ['CA i', 'CA o', 'CA p', 'CA r', 'CA x']);
    assert.deepEqual(issuingAuthorities([issuing, pending, root], NOW).map((n) => n.authority.id), [root.id, issuing.id]);
  });

  test('a parent cycle hides nobody', () => {
    const a = authority('a', { parentId: 'b'.repeat(32) });
    const b = authority('b', { parentId: 'a'.repeat(32) });
    assert.equal(flattenTree(buildAuthorityTree([a, b])).length, 2);
  });

  test('who may sign intermediates, and why not', () => {
    assert.equal(canSignIntermediates(authority('r', { pathLength: null }), NOW), true);
    assert.equal(whyNoIntermediates(authority('i'), NOW), 'Its path length is 0: it signs only leaf certificates');
    assert.equal(whyNoIntermediates(authority('p', { state: 'pending' }), NOW), 'It is waiting for its signed certificate');
    assert.equal(whyNoIntermediates(authority('e', { pathLength: 2, notAfter: '2025-01-01T00:00:00Z' }), NOW), 'It has expired');
  });
});

describe('authority settings editor', () => {
  test('URLs are http(s) or blank; errors use main\'s words', () => {
    const draft = { ...settingsDraft(SETTINGS), crlUrl: 'ftp://x/y.crl', defaultValidityDays: 'abc' };
    const errors = settingsErrors(draft);
    assert.equal(errors.crlUrl, 'CRL distribution point must be an http:// or https:// URL');
    assert.equal(errors.defaultValidityDays, 'Default validity must be a whole number of days');
    assert.deepEqual(settingsErrors({ ...settingsDraft(SETTINGS), ocspUrl: 'https://ocsp.acme.internal' }), {});
    assert.deepEqual(settingsInput({ ...settingsDraft(SETTINGS), defaultValidityDays: ' 45 ' }).defaultValidityDays, 45);
    assert.equal(settingsFieldFromPath('settings.caIssuersUrl'), 'caIssuersUrl');
    assert.equal(settingsFieldFromPath('id'), undefined);
    assert.ok(sameSettings({ ...settingsDraft(SETTINGS), crlUrl: '  ' }, SETTINGS));
  });

  test('the CRL update interval is a whole number of days from 1 to 90', () => {
    assert.equal(settingsErrors({ ...settingsDraft(SETTINGS), crlNextUpdateDays: '' }).crlNextUpdateDays, 'Enter how many days each CRL stays valid');
    assert.equal(settingsErrors({ ...settingsDraft(SETTINGS), crlNextUpdateDays: '120' }).crlNextUpdateDays, 'A CRL can stay valid for at most 90 days');
    assert.equal(settingsInput({ ...settingsDraft(SETTINGS), crlNextUpdateDays: '14' }).crlNextUpdateDays, 14);
  });
});

describe('certificates table', () => {
  const list = [
    certificate('orders', { sans: [{ type: 'dns', value: 'orders.acme.internal' }, { type: 'ip', value: '10.1.2.3' }], notAfter: '2026-02-01T00:00:00Z' }),
    certificate('billing-service', { profile: 'client', serialNumberHex: '99887766', sans: [{ type: 'uri', value: 'spiffe://acme/billing' }], status: 'revoked' }),
    certificate('Bücher', { sans: [{ type: 'dns', value: 'xn--bcher-kva.example' }], sha256Fingerprint: '12:34:56:78:9A', notAfter: '2026-12-01T00:00:00Z' }),
  ];

  test('filters on name, SANs (both IDN forms), serial and fingerprint, and status', () => {
    const names = (q: string, status: 'all' | 'valid' | 'revoked' = 'all') => filterCertificates(list, q, status).map((c) => c.subject.commonName);
    assert.deepEqual(names('ORDERS'), ['orders']);
    assert.deepEqual(names('10.1.2'), ['orders']);
    assert.deepEqual(names('bücher.example'), ['Bücher']);
    assert.deepEqual(names('xn--bcher'), ['Bücher']);
    assert.deepEqual(names('99:88:77'), ['billing-service']);
    assert.deepEqual(names('3456789a'), ['Bücher']);
    assert.deepEqual(names('', 'revoked'), ['billing-service']);
    assert.deepEqual(names('spiffe', 'valid'), []);
  });

  test('sorts by any column, toggling the direction', () => {
    let sort = toggleSort({ key: 'notAfter', direction: 'ascending' }, 'commonName');
    assert.deepEqual(sort, { key: 'commonName', direction: 'ascending' });
    assert.deepEqual(sortCertificates(list, sort).map((c) => c.subject.commonName), ['billing-service', 'Bücher', 'orders']);
    sort = toggleSort(sort, 'commonName');
    assert.equal(sort.direction, 'descending');
    assert.deepEqual(sortCertificates(list, sort).map((c) => c.subject.commonName), ['orders', 'Bücher', 'billing-service']);
    assert.deepEqual(sortCertificates(list, { key: 'notAfter', direction: 'ascending' }).map((c) => c.subject.commonName), ['orders', 'billing-service', 'Bücher']);
    assert.deepEqual(sortCertificates(list, { key: 'status', direction: 'descending' })[0]?.subject.commonName, 'billing-service');
  });

  test('SANs read as the first and a count', () => {
    assert.deepEqual(sanSummary(list[0]!.sans), { first: 'orders.acme.internal', more: 1 });
    assert.deepEqual(sanSummary(list[2]!.sans), { first: 'bücher.example', more: 0 });
    assert.deepEqual(sanSummary([]), { first: '', more: 0 });
  });
});

describe('opened files', () => {
  test('PEM text is sent as text, anything else as base64 of its bytes', () => {
    const pem = new TextEncoder().encode('\n-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n');
    assert.deepEqual(objectTextFromBytes(pem), { text: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----', kind: 'pem' });
    assert.deepEqual(objectTextFromBytes(new Uint8Array([0x30, 0x82, 0xff, 0x00])), { text: 'MIL/AA==', kind: 'der' });
    assert.equal(objectTextFromBytes(new TextEncoder().encode('hello')).kind, 'der');
  });
});
