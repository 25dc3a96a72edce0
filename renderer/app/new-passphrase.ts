/** The checks on a new passphrase typed twice (first run, passphrase change), before main judges it. Pure. */
import { MIN_PASSPHRASE_LENGTH } from '../../shared/validation/passphrase.js';
import { t } from '../i18n/instance.js';

export type NewPassphraseProblem = { readonly field: 'passphrase' | 'confirmation'; readonly message: string };

/** The first thing wrong with the pair, or null when main may have it. */
export function newPassphraseProblem(passphrase: string, confirmation: string): NewPassphraseProblem | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { field: 'passphrase', message: t('auth:newPassphrase.tooShort', { min: MIN_PASSPHRASE_LENGTH }) };
  if (confirmation === '') return { field: 'confirmation', message: t('auth:newPassphrase.confirm') };
  if (confirmation !== passphrase) return { field: 'confirmation', message: t('auth:newPassphrase.mismatch') };
  return null;
}
