import { useBackup } from '../../app/useBackup.js';
import { ErrorAlert } from '../../components/Alert.js';
import { BackupWritten } from '../../components/BackupWritten.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';

/** Backup…: one encrypted file holding the whole vault, saved where the user chooses. */
export function BackupCard() {
  const t = useT();
  const { busy, written, error, backup } = useBackup();
  return (
    <section className="card settings-card settings-form-card" aria-labelledby="backup-title">
      <div className="settings-row">
        <div>
          <h2 id="backup-title" className="settings-title">
            {t('settings:backup.title')}
          </h2>
          <p className="muted">{t('settings:backup.lead')}</p>
        </div>
        <Button onClick={() => void backup()} busy={busy} icon={<Icon name="download" />}>
          {t('settings:backup.button')}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} title={t('settings:backup.failed')} /> : null}
      {written ? <BackupWritten backup={written} /> : null}
    </section>
  );
}
