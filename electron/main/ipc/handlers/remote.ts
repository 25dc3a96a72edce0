import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';
import { progressTo } from './progress.js';

type RemoteHandlers = Pick<Handlers, 'remote.list' | 'remote.connect' | 'remote.check' | 'authority.exportStepCa'>;

/** Remote authorities on a step-ca server (issue 20): each channel one call of services/remote/. */
export function remoteHandlers({ remotes, issuing, operations }: Services, platform: Platform): RemoteHandlers {
  return {
    'remote.list': async () => remotes.list(),
    'remote.connect': async (input) => remotes.connect(input),
    'remote.check': async ({ id }) => remotes.check(id),
    'authority.exportStepCa': async (input, ctx) => operations.run(input.operationId, () => remotes.exportStepCa(input, issuing, destinationOf(platform), progressTo(ctx, input.operationId))),
  };
}
