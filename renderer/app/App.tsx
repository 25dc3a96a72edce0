/**
 * The top of the renderer: asks main about the vault, then shows first run, unlock or the app.
 * Every transition comes from a Result main returned; nothing is assumed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { VaultState } from '../../shared/domain/vault.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { call, type IpcError } from '../ipc/client.js';
import { FirstRun } from '../screens/FirstRun.js';
import { Unlock } from '../screens/Unlock.js';
import { Shell } from './Shell.js';

type Boot = { readonly phase: 'loading' } | { readonly phase: 'failed'; readonly error: IpcError } | { readonly phase: VaultState };

export function App() {
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });

  const check = useCallback(async () => {
    const result = await call('vault.status', {});
    setBoot(result.ok ? { phase: result.value.state } : { phase: 'failed', error: result.error });
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const locked = useCallback(() => setBoot({ phase: 'locked' }), []);
  const toState = useCallback((state: VaultState) => setBoot({ phase: state }), []);

  switch (boot.phase) {
    case 'loading':
      return (
        <main className="boot" aria-busy="true">
          <p className="muted">Opening Certwright…</p>
        </main>
      );
    case 'failed':
      return (
        <main className="boot">
          <div className="boot-card">
            <ErrorAlert error={boot.error} title="Certwright could not open its vault">
              <Button onClick={() => void check()}>Try again</Button>
            </ErrorAlert>
          </div>
        </main>
      );
    case 'uninitialized':
      return <FirstRun onCreated={(status) => toState(status.state)} />;
    case 'locked':
      return <Unlock onUnlocked={(status) => toState(status.state)} />;
    case 'unlocked':
      return <Shell onLocked={locked} />;
  }
}
