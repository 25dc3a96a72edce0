import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { progressTo } from './progress.js';

type WatchHandlers = Pick<Handlers, 'watch.list' | 'watch.add' | 'watch.update' | 'watch.remove' | 'watch.import' | 'watch.run' | 'watch.history' | 'settings.updateWatch' | 'metrics.status'>;

/** Watched endpoints (issue 19): each channel one call of services/watch/. */
export function watchHandlers({ watching, metricsServer, operations }: Services): WatchHandlers {
  return {
    'watch.list': async () => watching.list(),
    'watch.add': async (input) => watching.add(input),
    'watch.update': async (input) => watching.update(input),
    'watch.remove': async ({ ids }) => watching.remove(ids),
    'watch.import': async ({ text }) => watching.import(text),
    'watch.run': async ({ ids, operationId }, ctx) => operations.run(operationId, (signal) => watching.run(ids, progressTo(ctx, operationId), signal)),
    'watch.history': async ({ id }) => watching.history(id),
    'settings.updateWatch': async (settings) => metricsServer.updateSettings(settings),
    'metrics.status': async () => metricsServer.status(),
  };
}
