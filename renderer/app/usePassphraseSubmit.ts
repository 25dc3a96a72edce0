/**
 * One passphrase field sent to main: unlock, restore on first run, restore into another folder.
 * Nothing typed is refused in the window; a wrong passphrase empties the field and puts the cursor
 * back once it is enabled again; any other refusal is kept for the form to show.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../shared/errors.js';
import type { IpcError } from '../ipc/client.js';

export function usePassphraseSubmit<T>(send: (passphrase: string) => Promise<Result<T>>, onDone: (value: T) => void) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const input = useRef<HTMLInputElement>(null);

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
    const result = await send(passphrase);
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    setError(result.error);
    if (result.error.code === 'WRONG_PASSPHRASE') setPassphrase('');
  }

  const change = (value: string) => {
    setPassphrase(value);
    setEmpty(false);
  };

  /** Empties the field (after a success the form stays on screen for). */
  const clear = () => setPassphrase('');

  return { passphrase, change, clear, busy, empty, error, input, submit };
}
