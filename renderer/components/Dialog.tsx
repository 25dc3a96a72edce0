/**
 * The window's one modal dialog. A native <dialog> opened with showModal(): the page behind is inert
 * and it sits in the top layer. On top of that, what a keyboard or screen reader user needs, the same
 * in every dialog: labelled by its title (and described by `describedBy`), focus moved in on open (the
 * element marked `data-autofocus`, else the first control), Tab and Shift+Tab kept inside, Escape
 * closing only when `onClose` is given, and focus returned to whatever opened it.
 * Render it only while it is open.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  readonly title: ReactNode;
  /** Shown before the title (an icon). */
  readonly icon?: ReactNode;
  /** 'alertdialog' for a question about something that cannot be undone. */
  readonly role?: 'dialog' | 'alertdialog';
  /** The id of the text that says what the dialog is about. */
  readonly describedBy?: string;
  /** Escape (and a close button, if the dialog has one) calls it; null: the dialog must be answered. */
  readonly onClose: (() => void) | null;
  readonly className?: string;
  readonly headClassName?: string;
  readonly children: ReactNode;
}

export function Dialog({ title, icon, role = 'dialog', describedBy, onClose, className, headClassName = 'dialog-head', children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Read while rendering the first time, before anything in the dialog can take focus.
  const opener = useRef<HTMLElement | null | undefined>(undefined);
  if (opener.current === undefined) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog;
    first.focus();
    // Chromium closes a modal on a repeated Escape even when the first was refused: one that must be
    // answered opens again.
    const reopen = () => {
      if (ref.current && !ref.current.open) ref.current.showModal();
    };
    dialog.addEventListener('close', reopen);
    return () => {
      dialog.removeEventListener('close', reopen);
      const back = opener.current;
      if (back && back.isConnected) back.focus();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeRef.current?.();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = ref.current;
    if (!dialog) return;
    const inside = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.getClientRects().length > 0);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === dialog)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      role={role}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Escape is handled above; this is the browser's own close request.
        e.preventDefault();
        closeRef.current?.();
      }}
    >
      <div className={headClassName}>
        {icon}
        <h2 id={titleId}>{title}</h2>
      </div>
      {children}
    </dialog>
  );
}
