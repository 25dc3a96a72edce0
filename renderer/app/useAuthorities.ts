import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { useList, type Load } from './useLoad.js';

export type AuthoritiesLoad = Load<readonly AuthoritySummary[]>;

/** authority.list, loaded on mount; a locked vault goes to the unlock screen. */
export function useAuthorities(onVaultLocked: () => void) {
  const { load, refresh } = useList('authority.list', onVaultLocked);
  return { load, refresh, authorities: load.state === 'ready' ? load.value : [] };
}
