import type { VaultStatus } from '../../../../shared/domain/vault.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type VaultHandlers = Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock'>;

export function vaultHandlers({ vault }: Services): VaultHandlers {
  const status = (): VaultStatus => ({ state: vault.state() });
  return {
    'vault.status': async () => status(),
    'vault.create': async ({ passphrase }) => {
      await vault.create(passphrase);
      return status();
    },
    'vault.unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      return status();
    },
    'vault.lock': async () => {
      vault.lock();
      return status();
    },
  };
}
