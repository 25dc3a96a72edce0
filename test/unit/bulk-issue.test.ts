import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

test('bulk issue: 500 client certificates in one call, with monotonic progress, each verifiable', { timeout: 60_000 }, async () => {
  const events: Array<EventPayload<'operation.progress'>> = [];
  const backend = openBackend(await tempDir(), { emit: (_c, _e, payload) => events.push(payload as EventPayload<'operation.progress'>) });
  await backend.call('vault.create', { passphrase: 'bulk issue passphrase' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Bulk Root' } });
  const serviceNames = Array.from({ length: 500 }, (_, i) => `svc-${i}`);
  const result = await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames, operationId: 'bulk-1' });
  assert.equal(result.issued, 500);

  const list = await backend.call('certificate.list');
  assert.deepEqual(list.map((c) => c.subject.commonName).sort(), [...serviceNames].sort());
  assert.equal(new Set(list.map((c) => c.serialNumberHex)).size, 500);

  const done = events.map((e) => e.done);
  assert.ok(done.length > 10, 'progress is reported along the way');
  assert.deepEqual(done, [...done].sort((a, b) => a - b), 'progress never goes back');
  assert.equal(events.at(-1)?.done, events.at(-1)?.total);

  const dir = await tempDir();
  const rootPem = await writeTemp(dir, 'root.pem', (await backend.call('authority.get', { id: root.id })).certificatePem);
  for (const sample of [list[0]!, list[250]!, list[499]!]) {
    const leaf = await writeTemp(dir, `${sample.id}.pem`, (await backend.call('certificate.get', { id: sample.id })).certificatePem);
    const verify = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', rootPem, leaf]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  }
});

test('bulk issue refuses duplicates, and names that are not DNS names for server certificates, by index', async () => {
  const backend = openBackend(await tempDir());
  await backend.call('vault.create', { passphrase: 'bulk issue passphrase' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Bulk Root' } });
  const dup = await backend.router.invoke('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: ['a', 'b', 'a'] }, TRUSTED_CALLER);
  assert.ok(!dup.ok && dup.error.details?.field === 'serviceNames.2' && /a is listed twice/.test(dup.error.message));
  const server = await backend.router.invoke('certificate.issueBulk', { authorityId: root.id, profile: 'server', serviceNames: ['api.internal', 'bad_name'] }, TRUSTED_CALLER);
  assert.ok(!server.ok && server.error.details?.field === 'serviceNames.1', JSON.stringify(server));
  assert.deepEqual(await backend.call('certificate.list'), []);
});
