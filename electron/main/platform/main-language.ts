/**
 * The language main speaks to the OS in: the application menu, native dialog titles and
 * notifications. It starts as the user's choice (or the OS's) and follows the window's Settings
 * through Platform.onLanguageChanged; one i18next instance per language, made on first use.
 */
import { createI18n, wordMsg, type I18n } from '../../../shared/i18n/i18n.js';
import type { Language } from '../../../shared/i18n/languages.js';
import type { Msg, MsgParams } from '../../../shared/i18n/message.js';

/** `t('menu:file.title')`: a text of main's in the current language. */
export type MainT = (key: string, params?: MsgParams) => string;

export interface MainLanguage {
  current(): Language;
  set(language: Language): void;
  readonly t: MainT;
  /** A {@link Msg} from a service, in the current language. */
  word(m: Msg): string;
  /** Lists as the language writes them ("a, b, c"; "a、b、c"). */
  list(items: readonly string[]): string;
}

export function mainLanguage(initial: Language): MainLanguage {
  let language = initial;
  const instances = new Map<Language, I18n>();
  const instance = () => {
    let made = instances.get(language);
    if (!made) instances.set(language, (made = createI18n(language)));
    return made;
  };
  const word = (m: Msg) => wordMsg(instance(), m);
  return {
    current: () => language,
    set: (next) => void (language = next),
    t: (key, params) => word(params ? { key, params } : { key }),
    word,
    list: (items) => new Intl.ListFormat(language, { style: 'narrow', type: 'conjunction' }).format(items),
  };
}
