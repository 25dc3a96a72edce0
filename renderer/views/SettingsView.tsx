import type { SecuritySettings } from '../../shared/domain/vault.js';
import { Button } from '../components/Button.js';
import { Icon } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';
import { PageHead } from './PageHead.js';
import { BackupCard } from './settings/BackupCard.js';
import { ExpiryWarningsCard } from './settings/ExpiryWarningsCard.js';
import { LanguageCard } from './settings/LanguageCard.js';
import { PassphraseCard } from './settings/PassphraseCard.js';
import { RestoreElsewhereCard } from './settings/RestoreElsewhereCard.js';
import { SecurityCard } from './settings/SecurityCard.js';
import { WatchingCard } from './settings/WatchingCard.js';

interface SettingsViewProps {
  readonly onLock: () => void;
  readonly locking: boolean;
  readonly onSecurityChanged: (security: SecuritySettings) => void;
}

export function SettingsView({ onLock, locking, onSecurityChanged }: SettingsViewProps) {
  const t = useT();
  return (
    <section className="view" aria-labelledby="settings-title">
      <PageHead id="settings-title" eyebrow={t('settings:page.eyebrow')} title={t('settings:page.title')} />
      <div className="card settings-card">
        <div className="settings-row">
          <div>
            <h2 className="settings-title">{t('settings:vault.title')}</h2>
            <p className="muted">{t('settings:vault.lead')}</p>
          </div>
          <Button onClick={onLock} busy={locking} icon={<Icon name="lock" />}>
            {t('settings:vault.lockNow')}
          </Button>
        </div>
      </div>
      <LanguageCard />
      <SecurityCard onSaved={onSecurityChanged} />
      <BackupCard />
      <RestoreElsewhereCard />
      <PassphraseCard />
      <ExpiryWarningsCard />
      <WatchingCard />
      <div className="card settings-card">
        <h2 className="settings-title">{t('settings:planned.title')}</h2>
        <ul className="planned">
          <li>{t('settings:planned.theme')}</li>
          <li>{t('settings:planned.defaults')}</li>
        </ul>
      </div>
    </section>
  );
}
