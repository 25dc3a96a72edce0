import { useCallback, useRef, useState } from 'react';
import { call, type IpcError } from '../../ipc/client.js';

/**
 * Cancel for a long operation main runs under an operation id (operation.cancel): main stops where
 * it safely can and the operation's own answer says what was done, so this only asks and shows that
 * it asked (or why it could not).
 */
export function useCancel() {
  const running = useRef<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  /** The operation started: Cancel now reaches it. */
  const started = useCallback((operationId: string) => {
    running.current = operationId;
    setCancelling(false);
    setError(null);
  }, []);

  /** The operation answered: nothing left to cancel. */
  const finished = useCallback(() => {
    running.current = null;
    setCancelling(false);
  }, []);

  const cancel = useCallback(async () => {
    const operationId = running.current;
    if (!operationId) return;
    setCancelling(true);
    const result = await call('operation.cancel', { operationId });
    if (!result.ok) {
      setCancelling(false);
      setError(result.error);
    }
  }, []);

  return { started, finished, cancel, cancelling, error };
}
