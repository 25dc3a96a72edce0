import { usePassphraseSubmit } from '../app/usePassphraseSubmit.js';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { useT } from '../i18n/use-t.js';
import { call } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

interface UnlockProps {
  readonly onUnlocked: (status: VaultStatus) => void;
  /** Why the vault locked itself, in words (lockedBecauseText); absent after the user locked it. */
  readonly because?: string | undefined;
}

export function Unlock({ onUnlocked, because }: UnlockProps) {
  const t = useT();
  const { passphrase, change, busy, empty, error, input, submit } = usePassphraseSubmit((p) => call('vault.unlock', { passphrase: p }), onUnlocked);

  return (
    <AuthScreen title={t('auth:unlock.title')} lead={<p>{t('auth:unlock.lead')}</p>}>
      {because ? (
        <Notice>
          <p className="alert-title">{because}</p>
          <p>{t('auth:unlock.dropped')}</p>
        </Notice>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('auth:unlock.form')}>
        <TextField
          ref={input}
          id="unlock-passphrase"
          label={t('auth:unlock.passphrase')}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          onValueChange={change}
          error={empty ? t('auth:unlock.passphraseMissing') : undefined}
          disabled={busy}
        />
        {error ? <ErrorAlert error={error} title={error.code === 'WRONG_PASSPHRASE' ? t('auth:unlock.wrongPassphrase') : t('auth:unlock.failed')} /> : null}
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          {busy ? t('auth:unlock.unlocking') : t('auth:unlock.submit')}
        </Button>
      </form>
    </AuthScreen>
  );
}
