import { z } from 'zod';
import { refuse } from './schema-messages.js';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;

export const Passphrase = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, refuse('validation:passphrase.tooShort', { min: MIN_PASSPHRASE_LENGTH }))
  .max(MAX_PASSPHRASE_LENGTH, refuse('validation:passphrase.tooLong', { max: MAX_PASSPHRASE_LENGTH }));

/** For unlocking, length is not judged again: a wrong passphrase is simply wrong. */
export const PassphraseAttempt = z.string().min(1, refuse('validation:passphrase.empty')).max(MAX_PASSPHRASE_LENGTH);

export type Strength = 'too short' | 'weak' | 'fair' | 'strong';

export interface StrengthEstimate {
  readonly strength: Strength;
  /** Rough guessing entropy in bits: a hint for the user, not a security guarantee. */
  readonly bits: number;
  readonly hint: string;
}

/**
 * A deliberately simple estimate: character pool size times length, discounted for repeats and
 * for very common patterns. It only steers the user; the minimum length is the hard rule.
 */
export function estimateStrength(passphrase: string): StrengthEstimate {
  const chars = [...passphrase];
  if (chars.length < MIN_PASSPHRASE_LENGTH) {
    return { strength: 'too short', bits: 0, hint: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  }
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  const distinct = new Set(chars).size;
  const effectiveLength = Math.min(chars.length, distinct * 2);
  let bits = Math.round(effectiveLength * Math.log2(Math.max(pool, 2)));
  if (/^(.)\1+$/.test(passphrase) || /(0123|1234|2345|abcd|qwer|asdf|password|passwort)/i.test(passphrase)) {
    bits = Math.min(bits, 30);
  }
  if (bits < 50) return { strength: 'weak', bits, hint: 'Easy to guess. Add more words or mix in other characters.' };
  if (bits < 75) return { strength: 'fair', bits, hint: 'Acceptable. A few more random words make it much stronger.' };
  return { strength: 'strong', bits, hint: 'Strong. Keep it somewhere safe: it cannot be recovered.' };
}
