/**
 * The view the window shows last is remembered by main (electron-store) and opened again after the
 * next unlock. Every view the user goes to is saved; the remembered one is opened only if the user has
 * not gone anywhere while main was answering.
 */
import { useEffect } from 'react';
import { call } from '../ipc/client.js';
import type { ViewId } from './navigation.js';

let moves = 0;

/** The user went to `view`: remembered for the next start (a failure only loses that memory). */
export function rememberView(view: ViewId): void {
  moves += 1;
  void call('preferences.setLastView', { view });
}

/** Once, when the Shell opens: shows the view remembered from last time, unless it is the dashboard it starts on. */
export function useLastView(show: (view: ViewId) => void): void {
  useEffect(() => {
    const before = moves;
    let live = true;
    void call('preferences.get', {}).then((result) => {
      if (live && moves === before && result.ok && result.value.lastView !== null && result.value.lastView !== 'dashboard') show(result.value.lastView);
    });
    return () => {
      live = false;
    };
  }, [show]);
}
