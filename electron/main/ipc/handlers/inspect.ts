import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';

type InspectHandlers = Pick<Handlers, 'inspect.input' | 'inspect.endpoint' | 'inspect.addToVault' | 'inspect.asn1'>;

export function inspectHandlers({ inspection }: Services): InspectHandlers {
  return {
    'inspect.input': async (input) => inspection.input(input),
    'inspect.endpoint': async (request) => inspection.endpoint(request),
    'inspect.asn1': async (input) => inspection.asn1(input),
    'inspect.addToVault': async (input) => inspection.addToVault(input),
  };
}
