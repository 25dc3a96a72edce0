/**
 * The app's preferences — what electron-store is made for, and all it is used for: the window's size
 * and place. Nothing secret and nothing the vault depends on. An interface so the lifecycle (app.ts)
 * runs in plain Node; main.ts passes the electron-store one (electron-preferences.ts).
 */
export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

export interface Preferences {
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
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

/** Where there is nowhere to keep them (tests, the CLI). */
export const noPreferences: Preferences = { windowBounds: () => null, saveWindowBounds: () => undefined };
