/**
 * The vault locks itself: after the idle time set in the vault (SecuritySettings.autoLockMinutes,
 * default 15, null: never), and at once on system suspend, screen lock and the last window closing
 * (app.ts wires those to {@link AutoLock.lockNow}). Activity is every call from the window (the
 * router's `onActivity`) and the window's `vault.activity` pings.
 *
 * Locking is `vault.lock()` — the keys are dropped, and every vault call after it throws
 * VAULT_LOCKED, which is how a long operation stops between certificates — then, for an automatic
 * lock, `onLocked(reason)`, which tells the window (the `vault.locked` event). A lock the user asked
 * for is not announced: the window that asked already knows.
 *
 * Nothing here imports `electron`; the clock and the timer are injected.
 */
import { DEFAULT_SECURITY_SETTINGS, type LockReason, type VaultState } from '../../shared/domain/vault.js';
import type { AppSettings } from '../../shared/domain/expiry.js';
import { realTimer, type Timer } from './expiry-watch.js';

/** How often the idle time is looked at in the app: a lock comes at most this late. */
export const AUTO_LOCK_CHECK_MS = 15_000;

const MINUTE_MS = 60_000;

/** What the auto-lock needs of the vault (its public API only). */
export interface LockableVault {
  state(): VaultState;
  lock(): void;
  appSettings(): AppSettings;
}

export interface AutoLockOptions {
  readonly vault: LockableVault;
  readonly now: () => Date;
  /** The periodic idle check (tests pass a fake one). */
  readonly timer?: Timer;
  readonly checkEveryMs?: number;
  /** After an automatic lock (never after the user's own): tell the window. */
  readonly onLocked?: (reason: Exclude<LockReason, 'user'>) => void;
  readonly log?: (message: string, error?: unknown) => void;
}

export class AutoLock {
  readonly #vault: LockableVault;
  readonly #now: () => Date;
  readonly #timer: Timer;
  readonly #checkEveryMs: number;
  readonly #onLocked: (reason: Exclude<LockReason, 'user'>) => void;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #lockListeners = new Set<(reason: LockReason) => void>();
  #lastActivity: number;
  #stopTimer: (() => void) | null = null;
  #lockedBecause: Exclude<LockReason, 'user'> | null = null;

  constructor(options: AutoLockOptions) {
    this.#vault = options.vault;
    this.#now = options.now;
    this.#timer = options.timer ?? realTimer;
    this.#checkEveryMs = options.checkEveryMs ?? AUTO_LOCK_CHECK_MS;
    this.#onLocked = options.onLocked ?? (() => undefined);
    this.#log = options.log ?? (() => undefined);
    this.#lastActivity = this.#now().getTime();
  }

  /** Why the vault last locked itself; null after the user's own lock, after an unlock, or before any lock. */
  get lockedBecause(): Exclude<LockReason, 'user'> | null {
    return this.#lockedBecause;
  }

  /** The vault was just created or unlocked: the idle time counts from now, checked periodically. Idempotent. */
  start(): void {
    this.#lockedBecause = null;
    this.#lastActivity = this.#now().getTime();
    this.#stopTimer ??= this.#timer.every(this.#checkEveryMs, () => {
      try {
        this.check();
      } catch (error) {
        this.#log('the auto-lock check failed', error); // a timer callback must not take main down
      }
    });
  }

  /** Stops the periodic check (the vault is locked; there is nothing to time). */
  stop(): void {
    this.#stopTimer?.();
    this.#stopTimer = null;
  }

  /** The user is at the window: the idle time starts again. */
  touch(): void {
    this.#lastActivity = this.#now().getTime();
  }

  /** Called on every lock, the user's included, after the vault has locked (things that live only while unlocked stop). */
  onLock(listener: (reason: LockReason) => void): () => void {
    this.#lockListeners.add(listener);
    return () => void this.#lockListeners.delete(listener);
  }

  /**
   * Locks when the vault is unlocked and has been idle for at least the configured time (read now:
   * the setting may have changed since the unlock). Returns the reason when it locked.
   */
  check(): 'idle' | null {
    if (this.#vault.state() !== 'unlocked') {
      this.stop(); // locked some other way; the next unlock starts the check again
      return null;
    }
    const minutes = this.#idleMinutes();
    if (minutes === null) return null;
    if (this.#now().getTime() - this.#lastActivity < minutes * MINUTE_MS) return null;
    return this.lockNow('idle') ? 'idle' : null;
  }

  /** Locks at once (a no-op, returning false, when the vault is not unlocked). */
  lockNow(reason: LockReason): boolean {
    let unlocked: boolean;
    try {
      unlocked = this.#vault.state() === 'unlocked';
    } catch (error) {
      // The vault cannot even say what state it is in: drop the keys anyway, quietly.
      this.#log('could not read the vault state; locking it', error);
      this.#vault.lock();
      return false;
    }
    if (!unlocked) return false;
    this.stop();
    this.#vault.lock();
    this.#lockedBecause = reason === 'user' ? null : reason;
    for (const listener of [...this.#lockListeners]) {
      try {
        listener(reason);
      } catch (error) {
        this.#log('a lock listener failed', error);
      }
    }
    if (reason !== 'user') {
      try {
        this.#onLocked(reason);
      } catch (error) {
        this.#log('could not tell the window that the vault locked', error);
      }
    }
    return true;
  }

  /** The idle time in minutes, or null for "never". Settings that cannot be read count as the default. */
  #idleMinutes(): number | null {
    try {
      // `security` is optional until every vault stores it (older vaults have only `expiry`).
      const minutes = (this.#vault.appSettings() as Partial<AppSettings>).security?.autoLockMinutes;
      return minutes === undefined ? DEFAULT_SECURITY_SETTINGS.autoLockMinutes : minutes;
    } catch (error) {
      this.#log('could not read the auto-lock setting; using the default', error);
      return DEFAULT_SECURITY_SETTINGS.autoLockMinutes;
    }
  }
}
