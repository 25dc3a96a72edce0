/**
 * Revocation through the router, judged by outside peers: `openssl crl -text` reads every entry and
 * reason, `openssl verify -crl_check` refuses the revoked and accepts the rest, `certtool
 * --verify-crl` accepts the signature, and real handshakes (`openssl s_server -crl_check`, Node tls
 * with `crl`) refuse a revoked client bundle. A hold is lifted and the next CRL forgets it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { english } from '../../shared/i18n/english.js';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

test('revoke, publish CRLs, hold and release: openssl, certtool and real handshakes agree', { timeout: 90_000 }, async () => {
  const out = await tempDir('certwright-revoke-');
  let answer: string | null = null;
  const dialogs: Dialogs = { chooseFolder: async () => answer, chooseSaveFile: async () => answer, chooseOpenFile: async () => null };
  const backend = openBackend(await tempDir(), { dialogs });
  const { call } = backend;
  const invoke = (channel: Parameters<typeof backend.router.invoke>[0], input: unknown) => backend.router.invoke(channel, input, TRUSTED_CALLER);
  await call('vault.create', { passphrase: 'revocation passphrase 1' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Revocation Root' } });
  const inter = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Revocation Issuing' } })).authority;
  const pair = await call('certificate.issuePair', { authorityId: inter.id, serviceName: 'orders', dnsNames: ['localhost'] });
  const issueClient = async (cn: string) => (await call('certificate.issue', { authorityId: inter.id, profile: 'client', subject: { commonName: cn } })).certificate;
  const [stolen, paused, healthy] = [pair.client, await issueClient('paused-service'), await issueClient('healthy-service')];

  /** A PEM folder of a certificate, written by the export channel. */
  const exported = async (id: string, name: string) => {
    answer = join(out, name);
    await call('certificate.export', { id, format: 'pem' });
    return answer;
  };
  const serverDir = await exported(pair.server.id, 'server');
  const dirs = { stolen: await exported(stolen.id, 'stolen'), paused: await exported(paused.id, 'paused'), healthy: await exported(healthy.id, 'healthy') };

  // ---- Revoke: reasons, an invalidity date, status everywhere ---------------------------------------
  const compromised = new Date(Date.now() - 3 * 3_600_000);
  const first = await call('certificate.revoke', { ids: [stolen.id], reason: 'keyCompromise', invalidityDate: compromised.toISOString() });
  assert.equal(first.revoked[0]?.status, 'revoked');
  assert.deepEqual(first.crls.map((c) => [c.authorityId, c.number, c.entries]), [[inter.id, 1, 1]]);
  const held = await call('certificate.revoke', { ids: [paused.id], reason: 'certificateHold' });
  assert.equal(held.crls[0]?.number, 2, 'CRL numbers go up with every publication');
  const detail = await call('certificate.get', { id: stolen.id });
  assert.equal(detail.status, 'revoked');
  assert.equal(detail.revocation?.reason, 'keyCompromise');
  assert.equal(detail.revocation?.invalidityDate, compromised.toISOString());
  const counts = (await call('authority.list')).find((a) => a.id === inter.id)?.counts;
  assert.deepEqual(counts && { issued: counts.issued, revoked: counts.revoked }, { issued: 4, revoked: 2 });

  // Refusals, each naming why; nothing changes.
  const again = await invoke('certificate.revoke', { ids: [stolen.id], reason: 'superseded' });
  assert.ok(!again.ok && /already revoked \(Key compromise\)/.test(again.error.message), JSON.stringify(again));
  const future = await invoke('certificate.revoke', { ids: [healthy.id], reason: 'keyCompromise', invalidityDate: new Date(Date.now() + 86_400_000).toISOString() });
  assert.ok(!future.ok && future.error.details?.field === 'invalidityDate');
  const lift = await invoke('certificate.release', { id: stolen.id });
  assert.ok(!lift.ok && /final/.test(lift.error.message));
  const badReason = await invoke('certificate.revoke', { ids: [healthy.id], reason: 'removeFromCRL' });
  assert.ok(!badReason.ok && badReason.error.code === 'INVALID_INPUT');

  // ---- The CRL, read by OpenSSL and GnuTLS ----------------------------------------------------------
  const published = await call('authority.crl', { id: inter.id });
  assert.ok(published);
  const crl = published;
  assert.equal(crl.number, 2);
  assert.equal(crl.entries, 2);
  assert.deepEqual(crl.history.map((h) => h.number), [2, 1]);
  const crlFile = join(out, 'issuing.crl.pem');
  await writeFile(crlFile, crl.pem);
  const text = await runPeer('openssl', ['crl', '-in', crlFile, '-noout', '-text']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /X509v3 CRL Number: \n\s+2\n/);
  assert.match(text.stdout, new RegExp(`Serial Number: ${stolen.serialNumberHex.replace(/:/g, '').replace(/^(?:00)+/, '')}[\\s\\S]*?Key Compromise[\\s\\S]*?Invalidity Date`, 'i'));
  assert.match(text.stdout, /Certificate Hold/);
  const chainFile = join(dirs.stolen, 'chain.pem');
  const signature = await runPeer('openssl', ['crl', '-in', crlFile, '-noout', '-CAfile', chainFile]);
  assert.match(signature.stdout + signature.stderr, /verify OK/);
  const gnutls = await runPeer('certtool', ['--verify-crl', '--load-ca-certificate', chainFile, '--infile', crlFile]);
  assert.equal(gnutls.code, 0, gnutls.stdout + gnutls.stderr);
  assert.match(gnutls.stdout, /Verified/);

  // The root's CRL (for the intermediate), so checks of the whole chain have every level.
  const rootCrlFile = join(out, 'root.crl.pem');
  // The root never revoked anything: no CRL yet, until one is published (reading has no side effects).
  assert.equal(await call('authority.crl', { id: root.id }), null);
  await writeFile(rootCrlFile, (await call('authority.publishCrl', { id: root.id })).pem);
  const verify = (dir: string, all = false) =>
    runPeer('openssl', ['verify', all ? '-crl_check_all' : '-crl_check', '-CAfile', join(dir, 'ca.pem'), '-untrusted', join(dir, 'chain.pem'), '-CRLfile', crlFile, ...(all ? ['-CRLfile', rootCrlFile] : []), join(dir, 'cert.pem')]);
  assert.match((await verify(dirs.stolen)).stdout + (await verify(dirs.stolen)).stderr, /certificate revoked/);
  assert.match((await verify(dirs.paused)).stdout + (await verify(dirs.paused)).stderr, /certificate revoked/);
  assert.equal((await verify(dirs.healthy, true)).code, 0);

  // ---- Real handshakes refuse the revoked client ------------------------------------------------------
  // Node's tls with `crl` checks every level of the chain: the root's CRL covers the intermediate.
  const server = tls.createServer({
    key: await readFile(join(serverDir, 'key.pem')),
    cert: await readFile(join(serverDir, 'fullchain.pem')),
    ca: await readFile(join(serverDir, 'ca.pem')),
    crl: [crl.pem, await readFile(rootCrlFile, 'utf8')],
    requestCert: true,
    rejectUnauthorized: false,
  });
  server.on('secureConnection', (socket) => socket.end(socket.authorized ? 'welcome\n' : `refused: ${String(socket.authorizationError)}\n`));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const connect = async (dir: string) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: await readFile(join(dir, 'ca.pem')), cert: await readFile(join(dir, 'fullchain.pem')), key: await readFile(join(dir, 'key.pem')) });
    let reply = '';
    socket.on('data', (d) => (reply += d));
    await once(socket, 'end');
    socket.destroy();
    return reply;
  };
  try {
    assert.equal(await connect(dirs.healthy), 'welcome\n');
    assert.equal(await connect(dirs.stolen), 'refused: CERT_REVOKED\n');
  } finally {
    server.close();
  }
  // openssl s_server with -crl_check serves the valid client its page and refuses the revoked one.
  assert.match(await sServerWithCrl(serverDir, crlFile, dirs.healthy), /HTTP\/1\.0 200 ok/);
  assert.match(await sServerWithCrl(serverDir, crlFile, dirs.stolen), /certificate revoked/);

  // ---- Lift the hold: the next CRL forgets it, openssl accepts again ---------------------------------
  const released = await call('certificate.release', { id: paused.id });
  assert.equal(released.certificate.status, 'valid');
  assert.equal(released.crl.number, 3);
  assert.equal(released.crl.entries, 1);
  await writeFile(crlFile, (await call('authority.crl', { id: inter.id }))?.pem ?? '');
  assert.equal((await verify(dirs.paused)).code, 0);
  assert.doesNotMatch((await runPeer('openssl', ['crl', '-in', crlFile, '-noout', '-text'])).stdout, /Certificate Hold/);

  // ---- The entries, searchable, newest first, with the vault's common names ---------------------------
  await call('certificate.revoke', { ids: [healthy.id], reason: 'superseded' });
  const page = await call('authority.crlEntries', { id: inter.id });
  assert.deepEqual([page.total, page.matched], [2, 2]);
  assert.deepEqual(page.entries.map((e) => [e.commonName, e.reason]), [['healthy-service', 'superseded'], ['orders', 'keyCompromise']]);
  const bySerial = await call('authority.crlEntries', { id: inter.id, query: stolen.serialNumberHex.slice(3, 14) });
  assert.deepEqual(bySerial.entries.map((e) => e.certificateId), [stolen.id]);
  assert.equal((await call('authority.crlEntries', { id: inter.id, query: 'key compromise' })).matched, 1);

  // ---- Download: PEM and DER through the save dialog ----------------------------------------------------
  answer = join(out, 'download.crl');
  const saved = await call('authority.exportCrl', { id: inter.id, format: 'der' });
  assert.deepEqual(saved.paths, [answer]);
  const der = await runPeer('openssl', ['crl', '-inform', 'DER', '-in', answer, '-noout', '-crlnumber']);
  assert.match(der.stdout, /crlNumber=0x04/);
  const republished = await call('authority.publishCrl', { id: inter.id });
  assert.equal(republished.number, 5);
  assert.equal(republished.entries, 2);
  assert.equal(Date.parse(republished.nextUpdate) - Date.parse(republished.thisUpdate), 7 * 86_400_000, 'seven days by default');
  // The update interval is the authority's setting.
  await call('authority.updateSettings', { id: inter.id, settings: { ...inter.settings, crlNextUpdateDays: 2 } });
  const shorter = await call('authority.publishCrl', { id: inter.id });
  assert.equal(Date.parse(shorter.nextUpdate) - Date.parse(shorter.thisUpdate), 2 * 86_400_000);
});

