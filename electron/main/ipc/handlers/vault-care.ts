import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, sourceOf, type Platform } from './platform.js';

type VaultCareHandlers = Pick<Handlers, 'vault.changePassphrase' | 'vault.backup' | 'vault.restore' | 'vault.restoreTo' | 'settings.get' | 'settings.updateExpiry' | 'settings.updateSecurity' | 'audit.list' | 'audit.verify' | 'audit.export'>;

export function vaultCareHandlers({ vaultCare, session }: Services, platform: Platform): VaultCareHandlers {
  return {
    'vault.changePassphrase': async ({ current, next }) => {
      await vaultCare.changePassphrase(current, next);
      return { state: session.status().state };
    },
    'vault.backup': async () => vaultCare.backup(destinationOf(platform)),
    'vault.restore': async ({ passphrase }) => {
      if (!(await vaultCare.restoreHere(passphrase, sourceOf(platform)))) return null;
      // A restore opens the vault it restored: the same follow-up as an unlock.
      await session.opened();
      return { state: session.status().state };
    },
    'vault.restoreTo': async ({ passphrase }) => vaultCare.restoreElsewhere(passphrase, sourceOf(platform), destinationOf(platform)),
    'settings.get': async () => vaultCare.settings(),
    'settings.updateExpiry': async (expiry) => vaultCare.updateExpirySettings(expiry),
    'settings.updateSecurity': async (security) => vaultCare.updateSecuritySettings(security),
    'audit.list': async (input) => vaultCare.auditEntries(input),
    'audit.verify': async () => vaultCare.verifyAudit(),
    'audit.export': async (input) => vaultCare.exportAudit(input, destinationOf(platform)),
  };
}
