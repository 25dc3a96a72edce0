/**
 * The app's preferences on electron-store (userData/preferences.json). It imports `electron` through
 * electron-store, so only main.ts imports this file; the checks live in preferences.ts.
 */
import ElectronStore from 'electron-store';
import { saneBounds, type Preferences } from './preferences.js';

/** Opened at first use: after startApp has settled where userData is. */
export function electronPreferences(): Preferences {
  let store: ElectronStore<{ windowBounds?: unknown }> | null = null;
  const open = () => (store ??= new ElectronStore<{ windowBounds?: unknown }>({ name: 'preferences', clearInvalidConfig: true }));
  return {
    windowBounds: () => saneBounds(open().get('windowBounds')),
    saveWindowBounds: (bounds) => open().set('windowBounds', bounds),
  };
}
