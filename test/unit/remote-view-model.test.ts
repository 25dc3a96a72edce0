/**
 * The window's logic for remote authorities (renderer/views/remote/model.ts): the connect form and
 * the step-ca export form to requests the contract accepts, the contract's refusals back to the
 * form's fields, the remote of an authority, and a remote authority never offered as a parent CA.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { RemoteSummary } from '../../shared/domain/remote.js';
import { RemoteConnect, StepCaExportRequest } from '../../shared/ipc/contract.js';
import { canSignIntermediates, whyNoIntermediates } from '../../renderer/app/authority-tree.js';
import { t } from '../../renderer/i18n/instance.js';
import { consequences } from '../../renderer/wizards/revoke/model.js';
import { connectFieldOf, connectRequest, EMPTY_CONNECT, EMPTY_EXPORT, exportFieldOf, exportRequest, lines, names, remoteOf } from '../../renderer/views/remote/model.js';

const ROOT_ID = '0123456789abcdef0123456789abcdef';
const FINGERPRINT = 'AB:CD:'.repeat(15) + 'AB:CD';

/** The field a zod refusal names, as main sends it in details.field. */
function refusedField(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> } }): string | undefined {
  assert.equal(result.success, false);
  return result.error?.issues[0]?.path.map(String).join('.');
}

describe('connect form', () => {
  test('URLs one per line keep their (failover) order; the contract accepts the request and normalises the fingerprint', () => {
    const request = connectRequest({ ...EMPTY_CONNECT, name: ' team-ca ', urls: 'https://ca-b.test:9001\n\n  https://ca-a.test:9000/ \n', fingerprint: ` ${FINGERPRINT} `, password: 'secret' });
    assert.deepEqual(request.urls, ['https://ca-b.test:9001', 'https://ca-a.test:9000/']);
    const parsed = RemoteConnect.parse(request);
    assert.deepEqual(parsed.urls, ['https://ca-b.test:9001', 'https://ca-a.test:9000']);
    assert.equal(parsed.fingerprint, 'abcd'.repeat(16));
    assert.equal(parsed.provisioner, 'certwright');
    assert.equal(parsed.name, 'team-ca');
  });

  test('main’s refusals land at their field: a plain-http second URL, a short fingerprint, no URL at all', () => {
    const base = { ...EMPTY_CONNECT, name: 'team', urls: 'https://ca.test:9000', fingerprint: FINGERPRINT, password: 'p' };
    assert.equal(connectFieldOf(refusedField(RemoteConnect.safeParse(connectRequest({ ...base, urls: 'https://ca.test:9000\nhttp://ca.test:9000' })))), 'urls');
    assert.equal(connectFieldOf(refusedField(RemoteConnect.safeParse(connectRequest({ ...base, fingerprint: 'abcd' })))), 'fingerprint');
    assert.equal(connectFieldOf(refusedField(RemoteConnect.safeParse(connectRequest({ ...base, urls: '  \n ' })))), 'urls');
    assert.equal(connectFieldOf(refusedField(RemoteConnect.safeParse(connectRequest({ ...base, password: '' })))), 'password');
    assert.equal(connectFieldOf(undefined), undefined);
    assert.equal(connectFieldOf('operationId'), undefined);
  });

  test('lines and names split as typed', () => {
    assert.deepEqual(lines('a\r\n b \n\n'), ['a', 'b']);
    assert.deepEqual(names('ca.test, localhost  127.0.0.1\n::1'), ['ca.test', 'localhost', '127.0.0.1', '::1']);
  });
});

