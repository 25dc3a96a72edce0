import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';

export function acmeHandlers({ acme }: Services): Pick<Handlers, 'acme.start' | 'acme.stop' | 'acme.panel'> {
  return {
    'acme.start': async ({ authorityId, ...options }) => acme.start(authorityId, options),
    'acme.stop': async ({ authorityId }) => acme.stop(authorityId),
    'acme.panel': async ({ authorityId }) => acme.panel(authorityId),
  };
}
