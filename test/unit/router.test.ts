import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import type { Handler } from '../../electron/main/ipc/handler.js';
import { createRouter, looksLikePrivateKey, type RouterOptions } from '../../electron/main/ipc/router.js';
import { CHANNELS, contract, type EventPayload } from '../../shared/ipc/contract.js';
import { CertwrightError } from '../../shared/errors.js';
import { schemaFor } from '../../shared/ipc/outputs.js';
import { certificateSummary } from '../support/summaries.js';
import { openBackend, TEST_ORIGIN, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';
import { stepWords } from '../support/step-words.js';

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

  test('an output that carries a PEM private key is refused, whatever its kind and letter case, in every build', async () => {
    const headers = ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'private key', 'Rsa Private Key', 'encrypted  private key'];
    for (const checkOutputs of [true, false]) {
      for (const header of headers) {
        const logged: string[] = [];
        const router = await routerWith({ 'certificate.snippets': async () => [{ id: 'k8s', title: 'Secret', language: 'yaml', filename: 'secret.yaml', text: `tls.key: |\n  -----BEGIN ${header}-----\n  MIG…`, complete: true }] }, { checkOutputs, log: (m) => logged.push(m) });
        const result = await router.invoke('certificate.snippets', { id: 'a'.repeat(32) }, TRUSTED_CALLER);
        assert.ok(!result.ok && result.error.code === 'INTERNAL', `${header} (checkOutputs ${checkOutputs})`);
        assert.doesNotMatch(JSON.stringify(result), /BEGIN|MIG/);
        assert.deepEqual(logged, ['refused output of certificate.snippets: it looked like private key material']);
      }
    }
    for (const harmless of ['-----BEGIN CERTIFICATE-----', '-----BEGIN PUBLIC KEY-----', 'ssl_certificate_key /etc/ssl/private/key.pem;', 'the PRIVATE KEY stays in main']) {
      assert.equal(looksLikePrivateKey(JSON.stringify({ text: harmless })), false, harmless);
    }
  });

  test('progress events reach the caller, in order, validated against the contract', async () => {
    const events: Array<{ event: string; payload: EventPayload<'operation.progress'> }> = [];
    const { call } = await unlockedBackend({ emit: (_caller, event, payload) => events.push({ event, payload: payload as EventPayload<'operation.progress'> }) });
    await call('authority.createRoot', { subject: { commonName: 'Progress Root' }, keyAlgorithm: 'rsa2048', operationId: 'op-1' });
    assert.deepEqual(
      events.map((e) => [e.event, e.payload.operationId, e.payload.done, e.payload.total]),
      [0, 1, 2, 3].map((done) => ['operation.progress', 'op-1', done, 3]),
    );
    assert.equal(stepWords(events[0]!.payload.step), 'Generating RSA 2048 key');
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

// ---- Outputs typed at run time ---------------------------------------------------------------------

/** A router over a fresh backend whose handlers are replaced by `override`. */
async function routerWith(override: Partial<RouterOptions['handlers']>, options: Partial<RouterOptions> = {}) {
  const { handlers } = openBackend(await tempDir());
  return createRouter({ handlers: { ...handlers, ...override } as RouterOptions['handlers'], trustedOrigin: TEST_ORIGIN, emit: () => undefined, ...options });
}

/** A handler that returns whatever the test wants, contract or not. */
const answering = (value: unknown) => (async () => value) as unknown as Handler<'certificate.list'>;

describe('router: outputs are checked against the contract', () => {
  test('every channel has an output schema', () => {
    for (const channel of CHANNELS) assert.ok(contract[channel].output instanceof z.ZodType, channel);
  });

  test('a stray key, a missing field, a wrong type, a Uint8Array: INTERNAL, logged with the channel and path, never sent', async () => {
    const good = certificateSummary('ok.example', { id: 'b'.repeat(32) });
    const { sans: _dropped, ...missing } = good;
    const cases: Array<[string, unknown, string]> = [
      ['a stray key', [good, { ...good, privateKeyPem: 'stray value' }], '1: Unrecognized key: "privateKeyPem"'],
      ['a missing field', [missing], '0.sans: Invalid input: expected array, received undefined'],
      ['a wrong type', [{ ...good, notAfter: new Date() }], '0.notAfter: Invalid input: expected string, received Date'],
      ['bytes', [{ ...good, subjectDn: new Uint8Array([0x30, 0x82, 0x04, 0xbd]) }], '0.subjectDn: Invalid input: expected string, received Uint8Array'],
      ['not an instant', [{ ...good, createdAt: 'yesterday' }], '0.createdAt: Invalid ISO datetime'],
      ['an unknown status', [{ ...good, status: 'compromised' }], '0.status: Invalid option: expected one of "valid"|"expired"|"not-yet-valid"|"revoked"'],
    ];
    for (const [label, value, where] of cases) {
      const logged: string[] = [];
      const router = await routerWith({ 'certificate.list': answering(value) }, { log: (m) => logged.push(m) });
      const result = await router.invoke('certificate.list', {}, TRUSTED_CALLER);
      assert.ok(!result.ok, label);
      assert.equal(result.error.code, 'INTERNAL', label);
      assert.match(result.error.message, /did not match its contract/, label);
      assert.doesNotMatch(JSON.stringify(result), /stray value|ok\.example|compromised|yesterday/, label);
      assert.deepEqual(logged, [`refused output of certificate.list: the answer did not match its contract at ${where}`], label);
    }
  });

  test('a packaged app (checkOutputs: false) sends the answer unchecked; the header check stays', async () => {
    const stray = [{ ...certificateSummary('x', { id: 'c'.repeat(32) }), extra: true }];
    const unchecked = await routerWith({ 'certificate.list': answering(stray) }, { checkOutputs: false });
    assert.deepEqual(await unchecked.invoke('certificate.list', {}, TRUSTED_CALLER), { ok: true, value: stray });
    const checked = await routerWith({ 'certificate.list': answering(stray) });
    assert.ok(!(await checked.invoke('certificate.list', {}, TRUSTED_CALLER)).ok, 'checked by default');
  });

  test('refusals are checked too: a code outside the list becomes INTERNAL', async () => {
    const logged: string[] = [];
    const router = await routerWith(
      {
        'vault.lock': async () => {
          throw new CertwrightError('KEY_LEAKED' as never, 'made up');
        },
      },
      { log: (m) => logged.push(m) },
    );
    const result = await router.invoke('vault.lock', {}, TRUSTED_CALLER);
    assert.ok(!result.ok && result.error.code === 'INTERNAL');
    assert.match(logged[0] ?? '', /^refused error of vault\.lock: the refusal did not match its contract at code: Invalid option/);
  });

  test('events are strict: a payload with a stray key is not sent, and the call fails', async () => {
    const sent: unknown[] = [];
    const router = await routerWith(
      {
        'vault.lock': async (_input, ctx) => {
          ctx.emit('operation.progress', { operationId: 'op-1', step: { key: 'newRoot:progress.done' }, done: 0, total: 1, keyPem: 'stray' } as EventPayload<'operation.progress'>);
          return { state: 'locked' };
        },
      },
      { emit: (_caller, _event, payload) => sent.push(payload), broadcast: (_event, payload) => sent.push(payload) },
    );
    const result = await router.invoke('vault.lock', {}, TRUSTED_CALLER);
    assert.ok(!result.ok && result.error.code === 'INTERNAL');
    assert.deepEqual(sent, []);
    assert.throws(() => router.broadcast('vault.locked', { reason: 'idle', extra: 1 } as EventPayload<'vault.locked'>));
    assert.deepEqual(sent, []);
    router.broadcast('vault.locked', { reason: 'idle' });
    assert.deepEqual(sent, [{ reason: 'idle' }]);
  });

  test('real answers pass their schemas', async () => {
    const { call } = await unlockedBackend();
    const root = await call('authority.createRoot', { subject: { commonName: 'Contract Root', organization: 'Acme' } });
    const issued = await call('certificate.issue', { authorityId: root.id, profile: 'server', subject: { commonName: 'api.example' }, sans: [{ type: 'dns', value: 'api.example' }] });
    await call('certificate.revoke', { ids: [issued.certificate.id], reason: 'superseded' });
    const answers = {
      'authority.get': await call('authority.get', { id: root.id }),
      'certificate.list': await call('certificate.list'),
      'certificate.get': await call('certificate.get', { id: issued.certificate.id }),
      'certificate.snippets': await call('certificate.snippets', { id: issued.certificate.id }),
      'authority.crl': await call('authority.crl', { id: root.id }),
      'dashboard.get': await call('dashboard.get'),
      'audit.list': await call('audit.list', {}),
      'audit.verify': await call('audit.verify'),
      'settings.get': await call('settings.get'),
      'vault.lock': await call('vault.lock'),
    } as const;
    for (const [channel, value] of Object.entries(answers)) {
      const verdict = contract[channel as keyof typeof answers].output.safeParse(value);
      assert.ok(verdict.success, `${channel}: ${verdict.error?.message}`);
    }
  });

  test('a schema that does not describe its type does not compile', () => {
    interface Shape {
      readonly name: string;
      readonly note?: string;
    }
    schemaFor<Shape>()(z.strictObject({ name: z.string(), note: z.string().optional() }));
    // @ts-expect-error the optional field is missing from the schema
    schemaFor<Shape>()(z.strictObject({ name: z.string() }));
    // @ts-expect-error a field the type does not have
    schemaFor<Shape>()(z.strictObject({ name: z.string(), note: z.string().optional(), extra: z.number() }));
    // @ts-expect-error nullable is not optional
    schemaFor<Shape>()(z.strictObject({ name: z.string(), note: z.string().nullable() }));
  });
});

describe('router: what counts as the user at the window', () => {
  test('a call the user made postpones the auto-lock; a panel polling a running server does not', async () => {
    const seen: string[] = [];
    const { handlers } = await unlockedBackend();
    const router = createRouter({ handlers, trustedOrigin: TEST_ORIGIN, emit: () => undefined, onActivity: (channel) => seen.push(channel) });
    const authority = await router.invoke('authority.createRoot', { subject: { commonName: 'Activity Root' } }, TRUSTED_CALLER);
    assert.ok(authority.ok);
    const panel = await router.invoke('acme.panel', { authorityId: (authority.value as { id: string }).id }, TRUSTED_CALLER);
    assert.ok(panel.ok);
    await router.invoke('vault.status', {}, TRUSTED_CALLER);
    assert.deepEqual(seen, ['authority.createRoot', 'vault.status']);
  });
});
