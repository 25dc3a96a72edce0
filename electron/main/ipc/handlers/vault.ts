import type { VaultStatus } from '../../../../shared/domain/vault.js';
import type { ExpiryWatch } from '../../pki/expiry-watch.js';
import type { Renewing } from '../../pki/renewing.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type VaultHandlers = Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock'>;

export function vaultHandlers({ vault }: Services, renewing: Renewing, watch: ExpiryWatch | null): VaultHandlers {
  const status = (): VaultStatus => ({ state: vault.state() });
  return {
    'vault.status': async () => status(),
    'vault.create': async ({ passphrase }) => {
      await vault.create(passphrase);
      watch?.start();
      return status();
    },
    'vault.unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      // Old certificates whose overlap after a renewal has ended are revoked as superseded now. A
      // failure here (a CA that cannot sign just now) must not keep the vault shut: the daily check
      // and the next unlock try again.
      await renewing.applyScheduled().catch(() => 0);
      // The app's start, as far as expiry goes: look now, then daily while unlocked.
      watch?.start();
      return status();
    },
    'vault.lock': async () => {
      watch?.stop();
      vault.lock();
      return status();
    },
  };
}
