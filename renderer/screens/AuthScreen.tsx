import type { ReactNode } from 'react';
import { Logo } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';

/** The calm, centred frame shared by the first-run and unlock screens. */
interface AuthScreenProps {
  readonly title: string;
  readonly lead: ReactNode;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  /** A wider card, for a screen with more to say than a form. */
  readonly wide?: boolean;
}

export function AuthScreen({ title, lead, children, footer, wide = false }: AuthScreenProps) {
  const t = useT();
  return (
    <main className="auth">
      <div className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
        <div className="auth-brand">
          <Logo size={34} />
          <span className="auth-product">{t('app:shell.product')}</span>
        </div>
        <h1 className="auth-title">{title}</h1>
        <div className="auth-lead">{lead}</div>
        {children}
      </div>
      {footer ? <div className="auth-footer">{footer}</div> : null}
    </main>
  );
}
