/**
 * The local OCSP responder, asked by `openssl ocsp` over HTTP on 127.0.0.1 (POST, with a nonce) and
 * by a GET made from an OpenSSL request: good, revoked with time and reason, a hold, unknown serials,
 * another CA's certificate (unauthorized), garbage (malformedRequest); the response signature verifies.
 * Then the listener rules (DESIGN.md §3): nonces of 1 to 32 bytes only, a Host naming the responder,
 * a budget of signatures per second, one listener per CA however starts and stops interleave.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as x509 from '@peculiar/asn1-x509';
import { OCSP_SIGNATURES_PER_SECOND } from '../../electron/services/ocsp-responder.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';
import { freePort } from '../support/servers.js';

test('openssl ocsp gets good, revoked (with reason) and unknown from the local responder, signed by the CA', { timeout: 60_000 }, async () => {
  const dir = await tempDir('certwright-ocsp-');
  const backend = openBackend(await tempDir());
  const { call } = backend;
  await call('vault.create', { passphrase: 'ocsp responder passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'OCSP Root' } });
  const inter = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'OCSP Issuing' } })).authority;
  const other = await call('authority.createRoot', { subject: { commonName: 'Other Root' } });
  const issue = async (authorityId: string, cn: string) => (await call('certificate.issue', { authorityId, profile: 'client', subject: { commonName: cn } })).certificate;
  const [good, stolen, held, foreign] = [await issue(inter.id, 'good'), await issue(inter.id, 'stolen'), await issue(inter.id, 'held'), await issue(other.id, 'foreign')];
  await call('certificate.revoke', { ids: [stolen.id], reason: 'keyCompromise' });
  await call('certificate.revoke', { ids: [held.id], reason: 'certificateHold' });

  const file = async (name: string, pem: string) => {
    await writeFile(join(dir, name), pem);
    return join(dir, name);
  };
  const issuer = await file('issuer.pem', (await call('authority.get', { id: inter.id })).certificatePem);
  const trust = await file('trust.pem', (await call('authority.get', { id: root.id })).certificatePem + (await call('authority.get', { id: inter.id })).certificatePem);
  const leaf = async (id: string, name: string) => file(name, (await call('certificate.get', { id })).certificatePem);

  assert.deepEqual(await call('authority.ocspStatus', { id: inter.id }), { running: false, url: null, signer: null });
  const started = await call('authority.ocspStart', { id: inter.id });
  assert.ok(started.running && started.url?.startsWith('http://127.0.0.1:'), JSON.stringify(started));
  const url = started.url!;
  try {
    const ask = (...args: string[]) => runPeer('openssl', ['ocsp', '-issuer', issuer, '-url', url, '-CAfile', trust, '-resp_text', ...args]);
    const answerGood = await ask('-cert', await leaf(good.id, 'good.pem'));
    assert.equal(answerGood.code, 0, answerGood.stderr);
    assert.match(answerGood.stderr + answerGood.stdout, /Response verify OK/);
    assert.match(answerGood.stdout, /good\.pem: good/);
    assert.doesNotMatch(answerGood.stdout + answerGood.stderr, /WARNING: no nonce/);
    assert.match(answerGood.stdout, /OCSP Nonce/);

    const answerRevoked = await ask('-cert', await leaf(stolen.id, 'stolen.pem'));
    assert.match(answerRevoked.stdout, /stolen\.pem: revoked/);
    assert.match(answerRevoked.stdout, /Reason: keyCompromise/);
    assert.match(answerRevoked.stdout, /Revocation Time:/);
    assert.match((await ask('-cert', await leaf(held.id, 'held.pem'))).stdout, /held\.pem: revoked[\s\S]*Reason: certificateHold/);
    assert.match((await ask('-serial', '0x1234567')).stdout, /0x1234567: unknown/);
    const unauthorized = await ask('-cert', await leaf(foreign.id, 'foreign.pem'));
    assert.match(unauthorized.stdout + unauthorized.stderr, /Responder Error: unauthorized \(6\)/);

    // GET, as RFC 6960 Appendix A.1 spells it: the base64 request URL-encoded into the path.
    const request = join(dir, 'request.der');
    assert.equal((await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', join(dir, 'good.pem'), '-no_nonce', '-reqout', request])).code, 0);
    const viaGet = await fetch(`${url}/${encodeURIComponent((await readFile(request)).toString('base64'))}`);
    assert.equal(viaGet.headers.get('content-type'), 'application/ocsp-response');
    await writeFile(join(dir, 'get.der'), new Uint8Array(await viaGet.arrayBuffer()));
    const read = await runPeer('openssl', ['ocsp', '-respin', join(dir, 'get.der'), '-issuer', issuer, '-cert', join(dir, 'good.pem'), '-CAfile', trust, '-no_nonce']);
    assert.match(read.stdout + read.stderr, /Response verify OK/);
    assert.match(read.stdout, /good\.pem: good/);

    // Garbage is a malformedRequest answer, not a crash; other methods are refused.
    const garbage = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'not der at all' });
    await writeFile(join(dir, 'garbage.der'), new Uint8Array(await garbage.arrayBuffer()));
    assert.match((await runPeer('openssl', ['ocsp', '-respin', join(dir, 'garbage.der'), '-resp_text'])).stdout, /malformedrequest \(1\)/i);
    assert.equal((await fetch(url, { method: 'PUT', body: 'x' })).status, 405);
  } finally {
    assert.deepEqual(await call('authority.ocspStop', { id: inter.id }), { running: false, url: null, signer: null });
  }
  await assert.rejects(fetch(url), /fetch failed/);

  // Delegated: a one-day OCSP-signing certificate from the CA signs, and travels in the response.
  const delegated = await call('authority.ocspStart', { id: inter.id, delegated: true });
  assert.equal(delegated.signer, 'delegated');
  try {
    const answer = await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', join(dir, 'stolen.pem'), '-url', delegated.url!, '-CAfile', trust, '-resp_text']);
    assert.match(answer.stdout + answer.stderr, /Response verify OK/);
    assert.match(answer.stdout, /stolen\.pem: revoked/);
    assert.match(answer.stdout, /Subject: CN ?= ?OCSP Issuing OCSP responder/);
    assert.match(answer.stdout, /OCSP Signing/);
    assert.match(answer.stdout, /OCSP No Check/);
  } finally {
    await call('authority.ocspStop', { id: inter.id });
  }
  const pending = await backend.router.invoke('authority.ocspStart', { id: inter.id, port: 80 }, TRUSTED_CALLER);
  assert.ok(!pending.ok && pending.error.details?.field === 'port');
});

// ---- The listener rules ---------------------------------------------------------------------------

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

/** One HTTP exchange with any Host header (fetch will not send a forged one; a rebinding browser does). */
function exchange(url: string, options: { method?: 'GET' | 'POST'; path?: string; host?: string; body?: Uint8Array }): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers: { Host: options.host ?? `${hostname}:${port}`, 'Content-Type': 'application/ocsp-request', Connection: 'close', ...(options.body ? { 'Content-Length': options.body.length } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The OCSPResponseStatus of a response: 0 successful, 1 malformedRequest, 3 tryLater, 6 unauthorized. */
const responseStatus = (body: Uint8Array) => AsnConvert.parse(body, ocsp.OCSPResponse).responseStatus;

/** An OpenSSL-made request with a nonce of `bytes` bytes, wrapped as RFC 8954 (and OpenSSL) do. */
function withNonce(requestDer: Uint8Array, bytes: number): Uint8Array {
  const request = AsnConvert.parse(requestDer, ocsp.OCSPRequest);
  const nonce = AsnConvert.serialize(new OctetString(new Uint8Array(bytes).fill(0x5a)));
  request.tbsRequest.requestExtensions = [new x509.Extension({ extnID: ocsp.id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(nonce) })];
  return new Uint8Array(AsnConvert.serialize(request));
}

/** Bytes written to the port as they are, and the whole answer. */
async function rawExchange(port: number, head: string, body: Uint8Array): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

test('the hardened responder: 1–32 byte nonces, its own Host only, a signature budget, one listener per CA', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir('certwright-ocsp-rules-');
  const { call } = openBackend(await tempDir());
  await call('vault.create', { passphrase: 'ocsp responder passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Rules Root' } });
  const leafId = (await call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'rules' } })).certificate.id;
  const issuer = join(dir, 'issuer.pem');
  await writeFile(issuer, (await call('authority.get', { id: root.id })).certificatePem);
  const leaf = join(dir, 'leaf.pem');
  await writeFile(leaf, (await call('certificate.get', { id: leafId })).certificatePem);
  const plainRequest = join(dir, 'plain.der');
  assert.equal((await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-no_nonce', '-reqout', plainRequest])).code, 0);
  const plain = new Uint8Array(await readFile(plainRequest));
  // Every signature made by WebCrypto in this process is counted: the CA key signs through it.
  const sign = t.mock.method(globalThis.crypto.subtle, 'sign');
  const signatures = () => sign.mock.callCount();
  const audited = async (kind: 'ocsp.started' | 'ocsp.stopped') => (await call('audit.list', { filter: { kinds: [kind], authorityId: root.id } })).total;

  await t.test('nonces: 1 and 32 bytes are echoed and verify in openssl; 0 and 33 bytes are malformedRequest, unsigned', async () => {
    const { url } = await call('authority.ocspStart', { id: root.id });
    try {
      for (const bytes of [1, 32]) {
        const request = join(dir, `nonce-${bytes}.der`);
        await writeFile(request, withNonce(plain, bytes));
        const answer = await exchange(url!, { body: await readFile(request) });
        assert.equal(responseStatus(answer.body), ocsp.OCSPResponseStatus.successful);
        await writeFile(join(dir, `nonce-${bytes}.resp`), answer.body);
        // -reqin: openssl checks that the response carries the request's nonce.
        const read = await runPeer('openssl', ['ocsp', '-reqin', request, '-respin', join(dir, `nonce-${bytes}.resp`), '-issuer', issuer, '-CAfile', issuer, '-resp_text']);
        assert.match(read.stdout + read.stderr, /Response verify OK/);
        assert.doesNotMatch(read.stdout + read.stderr, /WARNING|nonce verify error/i);
        assert.match(read.stdout, new RegExp(`OCSP Nonce: \\s*04${bytes.toString(16).padStart(2, '0')}(5A){${bytes}}`, 'i'));
      }
      for (const bytes of [0, 33, 64, 1024]) {
        const before = signatures();
        const answer = await exchange(url!, { body: withNonce(plain, bytes) });
        assert.equal(answer.status, 200);
        assert.equal(responseStatus(answer.body), ocsp.OCSPResponseStatus.malformedRequest, `${bytes}-byte nonce`);
        await writeFile(join(dir, 'long.resp'), answer.body);
        assert.match((await runPeer('openssl', ['ocsp', '-respin', join(dir, 'long.resp'), '-resp_text'])).stdout, /malformedrequest \(1\)/i);
        assert.equal(signatures(), before, `nothing signed for a ${bytes}-byte nonce`);
      }
      // openssl's own request (a 16-byte nonce) still gets a verified answer.
      const normal = await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-url', url!, '-CAfile', issuer]);
      assert.match(normal.stdout + normal.stderr, /Response verify OK[\s\S]*leaf\.pem: good|leaf\.pem: good[\s\S]*Response verify OK/);
    } finally {
      await call('authority.ocspStop', { id: root.id });
    }
  });

  await t.test('Host: only 127.0.0.1, localhost (with or without the port) and the OCSP URL that points here; GET and POST', async () => {
    const port = await freePort();
    await call('authority.updateSettings', { id: root.id, settings: { ocspUrl: `http://ocsp.rules.test:${port}/` } });
    const { url } = await call('authority.ocspStart', { id: root.id, port });
    try {
      const get = { method: 'GET' as const, path: `/${encodeURIComponent(Buffer.from(plain).toString('base64'))}` };
      for (const host of [`127.0.0.1:${port}`, '127.0.0.1', `localhost:${port}`, 'LOCALHOST', `ocsp.rules.test:${port}`, 'ocsp.rules.test']) {
        for (const how of [{ body: plain }, get]) {
          const answer = await exchange(url!, { host, ...how });
          assert.equal(answer.status, 200, `${host} ${how === get ? 'GET' : 'POST'}`);
          assert.equal(responseStatus(answer.body), ocsp.OCSPResponseStatus.successful);
        }
      }
      const before = signatures();
      // A page on rebind.attacker.test whose name now resolves to 127.0.0.1, and other near misses.
      for (const host of [`rebind.attacker.test:${port}`, 'rebind.attacker.test', `127.0.0.1:${port + 1}`, `localhost.:${port}`, `[::1]:${port}`, `ocsp.rules.test:${port + 1}`, `127.0.0.1:${port}@attacker.test`]) {
        for (const how of [{ body: plain }, get]) {
          const answer = await exchange(url!, { host, ...how });
          assert.equal(answer.status, 421, `Host "${host}" ${how === get ? 'GET' : 'POST'}: ${answer.body.toString()}`);
          assert.match(answer.body.toString(), /answers only as 127\.0\.0\.1:\d+ or localhost:\d+/);
        }
      }
      // No Host at all (HTTP/1.0 allows that; a browser never does it): refused too.
      const bare = await rawExchange(port, `POST / HTTP/1.0\r\nContent-Type: application/ocsp-request\r\nContent-Length: ${plain.length}\r\n\r\n`, plain);
      assert.match(bare, /^HTTP\/1\.1 421 /);
      assert.equal(signatures(), before, 'nothing signed for a foreign Host');
      // openssl through the configured name (sent as its Host header) gets a verified answer.
      const named = await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-url', url!, '-header', `Host=ocsp.rules.test:${port}`, '-CAfile', issuer]);
      assert.match(named.stdout + named.stderr, /Response verify OK/);
      assert.match(named.stdout, /leaf\.pem: good/);
      // The setting is read per request: once the URL names another host, that name is refused.
      await call('authority.updateSettings', { id: root.id, settings: { ocspUrl: 'http://elsewhere.rules.test/' } });
      assert.equal((await exchange(url!, { host: `ocsp.rules.test:${port}`, body: plain })).status, 421);
    } finally {
      await call('authority.ocspStop', { id: root.id });
      await call('authority.updateSettings', { id: root.id, settings: {} });
    }
  });

  await t.test(`a burst above ${OCSP_SIGNATURES_PER_SECOND} signatures a second gets tryLater (unsigned), and the budget refills`, async () => {
    const { url } = await call('authority.ocspStart', { id: root.id });
    try {
      const before = signatures();
      const started = performance.now();
      const statuses: number[] = [];
      // 200 requests, 8 at a time (under the connection cap).
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < 200) {
            next += 1;
            statuses.push(responseStatus((await exchange(url!, { body: plain })).body));
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const successful = statuses.filter((s) => s === ocsp.OCSPResponseStatus.successful).length;
      const tryLater = statuses.filter((s) => s === ocsp.OCSPResponseStatus.tryLater).length;
      assert.equal(successful + tryLater, 200, JSON.stringify(statuses));
      assert.ok(tryLater > 0, 'some requests are told to try later');
      assert.ok(successful >= OCSP_SIGNATURES_PER_SECOND, `the first second's budget is spent in full (${successful})`);
      assert.ok(successful <= OCSP_SIGNATURES_PER_SECOND * (1 + seconds) + 1, `${successful} signed in ${seconds.toFixed(2)} s`);
      assert.equal(signatures() - before, successful, 'a tryLater costs no signature');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const again = await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-url', url!, '-CAfile', issuer]);
      assert.match(again.stdout, /leaf\.pem: good/);
    } finally {
      await call('authority.ocspStop', { id: root.id });
    }
  });

  await t.test('one listener per CA: concurrent starts share it, a stop during a start leaves nothing behind', async () => {
    const [startedBefore, stoppedBefore] = [await audited('ocsp.started'), await audited('ocsp.stopped')];
    // Fired together, not awaited one by one; the second asks for a port, which the first's listener wins.
    const port = await freePort();
    const [a, b] = await Promise.all([call('authority.ocspStart', { id: root.id, port }), call('authority.ocspStart', { id: root.id, port, delegated: true })]);
    assert.deepEqual(a, b);
    assert.deepEqual(a, { running: true, url: `http://127.0.0.1:${port}`, signer: 'ca' });
    const [c, d] = await Promise.all([call('authority.ocspStart', { id: root.id }), call('authority.ocspStatus', { id: root.id })]);
    assert.deepEqual([c, d], [a, a]);
    assert.equal(await audited('ocsp.started'), startedBefore + 1, 'one listener was started');
    assert.match((await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-url', a.url!, '-CAfile', issuer])).stdout, /leaf\.pem: good/);
    assert.deepEqual(await call('authority.ocspStop', { id: root.id }), { running: false, url: null, signer: null });
    await assert.rejects(exchange(a.url!, { body: plain }), /ECONNREFUSED/);
    assert.equal(await audited('ocsp.stopped'), stoppedBefore + 1);

    // A stop fired right behind a start waits for it and closes what it opened: no orphan.
    const startedAgain = await audited('ocsp.started');
    const [started, stopped] = await Promise.all([call('authority.ocspStart', { id: root.id, port }), call('authority.ocspStop', { id: root.id })]);
    assert.equal(await audited('ocsp.started'), startedAgain + 1, 'the start did open its listener');
    // The start's own answer already says what the stop left: nothing running.
    assert.deepEqual(started, { running: false, url: null, signer: null });
    assert.deepEqual(stopped, started);
    assert.deepEqual(await call('authority.ocspStatus', { id: root.id }), stopped);
    await assert.rejects(exchange(`http://127.0.0.1:${port}`, { body: plain }), /ECONNREFUSED/);
    // Start, stop, start fired together: the last start runs on the freed port, and one stop ends it.
    const [, , last] = await Promise.all([call('authority.ocspStart', { id: root.id, port }), call('authority.ocspStop', { id: root.id }), call('authority.ocspStart', { id: root.id, port })]);
    assert.deepEqual(last, { running: true, url: `http://127.0.0.1:${port}`, signer: 'ca' });
    assert.equal(responseStatus((await exchange(last.url!, { body: plain })).body), ocsp.OCSPResponseStatus.successful);
    await call('authority.ocspStop', { id: root.id });
    await assert.rejects(exchange(last.url!, { body: plain }), /ECONNREFUSED/);
    assert.equal((await audited('ocsp.started')) - (await audited('ocsp.stopped')), startedBefore - stoppedBefore, 'every start has its stop');
  });
});
