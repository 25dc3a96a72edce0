import { useEffect, useRef, useState } from 'react';
import { Icon } from './Icon.js';

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
    timer.current = window.setTimeout(() => setState('idle'), next === 'failed' ? 6000 : 2500);
  }

  const status = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: the text is selected, press Ctrl+C' : '';
  return (
    <span className="copy">
      <button type="button" className={`btn btn-ghost${compact ? ' btn-compact' : ''}`} aria-label={label} title={label} onClick={() => void copy()}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} />
        {compact ? null : <span>{state === 'copied' ? 'Copied' : 'Copy'}</span>}
      </button>
      <span className={`copy-status${state === 'failed' ? ' is-failed' : ''}`} role="status">
        {compact || state === 'failed' ? status : ''}
      </span>
    </span>
  );
}
