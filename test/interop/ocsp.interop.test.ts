/**
 * The local OCSP responder, asked by `openssl ocsp` over HTTP on 127.0.0.1 (POST, with a nonce) and
 * by a GET made from an OpenSSL request: good, revoked with time and reason, a hold, unknown serials,
 * another CA's certificate (unauthorized), garbage (malformedRequest); the response signature verifies.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

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
