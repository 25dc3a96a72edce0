import type { Ref } from 'react';
import { newPassphraseProblem } from '../app/new-passphrase.js';
import { TextField } from './Field.js';
import { StrengthMeter } from './StrengthMeter.js';

interface NewPassphraseFieldsProps {
  /** Prefix of the two inputs' ids. */
  readonly id: string;
  readonly label: string;
  readonly confirmLabel: string;
  readonly passphrase: string;
  readonly confirmation: string;
  readonly onPassphraseChange: (value: string) => void;
  readonly onConfirmationChange: (value: string) => void;
  readonly reveal: boolean;
  /** The form was submitted: show what is wrong. */
  readonly submitted: boolean;
  /** Main's words about the new passphrase, shown at its field. */
  readonly serverError?: string | undefined;
  readonly autoFocus?: boolean;
  readonly passphraseRef?: Ref<HTMLInputElement>;
  readonly confirmationRef?: Ref<HTMLInputElement>;
}

/** A new passphrase with its strength estimate, and the same typed again; errors after a submit. */
export function NewPassphraseFields(props: NewPassphraseFieldsProps) {
  const { id, passphrase, confirmation, reveal, submitted, serverError } = props;
  const problem = submitted ? newPassphraseProblem(passphrase, confirmation) : null;
  const type = reveal ? 'text' : 'password';
  return (
    <>
      <TextField
        ref={props.passphraseRef}
        id={id}
        label={props.label}
        type={type}
        autoComplete="new-password"
        autoFocus={props.autoFocus}
        value={passphrase}
        onValueChange={props.onPassphraseChange}
        hint={<StrengthMeter passphrase={passphrase} />}
        error={serverError ?? (problem?.field === 'passphrase' ? problem.message : undefined)}
      />
      <TextField
        ref={props.confirmationRef}
        id={`${id}-confirm`}
        label={props.confirmLabel}
        type={type}
        autoComplete="new-password"
        value={confirmation}
        onValueChange={props.onConfirmationChange}
        error={problem?.field === 'confirmation' ? problem.message : undefined}
      />
    </>
  );
}
