/**
 * At most one listener per key (an authority's id), whatever the order of calls: a second start while
 * the first is still binding gets the same listener; a stop waits for a start in flight and closes
 * what it opened, so no listener is ever left running without an entry to stop it by.
 */
export interface Closable {
  close(): Promise<void>;
}

export class ListenerRegistry<L extends Closable> {
  /** Started or starting. */
  readonly #entries = new Map<string, Promise<L>>();
  /** Settled and still current: what status reports. */
  readonly #running = new Map<string, L>();
  /** Stops in flight: a start for the same key waits for them (the port is free again after). */
  readonly #stopping = new Map<string, Promise<void>>();

  /** The listener for `key`, opened by `open` only when there is none (running or starting). */
  start(key: string, open: () => Promise<L>): Promise<L> {
    const existing = this.#entries.get(key);
    if (existing) return existing;
    const stopping = this.#stopping.get(key);
    const pending = (stopping ?? Promise.resolve()).then(open).then((listener) => {
      if (this.#entries.get(key) === pending) this.#running.set(key, listener);
      return listener;
    });
    this.#entries.set(key, pending);
    pending.catch(() => {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
    });
    return pending;
  }

  /** Closes the listener of `key` (waiting for its start if one is in flight); the one closed, or null. */
  async stop(key: string): Promise<L | null> {
    const pending = this.#entries.get(key);
    if (!pending) {
      await this.#stopping.get(key);
      return null;
    }
    this.#entries.delete(key);
    this.#running.delete(key);
    const closing = (async () => {
      let listener: L;
      try {
        listener = await pending;
      } catch {
        return null; // it never opened: nothing to close
      }
      await listener.close();
      return listener;
    })();
    const done = closing.then(
      () => undefined,
      () => undefined,
    );
    this.#stopping.set(key, done);
    try {
      return await closing;
    } finally {
      if (this.#stopping.get(key) === done) this.#stopping.delete(key);
    }
  }

  /** The running listener of `key` (not one still starting). */
  get(key: string): L | null {
    return this.#running.get(key) ?? null;
  }

  /** The keys with a listener started or starting. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Stops every listener (the app quitting). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((key) => this.stop(key)));
  }
}
