/**
 * The window's one polite live region: what changed that a screen reader user would otherwise miss
 * (the vault locked, a certificate issued or revoked, a copy done). Mounted once at the top of the
 * window, so it outlives every view (locking unmounts the Shell); `announce()` works from anywhere.
 * Text that already sits in a role="status" or role="alert" element when it appears is announced by
 * that element: do not announce it again here.
 */
import { useEffect, useState } from 'react';

let post: ((text: string) => void) | null = null;

/** Says `text` politely, once; the same words twice are said twice. */
export function announce(text: string): void {
  post?.(text);
}

/** `const announce = useAnnounce()`: the same function, for components. */
export const useAnnounce = (): typeof announce => announce;

/** Cleared first and filled a moment later: a live region reports changes, not content. */
export const LIVE_FILL_DELAY_MS = 80;

export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    let timer: number | undefined;
    post = (next) => {
      window.clearTimeout(timer);
      setText('');
      timer = window.setTimeout(() => setText(next), LIVE_FILL_DELAY_MS);
    };
    return () => {
      window.clearTimeout(timer);
      post = null;
    };
  }, []);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
