/**
 * The top of the renderer: asks main about the vault, then shows first run, unlock, the app, or the
 * tampered-vault screen. Every transition comes from a Result or an event main sent; nothing is assumed.
 * The vault locking itself (the vault.locked event, or any call answering VAULT_LOCKED) and a vault
 * failing its integrity check (any call answering VAULT_TAMPERED) are handled here, once, for every view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LockReason, SecuritySettings, VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert } from '../components/Alert.js';
import { announce } from '../components/Announcer.js';
import { Button } from '../components/Button.js';
import { useT } from '../i18n/use-t.js';
import { call, onVaultRefusal, subscribe, type IpcError } from '../ipc/client.js';
import { FirstRun } from '../screens/FirstRun.js';
import { Tampered } from '../screens/Tampered.js';
import { Unlock } from '../screens/Unlock.js';
import { lockedBecauseText } from './lock-reason.js';
import { Shell } from './Shell.js';

type Boot =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly error: IpcError }
  | { readonly phase: 'uninitialized' | 'unlocked' }
  | { readonly phase: 'locked'; readonly because?: LockReason | undefined }
  /** `stillThere`: asked again, main still finds the vault that failed at its location. */
  | { readonly phase: 'tampered'; readonly error: IpcError; readonly stillThere?: boolean };

const fromStatus = (status: VaultStatus): Boot => (status.state === 'locked' ? { phase: 'locked', because: status.lockedBecause } : { phase: status.state });

export function App() {
  const t = useT();
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [checking, setChecking] = useState(false);
  // The idle time, for "Locked after 15 minutes without use": read at unlock, updated when Settings saves it.
  const [idleMinutes, setIdleMinutes] = useState<number | null>(null);
  const unlocked = boot.phase === 'unlocked';

  /** Asks main about the vault; `tampered`: from the tampered screen, which stays while that vault is still there. */
  const check = useCallback(async (tampered?: IpcError) => {
    setChecking(true);
    const result = await call('vault.status', {});
    setChecking(false);
    if (result.ok) setBoot(tampered && result.value.state === 'locked' ? { phase: 'tampered', error: tampered, stillThere: true } : fromStatus(result.value));
    // A VAULT_TAMPERED answer has already shown its screen (below).
    else if (result.error.code !== 'VAULT_TAMPERED') setBoot({ phase: 'failed', error: result.error });
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  useEffect(
    () =>
      onVaultRefusal((error) => {
        if (error.code === 'VAULT_TAMPERED') setBoot({ phase: 'tampered', error });
        // Locked under the app: main's status says so, and why.
        else void check();
      }),
    [check],
  );

  useEffect(
    () =>
      subscribe('vault.locked', ({ reason }) => {
        setBoot((current) => (current.phase === 'unlocked' || current.phase === 'locked' ? { phase: 'locked', because: reason } : current));
      }),
    [],
  );

  useEffect(() => {
    if (unlocked) void call('settings.get', {}).then((result) => result.ok && setIdleMinutes(result.value.security.autoLockMinutes));
  }, [unlocked]);
  const securityChanged = useCallback((security: SecuritySettings) => setIdleMinutes(security.autoLockMinutes), []);

  const lockedByUser = useCallback(() => setBoot({ phase: 'locked' }), []);

  // However it locked (the user, idle, suspend), a screen reader hears it: the whole window changes.
  const previousPhase = useRef(boot.phase);
  useEffect(() => {
    if (previousPhase.current === 'unlocked' && boot.phase === 'locked') announce(t('a11y:announce.vaultLocked'));
    previousPhase.current = boot.phase;
  }, [boot.phase, t]);
  const opened = useCallback((status: VaultStatus) => setBoot(fromStatus(status)), []);

  switch (boot.phase) {
    case 'loading':
      return (
        <main className="boot" aria-busy="true">
          <p className="muted">{t('app:boot.opening')}</p>
        </main>
      );
    case 'failed':
      return (
        <main className="boot">
          <div className="boot-card">
            <ErrorAlert error={boot.error} title={t('app:boot.failed')}>
              <Button onClick={() => void check()}>{t('app:boot.tryAgain')}</Button>
            </ErrorAlert>
          </div>
        </main>
      );
    case 'tampered':
      return <Tampered error={boot.error} stillThere={boot.stillThere ?? false} onCheckAgain={() => void check(boot.error)} onUnlockAgain={lockedByUser} checking={checking} />;
    case 'uninitialized':
      return <FirstRun onOpened={opened} />;
    case 'locked':
      return <Unlock onUnlocked={opened} because={lockedBecauseText(boot.because, idleMinutes)} />;
    case 'unlocked':
      return <Shell onLocked={lockedByUser} onSecurityChanged={securityChanged} />;
  }
}
