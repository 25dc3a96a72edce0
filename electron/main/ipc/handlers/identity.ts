import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, sourceOf, type Platform } from './platform.js';

type IdentityChannel = Extract<keyof Handlers, `jwt.${string}` | `policy.${string}` | 'services.list'>;

export function identityHandlers({ identity, tokenEndpoints }: Services, platform: Platform): Pick<Handlers, IdentityChannel> {
  return {
    'jwt.issuers': async () => identity.issuers(),
    'jwt.createIssuer': async (input) => identity.createIssuer(input),
    'jwt.rotateKey': async ({ id }) => identity.rotate(id),
    'jwt.publicKeys': async ({ id }) => identity.publicKeys(id),
    'jwt.exportKeys': async (input) => identity.exportKeys(input, destinationOf(platform)),
    'jwt.mint': async (input) => identity.mint(input),
    'jwt.verify': async (input) => identity.verify(input),
    'jwt.endpointStart': async (input) => tokenEndpoints.start(input),
    'jwt.endpointStop': async ({ id }) => tokenEndpoints.stop(id),
    'jwt.snippets': async ({ id, service }) => identity.snippets(id, service),
    'policy.get': async () => identity.policy(),
    'policy.save': async ({ text }) => identity.savePolicy(text),
    'policy.import': async () => identity.importPolicy(sourceOf(platform)),
    'policy.export': async () => identity.exportPolicy(destinationOf(platform)),
    'policy.check': async ({ caller, action }) => identity.check(caller, action),
    'services.list': async () => identity.services(),
  };
}
