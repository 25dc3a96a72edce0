/**
 * The metrics listener (issue 19): GET `/metrics` on 127.0.0.1 — the vault's certificate series and
 * the watched endpoints' series (services/metrics.ts) in the text format Prometheus scrapes. A local
 * listener like every other (services/listeners/): bound to loopback, answering only requests whose
 * Host names it (DNS rebinding), capped, and scrapes budgeted per second (each reads every
 * certificate). The app runs it while the vault is unlocked when Settings → Watching says so;
 * `certwright metrics serve` runs it in the foreground.
 */
import type { AppSettings } from '../../../shared/domain/expiry.js';
import type { MetricsServerStatus, WatchSettings } from '../../../shared/domain/watch.js';
import { CertwrightError } from '../../../shared/errors.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import type { Vault } from '../../vault/vault.js';
import { RateBudget } from '../listeners/budget.js';
import { startLocalHttpListener, type LocalReply, type RunningListener } from '../listeners/http.js';
import { ListenerRegistry } from '../listeners/registry.js';
import { currentMetrics, type MetricsSources } from '../metrics.js';

export const METRICS_PATH = '/metrics';
/** The text exposition format's media type (what Prometheus asks for and expects back). */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/**
 * Scrapes per second. Prometheus scrapes every 15 s or so; a local process hammering the port gets
 * 429 rather than keeping main busy listing certificates.
 */
export const SCRAPES_PER_SECOND = 10;

const plain = (status: number, text: string, headers?: Record<string, string>): LocalReply => ({ status, type: 'text/plain; charset=utf-8', body: `${text}\n`, ...(headers ? { headers } : {}) });

/**
 * A listener serving what `collect` returns at /metrics. Scrapes arriving while one collection is in
 * flight share it.
 */
export async function startMetricsListener(collect: () => Promise<string>, options: { readonly port?: number; readonly scrapesPerSecond?: number } = {}): Promise<RunningListener> {
  const budget = new RateBudget(options.scrapesPerSecond ?? SCRAPES_PER_SECOND);
  let inFlight: Promise<string> | null = null;
  const shared = () => {
    inFlight ??= collect().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  return startLocalHttpListener({
    ...(options.port === undefined ? {} : { port: options.port }),
    methods: ['GET', 'HEAD'],
    maxBodyBytes: 0,
    handle: async ({ path }) => {
      if (new URL(path, 'http://localhost').pathname !== METRICS_PATH) return plain(404, `Not found: the metrics are at ${METRICS_PATH}`);
      if (!budget.take()) return plain(429, `At most ${budget.perSecond} scrapes a second`, { 'Retry-After': '1' });
      try {
        return { status: 200, type: METRICS_CONTENT_TYPE, body: await shared() };
      } catch (error) {
        // A scrape racing the lock: Prometheus records the target as down (`up` 0) until the next unlock.
        if (error instanceof CertwrightError && error.code === 'VAULT_LOCKED') return plain(503, 'The Certwright vault is locked: metrics are served again once it is unlocked');
        return plain(500, 'Certwright could not read its metrics');
      }
    },
  });
}

/** Why the listener did not start, for Settings (and the CLI, in English). */
function problemOf(error: unknown, port: number): Msg {
  if (error instanceof CertwrightError && error.details?.field === 'port') return msg('watch:metrics.portInUse', { port });
  if (error instanceof CertwrightError && error.reason) return error.reason;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return msg('watch:metrics.failed', { port, reason: code ?? (error instanceof Error ? error.message : String(error)) });
}

/** One listener at a time; the registry keeps start and stop races from leaving one running unowned. */
const KEY = 'metrics';

export class MetricsServer {
  readonly #vault: Vault;
  readonly #sources: MetricsSources;
  readonly #registry = new ListenerRegistry<RunningListener>();
  /** Why the last start failed; cleared by a start that works and by a stop. */
  #problem: Msg | null = null;

  constructor(deps: { vault: Vault } & MetricsSources) {
    this.#vault = deps.vault;
    this.#sources = deps;
  }

  /**
   * Saves the watch settings; starts or stops the listener to match `metricsServe` (on another port:
   * restarted there). A port in use does not refuse the save: status().problem says it.
   */
  async updateSettings(watch: WatchSettings): Promise<AppSettings> {
    const saved = this.#vault.updateAppSettings({ ...this.#vault.appSettings(), watch });
    await (saved.watch.metricsServe ? this.#serveOn(saved.watch.metricsPort) : this.stop());
    return saved;
  }

  /** The vault was unlocked (the app): serves when the settings say so. */
  async startFromSettings(): Promise<MetricsServerStatus> {
    const { metricsServe, metricsPort } = this.#vault.appSettings().watch;
    if (metricsServe) await this.#serveOn(metricsPort);
    return this.status();
  }

  /** `certwright metrics serve`: serves on `port` (the setting's by default) whatever `metricsServe` says. */
  async start(port?: number): Promise<MetricsServerStatus> {
    await this.#serveOn(port ?? this.#vault.appSettings().watch.metricsPort);
    return this.status();
  }

  status(): MetricsServerStatus {
    const running = this.#registry.get(KEY);
    return { running: running !== null, url: running ? `${running.url}${METRICS_PATH}` : null, problem: this.#problem };
  }

  async stop(): Promise<void> {
    this.#problem = null;
    await this.#registry.stop(KEY);
  }

  async #serveOn(port: number): Promise<void> {
    const running = this.#registry.get(KEY);
    if (running?.port === port) {
      this.#problem = null;
      return;
    }
    await this.#registry.stop(KEY);
    try {
      await this.#registry.start(KEY, () => startMetricsListener(async () => (await currentMetrics(this.#sources)).text, { port }));
      this.#problem = null;
    } catch (error) {
      this.#problem = problemOf(error, port);
    }
  }
}
