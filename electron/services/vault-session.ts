/**
 * Opening and closing the vault, and what goes with it: the auto-lock starts on create and unlock,
 * old certificates whose renewal overlap has ended are revoked as superseded, the daily expiry watch
 * runs while the vault is open and stops whenever it locks (the user, idle, suspend, screen lock, the
 * last window).
 */
import type { VaultStatus } from '../../shared/domain/vault.js';
import type { Vault } from '../vault/vault.js';
import type { Remotes } from './remote/remotes.js';
import type { AutoLock } from './auto-lock.js';
import type { ExpiryWatch } from './expiry-watch.js';
import type { Inventory } from './inventory.js';
import type { Renewing } from './renewing.js';
import type { MetricsServer } from './watch/metrics-server.js';
import type { Watching } from './watch/watching.js';

export class VaultSession {
  readonly #vault: Vault;
  readonly #renewing: Renewing;
  readonly #autoLock: AutoLock | null;
  readonly #watch: ExpiryWatch | null;
  readonly #inventory: Pick<Inventory, 'warm'> | null;
  /** Watched endpoints: probed on their schedule while the vault is open (when the schedule is on). */
  readonly #watching: Pick<Watching, 'start' | 'stop'> | null;
  /** The metrics listener: serves while the vault is open when Settings → Watching says so (the app). */
  readonly #metrics: Pick<MetricsServer, 'startFromSettings' | 'stop'> | null;
  /** Remote authorities: what their servers answered this session is forgotten at lock. */
  readonly #remotes: Pick<Remotes, 'forget'> | null;

  constructor(deps: {
    vault: Vault;
    renewing: Renewing;
    autoLock: AutoLock | null;
    watch: ExpiryWatch | null;
    inventory?: Pick<Inventory, 'warm'>;
    watching?: Pick<Watching, 'start' | 'stop'>;
    metricsServer?: Pick<MetricsServer, 'startFromSettings' | 'stop'>;
    remotes?: Pick<Remotes, 'forget'>;
  }) {
    this.#vault = deps.vault;
    this.#renewing = deps.renewing;
    this.#autoLock = deps.autoLock;
    this.#watch = deps.watch;
    this.#inventory = deps.inventory ?? null;
    this.#watching = deps.watching ?? null;
    this.#metrics = deps.metricsServer ?? null;
    this.#remotes = deps.remotes ?? null;
    this.#autoLock?.onLock(() => {
      this.#watch?.stop();
      this.#watching?.stop();
      void this.#metrics?.stop();
      this.#remotes?.forget();
    });
  }

  status(): VaultStatus {
    const state = this.#vault.state();
    const because = state === 'locked' ? this.#autoLock?.lockedBecause : null;
    return because ? { state, lockedBecause: because } : { state };
  }

  async create(passphrase: string): Promise<VaultStatus> {
    await this.#vault.create(passphrase);
    this.#autoLock?.start();
    this.#watch?.start();
    this.#watching?.start();
    // A port in use does not keep the vault shut: status().problem says it (Settings shows it).
    await this.#metrics?.startFromSettings().catch(() => undefined);
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    await this.#vault.unlock(passphrase);
    await this.opened();
    return this.status();
  }

  /**
   * What follows every opening of the vault (an unlock, a restore): the auto-lock counts from now;
   * certificates whose overlap after a renewal has ended are revoked as superseded (a failure — a CA
   * that cannot sign just now — must not keep the vault shut: the daily check and the next unlock try
   * again); then the expiry watch looks now and daily while unlocked. The certificate list's index
   * starts building in the background (in slices: main keeps answering), so the dashboard and the
   * list find it ready.
   */
  async opened(): Promise<void> {
    this.#autoLock?.start();
    void this.#inventory?.warm();
    await this.#renewing.applyScheduled().catch(() => 0);
    this.#watch?.start();
    this.#watching?.start();
    await this.#metrics?.startFromSettings().catch(() => undefined);
  }

  lock(): VaultStatus {
    this.#autoLock?.lockNow('user'); // not announced: whoever asked already knows
    this.#watch?.stop();
    this.#watching?.stop();
    void this.#metrics?.stop();
    this.#remotes?.forget();
    this.#vault.lock();
    return this.status();
  }

  /**
   * The user is at the window (its pings; every routed call counts too). A locked vault answers
   * VAULT_LOCKED, so a window that missed the vault.locked event still learns of the lock.
   */
  activity(): void {
    this.#vault.assertUnlocked();
    this.#autoLock?.touch();
  }
}
