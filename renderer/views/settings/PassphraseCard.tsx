import { useRef, useState, type FormEvent } from 'react';
import { newPassphraseProblem } from '../../app/new-passphrase.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { TextField } from '../../components/Field.js';
import { NewPassphraseFields } from '../../components/NewPassphraseFields.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';

/** Where main's refusal goes: the current passphrase when it was wrong, the new one when it names it, else below the form. */
function errorPlace(error: IpcError): 'current' | 'next' | 'form' {
  const field = errorField(error);
  if (error.code === 'WRONG_PASSPHRASE' || field === 'current') return 'current';
  return field === 'next' ? 'next' : 'form';
}

/** Main's words for the current passphrase; a wrong one in this form's own words (main's speak of unlocking). */
function currentMessage(error: IpcError, t: ReturnType<typeof useT>): string {
  return error.code === 'WRONG_PASSPHRASE' ? t('settings:passphrase.currentWrong') : fieldMessage(error);
}

/** Change passphrase…: the current one, the new one twice; main re-seals the vault under it. */
export function PassphraseCard() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [changed, setChanged] = useState(false);
  const currentInput = useRef<HTMLInputElement>(null);
  const nextInput = useRef<HTMLInputElement>(null);
  const confirmationInput = useRef<HTMLInputElement>(null);

  function start() {
    setOpen(true);
    setChanged(false);
  }

  function close() {
    setOpen(false);
    setCurrent('');
    setNext('');
    setConfirmation('');
    setSubmitted(false);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (current === '') return currentInput.current?.focus();
    const problem = newPassphraseProblem(next, confirmation);
    if (problem) return (problem.field === 'passphrase' ? nextInput : confirmationInput).current?.focus();
    setBusy(true);
    const result = await call('vault.changePassphrase', { current, next });
    setBusy(false);
    if (result.ok) {
      close();
      setChanged(true);
      return;
    }
    setError(result.error);
    if (errorPlace(result.error) === 'current') {
      setCurrent('');
      currentInput.current?.focus();
    }
  }

  const place = error ? errorPlace(error) : null;
  return (
    <section className="card settings-card settings-form-card" aria-labelledby="passphrase-title">
      <div className="settings-row">
        <div>
          <h2 id="passphrase-title" className="settings-title">
            {t('settings:passphrase.title')}
          </h2>
          <p className="muted">{t('settings:passphrase.lead')}</p>
        </div>
        {open ? null : (
          <Button onClick={start} icon={<Icon name="key" />}>
            {t('settings:passphrase.change')}
          </Button>
        )}
      </div>
      {changed ? (
        <Notice tone="success">
          <p>{t('settings:passphrase.changed')}</p>
        </Notice>
      ) : null}
      {open ? (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('settings:passphrase.form')}>
          <TextField
            ref={currentInput}
            id="current-passphrase"
            label={t('settings:passphrase.current')}
            type="password"
            autoComplete="current-password"
            autoFocus
            value={current}
            onValueChange={(v) => {
              setCurrent(v);
              if (place === 'current') setError(null);
            }}
            error={place === 'current' && error ? currentMessage(error, t) : submitted && current === '' ? t('settings:passphrase.currentMissing') : undefined}
          />
          <NewPassphraseFields
            id="next-passphrase"
            label={t('settings:passphrase.next')}
            confirmLabel={t('settings:passphrase.confirm')}
            passphrase={next}
            confirmation={confirmation}
            onPassphraseChange={(v) => {
              setNext(v);
              if (place === 'next') setError(null);
            }}
            onConfirmationChange={setConfirmation}
            reveal={false}
            submitted={submitted}
            serverError={place === 'next' && error ? fieldMessage(error) : undefined}
            passphraseRef={nextInput}
            confirmationRef={confirmationInput}
          />
          {error && place === 'form' ? <ErrorAlert error={error} title={t('settings:passphrase.failed')} /> : null}
          <div className="actions">
            <Button onClick={close} disabled={busy}>
              {t('common:action.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy}>
              {busy ? t('settings:passphrase.changing') : t('settings:passphrase.submit')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
