import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { useList, type Load } from './useLoad.js';

export type AuthoritiesLoad = Load<readonly AuthoritySummary[]>;

/** authority.list, loaded on mount. */
export function useAuthorities() {
  const { load, refresh } = useList('authority.list');
  return { load, refresh, authorities: load.state === 'ready' ? load.value : [] };
}
