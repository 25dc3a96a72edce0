/**
 * The metrics listener (issue 19): `/metrics` on 127.0.0.1 (same listener rules as every local
 * listener, services/listeners/), the vault's certificate series and the watched endpoints' series
 * (services/metrics.ts), for Prometheus to scrape. The app runs it while the vault is unlocked when
 * Settings → Watching says so; `certwright metrics serve` runs it in the foreground.
 *
 * FOUNDATION: the signatures are fixed; the bodies are being built (helper "metrics").
 */
import type { AppSettings } from '../../../shared/domain/expiry.js';
import type { MetricsServerStatus, WatchSettings } from '../../../shared/domain/watch.js';
import type { Vault } from '../../vault/vault.js';

export class MetricsServer {
  readonly #vault: Vault;

  constructor(deps: { vault: Vault }) {
    this.#vault = deps.vault;
  }

  /** Saves the watch settings; starts or stops the listener to match `metricsServe`. */
  async updateSettings(watch: WatchSettings): Promise<AppSettings> {
    return this.#vault.updateAppSettings({ ...this.#vault.appSettings(), watch });
  }

  status(): MetricsServerStatus {
    return { running: false, url: null, problem: null };
  }

  async stop(): Promise<void> {}
}
