import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRouter } from '../../electron/main/ipc/router.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { CertwrightError } from '../../shared/ipc/errors.js';
import { openBackend, TEST_ORIGIN, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'router test passphrase';

async function unlockedBackend(options: Parameters<typeof openBackend>[1] = {}) {
  const backend = openBackend(await tempDir(), options);
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  return backend;
}

describe('router: input validation', () => {
  test('an invalid field is rejected with INVALID_INPUT naming the field', async () => {
    const { router } = await unlockedBackend();
    const result = await router.invoke('authority.createRoot', { subject: { commonName: '' } }, TRUSTED_CALLER);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'INVALID_INPUT');
    assert.equal(result.error.details?.field, 'subject.commonName');
    assert.match(result.error.message, /^subject\.commonName: Common name is required$/);
  });

  test('each validation rule names its field', async () => {
    const { router } = await unlockedBackend();
    const cases: Array<[unknown, string]> = [
      [{ subject: { commonName: 'x', country: 'Germany' } }, 'subject.country'],
      [{ subject: { commonName: 'x'.repeat(65) } }, 'subject.commonName'],
      [{ subject: { commonName: 'bad\u0000name' } }, 'subject.commonName'],
      [{ subject: { commonName: 'x' }, keyAlgorithm: 'dsa1024' }, 'keyAlgorithm'],
      [{ subject: { commonName: 'x' }, validityDays: 0 }, 'validityDays'],
      [{ subject: { commonName: 'x' }, validityDays: 1.5 }, 'validityDays'],
      [{ subject: { commonName: 'x' }, pathLength: -1 }, 'pathLength'],
      [{ subject: { commonName: 'x' }, operationId: '../../etc' }, 'operationId'],
    ];
    for (const [input, field] of cases) {
      const result = await router.invoke('authority.createRoot', input, TRUSTED_CALLER);
      assert.ok(!result.ok && result.error.code === 'INVALID_INPUT' && result.error.details?.field === field, `${JSON.stringify(input)} → ${JSON.stringify(result)}`);
    }
  });

  test('unexpected fields are refused, not ignored', async () => {
    const { router } = await unlockedBackend();
    const result = await router.invoke('vault.lock', { everything: true }, TRUSTED_CALLER);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'INVALID_INPUT');
    assert.match(result.error.message, /Unexpected field "everything"/);
  });

  test('a too-short passphrase is refused at creation, but any attempt may be tried at unlock', async () => {
    const { router } = openBackend(await tempDir());
    const short = await router.invoke('vault.create', { passphrase: 'short' }, TRUSTED_CALLER);
    assert.ok(!short.ok && short.error.details?.field === 'passphrase');
    assert.match(!short.ok ? short.error.message : '', /at least 12 characters/);
  });

  test('oversized and non-plain inputs are refused before validation', async () => {
    const { router } = await unlockedBackend();
    const big = await router.invoke('vault.unlock', { passphrase: 'x'.repeat(2 * 1024 * 1024) }, TRUSTED_CALLER);
    assert.ok(!big.ok && big.error.code === 'INVALID_INPUT' && /too large/.test(big.error.message));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const weird = await router.invoke('vault.status', cyclic, TRUSTED_CALLER);
    assert.ok(!weird.ok && weird.error.code === 'INVALID_INPUT');
  });

  test('defaults are applied in main: a root CA asked for by name only is P-256 for 10 years', async () => {
    const { call } = await unlockedBackend();
    const summary = await call('authority.createRoot', { subject: { commonName: 'Defaults Root' } });
    assert.equal(summary.keyAlgorithm, 'p256');
    const years = (Date.parse(summary.notAfter) - Date.parse(summary.notBefore)) / (365.25 * 86_400_000);
    assert.ok(Math.abs(years - 10) < 0.01, `${years} years`);
    assert.equal(summary.pathLength, null);
  });
});

