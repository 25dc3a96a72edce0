import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';

interface CopyTextButtonProps {
  /** Null while the text is not there yet (the button waits, disabled). */
  readonly text: string | null;
  /** The button's words, e.g. "Copy JWKS". */
  readonly children: string;
  /** Shown and selected when the clipboard refuses, so the user can copy by hand. */
  readonly onClipboardRefused?: () => void;
}

/** A button that says what it copies ("Copy JWKS"), then "Copied"; when the clipboard refuses, says so. */
export function CopyTextButton({ text, children, onClipboardRefused }: CopyTextButtonProps) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function copy() {
    if (text === null) return;
    window.clearTimeout(timer.current);
    let next: 'copied' | 'failed';
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      next = 'copied';
    } catch {
      onClipboardRefused?.();
      next = 'failed';
    }
    setState(next);
    timer.current = window.setTimeout(() => setState('idle'), next === 'failed' ? 6000 : 2500);
  }

  return (
    <span className="copy">
      <Button icon={<Icon name={state === 'copied' ? 'check' : 'copy'} />} disabled={text === null} onClick={() => void copy()}>
        {state === 'copied' ? t('services:common.copied') : children}
      </Button>
      <span className={`copy-status${state === 'failed' ? ' is-failed' : ''}`} role="status">
        {state === 'failed' ? t('services:common.copyFailed') : ''}
      </span>
    </span>
  );
}
