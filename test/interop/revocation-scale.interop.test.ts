/**
 * At 100,000 revocations a CA still revokes one more, publishes its CRL with every entry (checked by
 * OpenSSL), shows progress while doing so, keeps main's event loop responsive, and finds an entry in
 * its list at once.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';
import { openBackend } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const N = 100_000;

test(`a CA with ${N.toLocaleString('en-US')} revoked certificates revokes one more and publishes a complete CRL`, { timeout: 120_000 }, async () => {
  const progress: string[] = [];
  const backend = openBackend(await tempDir(), { emit: (_caller, _event, payload) => progress.push(english((payload as { step: Msg }).step)) });
  await backend.call('vault.create', { passphrase: 'revocation scale passphrase' });
  const ca = await backend.call('authority.createRoot', { subject: { commonName: 'Busy CA' } });
  // The earlier revocations, written as the vault keeps them (issuing 100,000 certificates first would
  // only slow the test down; the CRL and the book do not care where the serials came from).
  const revokedAt = new Date(Date.now() - 86_400_000).toISOString();
  backend.vault.updateRevocations(ca.id, () => ({
    entries: new Map(Array.from({ length: N }, (_, i) => [(0x5000000000 + i).toString(16), { serialNumberHex: (0x5000000000 + i).toString(16), reason: i % 3 ? 'superseded' : 'keyCompromise', revokedAt, invalidityDate: null, certificateId: null }] as const)),
    result: undefined,
  }));
  const { certificate } = await backend.call('certificate.issue', { authorityId: ca.id, profile: 'client', subject: { commonName: 'one-more' } });

  // Main's event loop must keep turning while the CRL is built: sample how late a 10 ms timer fires.
  let worstLag = 0;
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    worstLag = Math.max(worstLag, now - last - 10);
    last = now;
  }, 10);
  const started = performance.now();
  const revoked = await backend.call('certificate.revoke', { ids: [certificate.id], reason: 'keyCompromise', operationId: 'scale-1' });
  const took = performance.now() - started;
  clearInterval(sampler);
  console.log(`revoke one more at ${N}: ${took.toFixed(0)} ms, worst event-loop lag ${worstLag.toFixed(0)} ms`);

  assert.equal(revoked.crls[0]?.entries, N + 1);
  assert.deepEqual(progress, ['Revoking 1 certificate', 'Signing CRL #1', 'Done']);
  assert.ok(took < 30_000, `took ${took} ms`);
  assert.ok(worstLag < 2_000, `main was blocked for ${worstLag} ms`);

  // OpenSSL checks the signature and counts every entry.
  const crl = await backend.call('authority.crl', { id: ca.id });
  assert.ok(crl);
  const dir = await tempDir();
  await writeFile(join(dir, 'ca.pem'), (await backend.call('authority.get', { id: ca.id })).certificatePem);
  await writeFile(join(dir, 'busy.crl.pem'), crl.pem);
  const checked = await runPeer('openssl', ['crl', '-in', join(dir, 'busy.crl.pem'), '-noout', '-CAfile', join(dir, 'ca.pem')]);
  assert.match(checked.stdout + checked.stderr, /verify OK/);
  const counted = await runPeer('sh', ['-c', `openssl crl -in ${join(dir, 'busy.crl.pem')} -noout -text | grep -c 'Serial Number'`]);
  assert.equal(counted.stdout.trim(), String(N + 1));

  // The newest entry is first, and a serial is found among 100,001 at once.
  const t0 = performance.now();
  const page = await backend.call('authority.crlEntries', { id: ca.id, query: certificate.serialNumberHex });
  assert.ok(performance.now() - t0 < 3_000);
  assert.deepEqual(page.entries.map((e) => e.commonName), ['one-more']);
  assert.equal((await backend.call('authority.crlEntries', { id: ca.id })).entries[0]?.certificateId, certificate.id);
  assert.equal((await backend.call('certificate.get', { id: certificate.id })).status, 'revoked');
});
