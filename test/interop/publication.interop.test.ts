/**
 * Revocation that reaches clients, proven with the clients: a root and an intermediate created with
 * their URLs (CRL distribution point, OCSP, CA Issuers) pointing at the publication server on
 * 127.0.0.1; `openssl verify -crl_check -crl_download` fetches the CRL from there and refuses the
 * revoked leaf with OpenSSL's own words (and accepts the other); `openssl ocsp -url` asks the same
 * server; "Publish to folder" is read back by `openssl crl -inform DER`; the reachability check says
 * which CRL a stale web folder serves, and what else clients see. Then the CLI: `publish --dir` and
 * `publish serve --bind`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildOcspRequest, readOcspResponse } from '../../electron/engine/ocsp-client.js';
import { toPem } from '../../electron/engine/pem.js';
import { publicationName, type ReachabilityResult } from '../../shared/domain/publication.js';
import { english } from '../../shared/i18n/english.js';
import { extensionPreview } from '../../renderer/views/publication/ca-urls.js';
import { openBackend } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { freePort } from '../support/servers.js';

/** A reachability result as the CLI and the English window say it. */
const said = (r: ReachabilityResult): string => [r.summary, r.note].flatMap((m) => (m ? [english(m)] : [])).join(' ');

/** A plain static web server over a folder: what a user's web server does with a published folder. */
async function staticServer(folder: string): Promise<{ server: Server; url: string }> {
  const server = createHttpServer((request, response) => {
    void readFile(join(folder, (request.url ?? '/').replace(/^\/+/, '').replace(/\.\./g, '')))
      .then((body) => {
        response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        response.end(body);
      })
      .catch(() => {
        response.writeHead(404);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function get(url: string, host?: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: host ? { Host: host } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? null, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

test('openssl fetches the CRL from the publication server and refuses the revoked leaf; openssl ocsp asks the same server; the folder reads back; the check finds a stale CRL', { timeout: 120_000 }, async () => {
  const dir = await tempDir('certwright-publication-');
  const folder = join(dir, 'published');
  const answers: Array<string | null> = [];
  const backend = openBackend(await tempDir(), {
    dialogs: { chooseSaveFile: async () => null, chooseOpenFile: async () => null, chooseFolder: async () => answers.shift() ?? null },
  });
  const { call } = backend;
  await call('vault.create', { passphrase: 'publication interop passphrase' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const urls = (cn: string) => {
    const name = publicationName(cn);
    return { crlUrl: `${base}/${name}.crl`, ocspUrl: `${base}/${name}/ocsp`, caIssuersUrl: `${base}/${name}.crt` };
  };

  // The URLs are set as the CAs are created (what the wizards now ask for).
  const root = await call('authority.createRoot', { subject: { commonName: 'Publication Root' }, settings: urls('Publication Root') });
  assert.equal(root.settings.crlUrl, `${base}/publication-root.crl`);
  const inter = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Publication Issuing CA' }, settings: urls('Publication Issuing CA') })).authority;
  assert.equal(inter.settings.ocspUrl, `${base}/publication-issuing-ca/ocsp`);
  const issue = async (cn: string) => (await call('certificate.issue', { authorityId: inter.id, profile: 'client', subject: { commonName: cn } })).certificate;
  const good = await issue('still-good');
  const bad = await issue('stolen-laptop');

  const rootPem = await writeTemp(dir, 'root.pem', (await call('authority.get', { id: root.id })).certificatePem);
  const interPem = await writeTemp(dir, 'inter.pem', (await call('authority.get', { id: inter.id })).certificatePem);
  const goodPem = await writeTemp(dir, 'good.pem', (await call('certificate.get', { id: good.id })).certificatePem);
  const badPem = await writeTemp(dir, 'bad.pem', (await call('certificate.get', { id: bad.id })).certificatePem);
  const leafText = (await runPeer('openssl', ['x509', '-in', badPem, '-noout', '-text'])).stdout;
  assert.match(leafText, new RegExp(`URI:${base}/publication-issuing-ca\\.crl`), 'the leaf carries the distribution point');
  assert.match(leafText, new RegExp(`OCSP - URI:${base}/publication-issuing-ca/ocsp`));
  assert.match(leafText, new RegExp(`CA Issuers - URI:${base}/publication-issuing-ca\\.crt`));
  // The wizard's preview says what OpenSSL prints: the same lines, in the same order.
  const printed = leafText.split('\n').map((l) => l.trim());
  const preview = extensionPreview(urls('Publication Issuing CA')).map((l) => l.trim());
  for (const block of [preview.slice(0, 3), preview.slice(3)]) {
    const at = printed.indexOf(block[0]!);
    assert.ok(at >= 0, `${block[0]} in ${leafText}`);
    assert.deepEqual(printed.slice(at, at + block.length), block);
  }

  // Root and intermediate share one listener, at the address their URLs name.
  const started = await call('authority.publicationStart', { id: inter.id, port });
  assert.equal(started.url, base);
  assert.equal(started.warning, null);
  assert.deepEqual(started.urls, { crl: urls('Publication Issuing CA').crlUrl, certificate: urls('Publication Issuing CA').caIssuersUrl, ocsp: urls('Publication Issuing CA').ocspUrl });
  assert.equal((await call('authority.publicationStart', { id: root.id, port })).url, base);
  try {
    await call('certificate.revoke', { ids: [bad.id], reason: 'keyCompromise' });
    const verify = (leaf: string, ...extra: string[]) => runPeer('openssl', ['verify', '-crl_check', '-crl_download', ...extra, '-CAfile', rootPem, '-untrusted', interPem, leaf]);
    const refused = await verify(badPem);
    assert.notEqual(refused.code, 0, refused.stdout);
    assert.match(refused.stdout + refused.stderr, /error 23 at 0 depth lookup: certificate revoked/);
    const accepted = await verify(goodPem);
    assert.equal(accepted.code, 0, accepted.stdout + accepted.stderr);
    assert.match(accepted.stdout, /good\.pem: OK/);
    // The whole chain: the intermediate's own CRL comes from the root's distribution point on the same
    // server. OpenSSL checks the root against a CRL too, which nothing points to: it is given as a file.
    const rootCrl = await writeTemp(dir, 'root-crl.pem', toPem('X509 CRL', (await get(urls('Publication Root').crlUrl)).body));
    const whole = await verify(goodPem, '-crl_check_all', '-CRLfile', rootCrl);
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);

    const ocsp = await runPeer('openssl', ['ocsp', '-issuer', interPem, '-cert', badPem, '-cert', goodPem, '-url', urls('Publication Issuing CA').ocspUrl, '-CAfile', rootPem, '-verify_other', interPem]);
    assert.match(ocsp.stdout + ocsp.stderr, /Response verify OK/);
    assert.match(ocsp.stdout, /bad\.pem: revoked/);
    assert.match(ocsp.stdout, /good\.pem: good/);

    const crl = await get(urls('Publication Issuing CA').crlUrl);
    assert.equal(crl.type, 'application/pkix-crl');
    const cert = await get(urls('Publication Issuing CA').caIssuersUrl);
    assert.equal(cert.type, 'application/pkix-cert');
    assert.equal(cert.body.toString('base64'), (await call('authority.get', { id: inter.id })).certificatePem.replace(/-----[^-]+-----|\s/g, ''));
    assert.equal((await get(`${base}/nothing-here.crl`)).status, 404);
    // A page whose name was rebound to 127.0.0.1 still names itself in Host: refused.
    assert.equal((await get(urls('Publication Issuing CA').crlUrl, `rebound.attacker.test:${port}`)).status, 421);

    // Publish to a folder: DER and PEM CRL, DER and PEM certificate, read back by openssl.
    answers.push(folder);
    const written = await call('authority.publishToFolder', { id: inter.id });
    assert.equal(written.cancelled, false);
    const number = written.crlNumber!;
    assert.deepEqual((await readdir(folder)).sort(), ['publication-issuing-ca.crl', 'publication-issuing-ca.crl.pem', 'publication-issuing-ca.crt', 'publication-issuing-ca.pem']);
    const fromFolder = await runPeer('openssl', ['crl', '-inform', 'DER', '-in', join(folder, 'publication-issuing-ca.crl'), '-noout', '-text', '-CAfile', interPem]);
    assert.equal(fromFolder.code, 0, fromFolder.stderr);
    assert.match(fromFolder.stdout + fromFolder.stderr, /verify OK/);
    assert.match(fromFolder.stdout, new RegExp(`X509v3 CRL Number:\\s*\\n\\s*${number}\\b`));
    assert.match(fromFolder.stdout, new RegExp(`Serial Number: ${bad.serialNumberHex.toUpperCase()}`));
    assert.match(fromFolder.stdout, /Key Compromise/);
    assert.equal((await runPeer('openssl', ['crl', '-in', join(folder, 'publication-issuing-ca.crl.pem'), '-noout'])).code, 0);
    assert.equal((await runPeer('openssl', ['x509', '-inform', 'DER', '-in', join(folder, 'publication-issuing-ca.crt'), '-noout'])).code, 0);
    assert.deepEqual((await readdir(folder)).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
    answers.push(null);
    assert.equal((await call('authority.publishToFolder', { id: inter.id })).cancelled, true);

    // Everything reachable and current.
    const fine = await call('authority.checkReachability', { id: inter.id });
    assert.deepEqual(
      fine.results.map((r) => [r.kind, r.verdict]),
      [
        ['crl', 'ok'],
        ['ocsp', 'ok'],
        ['caIssuers', 'ok'],
      ],
      JSON.stringify(fine.results, null, 2),
    );
    assert.match(said(fine.results[0]!), new RegExp(`The CRL at this URL is #${number}, the latest`));
    assert.equal(said(fine.results[1]!), `OCSP answers revoked for serial ${bad.serialNumberHex} (the newest certificate of this CA), as the vault says; signed by the CA key.`);

    // A web server over the folder published before the last revocation serves a stale CRL.
    const stale = await staticServer(folder);
    try {
      await call('certificate.revoke', { ids: [good.id], reason: 'superseded' });
      const latest = (await call('authority.crl', { id: inter.id }))!.number;
      assert.equal(latest, number + 1);
      const closed = await freePort();
      await call('authority.updateSettings', {
        id: inter.id,
        settings: { crlUrl: `${stale.url}/publication-issuing-ca.crl`, ocspUrl: `http://127.0.0.1:${closed}/ocsp`, caIssuersUrl: urls('Publication Root').caIssuersUrl },
      });
      const report = await call('authority.checkReachability', { id: inter.id });
      assert.equal(report.latestCrlNumber, latest);
      const [crlResult, ocspResult, issuersResult] = report.results;
      assert.equal(crlResult!.verdict, 'warning');
      assert.equal(said(crlResult!), `The CRL at this URL is #${number}, the latest is #${latest}: clients do not see the revocations since. Publish again where this URL is served from.`);
      assert.equal(ocspResult!.verdict, 'error');
      assert.match(said(ocspResult!), /connection refused/);
      assert.equal(issuersResult!.verdict, 'error');
      assert.match(said(issuersResult!), /It serves a different certificate \(CN=Publication Root, SHA-256 [0-9A-F:]+…\), not this CA's/);

      // Publishing the folder again brings the web server up to date.
      answers.push(folder);
      assert.equal((await call('authority.publishToFolder', { id: inter.id })).crlNumber, latest);
      const again = await call('authority.checkReachability', { id: inter.id });
      assert.equal(again.results[0]!.verdict, 'ok', said(again.results[0]!));
    } finally {
      await new Promise<void>((resolve) => stale.server.close(() => resolve()));
    }
  } finally {
    await call('authority.publicationStop', { id: inter.id });
    assert.equal((await call('authority.publicationStatus', { id: root.id })).running, true, 'the root still serves');
    await call('authority.publicationStop', { id: root.id });
    await backend.services.close();
  }
  assert.equal((await backend.call('authority.publicationStatus', { id: inter.id })).running, false);
  const kinds = (await call('audit.list', { filter: { kinds: ['publication.written', 'publication.started', 'publication.stopped'] } })).entries.map((e) => e.kind);
  assert.ok(kinds.includes('publication.written') && kinds.includes('publication.started') && kinds.includes('publication.stopped'), kinds.join(', '));
});

test('hostile or broken URLs get a clear verdict each; one address serves one CA per name; a locked vault still serves the last CRL', { timeout: 60_000 }, async () => {
  const answers: Record<string, (response: ServerResponse) => void> = {
    '/garbage.crl': (r) => r.end('this is not a CRL'),
    '/moved.crl': (r) => {
      r.writeHead(302, { Location: 'http://elsewhere.test/x.crl' });
      r.end();
    },
    '/huge.crt': (r) => {
      r.writeHead(200, { 'Content-Length': String(64 * 1024 * 1024) });
      r.write(Buffer.alloc(1024));
    },
    '/ocsp': (r) => r.end('<html>not OCSP</html>'),
    // A well-formed OCSPResponse whose status (9) RFC 6960 does not define.
    '/odd-ocsp': (r) => r.end(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x09])),
  };
  const hostile = createHttpServer((request, response) => {
    const answer = answers[request.url ?? ''];
    if (answer) return answer(response);
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const at = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  const backend = openBackend(await tempDir());
  const { call } = backend;
  try {
    await call('vault.create', { passphrase: 'publication hostile passphrase' });
    const root = await call('authority.createRoot', { subject: { commonName: 'Hostile Root' }, settings: { crlUrl: `${at}/garbage.crl`, ocspUrl: `${at}/ocsp`, caIssuersUrl: `${at}/huge.crt` } });
    const report = await call('authority.checkReachability', { id: root.id });
    assert.deepEqual(
      report.results.map((r) => [r.kind, r.verdict]),
      [
        ['crl', 'error'],
        ['ocsp', 'error'],
        ['caIssuers', 'error'],
      ],
    );
    assert.match(said(report.results[0]!), /^What it serves is not a CRL clients can read: /);
    assert.equal(said(report.results[1]!), 'What it answers is not an OCSP response.');
    assert.match(said(report.results[2]!), /^Clients get nothing: it answers with 67,108,864 bytes, more than the 10,485,760 read here\.$/);
    await call('authority.updateSettings', { id: root.id, settings: { crlUrl: `${at}/moved.crl`, ocspUrl: `${at}/odd-ocsp`, caIssuersUrl: `${at}/missing.crt` } });
    const second = await call('authority.checkReachability', { id: root.id });
    assert.match(said(second.results[0]!), /^It redirects \(HTTP 302 to http:\/\/elsewhere\.test\/x\.crl\); OpenSSL and many clients do not follow redirects/);
    assert.equal(said(second.results[1]!), 'It answers with a response status RFC 6960 does not define: clients reject it.');
    assert.equal(said(second.results[2]!), 'It answers HTTP 404: clients get nothing usable.');
    await call('authority.updateSettings', { id: root.id, settings: { crlUrl: null, ocspUrl: null, caIssuersUrl: null } });
    assert.deepEqual(
      (await call('authority.checkReachability', { id: root.id })).results.map((r) => r.verdict),
      ['notConfigured', 'notConfigured', 'notConfigured'],
    );

    // One name per address: a second CA called the same is refused with the setting to change.
    const twin = await call('authority.createRoot', { subject: { commonName: 'Hostile Root' } });
    const port = await freePort();
    const started = await call('authority.publicationStart', { id: root.id, port });
    await assert.rejects(call('authority.publicationStart', { id: twin.id, port }), /Another CA on http:\/\/127\.0\.0\.1:\d+ is published under the same name \(hostile-root\.crl\); choose another port/);
    await assert.rejects(call('authority.publicationStart', { id: root.id, port: await freePort() }), /This CA is already published on http:\/\/127\.0\.0\.1:\d+; stop it there first/);
    assert.equal((await call('authority.publicationStart', { id: root.id, port })).url, started.url, 'the same start again: its status');
    // A port someone else holds names the port.
    await assert.rejects(call('authority.publicationStart', { id: twin.id, port: (hostile.address() as AddressInfo).port }), /Port \d+ on 127\.0\.0\.1 is in use; choose another/);

    // Locked: the CRL last read is still served (public, signed); OCSP says tryLater.
    const caDer = new Uint8Array(Buffer.from((await call('authority.get', { id: root.id })).certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const asked = buildOcspRequest(caDer, '01');
    const before = await get(`${started.url}/hostile-root.crl`);
    assert.equal(before.status, 200);
    backend.vault.lock();
    const after = await get(`${started.url}/hostile-root.crl`);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body, before.body);
    const ocsp = await new Promise<Buffer>((resolve, reject) => {
      const request = httpRequest(`${started.url}/hostile-root/ocsp`, { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      });
      request.on('error', reject);
      request.end(asked.der);
    });
    assert.equal(readOcspResponse(ocsp, { caDer, serialHex: '01', nonceHex: asked.nonceHex }).responseStatus, 'tryLater');
  } finally {
    await backend.services.close();
    hostile.closeAllConnections();
    await new Promise<void>((resolve) => hostile.close(() => resolve()));
  }
});

describe('certwright publish', { timeout: 180_000 }, () => {
  let entry = '';
  let dispose: () => Promise<void> = async () => undefined;
  before(async () => ({ entry, dispose } = await bundleCli()));
  after(() => dispose());

  test('publish --dir writes what openssl reads; publish serve --bind serves it until interrupted', async () => {
    const dir = await tempDir('certwright-cli-publish-');
    const vault = join(dir, 'vault');
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, 'cli publication passphrase\n');
    await chmod(passFile, 0o600);
    const run = (...args: string[]) => runCli(entry, ['--vault', vault, '--passphrase-file', passFile, ...args]);
    assert.equal((await run('init')).code, 0);
    const port = await freePort();
    const made = await run('ca', 'create', '--cn', 'CLI Publish Root', '--key', 'p256', '--crl-url', `http://127.0.0.1:${port}/cli-publish-root.crl`);
    assert.equal(made.code, 0, made.stderr);
    assert.equal((await run('issue', 'client', '--ca', 'CLI Publish Root', '--cn', 'gone', '--from-root')).code, 0);
    assert.equal((await run('revoke', 'gone', '--reason', 'superseded')).code, 0);

    const out = join(dir, 'www');
    const published = await run('publish', '--ca', 'CLI Publish Root', '--dir', out);
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /Published CRL #\d+ and the certificate of CLI Publish Root to /);
    const read = await runPeer('openssl', ['crl', '-inform', 'DER', '-in', join(out, 'cli-publish-root.crl'), '-noout', '-text']);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /Superseded/);

    const child = spawn(process.execPath, [entry, '--vault', vault, '--passphrase-file', passFile, 'publish', 'serve', '--ca', 'CLI Publish Root', '--bind', `127.0.0.1:${port}`, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        child.on('close', () => reject(new Error(`publish serve exited: ${text}`)));
      });
      const status = JSON.parse(line) as { url: string; urls: { crl: string } };
      assert.equal(status.url, `http://127.0.0.1:${port}`);
      const served = await get(status.urls.crl);
      assert.equal(served.type, 'application/pkix-crl');
      assert.deepEqual(served.body, await readFile(join(out, 'cli-publish-root.crl')));
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    const refused = await run('publish', 'serve', '--ca', 'CLI Publish Root', '--bind', 'localhost:80');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--bind takes ADDRESS\[:PORT\]/);
  });
});
