import { useCallback, useEffect, useState } from 'react';
import type { Input, Output } from '../../shared/ipc/contract.js';
import { call, type IpcError } from '../ipc/client.js';

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly value: T };

/**
 * A channel that takes no input (a list, the settings), loaded on mount and on refresh(). A locked
 * vault needs nothing here: the App hears every VAULT_LOCKED answer and shows the unlock screen.
 */
export function useList<C extends 'authority.list' | 'settings.get' | 'watch.list' | 'services.list' | 'remote.list'>(channel: C) {
  const [load, setLoad] = useState<Load<Output<C>>>({ state: 'loading' });
  const refresh = useCallback(async () => {
    const result = await call(channel, {} as Input<C>);
    setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
  }, [channel]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { load, refresh };
}

/** Channels that answer about one record given `{ id }`. */
type DetailChannel = 'authority.get' | 'certificate.get' | 'authority.crl' | 'authority.ocspStatus';

/** One record's details, loaded when its id changes (or `reload` counts up); an answer for an id no longer shown is dropped. */
export function useDetail<C extends DetailChannel>(channel: C, id: string, reload = 0) {
  const [load, setLoad] = useState<Load<Output<C>>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call(channel, { id } as Input<C>).then((result) => {
      if (live) setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [channel, id, reload]);
  return [load, setLoad] as const;
}
