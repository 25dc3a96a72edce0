/** The window's pure logic for looking after the vault: audit filters and words, security settings, lock reasons, new passphrases, the backup line. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUDIT_KINDS } from '../../shared/domain/audit.js';
import { lockedBecauseText } from '../../renderer/app/lock-reason.js';
import { newPassphraseProblem } from '../../renderer/app/new-passphrase.js';
import { AUDIT_KIND_INFO, auditQuery, detailsText, entryLabel, kindOptionGroups, kindsOf, NO_FILTER, shownText } from '../../renderer/views/audit/model.js';
import { backupLine } from '../../renderer/views/dashboard/model.js';
import { sameSecurity, securityDraft, securityInput } from '../../renderer/views/settings/model.js';

describe('audit view model', () => {
  test('every audit kind has words and a group, and each group offers "all" of its kinds', () => {
    for (const kind of AUDIT_KINDS) assert.ok(AUDIT_KIND_INFO[kind].label.length > 3, kind);
    const groups = kindOptionGroups();
    const offered = new Set(groups.flatMap((g) => g.options.map((o) => o.value)));
    for (const kind of AUDIT_KINDS) assert.ok(offered.has(kind), `${kind} can be chosen`);
    assert.deepEqual(kindsOf('all'), []);
    assert.deepEqual(kindsOf('certificate.issued'), ['certificate.issued']);
    const revocation = kindsOf('group:revocation');
    assert.ok(revocation.includes('certificate.revoked') && revocation.includes('crl.published') && !revocation.includes('certificate.issued'));
  });

  test('filters become the query main takes, and bad dates say which field', () => {
    assert.deepEqual(auditQuery(NO_FILTER), { ok: true, value: { kinds: [] } });
    const ok = auditQuery({ authorityId: 'a'.repeat(32), kind: 'crl.published', from: '2026-12-01', to: '2026-12-07' });
    assert.ok(ok.ok);
    assert.equal(ok.value.authorityId, 'a'.repeat(32));
    assert.deepEqual(ok.value.kinds, ['crl.published']);
    assert.ok(ok.value.from! < ok.value.to!);
    assert.deepEqual(auditQuery({ ...NO_FILTER, from: '2026-13-45' }), { ok: false, field: 'from', message: 'Give the start as a date' });
    assert.deepEqual(auditQuery({ ...NO_FILTER, from: '2026-12-07', to: '2026-12-01' }), { ok: false, field: 'to', message: 'The end is before the start' });
  });

  test('entries in words', () => {
    assert.equal(entryLabel({ kind: 'certificate.issued' }), AUDIT_KIND_INFO['certificate.issued'].label);
    assert.equal(detailsText({ reason: 'keyCompromise', number: 3, invalidityDate: null }), 'reason: keyCompromise · number: 3 · invalidityDate: —');
    assert.equal(detailsText({}), '');
    assert.equal(shownText(100, 240), 'Showing 100 of 240 entries');
    assert.equal(shownText(1, 1), '1 entry');
    assert.equal(shownText(1200, 1200), '1,200 entries');
  });
});

describe('security settings model', () => {
  test('a draft round-trips; "never" needs no minutes; bad numbers name their field', () => {
    const draft = securityDraft({ autoLockMinutes: 15, backupReminderDays: 7 }, 15);
    assert.deepEqual(securityInput(draft), { ok: true, value: { autoLockMinutes: 15, backupReminderDays: 7 } });
    assert.ok(sameSecurity(draft, { autoLockMinutes: 15, backupReminderDays: 7 }));
    assert.deepEqual(securityInput({ ...draft, autoLock: 'never', minutes: 'x' }), { ok: true, value: { autoLockMinutes: null, backupReminderDays: 7 } });
    const bad = securityInput({ autoLock: 'idle', minutes: '1.5', reminderDays: '' });
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.errors).sort(), ['autoLockMinutes', 'backupReminderDays']);
    assert.equal(securityDraft({ autoLockMinutes: null, backupReminderDays: 3 }, 15).autoLock, 'never');
  });
});

describe('lock reasons and new passphrases', () => {
  test('the unlock screen says why the vault locked itself, and nothing after a user lock', () => {
    assert.equal(lockedBecauseText(undefined), undefined);
    assert.equal(lockedBecauseText('user'), undefined);
    assert.equal(lockedBecauseText('idle', 15), 'Locked after 15 minutes without use.');
    assert.equal(lockedBecauseText('idle', 1), 'Locked after 1 minute without use.');
    assert.match(lockedBecauseText('idle', null)!, /Settings → Security/);
    assert.match(lockedBecauseText('suspend')!, /sleep/);
    assert.match(lockedBecauseText('screen-locked')!, /screen was locked/);
    assert.match(lockedBecauseText('windows-closed')!, /last window closed/);
  });

  test('a new passphrase: long enough, typed twice the same', () => {
    assert.equal(newPassphraseProblem('short', 'short')?.field, 'passphrase');
    assert.equal(newPassphraseProblem('long enough passphrase', '')?.field, 'confirmation');
    assert.equal(newPassphraseProblem('long enough passphrase', 'long enough passphrasE')?.message, 'The two passphrases do not match');
    assert.equal(newPassphraseProblem('long enough passphrase', 'long enough passphrase'), null);
  });
});

describe('the dashboard backup line', () => {
  const now = '2026-12-07T12:00:00.000Z';
  test('never backed up, today, yesterday, days ago; the tone follows overdue', () => {
    assert.deepEqual(backupLine({ lastBackupAt: null, reminderDays: 7, overdue: true }, now).status, 'No backup yet');
    assert.equal(backupLine({ lastBackupAt: null, reminderDays: 7, overdue: true }, now).tone, 'warning');
    assert.equal(backupLine({ lastBackupAt: '2026-12-07T01:00:00.000Z', reminderDays: 7, overdue: false }, now).status, 'Last backup today');
    assert.equal(backupLine({ lastBackupAt: '2026-12-06T10:00:00.000Z', reminderDays: 7, overdue: false }, now).status, 'Last backup yesterday');
    const old = backupLine({ lastBackupAt: '2026-11-20T10:00:00.000Z', reminderDays: 7, overdue: true }, now);
    assert.equal(old.status, 'Last backup 17 days ago');
    assert.equal(old.tone, 'warning');
    assert.match(old.detail, /reminds you after 7 days/);
  });
});
