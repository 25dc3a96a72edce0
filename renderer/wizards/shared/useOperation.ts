import { useCallback, useRef, useState } from 'react';
import { wordOf } from '../../i18n/instance.js';
import { newOperationId, subscribe, type Result } from '../../ipc/client.js';

export interface Progress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

/**
 * Runs one long call with a fresh operation id and feeds `operation.progress` events for that id
 * into state, for a real progress bar. Only one run at a time.
 */
export function useOperation(starting: Progress) {
  const [progress, setProgress] = useState<Progress>(starting);
  const [running, setRunning] = useState(false);
  const busy = useRef(false);

  const run = useCallback(
    async <T>(start: (operationId: string) => Promise<Result<T>>): Promise<Result<T> | null> => {
      if (busy.current) return null;
      busy.current = true;
      setRunning(true);
      setProgress(starting);
      const operationId = newOperationId();
      const unsubscribe = subscribe('operation.progress', (p) => {
        if (p.operationId === operationId) setProgress({ step: wordOf(p.step), done: p.done, total: p.total });
      });
      try {
        return await start(operationId);
      } finally {
        unsubscribe();
        busy.current = false;
        setRunning(false);
      }
    },
    [starting],
  );

  return { progress, running, run };
}
