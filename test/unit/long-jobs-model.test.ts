/** The window's pure parts of issue 17's long jobs and forms: Export all's form, and the unsaved-changes question. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_EXPORT_ALL } from '../../shared/domain/export.js';
import { ExportAllRequest } from '../../shared/ipc/contract.js';
import { folderNames } from '../../electron/services/export-all.js';
import { confirmLeave, unsavedSummary } from '../../renderer/app/unsaved.js';
import { exportAllErrors, exportAllSummary, exportAllUnavailable, exportAllWarning, INITIAL_FORM, toExportAllRequest } from '../../renderer/wizards/export-all/model.js';

const ID = 'a'.repeat(32);

test('export all: keys need a password typed twice; certificates only need none; the request is what main accepts', () => {
  assert.deepEqual(exportAllErrors(INITIAL_FORM), { password: 'Give a password: every key in the zip is encrypted with it' });
  assert.deepEqual(exportAllErrors({ ...INITIAL_FORM, password: 'correct horse', confirm: 'correct hors' }), { confirm: 'The two passwords differ' });
  assert.deepEqual(exportAllErrors({ ...INITIAL_FORM, password: 'correct horse', confirm: 'correct horse' }), {});
  assert.deepEqual(exportAllErrors({ ...INITIAL_FORM, includeKeys: false }), {});
  assert.match(exportAllWarning({ ...INITIAL_FORM, password: 'short', confirm: 'short' }) ?? '', /Shorter than 12/);
  assert.equal(exportAllWarning({ ...INITIAL_FORM, password: 'a long enough password' }), null);

  const keys = toExportAllRequest([ID], { ...INITIAL_FORM, keyFormat: 'p12', password: 'pw', confirm: 'pw' }, 'op-1');
  assert.deepEqual(keys, { ids: [ID], includeKeys: true, keyFormat: 'p12', password: 'pw', operationId: 'op-1' });
  assert.equal(ExportAllRequest.safeParse(keys).success, true);
  const certsOnly = toExportAllRequest([ID], { ...INITIAL_FORM, includeKeys: false, password: 'typed then unticked' });
  assert.equal(certsOnly.password, null, 'no password travels when no key does');
  assert.equal(ExportAllRequest.safeParse(certsOnly).success, true);
  // Main refuses keys without a password whatever the window sends.
  assert.equal(ExportAllRequest.safeParse({ ids: [ID], includeKeys: true, password: '' }).success, false);

  assert.equal(exportAllUnavailable(3), null);
  assert.match(exportAllUnavailable(MAX_EXPORT_ALL + 1) ?? '', /at most 1,000/);
  assert.equal(exportAllSummary({ certificates: 4, withKey: 3, path: '/tmp/c.zip' }, true), '4 certificates in /tmp/c.zip, 3 with their keys encrypted; 1 without (signed from a CSR: Certwright holds no key)');
  assert.equal(exportAllSummary({ certificates: 1, withKey: 0, path: '/tmp/c.zip' }, false), '1 certificate in /tmp/c.zip, certificates and chains only');
});

test('nothing unsaved: leaving asks nothing (the question itself is in test/e2e/long-jobs.spec.ts)', () => {
  assert.equal(unsavedSummary(), null);
  let asked: string | null = null;
  assert.equal(
    confirmLeave((m) => ((asked = m), false)),
    true,
    'nothing unsaved: no question',
  );
  assert.equal(asked, null);
});

test("export all's folders: name and profile, told apart by serial when they coincide, never a path", () => {
  const c = (commonName: string, profile: 'server' | 'client', serialNumberHex: string) => ({ subject: { commonName }, profile, serialNumberHex });
  assert.deepEqual(
    folderNames([c('orders', 'server', 'AA11BB22CC'), c('orders', 'client', 'DD'), c('orders', 'server', '0F0E0D0C0B'), c('../etc/passwd', 'client', '01'), c('orders', 'server', '0F0E0D0C0B')]),
    ['orders-server', 'orders-client', 'orders-server-0f0e0d0c', 'etc-passwd-client', 'orders-server-2'],
  );
});
