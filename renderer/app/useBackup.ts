import { useState } from 'react';
import type { BackupResult } from '../../shared/domain/vault.js';
import { call, type IpcError } from '../ipc/client.js';

/**
 * vault.backup (main asks where to save it): the file written, or the error. A closed dialog wrote
 * nothing and shows nothing. `onWritten` runs after a backup was written (e.g. to refresh a panel).
 */
export function useBackup(onWritten?: () => void) {
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<BackupResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  async function backup() {
    setBusy(true);
    setError(null);
    setWritten(null);
    const result = await call('vault.backup', {});
    setBusy(false);
    if (!result.ok) setError(result.error);
    else if (!result.value.cancelled) {
      setWritten(result.value);
      onWritten?.();
    }
  }

  return { busy, written, error, backup };
}
