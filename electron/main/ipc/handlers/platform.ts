import type { ChooseDestination, ChooseSource } from '../../../services/destination.js';
import type { Language } from '../../../../shared/i18n/languages.js';
import { english } from '../../../../shared/i18n/english.js';
import { msg, type Msg } from '../../../../shared/i18n/message.js';
import { noDialogs, type Dialogs } from '../../platform/dialogs.js';
import type { Preferences } from '../../platform/preferences.js';

/** What only the app has, that handlers hand to services: the native dialogs, the window's preferences, the OS's languages. */
export interface Platform {
  readonly dialogs?: Dialogs;
  /** Kept between runs in the app (electron-store); for this run only when absent. */
  readonly preferences?: Preferences;
  /** The OS's preferred languages, most preferred first (Electron's app.getPreferredSystemLanguages()). */
  readonly systemLanguages?: () => readonly string[];
  /** The language the user chose now means this one: main's menu, dialogs and notifications follow. */
  readonly onLanguageChanged?: (language: Language) => void;
  /** Words a service's text (a dialog's title) in main's current language; English when absent. */
  readonly word?: (m: Msg) => string;
}

/** Where the user wants it written: a native save or folder dialog. */
export function destinationOf({ dialogs = noDialogs, word = english }: Platform): ChooseDestination {
  return (s) =>
    s.kind === 'folder'
      ? dialogs.chooseFolder({ title: word(s.title), defaultName: s.defaultName, buttonLabel: word(msg('menu:dialog.chooseFolder')) })
      : dialogs.chooseSaveFile({ title: word(s.title), defaultName: s.defaultName, extensions: s.extensions ?? [] });
}

/** A file the user picks to read (a backup to restore). */
export function sourceOf({ dialogs = noDialogs, word = english }: Platform): ChooseSource {
  return (s) => dialogs.chooseOpenFile({ title: word(s.title), extensions: s.extensions });
}
