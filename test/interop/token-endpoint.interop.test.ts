/**
 * The lab token endpoint, asked by the real curl over HTTPS with mutual TLS on 127.0.0.1: a caller
 * with a client certificate of the endpoint's CA gets a token for what the policy grants it (sub =
 * its CommonName), and the token verifies; no certificate, another CA's, a revoked one (revoked
 * while the endpoint runs), a server certificate, an audience not granted, a foreign Host are each
 * refused with the right status and a JSON reason; a locked vault answers 503. The JWKS is public.
 * Every token is in the audit log by its claims, never by its text; stopping frees the port.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { AUDIT_LOG_FILE } from '../../electron/vault/audit-log.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-service:charge", "payment-service:refund", "inventory-service:reserve"], "tokenMinutes": 5 },
    "payment-service": { "calls": [] },
    "inventory-service": { "calls": [] }
  }
}
`;

test('curl with a client certificate gets a token for what the policy grants; everything else is refused in words', { timeout: 30_000 }, async () => {
  const files = await tempDir('certwright-token-endpoint-');
  const vaultDir = await tempDir('certwright-token-vault-');
  const { call, services, vault } = openBackend(vaultDir);
  await call('vault.create', { passphrase: 'token endpoint passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Lab Root' } });
  const other = await call('authority.createRoot', { subject: { commonName: 'Other Root' } });
  const issue = async (authorityId: string, commonName: string, profile: 'client' | 'server' = 'client') =>
    (await call('certificate.issue', { authorityId, profile, subject: { commonName }, ...(profile === 'server' ? { sans: [{ type: 'dns' as const, value: `${commonName}.test` }] } : {}) })).certificate;
  /** The certificate and its key as files, as a service would be given them. */
  const asFiles = async (id: string, name: string) => {
    const pkcs8 = await vault.exportPrivateKeyPkcs8(id);
    return [
      '--cert',
      await writeTemp(files, `${name}.pem`, (await call('certificate.get', { id })).certificatePem),
      '--key',
      await writeTemp(files, `${name}.key`, toPem('PRIVATE KEY', pkcs8)),
    ];
  };
  const order = await asFiles((await issue(root.id, 'order-service')).id, 'order');
  const stolen = await issue(root.id, 'order-service');
  const stolenFiles = await asFiles(stolen.id, 'stolen');
  const foreign = await asFiles((await issue(other.id, 'order-service')).id, 'foreign');
  const server = await asFiles((await issue(root.id, 'order-service', 'server')).id, 'server');
  const caPem = await writeTemp(files, 'ca.pem', (await call('authority.get', { id: root.id })).certificatePem);

  const issuer = await call('jwt.createIssuer', { name: 'lab-issuer' });
  await call('policy.save', { text: POLICY });
  const started = await services.tokenEndpoints.start({ id: issuer.id, authorityId: root.id });
  assert.ok(started.running && /^https:\/\/127\.0\.0\.1:\d+$/.test(started.url ?? ''), JSON.stringify(started));
  const url = started.url!;
  const port = Number(new URL(url).port);

  /** curl's answer: status, JSON body and the Cache-Control header. */
  const curl = async (path: string, ...args: string[]) => {
    const run = await runPeer('curl', ['-sS', '--max-time', '10', '--cacert', caPem, '-w', '\n%{http_code} %header{cache-control}', ...args, `${url}${path}`]);
    assert.equal(run.code, 0, `curl ${path}: ${run.stderr}`);
    const cut = run.stdout.lastIndexOf('\n');
    const [status, cacheControl] = run.stdout.slice(cut + 1).split(' ');
    const text = run.stdout.slice(0, cut);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // 421 and the like come from the listener in plain text.
    }
    return { status: Number(status), body, text, cacheControl };
  };
  const tokens: string[] = [];

  try {
    // The caller: a token for payment-service with the two actions the policy grants there.
    const good = await curl('/token?aud=payment-service', ...order);
    assert.equal(good.status, 200, good.text);
    assert.equal(good.cacheControl, 'no-store');
    assert.deepEqual({ ...good.body, access_token: 'x' }, { access_token: 'x', token_type: 'Bearer', expires_in: 300, scope: 'payment-service:charge payment-service:refund' });
    const token = String(good.body!.access_token);
    tokens.push(token);
    const diagnosis = await services.identity.verify({ id: issuer.id, token, audience: 'payment-service' });
    assert.equal(diagnosis.valid, true, JSON.stringify(diagnosis.checks));
    assert.equal(diagnosis.claims?.sub, 'order-service');
    assert.equal(diagnosis.claims?.iss, 'lab-issuer');
    assert.equal(diagnosis.claims?.scope, 'payment-service:charge payment-service:refund');

    // POST with a form body, as an OAuth client would.
    const posted = await curl('/token', ...order, '--data', 'aud=inventory-service');
    assert.equal(posted.status, 200, posted.text);
    assert.equal(posted.body?.scope, 'inventory-service:reserve');
    tokens.push(String(posted.body!.access_token));

    // No certificate, another CA's, a certificate not made for clients: 401 with the reason.
    const bare = await curl('/token?aud=payment-service');
    assert.equal(bare.status, 401);
    assert.equal(bare.body?.error, 'invalid_client');
    assert.match(String(bare.body?.error_description), /No client certificate/);
    assert.equal(bare.cacheControl, 'no-store');
    const stranger = await curl('/token?aud=payment-service', ...foreign);
    assert.equal(stranger.status, 401);
    assert.match(String(stranger.body?.error_description), /not issued by Lab Root/);
    const serverCert = await curl('/token?aud=payment-service', ...server);
    assert.equal(serverCert.status, 401);
    assert.match(String(serverCert.body?.error_description), /clientAuth/);

    // Revoked while the endpoint runs: good before, refused on the next call.
    const before = await curl('/token?aud=payment-service', ...stolenFiles);
    assert.equal(before.status, 200, before.text);
    tokens.push(String(before.body!.access_token));
    await call('certificate.revoke', { ids: [stolen.id], reason: 'keyCompromise' });
    const revoked = await curl('/token?aud=payment-service', ...stolenFiles);
    assert.equal(revoked.status, 401);
    assert.match(String(revoked.body?.error_description), /revoked/);

    // What the policy does not grant, and requests that name nothing.
    const notGranted = await curl('/token?aud=order-service', ...order);
    assert.equal(notGranted.status, 403);
    assert.equal(notGranted.body?.error, 'access_denied');
    assert.match(String(notGranted.body?.error_description), /grants "order-service" nothing on order-service/);
    assert.equal((await curl('/token?aud=nobody', ...order)).status, 403);
    const noAudience = await curl('/token', ...order);
    assert.equal(noAudience.status, 400);
    assert.equal(noAudience.body?.error, 'invalid_request');

    // The JWKS needs no certificate and carries the current kid.
    const jwks = await curl('/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const { currentKid } = await call('jwt.publicKeys', { id: issuer.id });
    assert.ok((jwks.body?.keys as Array<{ kid?: string }>).some((k) => k.kid === currentKid), jwks.text);

    // The certificate names localhost too.
    const byName = await runPeer('curl', ['-sS', '--max-time', '10', '--cacert', caPem, '-o', '/dev/null', '-w', '%{http_code}', `https://localhost:${port}/.well-known/jwks.json`]);
    assert.equal(byName.stdout, '200', byName.stderr);

    // DNS rebinding: a request naming another host is refused before anything else.
    assert.equal((await curl('/token?aud=payment-service', ...order, '-H', `Host: attacker.test:${port}`)).status, 421);

    // Locked: the endpoint keeps running but hands out nothing, and says why.
    await call('vault.lock');
    const locked = await curl('/token?aud=payment-service', ...order);
    assert.equal(locked.status, 503);
    assert.match(String(locked.body?.error_description), /vault is locked/);
    assert.equal((await curl('/.well-known/jwks.json')).status, 503);
    await call('vault.unlock', { passphrase: 'token endpoint passphrase' });
  } finally {
    await services.tokenEndpoints.stop(issuer.id);
  }

  // One token.signed entry per token handed out, by the endpoint, about the caller; no token text.
  const signed = vault.auditEntries({ kinds: ['token.signed'], everything: true }).entries;
  assert.equal(signed.length, tokens.length);
  assert.ok(signed.every((e) => e.subject === 'order-service' && e.details.via === 'endpoint'));
  const log = await readFile(join(vaultDir, AUDIT_LOG_FILE), 'utf8');
  for (const token of tokens) {
    assert.ok(!log.includes(token), 'a token is in the audit log');
    assert.ok(!log.includes(token.split('.')[2]!), "a token's signature is in the audit log");
  }
  assert.equal(vault.auditEntries({ kinds: ['token.endpointStopped'] }).total, 1);
  // The endpoint's own server certificate, signed by the CA's key, is recorded too.
  const proofs = vault.auditEntries({ kinds: ['certificate.proof'] }).entries;
  assert.deepEqual(proofs.map((e) => [e.authorityId, e.details.purpose, e.details.hostname]), [[root.id, 'token endpoint', '127.0.0.1 localhost']]);

  // Stopped: the port is free again.
  assert.equal(services.tokenEndpoints.status(issuer.id).running, false);
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
  await services.close();
});
