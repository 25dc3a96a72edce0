import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { progressTo } from './progress.js';

type AuthorityHandlers = Pick<
  Handlers,
  'authority.list' | 'authority.get' | 'authority.createRoot' | 'authority.createIntermediate' | 'authority.createPending' | 'authority.activate' | 'authority.updateSettings'
>;

export function authorityHandlers({ authorities }: Services): AuthorityHandlers {
  return {
    'authority.list': async () => authorities.list(),
    'authority.get': async ({ id }) => authorities.get(id),
    'authority.createRoot': async (input, ctx) => authorities.createRoot(input, progressTo(ctx, input.operationId)),
    'authority.createIntermediate': async (input, ctx) => authorities.createIntermediate(input, progressTo(ctx, input.operationId)),
    'authority.createPending': async (input, ctx) => authorities.createPending(input, progressTo(ctx, input.operationId)),
    'authority.activate': async ({ id, certificatePem }) => authorities.activate(id, certificatePem),
    'authority.updateSettings': async (input) => authorities.updateSettings(input),
  };
}
