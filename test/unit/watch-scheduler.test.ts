/**
 * The endpoint schedule (electron/services/watch/scheduler.ts) on a fake timer and clock, so nothing
 * waits: the interval and an endpoint's own, the backoff of an unreachable one, rounds that never
 * overlap, a failing round that does not stop the schedule, stop. And the lanes a round's probes run
 * in (shared/lanes.ts): the concurrency bound, measured, and a stop that keeps what was done.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffFactor, dueIds, nextProbeAt, SCHEDULE_TICK_MS, WatchScheduler, type ScheduleEntry } from '../../electron/services/watch/scheduler.js';
import { inLanes } from '../../shared/lanes.js';
import type { Timer } from '../../electron/services/expiry-watch.js';
import { WATCH_BACKOFF_MAX_FACTOR } from '../../shared/domain/watch.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

/** A timer whose tick the test calls, and which says whether it is running. */
function fakeTimer() {
  const state = { ms: 0, tick: null as (() => void) | null, stops: 0 };
  const timer: Timer = {
    every(ms, tick) {
      state.ms = ms;
      state.tick = tick;
      return () => {
        state.tick = null;
        state.stops++;
      };
    },
  };
  return { timer, state };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const entry = (id: string, lastAt: number | null, failuresInRow = 0, intervalMinutes: number | null = null): ScheduleEntry => ({
  endpoint: { id, intervalMinutes },
  lastAt: lastAt === null ? null : new Date(lastAt).toISOString(),
  failuresInRow,
});

describe('watch schedule: when an endpoint is due', () => {
  test('the backoff doubles from the second failure and stops at WATCH_BACKOFF_MAX_FACTOR', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(backoffFactor), [1, 1, 2, 4, 8, 8, 8]);
    assert.equal(WATCH_BACKOFF_MAX_FACTOR, 8);
  });

  test('the setting\'s interval, an endpoint\'s own, and the backoff decide the next probe', () => {
    assert.equal(nextProbeAt(entry('a', null), 60), null);
    assert.equal(nextProbeAt(entry('a', T0), 60)!.getTime(), T0 + 60 * MINUTE);
    assert.equal(nextProbeAt(entry('a', T0, 0, 5), 60)!.getTime(), T0 + 5 * MINUTE);
    assert.equal(nextProbeAt(entry('a', T0, 3), 60)!.getTime(), T0 + 4 * 60 * MINUTE);
    assert.equal(nextProbeAt(entry('a', T0, 7, 5), 60)!.getTime(), T0 + 8 * 5 * MINUTE);
  });

  test('due: never probed first, then the most overdue; within half a tick counts', () => {
    const entries = [entry('fresh', T0), entry('override', T0, 0, 5), entry('never', null), entry('dead', T0, 2), entry('late', T0 - 30 * MINUTE)];
    const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
    assert.deepEqual(dueIds(entries, 60, at(1)), ['never']);
    assert.deepEqual(dueIds(entries, 60, at(5)), ['never', 'override']);
    assert.deepEqual(dueIds(entries, 60, new Date(T0 + 5 * MINUTE - SCHEDULE_TICK_MS / 2)), ['never', 'override']);
    assert.deepEqual(dueIds(entries, 60, at(31)), ['never', 'override', 'late']);
    assert.deepEqual(dueIds(entries, 60, at(60)), ['never', 'override', 'late', 'fresh']);
    // Two failures in a row: twice the interval.
    assert.deepEqual(dueIds(entries, 60, at(119)).includes('dead'), false);
    assert.deepEqual(dueIds(entries, 60, at(120)).includes('dead'), true);
  });
});

