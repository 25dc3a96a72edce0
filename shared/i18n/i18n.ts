/**
 * One way to make an i18next instance over our catalogs, for every front end: the renderer (the
 * user's language, switched without a restart), main's menu, dialogs and notifications, and English
 * for the CLI and logs (./english.ts). Plurals go through Intl.PluralRules (i18next's `_one` /
 * `_other` keys); numbers and dates through Intl (i18next's `number` and `datetime` formats).
 */
import i18next, { type i18n as I18n } from 'i18next';
import { en, type Namespace } from './catalogs/en/index.js';
import { zhCN } from './catalogs/zh-CN/index.js';
import type { Language } from './languages.js';
import type { Msg } from './message.js';
import { PSEUDO_LANGUAGE, pseudoCatalog } from './pseudo.js';

export type { I18n };
/** A language a window can be shown in: ours, or the pseudo-locale the e2e tests use. */
export type UiLanguage = Language | typeof PSEUDO_LANGUAGE;

export const NAMESPACES = Object.keys(en) as Namespace[];

let pseudo: typeof en | null = null;

export function createI18n(language: UiLanguage): I18n {
  const instance = i18next.createInstance();
  const resources = {
    en,
    'zh-CN': zhCN,
    // Built on first use only: nothing but the e2e pseudo-locale run needs it.
    ...(language === PSEUDO_LANGUAGE ? { [PSEUDO_LANGUAGE]: (pseudo ??= pseudoCatalog(en)) } : {}),
  };
  void instance.init({
    resources,
    lng: language,
    // A key missing from the pseudo-locale shows itself (the e2e run catches it); elsewhere the
    // compiler already refused a translation that lacks a key.
    fallbackLng: language === PSEUDO_LANGUAGE ? false : 'en',
    supportedLngs: ['en', 'zh-CN', PSEUDO_LANGUAGE],
    ns: NAMESPACES,
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: '.',
    // React escapes what it renders; main's texts go to native menus and notifications, not HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/** A {@link Msg} in the instance's language. */
export const wordMsg = (i18n: I18n, m: Msg): string => i18n.t(m.key as never, (m.params ?? {}) as never) as unknown as string;
