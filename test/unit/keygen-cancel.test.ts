/**
 * An RSA key generation cancelled (issue 17): the root or intermediate being created is abandoned
 * while its key is made on libuv's thread pool — the call fails at once with CANCELLED, nothing is
 * stored or audited, the vault reopens whole, and the next creation works. After the key, a cancel
 * is too late and the creation completes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'keygen cancel passphrase';

test('cancelling RSA 4096 key generation for a root, an intermediate and a pending intermediate writes nothing', { timeout: 120_000 }, async () => {
  const dir = await tempDir();
  const cancels: Array<Promise<unknown>> = [];
  const backend = openBackend(dir, {
    emit: (_caller, event, payload) => {
      const p = payload as EventPayload<'operation.progress'>;
      // As the window's "Cancel key generation": while the key is being generated.
      if (event === 'operation.progress' && p.operationId.startsWith('cancel-') && p.done === 0) cancels.push(backend.router.invoke('operation.cancel', { operationId: p.operationId }, TRUSTED_CALLER));
    },
  });
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const auditBefore = (await backend.call('audit.list', { limit: 1 })).total;

  const started = Date.now();
  const root = await backend.router.invoke('authority.createRoot', { subject: { commonName: 'Abandoned Root' }, keyAlgorithm: 'rsa4096', operationId: 'cancel-root' }, TRUSTED_CALLER);
  assert.ok(!root.ok && root.error.code === 'CANCELLED', JSON.stringify(root));
  assert.match(root.error.message, /RSA 4096 key was being generated: no root CA was created/);
  assert.ok(Date.now() - started < 5_000, 'answered without waiting for the key');
  assert.deepEqual(await backend.call('authority.list'), []);

  // A parent made without cancel (P-256: quick), then RSA children abandoned.
  const parent = await backend.call('authority.createRoot', { subject: { commonName: 'Kept Root' } });
  const child = await backend.router.invoke('authority.createIntermediate', { parentId: parent.id, subject: { commonName: 'Abandoned Issuing CA' }, keyAlgorithm: 'rsa4096', operationId: 'cancel-intermediate' }, TRUSTED_CALLER);
  assert.ok(!child.ok && child.error.code === 'CANCELLED', JSON.stringify(child));
  const pending = await backend.router.invoke('authority.createPending', { subject: { commonName: 'Abandoned Partner CA' }, keyAlgorithm: 'rsa4096', operationId: 'cancel-pending' }, TRUSTED_CALLER);
  assert.ok(!pending.ok && pending.error.code === 'CANCELLED', JSON.stringify(pending));
  assert.equal(cancels.length, 3);
  for (const c of cancels) assert.deepEqual(await c, { ok: true, value: { cancelling: true } });

  assert.deepEqual((await backend.call('authority.list')).map((a) => a.subject.commonName), ['Kept Root']);
  const audited = await backend.call('audit.list', { limit: 500 });
  assert.equal(audited.total, auditBefore + 1, 'only the kept root was audited');

  // The ids are free again, and a creation without a cancel completes.
  const done = await backend.call('authority.createIntermediate', { parentId: parent.id, subject: { commonName: 'Kept Issuing CA' }, keyAlgorithm: 'rsa2048', operationId: 'kept-intermediate' });
  assert.equal(done.authority.keyAlgorithm, 'rsa2048');

  backend.vault.lock();
  const fresh = openBackend(dir);
  await fresh.call('vault.unlock', { passphrase: PASSPHRASE });
  await fresh.vault.fullyVerified();
  assert.deepEqual((await fresh.call('authority.list')).map((a) => a.subject.commonName).sort(), ['Kept Issuing CA', 'Kept Root']);
  assert.equal((await fresh.call('audit.verify')).ok, true);
});
