/**
 * The renderer's one i18next instance, usable outside React (pure models, formatters) and in Node
 * (the models' unit tests run in English). In the page it starts in the browser's language (the OS's,
 * in Electron) until main says what the user chose (./language.tsx); `?lang=en-XA` starts the
 * pseudo-locale the e2e untranslated-text run uses.
 */
import { createI18n, wordMsg, type UiLanguage } from '../../shared/i18n/i18n.js';
import { pickLanguage } from '../../shared/i18n/languages.js';
import type { Msg } from '../../shared/i18n/message.js';
import { PSEUDO_LANGUAGE } from '../../shared/i18n/pseudo.js';

const inPage = typeof document !== 'undefined';

/** True when the window shows the pseudo-locale: it then ignores the language preference. */
export const PSEUDO = inPage && new URLSearchParams(window.location.search).get('lang') === PSEUDO_LANGUAGE;

export const initialLanguage: UiLanguage = PSEUDO ? PSEUDO_LANGUAGE : inPage ? pickLanguage(navigator.languages) : 'en';

export const i18n = createI18n(initialLanguage);

/** `t('ns:key', params)` in the window's current language, for code outside components. */
export const t: (typeof i18n)['t'] = i18n.t.bind(i18n) as (typeof i18n)['t'];

/** Words a {@link Msg} from main or the worker in the window's language. */
export const wordOf = (m: Msg): string => wordMsg(i18n, m);

/** The window's language as an Intl locale (the pseudo-locale formats as English). */
export const intlLocale = (): string => (i18n.language === PSEUDO_LANGUAGE ? 'en' : i18n.language);
