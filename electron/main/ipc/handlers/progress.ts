import type { OnProgress } from '../../../services/progress.js';
import type { HandlerContext } from '../handler.js';

/** A service's progress, sent to the calling window as `operation.progress` when it asked (with an operationId). */
export function progressTo(ctx: HandlerContext, operationId: string | undefined): OnProgress {
  return (done, total, step) => {
    if (operationId) ctx.emit('operation.progress', { operationId, step, done: Math.min(done, total), total });
  };
}
