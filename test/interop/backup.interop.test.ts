/**
 * Backup and restore through the real handlers, judged by OpenSSL: a restored vault issues a
 * certificate that `openssl verify` chains to the same root, its next CRL number is above every number
 * published before (and after) the backup, and every bad input is refused with its reason while
 * nothing is written.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { CRL_NUMBER_JUMP } from '../../electron/vault/backup.js';
import { openBackend } from '../support/backend.js';
import { opensslVerify } from '../support/pki.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'backup interop passphrase';

function answering(): { dialogs: Dialogs; answers: Array<string | null> } {
  const answers: Array<string | null> = [];
  const next = async () => answers.shift() ?? null;
  return { answers, dialogs: { chooseSaveFile: next, chooseFolder: next, chooseOpenFile: next } };
}

async function crlNumberByOpenssl(dir: string, pem: string): Promise<number> {
  const file = await writeTemp(dir, `crl-${Date.now()}-${Math.random()}.pem`, pem);
  const text = await runPeer('openssl', ['crl', '-in', file, '-noout', '-text']);
  assert.equal(text.code, 0, text.stderr);
  const match = /X509v3 CRL Number:\s*\n\s*(\d+)/.exec(text.stdout);
  assert.ok(match, text.stdout);
  return Number(match[1]);
}

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(promise, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message ?? '', message);
    return true;
  });
}

test('backup → restore into an empty place: same root, openssl verifies a new certificate, CRL numbers only go up', { timeout: 120_000 }, async () => {
  const work = await tempDir('certwright-backup-');
  const { dialogs, answers } = answering();
  const a = openBackend(join(work, 'vault-a'), { dialogs });
  await a.call('vault.create', { passphrase: PASSPHRASE });
  const root = await a.call('authority.createRoot', { subject: { commonName: 'Backup Root' } });
  const { authority: issuing } = await a.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Backup Issuing' }, pathLength: 0 });
  const issued = await a.call('certificate.issue', { authorityId: issuing.id, profile: 'client', subject: { commonName: 'orders' } });
  await a.call('certificate.revoke', { ids: [issued.certificate.id], reason: 'keyCompromise' });
  await a.call('authority.publishCrl', { id: issuing.id });

  // Cancelled: nothing written. Then written.
  answers.push(null);
  assert.equal((await a.call('vault.backup')).cancelled, true);
  const backupPath = join(work, 'vault.cwbackup');
  answers.push(backupPath);
  const written = await a.call('vault.backup');
  assert.equal(written.path, backupPath);
  assert.equal(written.bytes, (await readFile(backupPath)).length);
  assert.match(written.sha256 ?? '', /^[0-9a-f]{64}$/);
  const dashboard = await a.call('dashboard.get');
  assert.equal(dashboard.backup.lastBackupAt, written.at);
  assert.equal(dashboard.backup.overdue, false);
  // The backup holds no key or certificate in clear (one encrypted body).
  const bytes = await readFile(backupPath);
  const issuingPem = (await a.call('authority.get', { id: issuing.id })).certificatePem.split('\n').slice(1, 3).join('');
  assert.ok(!bytes.toString('latin1').includes(issuingPem.slice(0, 40)), 'certificates are not in clear');

  // A CRL published after the backup: its number must never be handed out again.
  const afterBackup = await a.call('authority.publishCrl', { id: issuing.id });
  const highestEver = await crlNumberByOpenssl(work, afterBackup.pem);

  // Refusals first: each leaves the target empty.
  const targetDir = join(work, 'vault-b');
  const b = openBackend(targetDir, { dialogs });
  answers.push(backupPath);
  await rejectsWith(b.call('vault.restore', { passphrase: 'not the passphrase' }), 'WRONG_PASSPHRASE', /does not open this backup/);
  const truncated = join(work, 'truncated.cwbackup');
  await writeFile(truncated, bytes.subarray(0, bytes.length - 100));
  answers.push(truncated);
  await rejectsWith(b.call('vault.restore', { passphrase: PASSPHRASE }), 'BACKUP_INVALID', /damaged, truncated or was changed/);
  const flipped = Buffer.from(bytes);
  flipped[flipped.length >> 1]! ^= 0x20;
  const tampered = join(work, 'tampered.cwbackup');
  await writeFile(tampered, flipped);
  answers.push(tampered);
  await rejectsWith(b.call('vault.restore', { passphrase: PASSPHRASE }), 'BACKUP_INVALID', /authentication failed/);
  const newer = join(work, 'newer.cwbackup');
  await writeFile(newer, Buffer.from(bytes.toString('latin1').replace('"version":1', '"version":9'), 'latin1'));
  answers.push(newer);
  await rejectsWith(b.call('vault.restore', { passphrase: PASSPHRASE }), 'BACKUP_INVALID', /newer version of Certwright \(backup format 9\)/);
  const garbage = join(work, 'garbage.cwbackup');
  await writeFile(garbage, 'PK\u0003\u0004 not a backup at all\n');
  answers.push(garbage);
  await rejectsWith(b.call('vault.restore', { passphrase: PASSPHRASE }), 'BACKUP_INVALID', /not a Certwright backup/);
  assert.deepEqual(await readdir(targetDir).catch(() => []), [], 'nothing was written by a refused restore');
  // Into a place that is not empty: refused.
  const occupied = join(work, 'occupied');
  await mkdir(occupied);
  await writeFile(join(occupied, 'keep.txt'), 'mine');
  const c = openBackend(occupied, { dialogs });
  answers.push(backupPath);
  await rejectsWith(c.call('vault.restore', { passphrase: PASSPHRASE }), 'INVALID_INPUT', /only goes into an empty location/);
  assert.deepEqual(await readdir(occupied), ['keep.txt']);
  // Over an existing vault: refused.
  answers.push(backupPath);
  await rejectsWith(a.call('vault.restore', { passphrase: PASSPHRASE }), 'VAULT_EXISTS', /empty location/);

  // The real restore.
  answers.push(backupPath);
  assert.deepEqual(await b.call('vault.restore', { passphrase: PASSPHRASE }), { state: 'unlocked' });
  const restoredRoot = (await b.call('authority.list')).find((x) => x.id === root.id);
  assert.equal(restoredRoot?.sha256Fingerprint, root.sha256Fingerprint, 'the same root');
  const fresh = await b.call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'restored' }, sans: [{ type: 'dns', value: 'restored.example.test' }] });
  const detail = await b.call('certificate.get', { id: fresh.certificate.id });
  const rootFile = await writeTemp(work, 'root.pem', (await a.call('authority.get', { id: root.id })).certificatePem);
  const interFile = await writeTemp(work, 'issuing.pem', (await a.call('authority.get', { id: issuing.id })).certificatePem);
  const leafFile = await writeTemp(work, 'restored.pem', detail.certificatePem);
  const verdict = await opensslVerify({ caFile: rootFile, untrusted: interFile, purpose: 'sslserver' }, leafFile);
  assert.ok(verdict.ok, verdict.output);
  assert.match(verdict.output, /restored\.pem: OK/);

  const next = await b.call('authority.publishCrl', { id: issuing.id });
  const nextNumber = await crlNumberByOpenssl(work, next.pem);
  assert.ok(nextNumber > highestEver, `CRL #${nextNumber} after the restore is above #${highestEver}, published after the backup`);
  assert.ok(nextNumber >= CRL_NUMBER_JUMP, 'numbers jumped well ahead');
  // The revocation made before the backup is on the restored CRL, as openssl reads it.
  const crlFile = await writeTemp(work, 'restored.crl', next.pem);
  const listed = await runPeer('openssl', ['crl', '-in', crlFile, '-noout', '-text']);
  assert.match(listed.stdout, new RegExp(`Serial Number: ${issued.certificate.serialNumberHex.toUpperCase()}`));
  assert.match(listed.stdout, /Key Compromise/);

  // The audit trail travelled, with the restore appended, and still verifies.
  const audit = await b.call('audit.verify');
  assert.equal(audit.ok, true, JSON.stringify(audit.problems));
  const kinds = (await b.call('audit.list', { limit: 500 })).entries.map((e) => e.kind);
  for (const kind of ['vault.created', 'authority.created', 'certificate.issued', 'certificate.revoked', 'crl.published', 'vault.restored'] as const) assert.ok(kinds.includes(kind), `${kind} in the restored log`);
  // The backup's own entry comes after its snapshot: it is in the source vault's log, not in the backup.
  assert.ok((await a.call('audit.list', { filter: { kinds: ['vault.backup'] } })).total === 1);
});

test('passphrase change: a backup made before opens with the passphrase of its day', { timeout: 60_000 }, async () => {
  const work = await tempDir('certwright-backup-pass-');
  const { dialogs, answers } = answering();
  const a = openBackend(join(work, 'vault'), { dialogs });
  await a.call('vault.create', { passphrase: PASSPHRASE });
  await a.call('authority.createRoot', { subject: { commonName: 'Passphrase Root' } });
  const before = join(work, 'before.cwbackup');
  answers.push(before);
  await a.call('vault.backup');
  await rejectsWith(a.call('vault.changePassphrase', { current: 'wrong current one', next: 'the new passphrase 2026' }), 'WRONG_PASSPHRASE', /not correct/);
  await a.call('vault.changePassphrase', { current: PASSPHRASE, next: 'the new passphrase 2026' });
  await a.call('vault.lock');
  await rejectsWith(a.call('vault.unlock', { passphrase: PASSPHRASE }), 'WRONG_PASSPHRASE', /not correct/);
  await a.call('vault.unlock', { passphrase: 'the new passphrase 2026' });
  const b = openBackend(join(work, 'restored'), { dialogs });
  answers.push(before);
  await rejectsWith(b.call('vault.restore', { passphrase: 'the new passphrase 2026' }), 'WRONG_PASSPHRASE', /at the time the backup was made/);
  answers.push(before);
  await b.call('vault.restore', { passphrase: PASSPHRASE });
  assert.equal((await b.call('authority.list')).length, 1);
});

test('Settings → Restore…: a backup restored into another empty folder, the open vault untouched', { timeout: 60_000 }, async () => {
  const work = await tempDir('certwright-backup-elsewhere-');
  const { dialogs, answers } = answering();
  const a = openBackend(join(work, 'vault'), { dialogs });
  await a.call('vault.create', { passphrase: PASSPHRASE });
  const root = await a.call('authority.createRoot', { subject: { commonName: 'Elsewhere Root' } });
  await a.call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'billing' } });
  const file = join(work, 'drill.cwbackup');
  answers.push(file);
  await a.call('vault.backup');
  // Cancelled at the folder: nothing.
  answers.push(file, null);
  assert.equal((await a.call('vault.restoreTo', { passphrase: PASSPHRASE })).cancelled, true);
  const folder = join(work, 'drill');
  answers.push(file, folder);
  const restored = await a.call('vault.restoreTo', { passphrase: PASSPHRASE });
  assert.deepEqual({ ...restored, auditEntries: restored.auditEntries > 0 }, { cancelled: false, folder, authorities: 1, certificates: 1, auditEntries: true });
  // The open vault is still the open vault; the drill folder is a vault of its own.
  assert.equal((await a.call('vault.status')).state, 'unlocked');
  assert.ok((await readdir(folder)).includes('vault.cwv'));
  answers.push(file, folder);
  await rejectsWith(a.call('vault.restoreTo', { passphrase: PASSPHRASE }), 'INVALID_INPUT', /not empty/);
});
