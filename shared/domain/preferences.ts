/**
 * The window's own preferences, kept by main outside the vault (electron-store): they apply before the
 * vault is unlocked (the unlock screen speaks the user's language) and hold nothing secret.
 */
import type { Language, LanguageChoice } from '../i18n/languages.js';

/** The views the window can reopen on; the last one is remembered between runs. */
export const VIEWS = ['dashboard', 'certificates', 'authorities', 'services', 'endpoints', 'inspect', 'audit', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface WindowPreferences {
  /** What the user chose in Settings ('system' until they choose). */
  readonly language: LanguageChoice;
  /** The OS's language, as far as we speak it: what 'system' means on this machine. */
  readonly systemLanguage: Language;
  /** The view the window showed last, or null on a first run. */
  readonly lastView: View | null;
}
