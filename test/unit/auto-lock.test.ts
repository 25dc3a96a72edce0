/**
 * The vault locking itself (electron/services/auto-lock.ts): on idle, on system suspend and
 * screen lock, when the last window closes — and what a lock does to work in progress. The vault,
 * handlers, router and IPC bridge are real; only the clock, the timer and the Electron objects
 * (app, windows, powerMonitor) are fakes.
 */
import { createServices } from '../../electron/services/index.js';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startApp, type AppLike, type ProtocolLike, type ShellDeps, type WindowLike, type WindowOptions } from '../../electron/main/app.js';
import type { InvokeEvent, InvokeListener, IpcSender } from '../../electron/main/ipc/bridge.js';
import type { Caller } from '../../electron/main/ipc/handler.js';
import { createHandlers } from '../../electron/main/ipc/handlers/index.js';
import { createRouter } from '../../electron/main/ipc/router.js';
import type { Timer } from '../../electron/services/expiry-watch.js';
import type { PowerEvent, PowerEvents } from '../../electron/main/platform/power.js';
import { APP_ENTRY_URL } from '../../electron/main/protocol/app-protocol.js';
import { AUTO_LOCK_CHECK_MS, AutoLock } from '../../electron/services/auto-lock.js';
import type { HardenableSession } from '../../electron/main/window/security.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { Channel, EventName, EventPayload, Input, Output } from '../../shared/ipc/contract.js';
import type { Result } from '../../shared/errors.js';
import { IPC_EVENT_CHANNEL } from '../../shared/ipc/transport.js';
import { TEST_ORIGIN, TRUSTED_CALLER, withRootAcknowledged } from '../support/backend.js';
import { tempDir } from '../support/temp.js';
import { stepWords } from '../support/step-words.js';

const PASSPHRASE = 'auto-lock test passphrase';
const MINUTE = 60_000;

// ---- Fakes: a clock that moves when told, a timer that ticks when told --------------------------

