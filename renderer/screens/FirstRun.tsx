import { useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../shared/domain/vault.js';
import { estimateStrength, MIN_PASSPHRASE_LENGTH, type Strength } from '../../shared/validation/passphrase.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/Field.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

const STRENGTH_LEVEL: Record<Strength, number> = { 'too short': 0, weak: 1, fair: 2, strong: 3 };

/** The hints open with their own verdict ("Strong. Keep it…"); the label already says it. */
function withoutVerdict(hint: string, strength: Strength): string {
  const verdict = `${strength.charAt(0).toUpperCase()}${strength.slice(1)}. `;
  return hint.startsWith(verdict) ? hint.slice(verdict.length) : hint;
}

function StrengthMeter({ passphrase }: { readonly passphrase: string }) {
  if (passphrase === '') {
    return <>At least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to type and hard to guess.</>;
  }
  const estimate = estimateStrength(passphrase);
  const level = STRENGTH_LEVEL[estimate.strength];
  return (
    <span className={`strength strength-${level}`}>
      <span className="strength-bar" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= level ? 'strength-seg is-on' : 'strength-seg'} />
        ))}
      </span>
      <span className="strength-text">
        <strong>Strength: {estimate.strength}.</strong> {withoutVerdict(estimate.hint, estimate.strength)}
      </span>
    </span>
  );
}

export function FirstRun({ onCreated }: { readonly onCreated: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [reveal, setReveal] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const passphraseInput = useRef<HTMLInputElement>(null);
  const confirmationInput = useRef<HTMLInputElement>(null);

  const tooShort = passphrase.length < MIN_PASSPHRASE_LENGTH;
  const mismatch = confirmation !== passphrase;
  const serverField = error ? errorField(error) : undefined;
  const passphraseError = serverField === 'passphrase' && error ? fieldMessage(error) : submitted && tooShort ? `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters` : undefined;
  const confirmationError = submitted && !tooShort && mismatch ? (confirmation === '' ? 'Type the passphrase a second time' : 'The two passphrases do not match') : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (tooShort) return passphraseInput.current?.focus();
    if (mismatch) return confirmationInput.current?.focus();
    setBusy(true);
    const result = await call('vault.create', { passphrase });
    setBusy(false);
    if (result.ok) {
      onCreated(result.value);
    } else {
      setError(result.error);
    }
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
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Create vault">
        <TextField
          ref={passphraseInput}
          id="new-passphrase"
          label="Passphrase"
          type={reveal ? 'text' : 'password'}
          autoComplete="new-password"
          autoFocus
          value={passphrase}
          onValueChange={(v) => {
            setPassphrase(v);
            if (serverField === 'passphrase') setError(null);
          }}
          hint={<StrengthMeter passphrase={passphrase} />}
          error={passphraseError}
        />
        <TextField
          ref={confirmationInput}
          id="confirm-passphrase"
          label="Confirm passphrase"
          type={reveal ? 'text' : 'password'}
          autoComplete="new-password"
          value={confirmation}
          onValueChange={setConfirmation}
          error={confirmationError}
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
    </AuthScreen>
  );
}
