import { useBackup } from '../../app/useBackup.js';
import { ErrorAlert } from '../../components/Alert.js';
import { BackupWritten } from '../../components/BackupWritten.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';

/** Backup…: one encrypted file holding the whole vault, saved where the user chooses. */
export function BackupCard() {
  const { busy, written, error, backup } = useBackup();
  return (
    <section className="card settings-card settings-form-card" aria-labelledby="backup-title">
      <div className="settings-row">
        <div>
          <h2 id="backup-title" className="settings-title">
            Backup
          </h2>
          <p className="muted">
            One encrypted, authenticated file with every authority, key, certificate, revocation and the audit log. It opens only with the vault's passphrase. Restore it on the first-run screen, into an empty
            location.
          </p>
        </div>
        <Button onClick={() => void backup()} busy={busy} icon={<Icon name="download" />}>
          Backup…
        </Button>
      </div>
      {error ? <ErrorAlert error={error} title="No backup was written" /> : null}
      {written ? <BackupWritten backup={written} /> : null}
    </section>
  );
}
