/**
 * When endpoints are probed, and how many at once (docs/watch.md, "Schedule"). Nothing here knows
 * TLS: the schedule decides which endpoints are due (the interval, an endpoint's own, the backoff of
 * an unreachable one) and runs rounds that never overlap; a round's probes bound their own time and
 * concurrency (probe.ts). A failing round never stops the schedule. Time comes in (a Timer, a clock)
 * so the tests run it instantly.
 */
import { WATCH_BACKOFF_MAX_FACTOR, type WatchedEndpoint } from '../../../shared/domain/watch.js';
import { realTimer, type Timer } from '../expiry-watch.js';

const MINUTE_MS = 60_000;
/** How often the schedule looks for due endpoints; the shortest interval is a minute. */
export const SCHEDULE_TICK_MS = 30_000;

/** The interval is multiplied by this after `failuresInRow` failed probes: 1, 1, 2, 4, … at most WATCH_BACKOFF_MAX_FACTOR. */
export function backoffFactor(failuresInRow: number): number {
  return failuresInRow <= 1 ? 1 : Math.min(WATCH_BACKOFF_MAX_FACTOR, 2 ** (failuresInRow - 1));
}

/** What decides when an endpoint is next probed. */
export interface ScheduleEntry {
  readonly endpoint: Pick<WatchedEndpoint, 'id' | 'intervalMinutes'>;
  /** The last probe's time; null before the first (due at once). */
  readonly lastAt: string | null;
  readonly failuresInRow: number;
}

/** When the endpoint is next due; null: at the next look (never probed). */
export function nextProbeAt(entry: ScheduleEntry, defaultIntervalMinutes: number): Date | null {
  if (entry.lastAt === null) return null;
  const minutes = (entry.endpoint.intervalMinutes ?? defaultIntervalMinutes) * backoffFactor(entry.failuresInRow);
  return new Date(Date.parse(entry.lastAt) + minutes * MINUTE_MS);
}

/**
 * The endpoints due at `now`, most overdue first. Due within half a tick counts as due, so an
 * endpoint probed a few seconds into a round does not slip a whole tick every interval.
 */
export function dueIds(entries: readonly ScheduleEntry[], defaultIntervalMinutes: number, now: Date, slackMs = SCHEDULE_TICK_MS / 2): string[] {
  const due: Array<{ id: string; at: number }> = [];
  for (const entry of entries) {
    const next = nextProbeAt(entry, defaultIntervalMinutes);
    const at = next === null ? -Infinity : next.getTime();
    if (at - now.getTime() <= slackMs) due.push({ id: entry.endpoint.id, at });
  }
  return due.sort((a, b) => a.at - b.at).map((d) => d.id);
}

export interface SchedulerDeps {
  readonly timer?: Timer;
  readonly now: () => Date;
  /** The endpoints due now (read at each look: the list and the settings may have changed). */
  readonly due: (now: Date) => readonly string[];
  /** Probes those and records the results; the signal stops it between probes (the vault locked). */
  readonly round: (ids: readonly string[], signal: AbortSignal) => Promise<unknown>;
  /** A round that failed (the vault locked mid-way, a full disk): told, and the next look tries again. */
  readonly log?: (message: string, error: unknown) => void;
  readonly tickMs?: number;
}

/** Looks for due endpoints every tick while started; one round at a time. */
export class WatchScheduler {
  readonly #deps: SchedulerDeps;
  #stop: (() => void) | null = null;
  #round: { readonly controller: AbortController; promise: Promise<void> } | null = null;
  #rounds = 0;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  get started(): boolean {
    return this.#stop !== null;
  }

  /** Rounds run since this scheduler was made (tests, diagnostics). */
  get rounds(): number {
    return this.#rounds;
  }

  /** Looks now, then every tick until stopped. Idempotent. */
  start(): void {
    if (this.#stop) return;
    this.#stop = (this.#deps.timer ?? realTimer).every(this.#deps.tickMs ?? SCHEDULE_TICK_MS, () => void this.tick());
    void this.tick();
  }

  /** Stops looking; a round under way stops before its next probe. */
  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#round?.controller.abort();
  }

  /** The round under way, if any (a test waits for it; the app never needs to). */
  idle(): Promise<void> {
    return this.#round?.promise ?? Promise.resolve();
  }

  /**
   * One look: nothing while a round is under way (rounds never overlap: a slow round delays the
   * next, it never doubles the load); otherwise the due endpoints are probed.
   */
  async tick(): Promise<void> {
    if (this.#round || !this.#stop) return;
    const controller = new AbortController();
    const round: { controller: AbortController; promise: Promise<void> } = { controller, promise: Promise.resolve() };
    this.#round = round;
    round.promise = this.#run(controller.signal).finally(() => {
      if (this.#round === round) this.#round = null;
    });
    await round.promise;
  }

  async #run(signal: AbortSignal): Promise<void> {
    try {
      const ids = this.#deps.due(this.#deps.now());
      if (ids.length === 0) return;
      this.#rounds++;
      await this.#deps.round(ids, signal);
    } catch (error) {
      this.#deps.log?.('watch: a scheduled round failed', error);
    }
  }
}
