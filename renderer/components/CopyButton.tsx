import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/use-t.js';
import { Icon } from './Icon.js';
import { announce } from './Announcer.js';

interface CopyButtonProps {
  readonly text: string;
  /** Accessible name, e.g. "Copy certificate PEM". */
  readonly label: string;
  /** Selected when the clipboard refuses, so the user can copy by hand. */
  readonly fallbackTarget?: () => HTMLElement | null;
  readonly compact?: boolean;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label, fallbackTarget, compact = false }: CopyButtonProps) {
  const t = useT();
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function copy() {
    window.clearTimeout(timer.current);
    let next: CopyState;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      next = 'copied';
    } catch {
      // Denied permission or no focus: select the text instead, so Ctrl+C still works.
      const target = fallbackTarget?.();
      if (target) window.getSelection()?.selectAllChildren(target);
      next = 'failed';
    }
    setState(next);
    // The full-size button says "Copied" on itself, which a screen reader does not read out; the
    // compact one says it in its status (a live region already there), so only the former announces.
    if (next === 'copied' && !compact) announce(t('common:action.copied'));
    timer.current = window.setTimeout(() => setState('idle'), next === 'failed' ? 6000 : 2500);
  }

  const status = state === 'copied' ? t('common:action.copied') : state === 'failed' ? t('common:action.copyFailed') : '';
  return (
    <span className="copy">
      <button type="button" className={`btn btn-ghost${compact ? ' btn-compact' : ''}`} aria-label={label} title={label} onClick={() => void copy()}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} />
        {compact ? null : <span>{state === 'copied' ? t('common:action.copied') : t('common:action.copy')}</span>}
      </button>
      <span className={`copy-status${state === 'failed' ? ' is-failed' : ''}`} role="status">
        {compact || state === 'failed' ? status : ''}
      </span>
    </span>
  );
}
