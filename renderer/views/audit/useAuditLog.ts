import { useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../shared/domain/audit.js';
import type { Load } from '../../app/useLoad.js';
import { call, type IpcError } from '../../ipc/client.js';
import type { AuditQuery } from './model.js';

/** Entries per page (and per "Load more"). */
export const AUDIT_PAGE_SIZE = 100;

interface Loaded {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
}

/**
 * The log's entries matching `query` (null: not a usable filter, keep what is shown), newest first,
 * a page at a time. A new query starts again from the newest; an answer for an older query is dropped.
 */
export function useAuditLog(query: AuditQuery | null) {
  const key = query ? JSON.stringify(query) : null;
  const [load, setLoad] = useState<Load<Loaded>>({ state: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<IpcError | null>(null);
  const [reload, setReload] = useState(0);
  const latest = useRef(key);

  useEffect(() => {
    latest.current = key;
    if (key === null) return;
    let live = true;
    setLoad({ state: 'loading' });
    setMoreError(null);
    void call('audit.list', { filter: JSON.parse(key) as AuditQuery, offset: 0, limit: AUDIT_PAGE_SIZE }).then((result) => {
      if (!live) return;
      setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [key, reload]);

  async function loadMore() {
    if (load.state !== 'ready' || key === null) return;
    const shown = load.value.entries;
    setLoadingMore(true);
    setMoreError(null);
    const result = await call('audit.list', { filter: JSON.parse(key) as AuditQuery, offset: shown.length, limit: AUDIT_PAGE_SIZE });
    setLoadingMore(false);
    if (latest.current !== key) return;
    if (!result.ok) return setMoreError(result.error);
    // Entries written since the first page push older ones down: skip any already shown.
    const seen = new Set(shown.map((e) => e.seq));
    setLoad({ state: 'ready', value: { entries: [...shown, ...result.value.entries.filter((e) => !seen.has(e.seq))], total: result.value.total } });
  }

  return { load, loadMore, loadingMore, moreError, refresh: () => setReload((n) => n + 1) };
}
