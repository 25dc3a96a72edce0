import type { ReactNode } from 'react';
import type { IpcError } from '../ipc/client.js';
import { errorText } from '../i18n/error-text.js';
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

export function Notice({ children, tone = 'info' }: { readonly children: ReactNode; readonly tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
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
  return (
    <>
      <Notice tone="success">
        <p>{message}</p>
        {notes.map((n) => (
          <p key={n} className="alert-note">
            {n}
          </p>
        ))}
      </Notice>
      <NoticeList items={warnings} tone="warning" title={warnings.length === 1 ? 'Warning' : 'Warnings'} />
    </>
  );
}