/** One `openssl s_server -crl_check` exchange with `openssl s_client`: the server's and client's output. */
async function sServerWithCrl(serverDir: string, crlFile: string, clientDir: string): Promise<string> {
  const f = (dir: string, name: string) => join(dir, name);
  const server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-www', '-Verify', '2', '-verify_return_error', '-crl_check', '-CRLform', 'PEM', '-CRL', crlFile, '-CAfile', f(serverDir, 'ca.pem'), '-chainCAfile', f(serverDir, 'chain.pem'), '-cert', f(serverDir, 'cert.pem'), '-cert_chain', f(serverDir, 'chain.pem'), '-key', f(serverDir, 'key.pem')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  server.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = once(server, 'exit');
  const killer = setTimeout(() => server.kill(), 20_000);
  try {
    for (let i = 0; i < 200 && !/ACCEPT 127\.0\.0\.1:\d+/.test(output); i++) await new Promise((r) => setTimeout(r, 25));
    const port = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    assert.ok(port, `s_server did not start: ${output}`);
    const client = await runPeer('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', f(clientDir, 'ca.pem'), '-cert', f(clientDir, 'cert.pem'), '-cert_chain', f(clientDir, 'chain.pem'), '-key', f(clientDir, 'key.pem'), '-ign_eof'], 'GET / HTTP/1.0\r\n\r\n');
    await exited;
    return output + client.stdout + client.stderr;
  } finally {
    clearTimeout(killer);
    server.kill();
  }
}

