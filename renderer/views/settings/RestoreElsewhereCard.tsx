import { useState } from 'react';
import { usePassphraseSubmit } from '../../app/usePassphraseSubmit.js';
import type { RestoredElsewhere } from '../../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { call, type IpcError } from '../../ipc/client.js';

const RESTORE_FAILED: Partial<Record<IpcError['code'], string>> = {
  WRONG_PASSPHRASE: 'Wrong passphrase for this backup: nothing was restored',
  BACKUP_INVALID: 'This backup cannot be restored: nothing was written',
  INVALID_INPUT: 'Choose an empty folder: nothing was restored',
};

/**
 * Restore…: a backup restored into an empty folder the user picks — to move a vault, or to prove a
 * backup restores (a restore drill). The open vault is not touched; main says what the copy holds.
 */
export function RestoreElsewhereCard() {
  const [restored, setRestored] = useState<RestoredElsewhere | null>(null);
  const { passphrase, change, clear, busy, empty, error, submit } = usePassphraseSubmit(
    (p) => {
      setRestored(null);
      return call('vault.restoreTo', { passphrase: p });
    },
    (result) => {
      if (result.cancelled) return;
      setRestored(result);
      clear();
    },
  );

  return (
    <section className="card settings-card settings-form-card" aria-labelledby="restore-title">
      <h2 id="restore-title" className="settings-title">
        Restore
      </h2>
      <p className="muted">
        Restores a backup into an empty folder you choose, leaving this vault as it is: to move a vault to another place, or to prove a backup restores before you need it. To replace this vault, move its folder
        aside and restore on the first-run screen.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Restore a backup into another folder">
        <TextField
          id="restore-elsewhere-passphrase"
          label="Backup passphrase"
          type="password"
          autoComplete="off"
          value={passphrase}
          onValueChange={change}
          hint="The vault passphrase on the day the backup was made."
          error={empty ? 'Enter the passphrase of the backup' : undefined}
          disabled={busy}
        />
        <div className="form-actions-start">
          <Button type="submit" busy={busy}>
            {busy ? 'Restoring…' : 'Choose backup and folder…'}
          </Button>
        </div>
      </form>
      {error ? <ErrorAlert error={error} title={RESTORE_FAILED[error.code] ?? 'The backup was not restored'} /> : null}
      {restored ? (
        <Notice tone="success">
          <p className="alert-title">Restored into {restored.folder}</p>
          <p>
            {restored.authorities} {restored.authorities === 1 ? 'authority' : 'authorities'}, {restored.certificates} {restored.certificates === 1 ? 'certificate' : 'certificates'} and {restored.auditEntries} audit
            entries; every file and the audit log checked. Open it with <code>certwright --vault "{restored.folder}"</code>.
          </p>
        </Notice>
      ) : null}
    </section>
  );
}
