import type { SecuritySettings } from '../../shared/domain/vault.js';
import { Button } from '../components/Button.js';
import { Icon } from '../components/Icon.js';
import { PageHead } from './PageHead.js';
import { BackupCard } from './settings/BackupCard.js';
import { ExpiryWarningsCard } from './settings/ExpiryWarningsCard.js';
import { PassphraseCard } from './settings/PassphraseCard.js';
import { RestoreElsewhereCard } from './settings/RestoreElsewhereCard.js';
import { SecurityCard } from './settings/SecurityCard.js';

interface SettingsViewProps {
  readonly onLock: () => void;
  readonly locking: boolean;
  readonly onSecurityChanged: (security: SecuritySettings) => void;
}

export function SettingsView({ onLock, locking, onSecurityChanged }: SettingsViewProps) {
  return (
    <section className="view" aria-labelledby="settings-title">
      <PageHead id="settings-title" eyebrow="Preferences" title="Settings" />
      <div className="card settings-card">
        <div className="settings-row">
          <div>
            <h2 className="settings-title">Vault</h2>
            <p className="muted">Locking forgets the key that opens the vault. Certwright asks for the passphrase again before any key can be used.</p>
          </div>
          <Button onClick={onLock} busy={locking} icon={<Icon name="lock" />}>
            Lock vault now
          </Button>
        </div>
      </div>
      <SecurityCard onSaved={onSecurityChanged} />
      <BackupCard />
      <RestoreElsewhereCard />
      <PassphraseCard />
      <ExpiryWarningsCard />
      <div className="card settings-card">
        <h2 className="settings-title">Coming next</h2>
        <ul className="planned">
          <li>Theme: follow the system, light or dark (today it follows the system)</li>
          <li>Default validity and key algorithm for new certificates</li>
        </ul>
      </div>
    </section>
  );
}