test('revoking an intermediate: its issuer\'s CRL lists it, everything under it fails -crl_check_all, and it can no longer issue', { timeout: 60_000 }, async () => {
  const dir = await tempDir('certwright-revoke-ca-');
  const backend = openBackend(await tempDir());
  const { call } = backend;
  const invoke = (channel: Parameters<typeof backend.router.invoke>[0], input: unknown) => backend.router.invoke(channel, input, TRUSTED_CALLER);
  await call('vault.create', { passphrase: 'revoke a CA passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'CA Revocation Root' } });
  const inter = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Compromised Issuing' } })).authority;
  const sub = (await call('authority.createIntermediate', { parentId: inter.id, subject: { commonName: 'Below' }, pathLength: 0 }).catch(() => null))?.authority;
  const leaf = (await call('certificate.issue', { authorityId: inter.id, profile: 'client', subject: { commonName: 'under-it' } })).certificate;
  assert.deepEqual(await call('authority.revocationImpact', { id: inter.id }), { certificates: 1, authorities: sub ? 1 : 0 });

  const rootRefused = await invoke('authority.revoke', { id: root.id, reason: 'keyCompromise' });
  assert.ok(!rootRefused.ok && /A root cannot be revoked by a CRL/.test(rootRefused.error.message));
  const revoked = await call('authority.revoke', { id: inter.id, reason: 'cACompromise' });
  assert.equal(revoked.authority.revocation?.reason, 'cACompromise');
  assert.deepEqual([revoked.crl.authorityId, revoked.crl.entries], [root.id, 1]);
  const again = await invoke('authority.revoke', { id: inter.id, reason: 'keyCompromise' });
  assert.ok(!again.ok && /already revoked/.test(again.error.message));

  // It can no longer issue; its chain shows the revoked link; it still publishes its own CRL.
  const refused = await invoke('certificate.issue', { authorityId: inter.id, profile: 'client', subject: { commonName: 'too-late' } });
  assert.ok(!refused.ok && /Compromised Issuing was revoked \(CA compromise\).*can no longer issue/.test(refused.error.message), JSON.stringify(refused));
  const detail = await call('certificate.get', { id: leaf.id });
  assert.deepEqual(detail.chain.map((l) => l.status), ['ok', 'revoked', 'ok']);
  const interCrl = await call('authority.publishCrl', { id: inter.id });
  const rootCrl = await call('authority.crl', { id: root.id });
  assert.ok(rootCrl);

  const write = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  const rootCrlFile = await write('root.crl.pem', rootCrl.pem);
  const text = await runPeer('openssl', ['crl', '-in', rootCrlFile, '-noout', '-text']);
  assert.match(text.stdout, /CA Compromise/);
  const verdict = await runPeer('openssl', [
    'verify',
    '-crl_check_all',
    '-CAfile',
    await write('root.pem', (await call('authority.get', { id: root.id })).certificatePem),
    '-untrusted',
    await write('inter.pem', (await call('authority.get', { id: inter.id })).certificatePem),
    '-CRLfile',
    rootCrlFile,
    '-CRLfile',
    await write('inter.crl.pem', interCrl.pem),
    await write('leaf.pem', detail.certificatePem),
  ]);
  assert.notEqual(verdict.code, 0);
  assert.match(verdict.stdout + verdict.stderr, /certificate revoked/);
});

test('crl.inspect reads an OpenSSL CRL and ours, and checks signatures against the vault', { timeout: 60_000 }, async () => {
  const dir = await tempDir('certwright-crl-inspect-');
  const backend = openBackend(await tempDir());
  const { call } = backend;
  await call('vault.create', { passphrase: 'crl inspection passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Inspect Root' } });
  const leaf = (await call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'x' } })).certificate;
  await call('certificate.revoke', { ids: [leaf.id], reason: 'affiliationChanged', invalidityDate: '2026-01-02T03:04:05.000Z' });
  const ours = await call('crl.inspect', { crl: (await call('authority.crl', { id: root.id }))!.pem });
  assert.deepEqual(ours.signature, { status: 'verified', by: 'Inspect Root', authorityId: root.id });
  assert.equal(ours.number, '1');
  assert.deepEqual(ours.entries.map((e) => [e.reason, e.invalidityDate]), [['affiliationChanged', '2026-01-02T03:04:05.000Z']]);

  // An outside CRL made by openssl ca: read, but its issuer is unknown here.
  const cnf = join(dir, 'ca.cnf');
  await writeFile(join(dir, 'index.txt'), 'R\t301231000000Z\t260101000000Z,keyCompromise\t0A0B\tunknown\t/CN=a\nR\t301231000000Z\t260102000000Z,superseded\t0C0D\tunknown\t/CN=b\n');
  await writeFile(join(dir, 'crlnumber'), '2A\n');
  await runPeer('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-subj', '/CN=Outside CA', '-days', '30']);
  await writeFile(cnf, `[ca]\ndefault_ca = x\n[x]\ndatabase = ${dir}/index.txt\ncrlnumber = ${dir}/crlnumber\ncertificate = ${dir}/ca.pem\nprivate_key = ${dir}/ca.key\ndefault_md = sha256\ndefault_crl_days = 7\n`);
  const made = await runPeer('openssl', ['ca', '-gencrl', '-config', cnf, '-out', join(dir, 'outside.crl')]);
  assert.equal(made.code, 0, made.stderr);
  const outside = await call('crl.inspect', { crl: await readFile(join(dir, 'outside.crl'), 'utf8') });
  assert.equal(outside.issuerCommonName, 'Outside CA');
  assert.equal(outside.number, '42');
  assert.equal(outside.total, 2);
  assert.deepEqual(outside.entries.map((e) => [e.serialNumberHex, e.reason]), [['0a0b', 'keyCompromise'], ['0c0d', 'superseded']]);
  assert.equal(outside.signature.status, 'unknown-issuer');
  assert.match(outside.warnings.map((w) => english(w)).join(' '), /not a CA in this vault/);
  // DER works too; a forged CRL under our CA's name does not verify; garbage is refused clearly.
  const der = await runPeer('openssl', ['crl', '-in', join(dir, 'outside.crl'), '-outform', 'DER', '-out', join(dir, 'outside.der')]);
  assert.equal(der.code, 0);
  assert.equal((await call('crl.inspect', { crl: (await readFile(join(dir, 'outside.der'))).toString('base64') })).total, 2);
  await writeFile(join(dir, 'index.txt'), '');
  await runPeer('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-subj', '/CN=Inspect Root', '-days', '30']);
  await runPeer('openssl', ['ca', '-gencrl', '-config', cnf, '-out', join(dir, 'forged.crl')]);
  const forged = await call('crl.inspect', { crl: await readFile(join(dir, 'forged.crl'), 'utf8') });
  assert.equal(forged.signature.status, 'invalid');
  assert.match(forged.warnings.map((w) => english(w)).join(' '), /Do not use it/);
  const garbage = await backend.router.invoke('crl.inspect', { crl: (await call('authority.get', { id: root.id })).certificatePem }, TRUSTED_CALLER);
  assert.ok(!garbage.ok && /not a CRL/.test(garbage.error.message), JSON.stringify(garbage));
});