class FakeClock {
  ms = Date.now();
  readonly now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

class FakeTimer implements Timer {
  readonly periods: number[] = [];
  readonly #ticks = new Set<() => void>();
  every(ms: number, tick: () => void): () => void {
    this.periods.push(ms);
    const entry = () => tick();
    this.#ticks.add(entry);
    return () => void this.#ticks.delete(entry);
  }
  /** One period passes: every running tick fires. */
  fire(): void {
    for (const tick of [...this.#ticks]) tick();
  }
  get running(): number {
    return this.#ticks.size;
  }
}

type Broadcast = { event: EventName; payload: unknown };
type Progress = EventPayload<'operation.progress'>;

/** The app's main-side stack (real vault, handlers, router, auto-lock) with a fake clock and timer. */
async function openStack(options: { onProgress?: (progress: Progress) => void } = {}) {
  const dir = await tempDir('certwright-auto-lock-');
  const crypto = globalThis.crypto;
  const clock = new FakeClock();
  const timer = new FakeTimer();
  const broadcasts: Broadcast[] = [];
  const services = createServices({ directory: dir, crypto, autoLock: { now: clock.now, timer, onLocked: (reason) => router.broadcast('vault.locked', { reason }) } });
  const { vault } = services;
  const autoLock = services.autoLock!;
  const router = createRouter({
    handlers: createHandlers(services),
    trustedOrigin: TEST_ORIGIN,
    emit: (_caller, event, payload) => {
      if (event === 'operation.progress') options.onProgress?.(payload as Progress);
    },
    broadcast: (event, payload) => void broadcasts.push({ event, payload }),
    onActivity: () => autoLock.touch(),
  });
  async function call<C extends Channel>(channel: C, ...[input]: Record<string, never> extends Input<C> ? [Input<C>?] : [Input<C>]): Promise<Output<C>> {
    const result = await router.invoke(channel, withRootAcknowledged(channel, input ?? {}), TRUSTED_CALLER);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as Output<C>;
  }
  return { vault, clock, timer, autoLock, router, broadcasts, call };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    return true;
  });
}

// ---- Idle ----------------------------------------------------------------------------------------

describe('auto-lock: idle', () => {
  test('locks at exactly the idle time (default 15 minutes), checked every 15 s, and tells the window why', async () => {
    const { clock, timer, broadcasts, call } = await openStack();
    assert.equal(timer.running, 0, 'no check while there is no vault');
    await call('vault.create', { passphrase: PASSPHRASE });
    assert.deepEqual(timer.periods, [AUTO_LOCK_CHECK_MS]);
    assert.equal(AUTO_LOCK_CHECK_MS, 15_000);

    clock.advance(15 * MINUTE - 1);
    timer.fire();
    assert.equal((await call('vault.status')).state, 'unlocked', 'one millisecond short of 15 minutes');
    // vault.status was a call from the window: it counts as activity. Start again from here.
    clock.advance(15 * MINUTE);
    timer.fire();
    assert.deepEqual(await call('vault.status'), { state: 'locked', lockedBecause: 'idle' });
    assert.deepEqual(broadcasts, [{ event: 'vault.locked', payload: { reason: 'idle' } }]);
    assert.equal(timer.running, 0, 'no check while locked');

    // Unlocking clears the reason and starts the idle time again.
    await call('vault.unlock', { passphrase: PASSPHRASE });
    assert.deepEqual(await call('vault.status'), { state: 'unlocked' });
    assert.equal(timer.running, 1);
  });

  test('activity postpones the lock: vault.activity and any call from the window, not a refused one', async () => {
    const { clock, timer, router, call } = await openStack();
    await call('vault.create', { passphrase: PASSPHRASE });
    clock.advance(10 * MINUTE);
    assert.equal(await call('vault.activity'), null);
    clock.advance(10 * MINUTE);
    timer.fire();
    assert.equal((await call('authority.list')).length, 0, 'still unlocked 20 minutes in: 10 since the last activity');

    clock.advance(14 * MINUTE);
    // A caller the router refuses is not the user at our window.
    const stranger: Caller = { ...TRUSTED_CALLER, isOwnWindow: false };
    assert.equal((await router.invoke('vault.activity', {}, stranger)).ok, false);
    clock.advance(MINUTE);
    timer.fire();
    await rejectsWith(call('vault.activity'), 'VAULT_LOCKED');
    assert.deepEqual(await call('vault.status'), { state: 'locked', lockedBecause: 'idle' });
  });

  test('the setting is read at each check; "never" never locks on idle', async () => {
    const { clock, timer, vault, broadcasts, call } = await openStack();
    await call('vault.create', { passphrase: PASSPHRASE });
    assert.equal((await call('settings.updateSecurity', { autoLockMinutes: null })).security.autoLockMinutes, null);
    clock.advance(400 * 24 * 60 * MINUTE);
    timer.fire();
    assert.equal(vault.state(), 'unlocked', 'more than a year without use, and still unlocked: the user chose never');

    assert.equal((await call('settings.updateSecurity', { autoLockMinutes: 5 })).security.autoLockMinutes, 5);
    clock.advance(5 * MINUTE);
    timer.fire();
    assert.equal(vault.state(), 'locked', 'the new setting applies at the next check, without an unlock in between');
    assert.deepEqual(broadcasts, [{ event: 'vault.locked', payload: { reason: 'idle' } }]);

    await call('vault.unlock', { passphrase: PASSPHRASE });
    clock.advance(5 * MINUTE - 1);
    timer.fire();
    assert.equal(vault.state(), 'unlocked');
    clock.advance(1);
    timer.fire();
    assert.equal(vault.state(), 'locked');
  });

  test('a lock the user asked for is not announced and carries no reason', async () => {
    const { autoLock, broadcasts, timer, call } = await openStack();
    await call('vault.create', { passphrase: PASSPHRASE });
    assert.deepEqual(await call('vault.lock'), { state: 'locked' });
    assert.deepEqual(broadcasts, []);
    assert.equal(autoLock.lockedBecause, null);
    assert.equal(timer.running, 0);
    // Nothing to lock: suspend while locked neither announces nor changes the reason.
    assert.equal(autoLock.lockNow('suspend'), false);
    assert.deepEqual(broadcasts, []);
    assert.deepEqual(await call('vault.status'), { state: 'locked' });
  });
});

describe('auto-lock: failures never take main down', () => {
  test('settings that cannot be read count as the default 15 minutes; a failing check is logged, not thrown', async () => {
    let state: 'unlocked' | 'locked' = 'unlocked';
    let settingsFail = true;
    let stateFails = false;
    const vault = {
      state: () => {
        if (stateFails) throw new Error('header unreadable');
        return state;
      },
      lock: () => void (state = 'locked'),
      appSettings: (): never => {
        if (settingsFail) throw Object.assign(new Error('settings failed their check'), { code: 'VAULT_TAMPERED' });
        throw new Error('unreachable');
      },
    };
    const clock = new FakeClock();
    const timer = new FakeTimer();
    const logged: string[] = [];
    const autoLock = new AutoLock({ vault, now: clock.now, timer, log: (message) => void logged.push(message) });
    autoLock.start();
    clock.advance(15 * MINUTE - 1);
    timer.fire();
    assert.equal(state, 'unlocked');
    clock.advance(1);
    timer.fire();
    assert.equal(state, 'locked');
    assert.ok(logged.some((m) => m.includes('auto-lock setting')), logged.join('; '));

    state = 'unlocked';
    settingsFail = false;
    stateFails = true;
    autoLock.start();
    assert.doesNotThrow(() => timer.fire());
    assert.ok(logged.some((m) => m.includes('check failed')), logged.join('; '));
    assert.equal(autoLock.lockNow('suspend'), false, 'no announcement when the state is unknown');
    stateFails = false;
    assert.equal(state, 'locked', 'but the keys are dropped');
  });
});

// ---- Long operations -----------------------------------------------------------------------------

describe('auto-lock: a lock stops long operations cleanly', () => {
  const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}.svc.internal`);

  async function withRoot(options: Parameters<typeof openStack>[0] = {}) {
    const stack = await openStack(options);
    await stack.call('vault.create', { passphrase: PASSPHRASE });
    const root = await stack.call('authority.createRoot', { subject: { commonName: 'Auto-lock Root' } });
    return { ...stack, root };
  }

  /** Every stored certificate is whole: listed, with its key held. */
  async function stored(call: Awaited<ReturnType<typeof openStack>>['call']): Promise<CertificateSummary[]> {
    const list = await call('certificate.list');
    for (const c of list) assert.ok(c.hasPrivateKey, `${c.subject.commonName} is stored without its key`);
    return list;
  }

  test('a bulk issue of 50 locked midway ends with VAULT_LOCKED and stores nothing', async () => {
    const seen: Progress[] = [];
    let lockedAt = -1;
    const stack = await withRoot({
      onProgress: (progress) => {
        seen.push(progress);
        // Halfway through the signing, the machine goes to sleep.
        if (lockedAt < 0 && progress.done >= progress.total / 2) {
          lockedAt = seen.length;
          stack.autoLock.lockNow('suspend');
        }
      },
    });
    await rejectsWith(stack.call('certificate.issueBulk', { authorityId: stack.root.id, profile: 'server', serviceNames: names(50, 'bulk'), keyAlgorithm: 'p256', operationId: 'bulk-1' }), 'VAULT_LOCKED');
    assert.ok(lockedAt > 0, 'the lock came during the operation');
    assert.equal(seen.length, lockedAt, 'nothing more was reported (or signed) after the lock');
    assert.ok(seen.at(-1)!.done < seen.at(-1)!.total);
    assert.deepEqual(stack.broadcasts, [{ event: 'vault.locked', payload: { reason: 'suspend' } }]);

    await stack.call('vault.unlock', { passphrase: PASSPHRASE });
    assert.deepEqual(await stored(stack.call), [], 'the batch is written once, at the end: none of it was');
  });

  test('locks at random moments: each bulk issue lands whole or not at all, as acknowledged', async () => {
    const stack = await withRoot();
    const issue = (round: number) =>
      stack.call('certificate.issueBulk', { authorityId: stack.root.id, profile: 'client', serviceNames: names(50, `round${round}`), keyAlgorithm: 'p256' });
    const started = performance.now();
    assert.equal((await issue(0)).issued, 50);
    const duration = performance.now() - started;
    let acknowledged = 50;
    const outcomes: string[] = [];
    for (let round = 1; round <= 4; round++) {
      const delay = (duration * (2 * round - 1)) / 8; // spread over the operation's length
      const timer = setTimeout(() => stack.autoLock.lockNow('screen-locked'), delay);
      try {
        acknowledged += (await issue(round)).issued;
        outcomes.push('done');
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'VAULT_LOCKED', String(error));
        outcomes.push('locked');
      } finally {
        clearTimeout(timer);
      }
      if (stack.vault.state() !== 'unlocked') await stack.call('vault.unlock', { passphrase: PASSPHRASE });
      const list = await stored(stack.call);
      assert.equal(list.length, acknowledged, `round ${round} (lock after ${delay.toFixed(0)} ms): what is stored is what was acknowledged`);
    }
    assert.ok(outcomes.includes('locked'), `at least one round was interrupted: ${outcomes.join(', ')}`);
  });

  test('a bulk renewal locked between batches keeps the batches before it whole and touches nothing after', async () => {
    let lockWhen: ((progress: Progress) => boolean) | null = null;
    const stack = await withRoot({
      onProgress: (progress) => {
        if (lockWhen?.(progress)) {
          lockWhen = null;
          stack.autoLock.lockNow('idle');
        }
      },
    });
    await stack.call('certificate.issueBulk', { authorityId: stack.root.id, profile: 'server', serviceNames: names(150, 'renew'), keyAlgorithm: 'p256' });
    const before = await stored(stack.call);
    assert.equal(before.length, 150);
    // Renewal batches grow 1, 2, 4 … 64 (then 100 at a time): 63 are renewed when the batch of 64 begins, and the lock comes then.
    lockWhen = (progress) => stepWords(progress.step).startsWith('Renewing 64–');
    await rejectsWith(stack.call('certificate.renew', { ids: before.map((c) => c.id), operationId: 'renew-1' }), 'VAULT_LOCKED');
    assert.equal(lockWhen, null, 'the lock came between the batches');

    await stack.call('vault.unlock', { passphrase: PASSPHRASE });
    const after = await stored(stack.call);
    const renewals = after.filter((c) => c.replacesId !== null);
    const replaced = after.filter((c) => c.replacedById !== null);
    assert.equal(renewals.length, 63, 'the batches before the lock are stored');
    assert.equal(replaced.length, 63, 'and every certificate they replaced is marked');
    const byId = new Map(after.map((c) => [c.id, c]));
    for (const renewal of renewals) assert.equal(byId.get(renewal.replacesId!)?.replacedById, renewal.id, 'links both ways');
    assert.equal(after.length, 213);
  });
});

// ---- The app: power events, the last window, the broadcast -------------------------------------

class FakeApp extends EventEmitter implements AppLike {
  readonly isPackaged = false;
  readonly calls: string[] = [];
  readonly #paths = new Map<string, string>();
  setPath(name: 'userData', path: string): void {
    this.#paths.set(name, path);
  }
  getPath(name: 'userData'): string {
    return this.#paths.get(name)!;
  }
  enableSandbox(): void {}
  requestSingleInstanceLock(): boolean {
    return true;
  }
  quit(): void {
    this.calls.push('quit');
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
}

class FakeWindow extends EventEmitter implements WindowLike {
  destroyed = false;
  readonly webContents: WindowLike['webContents'];
  constructor({ id }: { readonly id: number }) {
    super();
    // Keys the app handles before the page (shortcuts) arrive here; this test sends none.
    this.webContents = Object.assign(new EventEmitter(), { id });
  }
  async loadURL(): Promise<void> {}
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds() {
    return { x: 0, y: 0, width: 1200, height: 800 };
  }
}

class FakeSender implements IpcSender {
  readonly sent: unknown[][] = [];
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The vault.locked events it received. */
  locks(): unknown[] {
    return this.sent.filter(([channel, event]) => channel === IPC_EVENT_CHANNEL && event === 'vault.locked').map(([, , payload]) => payload);
  }
}

class FakePower implements PowerEvents {
  readonly #emitter = new EventEmitter();
  on(event: PowerEvent, listener: () => void): void {
    this.#emitter.on(event, listener);
  }
  emit(event: PowerEvent): void {
    this.#emitter.emit(event);
  }
}

const fakeSession: HardenableSession = {
  on: () => undefined,
  setPermissionRequestHandler: () => undefined,
  setPermissionCheckHandler: () => undefined,
  setDevicePermissionHandler: () => undefined,
};

async function runningApp(platform = 'linux') {
  const userData = await tempDir('certwright-auto-lock-app-');
  const app = new FakeApp();
  const windows: FakeWindow[] = [];
  const listeners: InvokeListener[] = [];
  const power = new FakePower();
  const timer = new FakeTimer();
  const protocol: ProtocolLike = { registerSchemesAsPrivileged: () => undefined, handle: () => undefined };
  const deps: ShellDeps = {
    app,
    protocol,
    session: { defaultSession: fakeSession },
    shell: { openExternal: async () => undefined },
    createWindow: (_options: WindowOptions) => {
      const win = new FakeWindow({ id: 100 + windows.length });
      windows.push(win);
      return win;
    },
    registerIpc: (listener) => listeners.push(listener),
    paths: { preload: '/opt/certwright/dist/electron/preload.cjs', renderer: join(userData, 'renderer') },
    env: { CERTWRIGHT_USER_DATA: userData },
    platform,
    crypto: globalThis.crypto,
    power,
    autoLockTimer: timer,
  };
  const running = await startApp(deps);
  assert.ok(running && listeners[0] && windows[0]);
  const listener = listeners[0];
  const win = windows[0];
  const ours = new FakeSender(win.webContents.id);
  const event = (sender: IpcSender): InvokeEvent => ({ sender, senderFrame: { url: APP_ENTRY_URL, parent: null } });
  async function call(channel: Channel, input: unknown = {}, sender: IpcSender = ours): Promise<Result<unknown>> {
    return listener(event(sender), channel, input);
  }
  return { app, running, win, ours, power, timer, call };
}

describe('auto-lock: the app', () => {
  test('suspend and screen lock lock at once; the event reaches our window only, with the reason; the status says why', async () => {
    const { running, ours, power, timer, call } = await runningApp();
    const devtools = new FakeSender(999); // other web contents: it may call, and is refused
    assert.equal((await call('vault.status', {}, devtools)).ok, false);
    assert.ok((await call('vault.create', { passphrase: PASSPHRASE })).ok);
    assert.deepEqual(timer.periods, [AUTO_LOCK_CHECK_MS], 'the app checks the idle time every 15 s');

    power.emit('suspend');
    assert.equal(running.vault.state(), 'locked');
    assert.deepEqual(ours.locks(), [{ reason: 'suspend' }]);
    assert.deepEqual(devtools.sent, [], 'nothing reaches web contents that are not our window');
    assert.deepEqual(await call('vault.status'), { ok: true, value: { state: 'locked', lockedBecause: 'suspend' } });
    const refused = await call('certificate.list');
    assert.ok(!refused.ok && refused.error.code === 'VAULT_LOCKED');

    assert.deepEqual(await call('vault.unlock', { passphrase: PASSPHRASE }), { ok: true, value: { state: 'unlocked' } });
    power.emit('lock-screen');
    assert.equal(running.vault.state(), 'locked');
    assert.deepEqual(ours.locks(), [{ reason: 'suspend' }, { reason: 'screen-locked' }]);
    assert.deepEqual(await call('vault.status'), { ok: true, value: { state: 'locked', lockedBecause: 'screen-locked' } });

    // While locked, another suspend changes nothing and says nothing.
    power.emit('suspend');
    assert.equal(ours.locks().length, 2);

    // A window that is gone gets nothing.
    await call('vault.unlock', { passphrase: PASSPHRASE });
    ours.destroyed = true;
    power.emit('suspend');
    assert.equal(running.vault.state(), 'locked');
    assert.equal(ours.locks().length, 2);
  });

  test('closing the last window locks the vault, on macOS too, where the app keeps running', async () => {
    for (const platform of ['linux', 'darwin']) {
      const { app, running, win, ours, call } = await runningApp(platform);
      await call('vault.create', { passphrase: PASSPHRASE });
      win.destroyed = true;
      win.emit('closed');
      app.emit('window-all-closed');
      assert.equal(running.vault.state(), 'locked', platform);
      assert.equal(running.autoLock.lockedBecause, 'windows-closed', platform);
      assert.deepEqual(ours.locks(), [], `${platform}: the closed window is not written to`);
      assert.equal(app.calls.includes('quit'), platform !== 'darwin', platform);
      if (platform === 'darwin') {
        // The dock icon brings a new window, which finds the vault locked and says why.
        app.emit('activate');
        const status = await call('vault.status', {}, new FakeSender(101));
        assert.deepEqual(status, { ok: true, value: { state: 'locked', lockedBecause: 'windows-closed' } });
      }
    }
  });

  test('the idle lock in the app: the periodic check locks, a user lock is silent', async () => {
    const { running, ours, timer, call } = await runningApp();
    await call('vault.create', { passphrase: PASSPHRASE });
    assert.ok((await call('vault.lock')).ok);
    assert.deepEqual(ours.locks(), [], 'the user locked: the window knows');
    assert.deepEqual(await call('vault.status'), { ok: true, value: { state: 'locked' } });
    assert.equal(timer.running, 0);
    await call('vault.unlock', { passphrase: PASSPHRASE });
    assert.equal(timer.running, 1);
    timer.fire();
    assert.equal(running.vault.state(), 'unlocked', 'just used: no lock');
  });
});
