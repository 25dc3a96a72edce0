import { usePassphraseSubmit } from '../app/usePassphraseSubmit.js';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { call, type IpcError } from '../ipc/client.js';

const RESTORE_FAILED: Partial<Record<IpcError['code'], string>> = {
  WRONG_PASSPHRASE: 'Wrong passphrase for this backup: nothing was restored',
  BACKUP_INVALID: 'This backup cannot be restored: nothing was written',
  VAULT_EXISTS: 'There is already a vault here: nothing was restored',
};

/**
 * The backup's passphrase, then main's file dialog: vault.restore checks the file and the passphrase
 * and writes the vault only into an empty location. Closing the dialog changes nothing.
 */
export function RestoreForm({ onRestored }: { readonly onRestored: (status: VaultStatus) => void }) {
  // null: the dialog was closed, nothing changed.
  const { passphrase, change, busy, empty, error, input, submit } = usePassphraseSubmit((p) => call('vault.restore', { passphrase: p }), (status) => status && onRestored(status));

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Restore from a backup">
      <TextField
        ref={input}
        id="restore-passphrase"
        label="Backup passphrase"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={passphrase}
        onValueChange={change}
        hint="The passphrase of the vault the backup was made from. It becomes this vault's passphrase."
        error={empty ? 'Enter the passphrase of the backup' : undefined}
        disabled={busy}
      />
      {error ? <ErrorAlert error={error} title={RESTORE_FAILED[error.code] ?? 'The vault was not restored'} /> : null}
      <Button type="submit" variant="primary" busy={busy} className="btn-block">
        {busy ? 'Restoring…' : 'Choose backup file and restore…'}
      </Button>
    </form>
  );
}
