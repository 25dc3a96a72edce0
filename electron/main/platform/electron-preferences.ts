/**
 * The app's preferences on electron-store (userData/preferences.json). It imports `electron` through
 * electron-store, so only main.ts imports this file; the checks live in preferences.ts.
 */
import ElectronStore from 'electron-store';
import { saneBounds, saneLanguage, saneView, type Preferences } from './preferences.js';

interface Stored {
  windowBounds?: unknown;
  language?: unknown;
  lastView?: unknown;
}

/** Opened at first use: after startApp has settled where userData is. */
export function electronPreferences(): Preferences {
  let store: ElectronStore<Stored> | null = null;
  const open = () => (store ??= new ElectronStore<Stored>({ name: 'preferences', clearInvalidConfig: true }));
  return {
    windowBounds: () => saneBounds(open().get('windowBounds')),
    saveWindowBounds: (bounds) => open().set('windowBounds', bounds),
    language: () => saneLanguage(open().get('language')),
    saveLanguage: (language) => open().set('language', language),
    lastView: () => saneView(open().get('lastView')),
    saveLastView: (view) => open().set('lastView', view),
  };
}
