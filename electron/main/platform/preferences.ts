/**
 * The app's preferences — what electron-store is made for, and all it is used for: the window's size
 * and place, the language chosen in Settings, the view shown last. Nothing secret and nothing the
 * vault depends on. An interface so the lifecycle (app.ts)
 * runs in plain Node; main.ts passes the electron-store one (electron-preferences.ts).
 */
import { VIEWS, type View } from '../../../shared/domain/preferences.js';
import { isLanguageChoice, type LanguageChoice } from '../../../shared/i18n/languages.js';

export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

export interface Preferences {
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
  language(): LanguageChoice;
  saveLanguage(language: LanguageChoice): void;
  lastView(): View | null;
  saveLastView(view: View): void;
}

export const MIN_WINDOW = { width: 800, height: 560 } as const;
const MAX_SIDE = 16_384;

const whole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** What a preferences file says, if it is sane: a hand-edited or damaged file falls back to the default size. */
export function saneBounds(raw: unknown): WindowBounds | null {
  const b = raw as Partial<Record<'x' | 'y' | 'width' | 'height', unknown>> | null;
  if (!b || !whole(b.width, MIN_WINDOW.width, MAX_SIDE) || !whole(b.height, MIN_WINDOW.height, MAX_SIDE)) return null;
  const placed = whole(b.x, -MAX_SIDE, MAX_SIDE) && whole(b.y, -MAX_SIDE, MAX_SIDE);
  return placed ? { x: b.x as number, y: b.y as number, width: b.width, height: b.height } : { width: b.width, height: b.height };
}

/** A stored language choice, if it is one we know (a hand-edited file falls back to the OS's). */
export const saneLanguage = (raw: unknown): LanguageChoice => (isLanguageChoice(raw) ? raw : 'system');
export const saneView = (raw: unknown): View | null => ((VIEWS as readonly unknown[]).includes(raw) ? (raw as View) : null);

/** Kept for this run only (tests, the Chromium harness): a fresh one each call. */
export function memoryPreferences(): Preferences {
  let bounds: WindowBounds | null = null;
  let language: LanguageChoice = 'system';
  let view: View | null = null;
  return {
    windowBounds: () => bounds,
    saveWindowBounds: (b) => void (bounds = saneBounds(b)),
    language: () => language,
    saveLanguage: (l) => void (language = saneLanguage(l)),
    lastView: () => view,
    saveLastView: (v) => void (view = saneView(v)),
  };
}
