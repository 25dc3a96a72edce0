import type { VaultStatus } from '../../../../shared/domain/vault.js';
import type { ExpiryWatch } from '../../../services/expiry-watch.js';
import type { Renewing } from '../../../services/renewing.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type VaultHandlers = Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.activity'>;

export function vaultHandlers({ vault, autoLock }: Services, renewing: Renewing, watch: ExpiryWatch | null): VaultHandlers {
  // Whatever locks the vault (the user, idle, suspend, screen lock, the last window), the daily watch stops.
  autoLock?.onLock(() => watch?.stop());
  const status = (): VaultStatus => {
    const state = vault.state();
    const because = state === 'locked' ? autoLock?.lockedBecause : null;
    return because ? { state, lockedBecause: because } : { state };
  };
  return {
    'vault.status': async () => status(),
    'vault.create': async ({ passphrase }) => {
      await vault.create(passphrase);
      autoLock?.start();
      watch?.start();
      return status();
    },
    'vault.unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      autoLock?.start();
      // Old certificates whose overlap after a renewal has ended are revoked as superseded now. A
      // failure here (a CA that cannot sign just now) must not keep the vault shut: the daily check
      // and the next unlock try again.
      await renewing.applyScheduled().catch(() => 0);
      // The app's start, as far as expiry goes: look now, then daily while unlocked.
      watch?.start();
      return status();
    },
    'vault.lock': async () => {
      autoLock?.lockNow('user'); // not announced: this window asked
      watch?.stop();
      vault.lock();
      return status();
    },
    // The window's pings (every routed call counts as activity too, in the router). A locked vault
    // answers VAULT_LOCKED, so a window that missed the vault.locked event still learns of the lock.
    'vault.activity': async () => {
      vault.assertUnlocked();
      autoLock?.touch();
      return null;
    },
  };
}
