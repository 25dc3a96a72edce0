/**
 * A per-second budget for work that costs a signature with a CA key: a token bucket holding at most
 * one second's worth, refilled continuously. `take()` answers at once — a request beyond the budget is
 * refused (OCSP answers tryLater), never queued.
 */
export class RateBudget {
  readonly perSecond: number;
  readonly #clock: () => number;
  #tokens: number;
  #at: number;

  /** `clock` in milliseconds (monotonic by default; tests pass their own). */
  constructor(perSecond: number, clock: () => number = () => performance.now()) {
    if (!(perSecond > 0)) throw new RangeError('A rate budget needs a positive rate');
    this.perSecond = perSecond;
    this.#clock = clock;
    this.#tokens = perSecond;
    this.#at = clock();
  }

  /** Spends one unit if there is one. */
  take(): boolean {
    const now = this.#clock();
    this.#tokens = Math.min(this.perSecond, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
