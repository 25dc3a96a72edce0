/**
 * The window's side of the shortcut table (shared/domain/app-commands.ts): which command a keydown
 * means here, and how a shortcut is written on this platform's keys. Pure: tested in Node.
 */
import { commandOfKey, type AppCommand, type KeyPress, type Shortcut } from '../../../shared/domain/app-commands.js';

/** The fields of a DOM KeyboardEvent this needs. */
export interface KeyEventLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly repeat: boolean;
  readonly defaultPrevented: boolean;
  readonly isComposing?: boolean;
}

export const keyPressOf = (e: KeyEventLike): KeyPress => ({ key: e.key, control: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey, alt: e.altKey });

/**
 * The command a keydown runs, or null: not while an input method composes (Chinese is typed that
 * way), not on a held key, not what something else already handled, and nothing while a modal
 * dialog waits for its answer (the page behind it is inert).
 */
export function commandForKey(e: KeyEventLike, mac: boolean, modalOpen: boolean): AppCommand | null {
  if (e.defaultPrevented || e.repeat || e.isComposing === true || modalOpen) return null;
  return commandOfKey(keyPressOf(e), mac);
}

/** The key caps of a shortcut as printed on this platform's keyboard: ['⌘', 'N'] or ['Ctrl', 'N']. */
export function keyCaps(shortcut: Shortcut, mac: boolean): string[] {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  // eslint-disable-next-line i18next/no-literal-string -- key cap names, not prose
  const primary = mac ? '⌘' : 'Ctrl';
  // eslint-disable-next-line i18next/no-literal-string -- key cap names, not prose
  const shift = mac ? '⇧' : 'Shift';
  return [...(shortcut.primary ? [primary] : []), ...(shortcut.shift ? [shift] : []), key];
}

/** True on a Mac (Cmd is the shortcut key); read from the page, so only called in the window. */
export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** aria-keyshortcuts for a command's shortcuts: "Control+N", "Meta+/ F1" (ARIA's key names). */
export function ariaKeyShortcuts(shortcuts: readonly Shortcut[], mac: boolean): string {
  // eslint-disable-next-line i18next/no-literal-string -- ARIA key names, not prose
  const primary = mac ? 'Meta' : 'Control';
  // eslint-disable-next-line i18next/no-literal-string -- ARIA key names, not prose
  const shift = 'Shift';
  return shortcuts.map((s) => [...(s.primary ? [primary] : []), ...(s.shift ? [shift] : []), s.key.length === 1 ? s.key.toUpperCase() : s.key].join('+')).join(' ');
}
