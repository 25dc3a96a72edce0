/**
 * The window's main actions that have a keyboard shortcut, and the one table of those shortcuts. Main
 * builds the menu's accelerators from it and catches the keys before the page does (Electron's
 * before-input-event); the renderer matches the same keys in its own keydown handler where there is
 * no menu (the browser-only e2e run). Both end in the renderer's one command table.
 */
export const APP_COMMANDS = ['new-certificate', 'inspect-clipboard', 'search', 'lock-vault', 'show-shortcuts'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export interface Shortcut {
  /** KeyboardEvent.key, lower case for a letter ('n'), as is for the others ('/', 'F1'). */
  readonly key: string;
  /** Cmd on macOS, Ctrl elsewhere (Electron's CmdOrCtrl). */
  readonly primary?: boolean;
  readonly shift?: boolean;
}

/**
 * The first shortcut of each is the one the menu shows. Ctrl+Shift+I stays DevTools', so Inspect
 * clipboard is Ctrl+I; F1 is the Windows and Linux habit for help, Ctrl+/ the one a Mac keyboard has.
 */
export const SHORTCUTS: Readonly<Record<AppCommand, readonly Shortcut[]>> = {
  'new-certificate': [{ key: 'n', primary: true }],
  'inspect-clipboard': [{ key: 'i', primary: true }],
  search: [{ key: 'f', primary: true }],
  'lock-vault': [{ key: 'l', primary: true }],
  'show-shortcuts': [{ key: '/', primary: true }, { key: 'F1' }],
};

export const isAppCommand = (value: unknown): value is AppCommand => typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value);

/** An Electron accelerator: `CmdOrCtrl+Shift+N`, `F1`. */
export function accelerator(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return [...(shortcut.primary ? ['CmdOrCtrl'] : []), ...(shortcut.shift ? ['Shift'] : []), key].join('+');
}

/** A key press as both a DOM KeyboardEvent and Electron's before-input-event Input describe it. */
export interface KeyPress {
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

/** The command a key press means, or null; `mac`: the primary modifier is Cmd, else Ctrl. */
export function commandOfKey(press: KeyPress, mac: boolean): AppCommand | null {
  const primaryDown = mac ? press.meta && !press.control : press.control && !press.meta;
  const noPrimary = !press.meta && !press.control;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (const command of APP_COMMANDS) {
    for (const s of SHORTCUTS[command]) {
      if (s.key !== key || press.alt || Boolean(s.shift) !== press.shift) continue;
      if (s.primary ? primaryDown : noPrimary) return command;
    }
  }
  return null;
}
