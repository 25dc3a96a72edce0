import type { Handlers } from '../handler.js';
import { authorityHandlers } from './authority.js';
import type { Services } from './services.js';
import { vaultHandlers } from './vault.js';

/** The complete handler table; the type makes a missing channel a compile error. */
export function createHandlers(services: Services): Handlers {
  return { ...vaultHandlers(services), ...authorityHandlers(services) };
}

export type { Services };
