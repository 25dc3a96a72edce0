import type { HandlerContext } from '../handler.js';

/** Reports the steps of a long operation to the calling window, when it asked (with an operationId). */
export function progressReporter(ctx: HandlerContext, operationId: string | undefined, total: number) {
  return (done: number, step: string) => {
    if (operationId) ctx.emit('operation.progress', { operationId, step, done: Math.min(done, total), total });
  };
}
