import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '../../components/Button.js';
import { useT } from '../../i18n/use-t.js';

interface InlineConfirmProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** "Are you sure?" in place, under the button that asked: what will happen, then confirm or cancel. Escape cancels. */
export function InlineConfirm({ title, children, confirmLabel, busy, onConfirm, onCancel }: InlineConfirmProps) {
  const t = useT();
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="alert alert-warning svc-confirm"
      role="group"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onCancel();
      }}
    >
      <div className="alert-body">
        <p id={`${id}-title`} className="alert-title">
          {title}
        </p>
        <div className="svc-confirm-text">{children}</div>
        <div className="button-row">
          <Button variant="primary" busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
          <button ref={cancel} type="button" className="btn btn-ghost" disabled={busy} onClick={onCancel}>
            <span>{t('services:common.cancel')}</span>
          </button>
        </div>
      </div>
    </div>
  );
}
