import { usePassphraseSubmit } from '../app/usePassphraseSubmit.js';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { call } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

interface UnlockProps {
  readonly onUnlocked: (status: VaultStatus) => void;
  /** Why the vault locked itself, in words (lockedBecauseText); absent after the user locked it. */
  readonly because?: string | undefined;
}

export function Unlock({ onUnlocked, because }: UnlockProps) {
  const { passphrase, change, busy, empty, error, input, submit } = usePassphraseSubmit((p) => call('vault.unlock', { passphrase: p }), onUnlocked);

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
          onValueChange={change}
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
