import { usePassphraseSubmit } from '../app/usePassphraseSubmit.js';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { useT } from '../i18n/use-t.js';
import { call, type IpcError } from '../ipc/client.js';

/** The alert's title for main's refusal. */
function failedTitle(code: IpcError['code'], t: ReturnType<typeof useT>): string {
  switch (code) {
    case 'WRONG_PASSPHRASE':
      return t('auth:restore.wrongPassphrase');
    case 'BACKUP_INVALID':
      return t('auth:restore.invalid');
    case 'VAULT_EXISTS':
      return t('auth:restore.exists');
    default:
      return t('auth:restore.failed');
  }
}

/**
 * The backup's passphrase, then main's file dialog: vault.restore checks the file and the passphrase
 * and writes the vault only into an empty location. Closing the dialog changes nothing.
 */
export function RestoreForm({ onRestored }: { readonly onRestored: (status: VaultStatus) => void }) {
  const t = useT();
  // null: the dialog was closed, nothing changed.
  const { passphrase, change, busy, empty, error, input, submit } = usePassphraseSubmit((p) => call('vault.restore', { passphrase: p }), (status) => status && onRestored(status));

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('auth:restore.title')}>
      <TextField
        ref={input}
        id="restore-passphrase"
        label={t('auth:restore.passphrase')}
        type="password"
        autoComplete="current-password"
        autoFocus
        value={passphrase}
        onValueChange={change}
        hint={t('auth:restore.passphraseHint')}
        error={empty ? t('auth:restore.passphraseMissing') : undefined}
        disabled={busy}
      />
      {error ? <ErrorAlert error={error} title={failedTitle(error.code, t)} /> : null}
      <Button type="submit" variant="primary" busy={busy} className="btn-block">
        {busy ? t('auth:restore.restoring') : t('auth:restore.submit')}
      </Button>
    </form>
  );
}
