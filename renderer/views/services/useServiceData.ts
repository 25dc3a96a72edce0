import { useCallback, useEffect, useRef, useState } from 'react';
import type { Input, Output } from '../../../shared/ipc/contract.js';
import type { Load } from '../../app/useLoad.js';
import { call } from '../../ipc/client.js';

type ListChannel = 'jwt.issuers' | 'services.list' | 'policy.get' | 'authority.list';

/**
 * A channel that takes no input, loaded on mount and on refresh(); an answer older than the newest
 * request is dropped, so a slow first load never overwrites a later refresh.
 */
function useChannel<C extends ListChannel>(channel: C) {
  const [load, setLoad] = useState<Load<Output<C>>>({ state: 'loading' });
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const ticket = ++latest.current;
    const result = await call(channel, {} as Input<C>);
    if (ticket !== latest.current) return;
    setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
  }, [channel]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  /** An answer main already gave (a save returns the new state): shown at once, no round trip. */
  const replace = useCallback((value: Output<C>) => {
    latest.current++;
    setLoad({ state: 'ready', value });
  }, []);
  return { load, refresh, replace, value: load.state === 'ready' ? load.value : null };
}

/** Everything the Services view shows: token issuers, services, the policy and the authorities (for the endpoint). */
export function useServiceData() {
  const issuers = useChannel('jwt.issuers');
  const services = useChannel('services.list');
  const policy = useChannel('policy.get');
  const authorities = useChannel('authority.list');
  return { issuers, services, policy, authorities };
}

export type ServiceData = ReturnType<typeof useServiceData>;
