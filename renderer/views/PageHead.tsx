import type { ReactNode } from 'react';

export function PageHead({ id, eyebrow, title, sub, action }: { readonly id: string; readonly eyebrow: string; readonly title: string; readonly sub?: ReactNode; readonly action?: ReactNode }) {
  return (
    <header className="page-head">
      <div>
        <p className="eyebrow">{eyebrow}</p>
        <h1 id={id} className="page-title">
          {title}
        </h1>
        {sub ? <p className="page-sub">{sub}</p> : null}
      </div>
      {action}
    </header>
  );
}
