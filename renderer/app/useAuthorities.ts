import { useCallback, useEffect, useState } from 'react';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { call, type IpcError } from '../ipc/client.js';

export type AuthoritiesLoad = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly authorities: readonly AuthoritySummary[] };

/** authority.list, loaded on mount; a locked vault goes to the unlock screen. */
export function useAuthorities(onVaultLocked: () => void) {
  const [load, setLoad] = useState<AuthoritiesLoad>({ state: 'loading' });
  const refresh = useCallback(async () => {
    const result = await call('authority.list', {});
    if (result.ok) setLoad({ state: 'ready', authorities: result.value });
    else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
    else setLoad({ state: 'failed', error: result.error });
  }, [onVaultLocked]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { load, refresh, authorities: load.state === 'ready' ? load.authorities : [] };
}
