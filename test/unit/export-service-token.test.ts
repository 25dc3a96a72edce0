/**
 * A client certificate's export carries its service's token code once the vault has a token issuer:
 * the wizard lists the Go files under servicetoken/, and a PEM folder or zip holds them in
 * snippets/servicetoken/ (a package of their own, beside the TLS snippets' package main).
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { FILE_NAMES } from '../../electron/engine/export/pem-set.js';
import { openBackend } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

test('the export wizard and a PEM folder carry the service-token Go package when there is a token issuer', { timeout: 30_000 }, async () => {
  const dir = await tempDir('certwright-export-token-');
  const out = join(dir, 'bundle');
  const { call, services } = openBackend(join(dir, 'vault'), {
    dialogs: { chooseSaveFile: async () => null, chooseFolder: async () => out, chooseOpenFile: async () => null },
  });
  try {
    await call('vault.create', { passphrase: 'export token passphrase' });
    const root = await call('authority.createRoot', { subject: { commonName: 'Export Token Root' } });
    const { certificate } = await call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'order-service' } });

    // No issuer yet: the TLS snippets only.
    assert.ok((await call('certificate.snippets', { id: certificate.id })).every((s) => !s.filename.startsWith('servicetoken/')));

    await call('jwt.createIssuer', { name: 'authz.lab' });
    const shown = (await call('certificate.snippets', { id: certificate.id })).filter((s) => s.filename.startsWith('servicetoken/'));
    assert.deepEqual(shown.map((s) => s.filename).sort(), [
      'servicetoken/servicetoken.go',
      'servicetoken/servicetoken_client.go',
      'servicetoken/servicetoken_creds.go',
      'servicetoken/servicetoken_grpc.go',
      'servicetoken/servicetoken_http.go',
      'servicetoken/servicetoken_keys.go',
    ]);
    assert.match(shown.find((s) => s.filename === 'servicetoken/servicetoken.go')!.text, /authz\.lab/);

    const exported = await call('certificate.export', { id: certificate.id, format: 'pem', includeKey: false });
    assert.equal(exported.cancelled, false);
    const written = (await readdir(join(out, 'snippets', 'servicetoken'))).sort();
    assert.deepEqual(written, shown.map((s) => s.filename.slice('servicetoken/'.length)).sort());
    for (const snippet of shown) assert.equal(await readFile(join(out, 'snippets', snippet.filename), 'utf8'), snippet.text);
    assert.match(await readFile(join(out, FILE_NAMES.readme), 'utf8'), /snippets\/servicetoken\/servicetoken_http\.go/);
  } finally {
    await services.close();
  }
});
