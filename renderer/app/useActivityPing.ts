import { useEffect } from 'react';
import { call } from '../ipc/client.js';

/** At most one vault.activity per this many milliseconds: enough for an idle lock counted in minutes. */
export const ACTIVITY_PING_INTERVAL_MS = 15_000;

const EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * While mounted, a key, click or scroll in the window tells main the user is here (postponing the
 * idle lock), at most once every 15 s. A VAULT_LOCKED answer reaches the app through the client.
 */
export function useActivityPing(): void {
  useEffect(() => {
    let last = -Infinity;
    const ping = () => {
      const now = performance.now();
      if (now - last < ACTIVITY_PING_INTERVAL_MS) return;
      last = now;
      void call('vault.activity', {});
    };
    for (const name of EVENTS) window.addEventListener(name, ping, { capture: true, passive: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, ping, { capture: true });
    };
  }, []);
}
