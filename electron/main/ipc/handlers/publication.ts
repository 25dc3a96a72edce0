import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';

type PublicationHandlers = Pick<Handlers, 'authority.publishToFolder' | 'authority.publicationStart' | 'authority.publicationStop' | 'authority.publicationStatus' | 'authority.checkReachability'>;

export function publicationHandlers({ publication }: Services, platform: Platform): PublicationHandlers {
  return {
    'authority.publishToFolder': async ({ id }) => publication.toFolder(id, destinationOf(platform)),
    'authority.publicationStart': async ({ id, bind, port }) => publication.start(id, { bind, port }),
    'authority.publicationStop': async ({ id }) => publication.stop(id),
    'authority.publicationStatus': async ({ id }) => publication.status(id),
    'authority.checkReachability': async ({ id }) => publication.check(id),
  };
}
