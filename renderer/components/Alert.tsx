import { useEffect, useState, type ReactNode } from 'react';
import type { IpcError } from '../ipc/client.js';
import { errorText } from '../i18n/error-text.js';
import { useT } from '../i18n/use-t.js';
import { LIVE_FILL_DELAY_MS } from './Announcer.js';
import { Icon } from './Icon.js';

interface ErrorAlertProps {
  readonly error: IpcError | string;
  readonly title?: string;
  readonly children?: ReactNode;
}

/** An error the user must see: role="alert" so it is announced, and the message in plain words. */
export function ErrorAlert({ error, title, children }: ErrorAlertProps) {
  const message = typeof error === 'string' ? error : errorText(error);
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="alert" />
      <div className="alert-body">
        {title ? <p className="alert-title">{title}</p> : null}
        <p className="alert-message">{message}</p>
        {children}
      </div>
    </div>
  );
}

/** `live={false}`: the text is announced another way (the window's Announcer), so not twice. */
export function Notice({ children, tone = 'info', live = true }: { readonly children: ReactNode; readonly tone?: 'info' | 'success' | 'warning'; readonly live?: boolean }) {
  return (
    <div className={`alert alert-${tone}`} role={live ? 'status' : undefined}>
      <Icon name={tone === 'success' ? 'check' : tone === 'warning' ? 'alert' : 'info'} />
      <div className="alert-body">{children}</div>
    </div>
  );
}

/** A notice listing items (warnings, notes); nothing at all when there are none. */
export function NoticeList({ items, tone, title }: { readonly items: readonly string[]; readonly tone?: 'info' | 'warning'; readonly title?: string }) {
  if (items.length === 0) return null;
  return (
    <Notice {...(tone ? { tone } : {})}>
      {title ? <p className="alert-title">{title}</p> : null}
      <ul className="alert-list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </Notice>
  );
}

/** What a wizard reports back to the view it returns to: the outcome, notes and any warnings. */
export function FlashNotice({ message, notes = [], warnings = [] }: { readonly message: string; readonly notes?: readonly string[] | undefined; readonly warnings?: readonly string[] | undefined }) {
  const t = useT();
  // It appears with the view a wizard returns to, and a live region born with its text is not
  // reliably read: the status region comes first, empty, and the notice inside it a moment later, so
  // screen readers announce it — and its words are on the page once.
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    const timer = window.setTimeout(() => setShown(true), LIVE_FILL_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [message]);
  return (
    <>
      <div role="status" className="flash-live">
        {shown ? (
          <Notice tone="success" live={false}>
            <p>{message}</p>
            {notes.map((n) => (
              <p key={n} className="alert-note">
                {n}
              </p>
            ))}
          </Notice>
        ) : null}
      </div>
      <NoticeList items={warnings} tone="warning" title={t('common:word.warning', { count: warnings.length })} />
    </>
  );
}