describe('router: channels and senders', () => {
  test('an unknown channel is rejected, including prototype names', async () => {
    const { router } = await unlockedBackend();
    for (const channel of ['vault.delete', '__proto__', 'toString', 'constructor', 42, null]) {
      const result = await router.invoke(channel, {}, TRUSTED_CALLER);
      assert.ok(!result.ok && result.error.code === 'UNKNOWN_CHANNEL', String(channel));
    }
  });

  test('untrusted senders are refused before the handler runs', async () => {
    const { router, vault } = await unlockedBackend();
    const callers = [
      { url: 'https://evil.example/index.html', isMainFrame: true, isOwnWindow: true },
      { url: 'app://certwright.evil/index.html', isMainFrame: true, isOwnWindow: true },
      { url: 'file:///etc/passwd', isMainFrame: true, isOwnWindow: true },
      { url: 'not a url', isMainFrame: true, isOwnWindow: true },
      { url: `${TEST_ORIGIN}/index.html`, isMainFrame: false, isOwnWindow: true },
      { url: `${TEST_ORIGIN}/index.html`, isMainFrame: true, isOwnWindow: false },
    ];
    for (const caller of callers) {
      const result = await router.invoke('vault.lock', {}, caller);
      assert.ok(!result.ok && result.error.code === 'UNTRUSTED_SENDER', JSON.stringify(caller));
    }
    assert.equal(vault.state(), 'unlocked', 'no refused call reached the handler');
  });
});

describe('router: results', () => {
  test('domain errors cross as code and message; unexpected errors hide their details', async () => {
    const logged: string[] = [];
    const { handlers } = openBackend(await tempDir());
    const router = createRouter({
      handlers: {
        ...handlers,
        'vault.status': async () => {
          throw new Error('secret internal detail at /home/user/.config');
        },
        'vault.lock': async () => {
          throw new CertwrightError('VAULT_LOCKED', 'The vault is locked; unlock it first');
        },
      },
      trustedOrigin: TEST_ORIGIN,
      emit: () => undefined,
      log: (message) => logged.push(message),
    });
    const internal = await router.invoke('vault.status', {}, TRUSTED_CALLER);
    assert.ok(!internal.ok && internal.error.code === 'INTERNAL');
    assert.doesNotMatch(JSON.stringify(internal), /secret|home|stack/);
    assert.deepEqual(logged, ['handler for vault.status failed']);
    const domain = await router.invoke('vault.lock', {}, TRUSTED_CALLER);
    assert.deepEqual(domain, { ok: false, error: { code: 'VAULT_LOCKED', message: 'The vault is locked; unlock it first' } });
  });

  test('an output that carries a PEM private key is refused', async () => {
    const { handlers } = openBackend(await tempDir());
    const router = createRouter({
      handlers: { ...handlers, 'vault.status': async () => ({ state: '-----BEGIN PRIVATE KEY-----\nMIG…' }) as never },
      trustedOrigin: TEST_ORIGIN,
      emit: () => undefined,
    });
    const result = await router.invoke('vault.status', {}, TRUSTED_CALLER);
    assert.ok(!result.ok && result.error.code === 'INTERNAL');
    assert.doesNotMatch(JSON.stringify(result), /BEGIN/);
  });

  test('progress events reach the caller, in order, validated against the contract', async () => {
    const events: Array<{ event: string; payload: EventPayload<'operation.progress'> }> = [];
    const { call } = await unlockedBackend({ emit: (_caller, event, payload) => events.push({ event, payload: payload as EventPayload<'operation.progress'> }) });
    await call('authority.createRoot', { subject: { commonName: 'Progress Root' }, keyAlgorithm: 'rsa2048', operationId: 'op-1' });
    assert.deepEqual(
      events.map((e) => [e.event, e.payload.operationId, e.payload.done, e.payload.total]),
      [0, 1, 2, 3].map((done) => ['operation.progress', 'op-1', done, 3]),
    );
    assert.equal(events[0]!.payload.step, 'Generating RSA 2048 key');
  });

  test('calls on a locked or missing vault get a specific code', async () => {
    const fresh = openBackend(await tempDir());
    const missing = await fresh.router.invoke('authority.list', {}, TRUSTED_CALLER);
    assert.ok(!missing.ok && missing.error.code === 'VAULT_MISSING');
    const { router, call } = await unlockedBackend();
    await call('vault.lock');
    const locked = await router.invoke('authority.createRoot', { subject: { commonName: 'x' } }, TRUSTED_CALLER);
    assert.ok(!locked.ok && locked.error.code === 'VAULT_LOCKED');
    const wrong = await router.invoke('vault.unlock', { passphrase: 'wrong wrong wrong' }, TRUSTED_CALLER);
    assert.ok(!wrong.ok && wrong.error.code === 'WRONG_PASSPHRASE');
    const notFound = await (await unlockedBackend()).router.invoke('authority.get', { id: 'f'.repeat(32) }, TRUSTED_CALLER);
    assert.ok(!notFound.ok && notFound.error.code === 'NOT_FOUND');
  });
});
