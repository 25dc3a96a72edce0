import { useCallback, useEffect, useRef, useState } from 'react';
import type { AcmePanel, AcmeServerStatus } from '../../../shared/domain/acme.js';
import type { AuthorityDetail } from '../../../shared/domain/authority.js';
import type { Load } from '../../app/useLoad.js';
import { call, type IpcError } from '../../ipc/client.js';
import { POLL_MS, shouldPoll } from './model.js';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * The authority's ACME panel from main: loaded once, then every {@link POLL_MS} while the server
 * runs, the window is shown and the user was at it lately (POLL_IDLE_MS, shouldPoll).
 * `paused` says the last of these stopped it. A failed poll keeps the last panel and says why.
 */
export function useAcmePanel(authorityId: string) {
  const [load, setLoad] = useState<Load<AcmePanel>>({ state: 'loading' });
  const [pollError, setPollError] = useState<IpcError | null>(null);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const [paused, setPaused] = useState(false);
  const lastInput = useRef(performance.now());
  const live = useRef(true);
  const sent = useRef(0);
  const inFlight = useRef(0);
  /** A panel is on screen: a failed poll leaves it there and says so. */
  const shown = useRef(false);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  /**
   * Asks main for the panel. Only the newest request's answer is shown (one sent before a start or
   * stop would show the server as it was); a poll is skipped while an answer is on its way.
   */
  const refresh = useCallback(
    async (poll = false) => {
      if (poll && inFlight.current > 0) return;
      const seq = ++sent.current;
      inFlight.current++;
      const result = await call('acme.panel', { authorityId });
      inFlight.current--;
      if (!live.current || seq !== sent.current) return;
      if (result.ok) {
        shown.current = true;
        setLoad({ state: 'ready', value: result.value });
        setPollError(null);
      } else if (shown.current) setPollError(result.error);
      else setLoad({ state: 'failed', error: result.error });
    },
    [authorityId],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    const onInput = () => {
      lastInput.current = performance.now();
      setPaused(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { capture: true, passive: true });
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput, { capture: true });
    };
  }, []);

  const running = load.state === 'ready' && load.value.status.running;
  useEffect(() => {
    if (!running || !visible || paused) return;
    const timer = window.setInterval(() => {
      if (shouldPoll({ running: true, visible: document.visibilityState === 'visible', idleMs: performance.now() - lastInput.current })) void refresh(true);
      else setPaused(true);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, visible, paused, refresh]);

  /** The server was started or stopped here: show its new status at once, then the rest from main. */
  const setStatus = useCallback(
    (status: AcmeServerStatus) => {
      shown.current = true;
      setLoad((prev) => ({ state: 'ready', value: prev.state === 'ready' ? { ...prev.value, status } : { status, accounts: [], orders: [], certificatesIssued: 0 } }));
      lastInput.current = performance.now();
      setPaused(false);
      void refresh();
    },
    [refresh],
  );

  return { load, pollError, paused: running && paused, setStatus, refresh };
}

/**
 * The CA chain clients trust for the server: this authority's PEM, then each issuer's above it that
 * is in the vault. `complete` is false when the chain goes on to a CA outside the vault.
 */
export function useCaBundle(authority: AuthorityDetail): { readonly pem: string; readonly complete: boolean } {
  const above = authority.chain.slice(1);
  const ids = above.map((l) => l.authorityId).filter((id): id is string => id !== null);
  const idsKey = ids.join(',');
  const [pems, setPems] = useState<readonly string[]>([]);
  useEffect(() => {
    let alive = true;
    setPems([]);
    if (idsKey === '') return;
    void Promise.all(idsKey.split(',').map((id) => call('authority.get', { id }))).then((results) => {
      if (alive) setPems(results.map((r) => (r.ok ? r.value.certificatePem : '')));
    });
    return () => {
      alive = false;
    };
  }, [idsKey]);
  const pem = [authority.certificatePem, ...pems]
    .map((p) => p.trim())
    .filter(Boolean)
    .join('\n');
  return { pem: `${pem}\n`, complete: ids.length === above.length && pems.length === ids.length && pems.every(Boolean) };
}
