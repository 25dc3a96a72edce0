import { useCallback, useEffect, useState } from 'react';
import type { Input, Output } from '../../shared/ipc/contract.js';
import { call, type IpcError } from '../ipc/client.js';

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly value: T };

/** A channel that takes no input (a list, the settings), loaded on mount and on refresh(); a locked vault goes to the unlock screen. */
export function useList<C extends 'authority.list' | 'certificate.list' | 'settings.get'>(channel: C, onVaultLocked: () => void) {
  const [load, setLoad] = useState<Load<Output<C>>>({ state: 'loading' });
  const refresh = useCallback(async () => {
    const result = await call(channel, {} as Input<C>);
    if (result.ok) setLoad({ state: 'ready', value: result.value });
    else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
    else setLoad({ state: 'failed', error: result.error });
  }, [channel, onVaultLocked]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { load, refresh };
}

/** Channels that answer about one record given `{ id }`. */
type DetailChannel = 'authority.get' | 'certificate.get' | 'authority.crl' | 'authority.ocspStatus';

/**
 * One record's details, loaded when its id changes (or `reload` counts up); an answer for an id no
 * longer shown is dropped. A locked vault goes to the unlock screen.
 */
export function useDetail<C extends DetailChannel>(channel: C, id: string, onVaultLocked: () => void, reload = 0) {
  const [load, setLoad] = useState<Load<Output<C>>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call(channel, { id } as Input<C>).then((result) => {
      if (!live) return;
      if (result.ok) setLoad({ state: 'ready', value: result.value });
      else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
      else setLoad({ state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [channel, id, reload, onVaultLocked]);
  return [load, setLoad] as const;
}
