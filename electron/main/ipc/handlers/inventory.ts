import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';

/**
 * The certificate list as windows (DESIGN.md §6), and what is computed from the same index: the
 * dashboard and the export of the list as shown. Each one call to the inventory service.
 */
type InventoryHandlers = Pick<Handlers, 'certificate.query' | 'certificate.select' | 'certificate.summaries' | 'certificate.exportList' | 'dashboard.get'>;

export function inventoryHandlers({ inventory }: Pick<Services, 'inventory'>, platform: Platform): InventoryHandlers {
  return {
    'certificate.query': async (input) => inventory.query(input),
    'certificate.select': async (input) => inventory.select(input),
    'certificate.summaries': async (input) => inventory.summaries(input),
    'certificate.exportList': async (input) => inventory.exportList(input, destinationOf(platform)),
    'dashboard.get': async () => inventory.dashboard(),
  };
}
