import { Catalog } from '../../../services/catalog.js';
import { Issuing } from '../../../services/issuing.js';
import { ExpiryWatch } from '../../../services/expiry-watch.js';
import { Renewing } from '../../../services/renewing.js';
import { Revoking } from '../../../services/revoking.js';
import type { Handlers } from '../handler.js';
import { authorityHandlers } from './authority.js';
import { certificateHandlers } from './certificate.js';
import { csrHandlers } from './csr.js';
import { exportHandlers } from './export.js';
import { expiryHandlers } from './expiry.js';
import { inspectHandlers } from './inspect.js';
import { revocationHandlers } from './revocation.js';
import type { Services } from './services.js';
import { vaultHandlers } from './vault.js';
import { vaultCareHandlers } from './vault-care.js';

/** The complete handler table; the type makes a missing channel a compile error. */
export function createHandlers(services: Services): Handlers {
  const catalog = new Catalog(services.vault, services.crypto, services.now);
  const issuing = new Issuing(services.vault, catalog, services.crypto, services.now);
  const revoking = new Revoking(services.vault, issuing, services.crypto, services.now);
  const renewing = new Renewing(services.vault, catalog, issuing, revoking, services.now);
  const watch = services.notifier ? new ExpiryWatch({ vault: services.vault, catalog, renewing, notifier: services.notifier, now: services.now, ...(services.timer ? { timer: services.timer } : {}) }) : null;
  return {
    ...vaultHandlers(services, renewing, watch),
    ...authorityHandlers(services, catalog, issuing),
    ...certificateHandlers(services, catalog, issuing),
    ...csrHandlers(services, catalog, issuing),
    ...exportHandlers(services, catalog, issuing),
    ...revocationHandlers(services, catalog, issuing, revoking),
    ...inspectHandlers(services, catalog),
    ...expiryHandlers(services, catalog, revoking, renewing),
    // A restore opens the vault it restored: the same follow-up as an unlock.
    ...vaultCareHandlers(services, async () => {
      services.autoLock?.start();
      await renewing.applyScheduled().catch(() => 0);
      watch?.start();
    }),
  };
}

export type { Services };
