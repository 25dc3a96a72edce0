/**
 * "Export all" and the pending CSR's "Save as…" through the router (issue 17). The save dialog is
 * the only fake (it answers a temporary path). The zip is opened by Info-ZIP `unzip`; every
 * certificate verifies with `openssl verify` against the chain beside it; every key opens with the
 * password and is refused without it, and no key is ever in clear. The CSR's fingerprint is what
 * `openssl req -outform DER | sha256sum` prints.
 */
import assert from 'node:assert/strict';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { MAX_EXPORT_ALL } from '../../shared/domain/export.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const PASSWORD = 'export all, zip password';

function backendWithDialog(dir: string) {
  const answers: Array<string | null> = [];
  const asked: string[] = [];
  const dialogs: Dialogs = {
    chooseFolder: async () => null,
    chooseSaveFile: async ({ defaultName }) => (asked.push(defaultName), answers.shift() ?? null),
    chooseOpenFile: async () => null,
  };
  return { backend: openBackend(dir, { dialogs }), answers, asked };
}

async function unzip(zip: string, into: string): Promise<string[]> {
  const r = await runPeer('unzip', ['-q', zip, '-d', into]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return (await readdir(into)).sort();
}

async function openssl(args: readonly string[]) {
  return runPeer('openssl', args);
}

test('export all: one folder per certificate in one zip, each verified by openssl, keys only encrypted', { timeout: 180_000 }, async () => {
  const out = await tempDir('certwright-export-all-');
  const { backend, answers, asked } = backendWithDialog(await tempDir());
  await backend.call('vault.create', { passphrase: 'export all passphrase' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Export All Root' } });
  const { authority: issuing } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Export All Issuing CA' } });
  const bulk = await backend.call('certificate.issueBulk', { authorityId: issuing.id, profile: 'server', serviceNames: ['orders.internal', 'billing.internal', 'stock.internal'] });
  assert.equal(bulk.ids.length, 3);
  // One certificate whose key Certwright never held: a CSR made by OpenSSL.
  const work = await tempDir();
  const req = await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=outside.internal', '-keyout', join(work, 'outside.key'), '-out', join(work, 'outside.csr')]);
  assert.equal(req.code, 0, req.stderr);
  const signed = await backend.call('csr.sign', { csr: await readFile(join(work, 'outside.csr'), 'utf8'), authorityId: issuing.id, profile: 'server', subject: { commonName: 'outside.internal' }, sans: [{ type: 'dns', value: 'outside.internal' }] });
  const ids = [...bulk.ids, signed.certificate.id];

  // The dialog closed: nothing written, nothing unsealed.
  assert.deepEqual(await backend.call('certificate.exportAll', { ids, password: PASSWORD }), { cancelled: true, path: null, certificates: 0, withKey: 0 });
  assert.deepEqual(asked, ['certificates-4.zip']);

  // PEM: key.enc.pem (PBES2) beside cert, chain and root.
  answers.push(join(out, 'pem.zip'));
  const pem = await backend.call('certificate.exportAll', { ids, password: PASSWORD, keyFormat: 'pem' });
  assert.deepEqual(pem, { cancelled: false, path: join(out, 'pem.zip'), certificates: 4, withKey: 3 });
  assert.equal((await stat(pem.path!)).mode & 0o777, 0o600, 'a zip with keys is 0600');
  const pemDir = join(out, 'pem');
  assert.deepEqual(await unzip(pem.path!, pemDir), ['billing.internal-server', 'orders.internal-server', 'outside.internal-server', 'stock.internal-server']);
  for (const folder of await readdir(pemDir)) {
    const at = (name: string) => join(pemDir, folder, name);
    const files = await readdir(join(pemDir, folder));
    assert.ok(!files.includes('key.pem'), `${folder}: no key in clear`);
    const verify = await openssl(['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', at('ca.pem'), '-untrusted', at('chain.pem'), at('cert.pem')]);
    assert.equal(verify.code, 0, `${folder}: ${verify.stdout}${verify.stderr}`);
    if (folder.startsWith('outside')) {
      assert.ok(!files.includes('key.enc.pem'), 'no key for a certificate signed from a CSR');
      continue;
    }
    const pkey = await openssl(['pkey', '-in', at('key.enc.pem'), '-passin', `pass:${PASSWORD}`, '-pubout']);
    assert.equal(pkey.code, 0, pkey.stderr);
    const certKey = await openssl(['x509', '-in', at('cert.pem'), '-pubkey', '-noout']);
    assert.equal(pkey.stdout, certKey.stdout, `${folder}: the key is the certificate's`);
    const refused = await openssl(['pkey', '-in', at('key.enc.pem'), '-passin', 'pass:wrong password', '-noout']);
    assert.notEqual(refused.code, 0, `${folder}: a wrong password opens nothing`);
    const noPass = await openssl(['pkey', '-in', at('key.enc.pem'), '-passin', 'pass:', '-noout']);
    assert.notEqual(noPass.code, 0, `${folder}: no password opens nothing`);
  }

  // PKCS#12: one .p12 per certificate with a key, opened by openssl with the password only.
  answers.push(join(out, 'p12.zip'));
  const p12 = await backend.call('certificate.exportAll', { ids: [...bulk.ids], password: PASSWORD, keyFormat: 'p12' });
  assert.equal(p12.withKey, 3);
  const p12Dir = join(out, 'p12');
  for (const folder of await unzip(p12.path!, p12Dir)) {
    const file = join(p12Dir, folder, `${folder.replace(/-server$/, '')}.p12`);
    const opened = await openssl(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-nodes', '-info']);
    assert.equal(opened.code, 0, `${folder}: ${opened.stderr}`);
    assert.match(opened.stdout, /BEGIN PRIVATE KEY/);
    const refused = await openssl(['pkcs12', '-in', file, '-passin', 'pass:', '-nodes']);
    assert.notEqual(refused.code, 0, `${folder}: opened without the password`);
    assert.ok(!(await readdir(join(p12Dir, folder))).includes('key.pem'));
  }

  // Never over an existing file.
  answers.push(pem.path!);
  const again = await backend.router.invoke('certificate.exportAll', { ids, password: PASSWORD }, TRUSTED_CALLER);
  assert.ok(!again.ok && /already exists/.test(again.error.message), JSON.stringify(again));

  // Checked in main: keys without a password, too many ids, a stray field.
  const noPassword = await backend.router.invoke('certificate.exportAll', { ids }, TRUSTED_CALLER);
  assert.ok(!noPassword.ok && noPassword.error.details?.field === 'password', JSON.stringify(noPassword));
  const tooMany = await backend.router.invoke('certificate.exportAll', { ids: Array.from({ length: MAX_EXPORT_ALL + 1 }, () => ids[0]!), password: PASSWORD }, TRUSTED_CALLER);
  assert.ok(!tooMany.ok && tooMany.error.code === 'INVALID_INPUT', JSON.stringify(tooMany));
  const stray = await backend.router.invoke('certificate.exportAll', { ids, password: PASSWORD, keyPem: 'x' }, TRUSTED_CALLER);
  assert.ok(!stray.ok);
  // Certificates only: no password needed, no key anywhere.
  answers.push(join(out, 'certs.zip'));
  const certsOnly = await backend.call('certificate.exportAll', { ids, includeKeys: false });
  assert.equal(certsOnly.withKey, 0);
  assert.equal((await stat(certsOnly.path!)).mode & 0o777, 0o644);
  const listing = await runPeer('unzip', ['-Z1', certsOnly.path!]);
  assert.doesNotMatch(listing.stdout, /key|\.p12/);
});

test('export all cancelled while it runs: nothing is written', { timeout: 120_000 }, async () => {
  const out = await tempDir('certwright-export-all-');
  let cancel: Promise<unknown> | null = null;
  const answers: Array<string | null> = [join(out, 'cancelled.zip')];
  const dialogs: Dialogs = { chooseFolder: async () => null, chooseSaveFile: async () => answers.shift() ?? null, chooseOpenFile: async () => null };
  const backend = openBackend(await tempDir(), {
    dialogs,
    emit: (_caller, event, payload) => {
      if (event === 'operation.progress' && !cancel && (payload as { done: number }).done > 0) cancel = backend.router.invoke('operation.cancel', { operationId: 'export-all' }, TRUSTED_CALLER);
    },
  });
  await backend.call('vault.create', { passphrase: 'export all passphrase' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Export All Root' } });
  const bulk = await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: 40 }, (_, i) => `svc-${i}`) });
  const result = await backend.call('certificate.exportAll', { ids: [...bulk.ids], password: PASSWORD, operationId: 'export-all' });
  assert.deepEqual(await cancel, { ok: true, value: { cancelling: true } });
  assert.deepEqual(result, { cancelled: true, path: null, certificates: 0, withKey: 0 });
  await assert.rejects(access(join(out, 'cancelled.zip')), 'no zip');
});

test("a pending intermediate's CSR: its SHA-256 is openssl's, and Save as… writes the PEM openssl reads", { timeout: 60_000 }, async () => {
  const out = await tempDir('certwright-csr-');
  const { backend, answers, asked } = backendWithDialog(await tempDir());
  await backend.call('vault.create', { passphrase: 'csr save passphrase' });
  const pending = await backend.call('authority.createPending', { subject: { commonName: 'Partner Issuing CA' } });
  const work = await tempDir();
  const csrFile = await writeTemp(work, 'request.pem', pending.csrPem);
  const der = await runPeer('sh', ['-c', `openssl req -in "${csrFile}" -outform DER | sha256sum`]);
  assert.equal(der.code, 0, der.stderr);
  const expected = der.stdout.split(' ')[0]!.toUpperCase().match(/../g)!.join(':');
  assert.equal(pending.csrSha256, expected);
  const detail = await backend.call('authority.get', { id: pending.authority.id });
  assert.equal(detail.csrSha256, expected);

  assert.deepEqual(await backend.call('authority.saveCsr', { id: pending.authority.id }), { cancelled: true, paths: [] });
  answers.push(join(out, 'partner.csr'));
  const saved = await backend.call('authority.saveCsr', { id: pending.authority.id });
  assert.deepEqual(saved, { cancelled: false, paths: [join(out, 'partner.csr')] });
  assert.deepEqual(asked, ['Partner-Issuing-CA.csr', 'Partner-Issuing-CA.csr']);
  assert.equal(await readFile(saved.paths[0]!, 'utf8'), detail.csrPem);
  const verify = await runPeer('openssl', ['req', '-in', saved.paths[0]!, '-verify', '-noout']);
  assert.equal(verify.code, 0, verify.stderr);

  // An active CA has no request to save.
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Other Root' } });
  assert.equal((await backend.call('authority.get', { id: root.id })).csrSha256, null);
  const refused = await backend.router.invoke('authority.saveCsr', { id: root.id }, TRUSTED_CALLER);
  assert.ok(!refused.ok && refused.error.code === 'INVALID_INPUT');
});
