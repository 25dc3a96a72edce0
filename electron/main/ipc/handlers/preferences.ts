import type { WindowPreferences } from '../../../../shared/domain/preferences.js';
import { pickLanguage, resolveLanguage } from '../../../../shared/i18n/languages.js';
import type { Handlers } from '../handler.js';
import { memoryPreferences } from '../../platform/preferences.js';
import type { Platform } from './platform.js';

type PreferenceHandlers = Pick<Handlers, 'preferences.get' | 'preferences.setLanguage' | 'preferences.setLastView'>;

/** The window's preferences: kept by main (electron-store in the app), answered whether or not the vault is open. */
export function preferenceHandlers(platform: Platform): PreferenceHandlers {
  const preferences = platform.preferences ?? memoryPreferences();
  const systemLanguage = () => pickLanguage(platform.systemLanguages?.() ?? []);
  const current = (): WindowPreferences => ({ language: preferences.language(), systemLanguage: systemLanguage(), lastView: preferences.lastView() });
  return {
    'preferences.get': async () => current(),
    'preferences.setLanguage': async ({ language }) => {
      preferences.saveLanguage(language);
      platform.onLanguageChanged?.(resolveLanguage(language, systemLanguage()));
      return current();
    },
    'preferences.setLastView': async ({ view }) => {
      preferences.saveLastView(view);
      return current();
    },
  };
}
