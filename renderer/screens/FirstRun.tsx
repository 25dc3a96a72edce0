import { useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { newPassphraseProblem } from '../app/new-passphrase.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { NewPassphraseFields } from '../components/NewPassphraseFields.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';
import { RestoreForm } from './RestoreForm.js';

/** A new vault: a passphrase typed twice, with its strength. */
function CreateVaultForm({ onCreated }: { readonly onCreated: (status: VaultStatus) => void }) {
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
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Create vault">
      <NewPassphraseFields
        id="new-passphrase"
        label="Passphrase"
        confirmLabel="Confirm passphrase"
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
        <span>Show passphrase</span>
      </label>
      {error && serverField !== 'passphrase' ? <ErrorAlert error={error} title="The vault was not created" /> : null}
      <Button type="submit" variant="primary" busy={busy} className="btn-block">
        {busy ? 'Creating vault…' : 'Create vault'}
      </Button>
    </form>
  );
}

/** No vault here yet: create one, or restore one from a backup file. Either ends in the unlocked app. */
export function FirstRun({ onOpened }: { readonly onOpened: (status: VaultStatus) => void }) {
  const [mode, setMode] = useState<'create' | 'restore'>('create');

  if (mode === 'restore') {
    return (
      <AuthScreen
        title="Restore from a backup"
        lead={
          <>
            <p>Choose a backup file Certwright wrote (Settings → Backup…) and enter the passphrase the vault had when the backup was made.</p>
            <p>Certwright checks the whole file before it writes anything: a damaged or altered backup is refused.</p>
          </>
        }
        footer={
          <button type="button" className="link" onClick={() => setMode('create')}>
            Create a new, empty vault instead
          </button>
        }
      >
        <RestoreForm onRestored={onOpened} />
      </AuthScreen>
    );
  }

  return (
    <AuthScreen
      title="Create your vault"
      lead={
        <>
          <p>Certwright keeps the private keys of your certificate authorities in an encrypted vault on this computer.</p>
          <p>Choose a passphrase to protect it. <strong>It cannot be recovered</strong>: without it, the keys are gone.</p>
        </>
      }
      footer="Keys are sealed with AES-256-GCM under a key derived from your passphrase with scrypt."
    >
      <CreateVaultForm onCreated={onOpened} />
      <div className="auth-alt">
        <p className="muted">Moving to a new computer, or starting over after a damaged vault?</p>
        <Button onClick={() => setMode('restore')}>Restore from a backup…</Button>
      </div>
    </AuthScreen>
  );
}
