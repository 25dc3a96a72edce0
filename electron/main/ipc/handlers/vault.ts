import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';

type VaultHandlers = Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.activity'>;

export function vaultHandlers({ session }: Services): VaultHandlers {
  return {
    'vault.status': async () => session.status(),
    'vault.create': async ({ passphrase }) => session.create(passphrase),
    'vault.unlock': async ({ passphrase }) => session.unlock(passphrase),
    'vault.lock': async () => session.lock(),
    'vault.activity': async () => {
      session.activity();
      return null;
    },
  };
}
