/**
 * A renewal of several certificates cancelled partway, through the real router (issue 17):
 * `operation.cancel` stops it between certificates (its batches grow 1, 2, 4, … so the first stop
 * comes after one), each certificate is renewed whole or left untouched, the answer says how many
 * were renewed and lists the others as not renewed — and a fresh instance reads the same vault.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RENEW_CANCELLED_REASON } from '../../shared/domain/expiry.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { stepWords } from '../support/step-words.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'renew cancel passphrase';
const COUNT = 40;

test('cancelling a renewal of 40 after its first certificate: whole renewals only, counted, the rest untouched, the vault reopens', { timeout: 120_000 }, async () => {
  const dir = await tempDir();
  const progress: Array<EventPayload<'operation.progress'>> = [];
  let cancelAnswer: Promise<unknown> | null = null;
  const backend = openBackend(dir, {
    emit: (_caller, event, payload) => {
      const p = payload as EventPayload<'operation.progress'>;
      if (event !== 'operation.progress' || p.operationId !== 'renew-40') return;
      progress.push(p);
      // As the window's Cancel would, once the first certificate is renewed.
      if (!cancelAnswer && p.done > 0) cancelAnswer = backend.router.invoke('operation.cancel', { operationId: 'renew-40' }, TRUSTED_CALLER);
    },
  });
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Renew Cancel Root' } });
  await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: COUNT }, (_, i) => `svc-${i}`) });
  const before = await backend.call('certificate.list');
  const ids = before.map((c) => c.id);

  const result = await backend.call('certificate.renew', { ids, rekey: false, revokeOldAfterDays: null, operationId: 'renew-40' });
  assert.ok(cancelAnswer, 'the cancel was sent');
  assert.deepEqual(await cancelAnswer, { ok: true, value: { cancelling: true } });
  assert.equal(result.cancelled, true);
  const n = result.renewed.length;
  // Batches of 1, 2, 4, 8, 16: a stop lands after a whole batch.
  assert.ok([1, 3, 7, 15, 31].includes(n), `renewed ${n}: whole batches, fewer than asked`);
  assert.equal(result.skipped.length, COUNT - n);
  assert.ok(result.skipped.every((s) => s.reason.key === RENEW_CANCELLED_REASON.key));
  assert.deepEqual(new Set([...result.renewed.map((r) => r.replacedId), ...result.skipped.map((s) => s.id)]), new Set(ids), 'every certificate asked for is either renewed or listed as not renewed');
  assert.equal(stepWords(progress.at(-1)!.step), 'Cancelled');

  // What was said is what is stored: n new certificates, each linked both ways; the others untouched.
  const check = async (b: ReturnType<typeof openBackend>) => {
    const all = await b.call('certificate.list');
    assert.equal(all.length, COUNT + n);
    const replaced = all.filter((c) => c.replacedById !== null);
    assert.deepEqual(new Set(replaced.map((c) => c.id)), new Set(result.renewed.map((r) => r.replacedId)));
    for (const { replacedId, certificate } of result.renewed) {
      assert.equal(all.find((c) => c.id === replacedId)?.replacedById, certificate.id);
      assert.equal(all.find((c) => c.id === certificate.id)?.subject.commonName, before.find((c) => c.id === replacedId)?.subject.commonName);
    }
    assert.equal((await b.call('audit.list', { filter: { kinds: ['certificate.issued'] }, limit: 1 })).total, COUNT + n);
  };
  await check(backend);
  assert.deepEqual(await backend.call('operation.cancel', { operationId: 'renew-40' }), { cancelling: false });

  // A fresh instance opens the vault, checks every file, and sees the same.
  backend.vault.lock();
  const fresh = openBackend(dir);
  await fresh.call('vault.unlock', { passphrase: PASSPHRASE });
  await fresh.vault.fullyVerified();
  await check(fresh);
  assert.equal((await fresh.call('audit.verify')).ok, true);

  // Those not reached renew later as any other.
  const rest = await fresh.call('certificate.renew', { ids: result.skipped.map((s) => s.id), rekey: false, revokeOldAfterDays: null });
  assert.deepEqual([rest.renewed.length, rest.skipped.length, rest.cancelled], [COUNT - n, 0, false]);
});
