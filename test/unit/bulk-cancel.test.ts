/**
 * A bulk issue cancelled partway, through the real router (issue 14): `operation.cancel` stops it
 * between its batches of 1,000; the answer says how many were issued and that it was cancelled, and
 * exactly that many are stored — each with its audit entry — in a vault that verifies from a fresh
 * instance. Also: a cancel for no running operation, and an operation id used twice at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';
import { stepWords } from '../support/step-words.js';

const PASSPHRASE = 'bulk cancel passphrase';

test('cancelling a bulk of 5,000 partway keeps the batches stored, says how many, and the vault verifies', { timeout: 180_000 }, async () => {
  const dir = await tempDir();
  const progress: Array<EventPayload<'operation.progress'>> = [];
  let cancelAnswer: Promise<unknown> | null = null;
  const backend = openBackend(dir, {
    emit: (_caller, event, payload) => {
      if (event !== 'operation.progress') return;
      const p = payload as EventPayload<'operation.progress'>;
      progress.push(p);
      // As the window's Cancel would: once the first batch is stored, while the second is being signed.
      if (!cancelAnswer && stepWords(p.step).startsWith('Issued 1,000 of')) cancelAnswer = backend.router.invoke('operation.cancel', { operationId: 'bulk-5000' }, TRUSTED_CALLER);
    },
  });
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Cancel Root' } });
  const serviceNames = Array.from({ length: 5000 }, (_, i) => `svc-${i}`);

  const result = await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames, operationId: 'bulk-5000' });
  assert.ok(cancelAnswer, 'the cancel was sent');
  assert.deepEqual(await cancelAnswer, { ok: true, value: { cancelling: true } });
  assert.equal(result.cancelled, true);
  assert.ok(result.issued >= 1000 && result.issued < 5000 && result.issued % 1000 === 0, `issued ${result.issued}: whole batches, fewer than asked`);
  assert.equal(stepWords(progress.at(-1)!.step), 'Cancelled');
  const done = progress.map((p) => p.done);
  assert.deepEqual(done, [...done].sort((a, b) => a - b), 'progress never goes back');

  // What was reported is what is stored: the first `issued` names, each once, each audited.
  const listed = await backend.call('certificate.list');
  assert.equal(listed.length, result.issued);
  assert.deepEqual(listed.map((c) => c.subject.commonName).sort(), serviceNames.slice(0, result.issued).sort());
  const audited = await backend.call('audit.list', { filter: { kinds: ['certificate.issued'] }, limit: 1 });
  assert.equal(audited.total, result.issued);

  // The operation is over: a second cancel finds nothing, and the id is free again.
  assert.deepEqual(await backend.call('operation.cancel', { operationId: 'bulk-5000' }), { cancelling: false });
  assert.equal(backend.services.operations.running('bulk-5000'), false);

  // A fresh instance opens the vault, checks every file, and sees the same.
  backend.vault.lock();
  const fresh = openBackend(dir);
  await fresh.call('vault.unlock', { passphrase: PASSPHRASE });
  await fresh.vault.fullyVerified();
  assert.equal((await fresh.call('certificate.list')).length, result.issued);
  const check = await fresh.call('audit.verify');
  assert.equal(check.ok, true, JSON.stringify(check.problems));
});

test('a cancel for an id that runs nothing answers false; an id already running is refused, not confused', async () => {
  const backend = openBackend(await tempDir());
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Cancel Root' } });
  assert.deepEqual(await backend.call('operation.cancel', { operationId: 'nothing-runs' }), { cancelling: false });
  const invalid = await backend.router.invoke('operation.cancel', { operationId: 'not an id!' }, TRUSTED_CALLER);
  assert.equal(invalid.ok, false);

  const first = backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: 300 }, (_, i) => `a-${i}`), operationId: 'same-id' });
  const second = await backend.router.invoke('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: ['b-0'], operationId: 'same-id', fromRoot: 'acknowledged' }, TRUSTED_CALLER);
  assert.ok(!second.ok && second.error.details?.field === 'operationId', JSON.stringify(second));
  const done = await first;
  // One batch (up to 1,000) is never split: it completes.
  assert.deepEqual([done.issued, done.cancelled], [300, false]);
  assert.equal((await backend.call('certificate.list')).length, 300);
});
