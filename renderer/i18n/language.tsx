/**
 * The window's language: the OS's (main says which) until the user picks one in Settings, switched in
 * place without a restart (every component that calls useTranslation() re-renders). Until main
 * answers, the browser's own languages stand in (the same OS list in Electron).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { WindowPreferences } from '../../shared/domain/preferences.js';
import type { UiLanguage } from '../../shared/i18n/i18n.js';
import { resolveLanguage, type Language, type LanguageChoice } from '../../shared/i18n/languages.js';
import { call } from '../ipc/client.js';
import { zodSpeaks } from '../zod-config.js';
import { i18n, initialLanguage as initial, PSEUDO as pseudo, wordOf } from './instance.js';
import { errorText } from './error-text.js';

document.documentElement.lang = initial;

const listeners = new Set<(language: UiLanguage) => void>();
// zod's messages and the shared schemas' own follow the window's language.
zodSpeaks(initial, wordOf);
listeners.add((language) => zodSpeaks(language, wordOf));
// eslint-disable-next-line i18next/no-literal-string -- an i18next event name
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  for (const listener of listeners) listener(language as UiLanguage);
});
/** Runs `listener` whenever the language changes (e.g. zod's locale); returns the unsubscribe. */
export function onLanguageChanged(listener: (language: UiLanguage) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

interface LanguageState {
  /** What the user chose ('system' until they choose). */
  readonly choice: LanguageChoice;
  /** What the window speaks now. */
  readonly language: UiLanguage;
  /** The OS's language as main reads it (what 'system' means here); null until main answered. */
  readonly systemLanguage: Language | null;
  /** Null when done; else the error words. */
  readonly choose: (choice: LanguageChoice) => Promise<string | null>;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageRoot({ children }: { readonly children: ReactNode }) {
  const [prefs, setPrefs] = useState<WindowPreferences | null>(null);
  const [language, setLanguage] = useState<UiLanguage>(initial);

  useEffect(() => onLanguageChanged(setLanguage), []);

  const apply = useCallback((next: WindowPreferences) => {
    setPrefs(next);
    if (!pseudo) void i18n.changeLanguage(resolveLanguage(next.language, next.systemLanguage));
  }, []);

  useEffect(() => {
    void call('preferences.get', {}).then((result) => result.ok && apply(result.value));
  }, [apply]);

  const choose = useCallback(
    async (choice: LanguageChoice) => {
      const result = await call('preferences.setLanguage', { language: choice });
      if (!result.ok) return errorText(result.error);
      apply(result.value);
      return null;
    },
    [apply],
  );

  const state = useMemo<LanguageState>(() => ({ choice: prefs?.language ?? 'system', language, systemLanguage: prefs?.systemLanguage ?? null, choose }), [prefs, language, choose]);
  return (
    <I18nextProvider i18n={i18n}>
      <LanguageContext.Provider value={state}>{children}</LanguageContext.Provider>
    </I18nextProvider>
  );
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageRoot');
  return state;
}
