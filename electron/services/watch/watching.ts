/**
 * Watching what endpoints actually serve (issue 19, docs/watch.md): the list of endpoints (kept in the
 * vault, every change audited), probes on a schedule (scheduler.ts) through the live inspection's
 * untrusted-input worker, each result judged against what the vault issued last (findings.ts), the
 * history of what was served, and what the dashboard, notifications and metrics read.
 *
 * FOUNDATION: the signatures are fixed; the bodies are being built (helper "watch core").
 */
import type { ValidInput } from '../../../shared/ipc/contract.js';
import type { DeployedSummary, EndpointHistory, EndpointStatus, WatchImportResult, WatchRunResult } from '../../../shared/domain/watch.js';
import { NO_DEPLOYED } from '../../../shared/domain/watch.js';
import type { OnProgress } from '../progress.js';

export class Watching {
  list(): EndpointStatus[] {
    return [];
  }

  add(_input: ValidInput<'watch.add'>): Promise<EndpointStatus> {
    throw new Error('watch.add: not built yet');
  }

  update(_input: ValidInput<'watch.update'>): Promise<EndpointStatus> {
    throw new Error('watch.update: not built yet');
  }

  remove(_ids: readonly string[]): { removed: number } {
    throw new Error('watch.remove: not built yet');
  }

  import(_text: string): Promise<WatchImportResult> {
    throw new Error('watch.import: not built yet');
  }

  /** Probes now (all, or `ids`); `signal` stops it between probes. */
  run(_ids: readonly string[], _onProgress?: OnProgress, _signal?: AbortSignal): Promise<WatchRunResult> {
    throw new Error('watch.run: not built yet');
  }

  history(_id: string): EndpointHistory {
    throw new Error('watch.history: not built yet');
  }

  /** The dashboard's "Deployed" panel. */
  deployed(): DeployedSummary {
    return NO_DEPLOYED;
  }

  /** Starts the schedule (the vault was unlocked); idempotent. */
  start(): void {}

  /** Stops the schedule (the vault locked, the app quits). */
  stop(): void {}
}
