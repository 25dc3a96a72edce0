/**
 * The window's one command table for its main actions. Two ways in, one way through: the menu (main
 * sends app.command; in the app main also catches the shortcuts before the page sees them) and one
 * keydown handler for the same shortcuts where there is no menu (the browser-only e2e run). Rendered
 * in the Shell's header: the Help button that opens the shortcuts sheet, and the sheet itself.
 */
import { useEffect, useRef, useState } from 'react';
import { SHORTCUTS, type AppCommand } from '../../../shared/domain/app-commands.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { subscribe } from '../../ipc/client.js';
import { useNavigation } from '../navigation.js';
import { clipboardHandoff } from './clipboard.js';
import { ariaKeyShortcuts, commandForKey, isMac } from './keys.js';
import { ShortcutsSheet } from './ShortcutsSheet.js';

/** The Certificates view's filter box (CertificatesView.tsx). */
const CERTIFICATE_SEARCH = '#certificate-filter';
/** How long Search waits for the list to load and show its filter box. */
const SEARCH_WAIT_MS = 4000;

const modalOpen = () => document.querySelector('dialog[open]') !== null;

/** Focuses (and selects) the first element `selector` finds, now or once it appears; gives up after `ms`. */
function focusWhenShown(selector: string, ms: number): void {
  const focus = () => {
    const el = document.querySelector<HTMLInputElement>(selector);
    if (!el) return false;
    el.focus();
    el.select();
    return true;
  };
  if (focus()) return;
  const observer = new MutationObserver(() => {
    if (focus()) observer.disconnect();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  window.setTimeout(() => observer.disconnect(), ms);
}

export function AppCommands({ onLock }: { readonly onLock: () => void }) {
  const t = useT();
  const nav = useNavigation();
  const [sheet, setSheet] = useState(false);
  const mac = isMac();

  const run = useRef<(command: AppCommand, text?: string) => void>(() => undefined);
  run.current = (command, text) => {
    switch (command) {
      case 'new-certificate':
        return nav.open('issue');
      case 'inspect-clipboard':
        return void clipboardHandoff(text, () => navigator.clipboard.readText()).then((clipboard) => nav.show('inspect', { clipboard }));
      case 'search':
        // Already on the list: just go to its filter (navigating would reset it).
        if (!document.querySelector(CERTIFICATE_SEARCH)) nav.show('certificates');
        return focusWhenShown(CERTIFICATE_SEARCH, SEARCH_WAIT_MS);
      case 'lock-vault':
        return onLock();
      case 'show-shortcuts':
        return setSheet(true);
    }
  };

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const command = commandForKey(e, mac, modalOpen());
      if (!command) return;
      e.preventDefault();
      run.current(command);
    };
    window.addEventListener('keydown', onKeyDown);
    const unsubscribe = subscribe('app.command', ({ command, text }) => {
      if (!modalOpen()) run.current(command, text);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      unsubscribe();
    };
  }, [mac]);

  return (
    <>
      <Button variant="ghost" icon={<Icon name="info" />} onClick={() => setSheet(true)} aria-keyshortcuts={ariaKeyShortcuts(SHORTCUTS['show-shortcuts'], mac)}>
        {t('shortcuts:help.button')}
      </Button>
      {sheet ? <ShortcutsSheet mac={mac} onClose={() => setSheet(false)} /> : null}
    </>
  );
}
