import type { RemoteSummary } from '../../../shared/domain/remote.js';
import { useList } from '../../app/useLoad.js';

const NONE: readonly RemoteSummary[] = [];

/** remote.list, loaded on mount: the step-ca servers the vault drives. */
export function useRemotes() {
  const { load, refresh } = useList('remote.list');
  const remotes: readonly RemoteSummary[] = load.state === 'ready' ? load.value : NONE;
  return { load, refresh, remotes };
}
