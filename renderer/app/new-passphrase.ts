/** The checks on a new passphrase typed twice (first run, passphrase change), before main judges it. Pure. */
import { MIN_PASSPHRASE_LENGTH } from '../../shared/validation/passphrase.js';

export type NewPassphraseProblem = { readonly field: 'passphrase' | 'confirmation'; readonly message: string };

/** The first thing wrong with the pair, or null when main may have it. */
export function newPassphraseProblem(passphrase: string, confirmation: string): NewPassphraseProblem | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { field: 'passphrase', message: `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters` };
  if (confirmation === '') return { field: 'confirmation', message: 'Type the passphrase a second time' };
  if (confirmation !== passphrase) return { field: 'confirmation', message: 'The two passphrases do not match' };
  return null;
}