describe('step-ca export form', () => {
  const good = { ...EMPTY_EXPORT, password: 'correct horse', passwordAgain: 'correct horse', dnsNames: 'ca.test, 127.0.0.1' };

  test('the defaults make a request the contract accepts: built-in database, a folder, step-ca’s port', () => {
    const made = exportRequest(ROOT_ID, good);
    assert.equal(made.ok, true);
    if (!made.ok) return;
    const parsed = StepCaExportRequest.parse(made.request);
    assert.equal(parsed.address, ':9000');
    assert.deepEqual(parsed.dnsNames, ['ca.test', '127.0.0.1']);
    assert.deepEqual(parsed.database, { type: 'badgerv2', dataSource: 'db' });
    assert.equal(parsed.format, 'folder');
    assert.equal(parsed.commonName, undefined);
    assert.equal(parsed.validityDays, undefined);
  });

  test('MySQL with its DSN and database, ACME, a zip, a validity and a name', () => {
    const made = exportRequest(ROOT_ID, { ...good, database: 'mysql', dataSource: 'u:p@tcp(127.0.0.1:3306)/', databaseName: 'team', acme: true, format: 'zip', validityDays: ' 365 ', commonName: ' Team Online CA ' });
    assert.equal(made.ok, true);
    if (!made.ok) return;
    const parsed = StepCaExportRequest.parse(made.request);
    assert.deepEqual(parsed.database, { type: 'mysql', dataSource: 'u:p@tcp(127.0.0.1:3306)/', database: 'team' });
    assert.equal(parsed.acme, true);
    assert.equal(parsed.validityDays, 365);
    assert.equal(parsed.commonName, 'Team Online CA');
  });

  test('refused before asking main: a short password, two that differ, a validity that is not whole days', () => {
    assert.deepEqual(exportRequest('r', { ...good, password: 'short', passwordAgain: 'short' }), { ok: false, errors: { password: t('remote:exportDialog.passwordShort', { min: 8 }) } });
    assert.deepEqual(exportRequest('r', { ...good, passwordAgain: 'correct horsf' }), { ok: false, errors: { passwordAgain: t('remote:exportDialog.passwordMismatch') } });
    assert.deepEqual(exportRequest('r', { ...good, validityDays: '1.5' }), { ok: false, errors: { validityDays: t('remote:exportDialog.validityWhole') } });
  });

  test('main’s refusals land at their field: the address, a DNS name, the MySQL DSN', () => {
    const request = (patch: Partial<typeof good>) => {
      const made = exportRequest(ROOT_ID, { ...good, ...patch });
      assert.equal(made.ok, true);
      return made.ok ? made.request : {};
    };
    assert.equal(exportFieldOf(refusedField(StepCaExportRequest.safeParse(request({ address: 'nowhere' })))), 'address');
    assert.equal(exportFieldOf(refusedField(StepCaExportRequest.safeParse(request({ dnsNames: 'ok.test bad_name!' })))), 'dnsNames');
    assert.equal(exportFieldOf(refusedField(StepCaExportRequest.safeParse(request({ dnsNames: ' ' })))), 'dnsNames');
    assert.equal(exportFieldOf(refusedField(StepCaExportRequest.safeParse(request({ database: 'mysql', dataSource: ' ' })))), 'dataSource');
    assert.equal(exportFieldOf(refusedField(StepCaExportRequest.safeParse(request({ database: 'mysql', dataSource: 'x', databaseName: 'no spaces' })))), 'databaseName');
    assert.equal(exportFieldOf('rootId'), undefined);
  });
});

describe('remote authorities in the window', () => {
  const authority = (patch: Partial<AuthoritySummary>): AuthoritySummary =>
    ({ id: 'a', kind: 'intermediate', state: 'active', parentId: 'root', pathLength: null, notAfter: '2099-01-01T00:00:00Z', remoteId: null, ...patch }) as AuthoritySummary;
  const remote = { id: 'r1', name: 'team-ca', authorityId: 'a' } as RemoteSummary;

  test('a remote authority names its server; a CA of the vault none', () => {
    assert.equal(remoteOf(authority({ remoteId: 'r1' }), [remote])?.name, 'team-ca');
    assert.equal(remoteOf(authority({ remoteId: 'gone' }), [remote]), undefined);
    assert.equal(remoteOf(authority({}), [remote]), undefined);
  });

  test('the revoke review says the server records the revocation, not a CRL of the vault', () => {
    const target = { issuerCommonName: 'Team Online CA', subject: { commonName: 'orders' }, profile: 'server' } as Pick<CertificateSummary, 'issuerCommonName' | 'subject'>;
    assert.equal(consequences([target], 'superseded', ['team-ca'])[0], t('remote:view.revokeOne', { label: 'orders · server', servers: 'team-ca' }));
    assert.match(consequences([target], 'superseded')[0]!, /CRL of Team Online CA/);
    assert.match(consequences([target, target], 'superseded', ['a', 'b'])[0]!, /^step-ca a and b records these 2 certificates/);
  });

  test('never offered as the parent of a new intermediate, and the window says why', () => {
    assert.equal(canSignIntermediates(authority({})), true);
    assert.equal(canSignIntermediates(authority({ remoteId: 'r1' })), false);
    assert.equal(whyNoIntermediates(authority({ remoteId: 'r1' })), t('remote:view.noIntermediates'));
    assert.equal(whyNoIntermediates(authority({})), undefined);
  });
});
