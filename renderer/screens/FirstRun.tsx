import { useRef, useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { newPassphraseProblem } from '../app/new-passphrase.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { NewPassphraseFields } from '../components/NewPassphraseFields.js';
import { useT } from '../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';
import { RestoreForm } from './RestoreForm.js';

/** A new vault: a passphrase typed twice, with its strength. */
function CreateVaultForm({ onCreated }: { readonly onCreated: (status: VaultStatus) => void }) {
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [reveal, setReveal] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const passphraseInput = useRef<HTMLInputElement>(null);
  const confirmationInput = useRef<HTMLInputElement>(null);

  const serverField = error ? errorField(error) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    const problem = newPassphraseProblem(passphrase, confirmation);
    if (problem) return (problem.field === 'passphrase' ? passphraseInput : confirmationInput).current?.focus();
    setBusy(true);
    const result = await call('vault.create', { passphrase });
    setBusy(false);
    if (result.ok) onCreated(result.value);
    else setError(result.error);
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('auth:create.form')}>
      <NewPassphraseFields
        id="new-passphrase"
        label={t('auth:create.passphrase')}
        confirmLabel={t('auth:create.confirm')}
        passphrase={passphrase}
        confirmation={confirmation}
        onPassphraseChange={(v) => {
          setPassphrase(v);
          if (serverField === 'passphrase') setError(null);
        }}
        onConfirmationChange={setConfirmation}
        reveal={reveal}
        submitted={submitted}
        serverError={serverField === 'passphrase' && error ? fieldMessage(error) : undefined}
        autoFocus
        passphraseRef={passphraseInput}
        confirmationRef={confirmationInput}
      />
      <label className="checkbox">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        <span>{t('auth:create.show')}</span>
      </label>
      {error && serverField !== 'passphrase' ? <ErrorAlert error={error} title={t('auth:create.failed')} /> : null}
      <Button type="submit" variant="primary" busy={busy} className="btn-block">
        {busy ? t('auth:create.creating') : t('auth:create.submit')}
      </Button>
    </form>
  );
}

/** No vault here yet: create one, or restore one from a backup file. Either ends in the unlocked app. */
export function FirstRun({ onOpened }: { readonly onOpened: (status: VaultStatus) => void }) {
  const t = useT();
  const [mode, setMode] = useState<'create' | 'restore'>('create');

  if (mode === 'restore') {
    return (
      <AuthScreen
        title={t('auth:restore.title')}
        lead={
          <>
            <p>{t('auth:restore.lead')}</p>
            <p>{t('auth:restore.checked')}</p>
          </>
        }
        footer={
          <button type="button" className="link" onClick={() => setMode('create')}>
            {t('auth:restore.createInstead')}
          </button>
        }
      >
        <RestoreForm onRestored={onOpened} />
      </AuthScreen>
    );
  }

  return (
    <AuthScreen
      title={t('auth:create.title')}
      lead={
        <>
          <p>{t('auth:create.lead')}</p>
          <p>
            <Trans t={t} i18nKey="auth:create.noRecovery" components={{ 1: <strong /> }} />
          </p>
        </>
      }
      footer={t('auth:create.footer')}
    >
      <CreateVaultForm onCreated={onOpened} />
      <div className="auth-alt">
        <p className="muted">{t('auth:create.moving')}</p>
        <Button onClick={() => setMode('restore')}>{t('auth:create.restore')}</Button>
      </div>
    </AuthScreen>
  );
}
