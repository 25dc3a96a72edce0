/**
 * The export channels as the window calls them: the save dialog is the only fake (it answers with a
 * temporary path); what lands on disk is judged by OpenSSL, and nothing secret crosses IPC.
 */
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { findKeyMaterial } from '../support/key-material.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

test('export, snippets and the handshake proof through the router', { timeout: 60_000 }, async () => {
  const out = await tempDir('certwright-export-');
  let answer: string | null = null;
  const asked: string[] = [];
  const dialogs: Dialogs = {
    chooseFolder: async ({ defaultName }) => (asked.push(`folder ${defaultName}`), answer),
    chooseSaveFile: async ({ defaultName }) => (asked.push(`file ${defaultName}`), answer),
    chooseOpenFile: async () => null,
  };
  const backend = openBackend(await tempDir(), { dialogs });
  await backend.call('vault.create', { passphrase: 'export channel passphrase' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Export Root' } });
  const pair = await backend.call('certificate.issuePair', { authorityId: root.id, serviceName: 'ledger', dnsNames: ['ledger.internal'] });

  // Cancelled: nothing written.
  assert.deepEqual(await backend.call('certificate.export', { id: pair.client.id, format: 'pem' }), { cancelled: true, paths: [] });
  assert.deepEqual(asked, ['folder ledger-client']);

  answer = join(out, 'client');
  const written = await backend.call('certificate.export', { id: pair.client.id, format: 'pem' });
  assert.equal(written.cancelled, false);
  assert.ok(written.paths.some((p) => p.endsWith('key.pem')));
  assert.equal((await stat(join(answer, 'key.pem'))).mode & 0o777, 0o600);
  const verify = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', join(answer, 'ca.pem'), join(answer, 'cert.pem')]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.ok((await readdir(join(answer, 'snippets'))).includes('kubernetes-secret.yaml') || (await readdir(join(answer, 'snippets'))).length > 3);

  // Never over an existing file.
  const again = await backend.router.invoke('certificate.export', { id: pair.client.id, format: 'pem' }, TRUSTED_CALLER);
  assert.ok(!again.ok && /not empty/.test(again.error.message));

  answer = join(out, 'ledger.p12');
  const p12 = await backend.call('certificate.export', { id: pair.client.id, format: 'p12', password: 'p12 password', target: 'legacy' });
  assert.deepEqual(p12.paths, [answer]);
  const info = await runPeer('openssl', ['pkcs12', '-in', answer, '-passin', 'pass:p12 password', '-nodes', '-legacy']);
  assert.match(info.stdout, /BEGIN PRIVATE KEY/);
  const blank = await backend.router.invoke('certificate.export', { id: pair.client.id, format: 'p12' }, TRUSTED_CALLER);
  assert.ok(!blank.ok && blank.error.details?.field === 'password' && /macOS Keychain Access/.test(blank.error.message), JSON.stringify(blank));

  // Snippets for the screen: no key material, even in the Kubernetes Secret.
  const snippets = await backend.call('certificate.snippets', { id: pair.server.id });
  assert.ok(snippets.some((s) => s.id === 'go-server' && /RequireAndVerifyClientCert/.test(s.text)));
  const pkcs8 = await backend.vault.exportPrivateKeyPkcs8(pair.server.id);
  assert.deepEqual(findKeyMaterial([{ where: 'snippets', bytes: Buffer.from(JSON.stringify(snippets)) }], [pkcs8]), []);
  assert.match(snippets.find((s) => s.id === 'kubernetes-secret')?.text ?? '', /never shown on screen/);

  // Prove it: with a throwaway server, with the real server, and a server certificate used as a client.
  const throwaway = await backend.call('certificate.prove', { id: pair.client.id });
  assert.equal(throwaway.ok, true, JSON.stringify(throwaway));
  const real = await backend.call('certificate.prove', { id: pair.client.id, serverId: pair.server.id });
  assert.ok(real.ok && real.serverSubject.includes('ledger') && /^TLSv1\.[23]$/.test(real.protocol), JSON.stringify(real));
  assert.ok(throwaway.ok && throwaway.throwawayServer && !throwaway.throwawayClient);
  // A server bundle is proven as the server, with a throwaway client from the same CA dialling its name.
  const asServer = await backend.call('certificate.prove', { id: pair.server.id });
  assert.ok(asServer.ok && asServer.throwawayClient && !asServer.throwawayServer && asServer.serverSubject.includes('ledger'), JSON.stringify(asServer));
  const misuse = await backend.call('certificate.prove', { id: pair.server.id, as: 'client' });
  assert.ok(!misuse.ok && misuse.side === 'client' && /incompatible key usage/.test(misuse.reason), JSON.stringify(misuse));
  const both = await backend.router.invoke('certificate.prove', { id: pair.server.id, as: 'server', serverId: pair.server.id }, TRUSTED_CALLER);
  assert.ok(!both.ok && both.error.code === 'INVALID_INPUT' && both.error.details?.field === 'serverId', JSON.stringify(both));
});