describe('watch schedule: rounds', () => {
  test('lanes: at most `lanes` at once (measured), started in order, each lane refilled as its item settles', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const started: number[] = [];
    const results = new Map<number, number>();
    await inLanes(items, 4, async (i) => {
      started.push(i);
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Uneven durations: the lanes refill as each settles.
      for (let k = 0; k < (i % 5) + 1; k++) await new Promise<void>((r) => setImmediate(r));
      inFlight--;
      results.set(i, i * 2);
    });
    assert.equal(peak, 4);
    assert.deepEqual(started, items);
    assert.deepEqual([...results.entries()].sort((a, b) => a[0] - b[0]), items.map((i) => [i, i * 2]));
  });

  test('lanes: once stopped, nothing more starts and what was under way finishes', async () => {
    let stop = false;
    const done: number[] = [];
    await inLanes(
      [1, 2, 3, 4, 5, 6],
      2,
      async (i) => {
        if (i === 3) stop = true;
        await new Promise<void>((r) => setImmediate(r));
        done.push(i);
      },
      () => stop,
    );
    // 1 and 2 start together; 3 starts when 1 settles and says stop: nothing after it starts.
    assert.deepEqual(done.sort(), [1, 2, 3]);
  });

  test('the scheduler: looks at start and every tick, probes what is due, the override and the backoff respected', async () => {
    const { timer, state } = fakeTimer();
    let now = T0;
    const store = new Map<string, { lastAt: number | null; failures: number; interval: number | null }>([
      ['hourly', { lastAt: null, failures: 0, interval: null }],
      ['five', { lastAt: null, failures: 0, interval: 5 }],
      ['dead', { lastAt: null, failures: 0, interval: null }],
    ]);
    const rounds: string[][] = [];
    const scheduler = new WatchScheduler({
      timer,
      now: () => new Date(now),
      due: (at) => dueIds([...store].map(([id, s]) => entry(id, s.lastAt, s.failures, s.interval)), 60, at),
      round: async (ids) => {
        rounds.push([...ids]);
        for (const id of ids) {
          const s = store.get(id)!;
          store.set(id, { ...s, lastAt: now, failures: id === 'dead' ? s.failures + 1 : 0 });
        }
      },
    });
    scheduler.start();
    await scheduler.idle();
    assert.equal(state.ms, SCHEDULE_TICK_MS);
    assert.deepEqual(rounds, [['hourly', 'five', 'dead']]);
    const at = async (minutes: number) => {
      now = T0 + minutes * MINUTE;
      state.tick!();
      await scheduler.idle();
    };
    for (let m = 1; m <= 240; m++) await at(m);
    const count = (id: string) => rounds.filter((r) => r.includes(id)).length;
    // Every 5 minutes, every hour; the dead one at 0, 60 (one failure: ×1), 180 (two: ×2), next at 420 (three: ×4).
    assert.equal(count('five'), 1 + 240 / 5);
    assert.equal(count('hourly'), 1 + 4);
    assert.equal(count('dead'), 3);
    assert.equal(store.get('dead')!.lastAt, T0 + 180 * MINUTE);
    assert.equal(store.get('dead')!.failures, 3);
    scheduler.stop();
  });

  test('rounds never overlap; a failing round is logged and the next tick runs; stop stops looking and cancels the round under way', async () => {
    const { timer, state } = fakeTimer();
    const gate = deferred<void>();
    const signals: AbortSignal[] = [];
    const logged: unknown[] = [];
    let calls = 0;
    const scheduler = new WatchScheduler({
      timer,
      now: () => new Date(T0),
      due: () => ['x'],
      round: async (_ids, signal) => {
        calls++;
        signals.push(signal);
        if (calls === 1) await gate.promise;
        if (calls === 2) throw new Error('disk full');
      },
      log: (_m, error) => logged.push(error),
    });
    scheduler.start();
    // The first round hangs on the gate: ticks meanwhile start nothing.
    state.tick!();
    state.tick!();
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(calls, 1);
    gate.resolve();
    await scheduler.idle();
    state.tick!();
    await scheduler.idle();
    assert.equal(calls, 2);
    assert.equal((logged[0] as Error).message, 'disk full');
    state.tick!();
    await scheduler.idle();
    assert.equal(calls, 3, 'a failed round does not stop the schedule');
    assert.equal(scheduler.rounds, 3);

    // A round under way when stop comes gets its signal aborted.
    const slow = deferred<void>();
    const stopping = new WatchScheduler({ timer, now: () => new Date(T0), due: () => ['y'], round: async (_ids, signal) => { signals.push(signal); await slow.promise; } });
    stopping.start();
    await new Promise<void>((r) => setImmediate(r));
    const signal = signals[signals.length - 1]!;
    assert.equal(signal.aborted, false);
    stopping.stop();
    assert.equal(signal.aborted, true);
    slow.resolve();
    await stopping.idle();
    assert.equal(stopping.started, false);
    await stopping.tick();
    assert.equal(stopping.rounds, 1, 'no round after stop');
    scheduler.stop();
    assert.equal(state.stops, 2);
  });
});
