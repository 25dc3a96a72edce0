import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { call, type IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

interface UnlockProps {
  readonly onUnlocked: (status: VaultStatus) => void;
  /** Why the vault locked itself, in words (lockedBecauseText); absent after the user locked it. */
  readonly because?: string | undefined;
}

export function Unlock({ onUnlocked, because }: UnlockProps) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // After a wrong passphrase the field is emptied; put the cursor back once it is enabled again.
  useEffect(() => {
    if (error?.code === 'WRONG_PASSPHRASE') input.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (passphrase === '') {
      setEmpty(true);
      input.current?.focus();
      return;
    }
    setBusy(true);
    const result = await call('vault.unlock', { passphrase });
    setBusy(false);
    if (result.ok) {
      onUnlocked(result.value);
      return;
    }
    setError(result.error);
    if (result.error.code === 'WRONG_PASSPHRASE') setPassphrase('');
  }

  return (
    <AuthScreen title="Unlock your vault" lead={<p>The vault is locked. Enter its passphrase to work with your certificate authorities.</p>}>
      {because ? (
        <Notice>
          <p className="alert-title">{because}</p>
          <p>Its keys were dropped from memory. Unlock to carry on; a form you had open starts afresh.</p>
        </Notice>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Unlock vault">
        <TextField
          ref={input}
          id="unlock-passphrase"
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          onValueChange={(v) => {
            setPassphrase(v);
            setEmpty(false);
          }}
          error={empty ? 'Enter the passphrase' : undefined}
          disabled={busy}
        />
        {error ? <ErrorAlert error={error} title={error.code === 'WRONG_PASSPHRASE' ? 'Wrong passphrase' : 'The vault could not be unlocked'} /> : null}
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          {busy ? 'Unlocking…' : 'Unlock'}
        </Button>
      </form>
    </AuthScreen>
  );
}
