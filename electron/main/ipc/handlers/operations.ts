import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';

type OperationHandlers = Pick<Handlers, 'operation.cancel'>;

/** Long operations the window started: cancelling one by its operationId. */
export function operationHandlers({ operations }: Services): OperationHandlers {
  return {
    'operation.cancel': async ({ operationId }) => ({ cancelling: operations.cancel(operationId) }),
  };
}
