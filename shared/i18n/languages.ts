/**
 * The languages Certwright speaks. The window follows the OS unless the user picked one in Settings;
 * the CLI always speaks English (its output is read by scripts).
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the user chose in Settings: a language, or whatever the OS prefers. */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** Each language named in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', 'zh-CN': '简体中文' };

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
export const isLanguageChoice = (value: unknown): value is LanguageChoice => value === 'system' || isLanguage(value);

/**
 * The first of the OS's preferred languages (BCP 47 tags, most preferred first) that we speak.
 * Simplified Chinese in any region (zh, zh-CN, zh-SG, zh-Hans-…) is zh-CN; Traditional Chinese
 * (zh-TW, zh-HK, zh-MO, zh-Hant-…) is not, and falls through to the next preference or English.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const parts = tag.replace(/_/g, '-').toLowerCase().split('-');
    if (parts[0] === 'en') return 'en';
    if (parts[0] !== 'zh') continue;
    if (parts.includes('hant') || parts.includes('tw') || parts.includes('hk') || parts.includes('mo')) continue;
    return 'zh-CN';
  }
  return 'en';
}

/** The language a choice means on this machine. */
export const resolveLanguage = (choice: LanguageChoice, system: Language): Language => (choice === 'system' ? system : choice);
