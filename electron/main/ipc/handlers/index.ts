import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { acmeHandlers } from './acme.js';
import { authorityHandlers } from './authority.js';
import { byoPkiHandlers } from './byo-pki.js';
import { certificateHandlers } from './certificate.js';
import { exportHandlers } from './export.js';
import { identityHandlers } from './identity.js';
import { inspectHandlers } from './inspect.js';
import { inventoryHandlers } from './inventory.js';
import { operationHandlers } from './operations.js';
import type { Platform } from './platform.js';
import { preferenceHandlers } from './preferences.js';
import { publicationHandlers } from './publication.js';
import { revocationHandlers } from './revocation.js';
import { vaultHandlers } from './vault.js';
import { vaultCareHandlers } from './vault-care.js';
import { watchHandlers } from './watch.js';
import { remoteHandlers } from './remote.js';

/**
 * The complete handler table: each channel translated into one service call (services decide, handlers
 * translate). The type makes a missing channel a compile error.
 */
export function createHandlers(services: Services, platform: Platform = {}): Handlers {
  return {
    ...vaultHandlers(services),
    ...authorityHandlers(services),
    ...certificateHandlers(services),
    ...exportHandlers(services, platform),
    ...revocationHandlers(services, platform),
    ...publicationHandlers(services, platform),
    ...inspectHandlers(services),
    ...byoPkiHandlers(services, platform),
    ...vaultCareHandlers(services, platform),
    ...inventoryHandlers(services, platform),
    ...operationHandlers(services),
    ...identityHandlers(services, platform),
    ...acmeHandlers(services),
    ...watchHandlers(services),
    ...remoteHandlers(services, platform),
    ...preferenceHandlers(platform),
  };
}

export type { Platform };
