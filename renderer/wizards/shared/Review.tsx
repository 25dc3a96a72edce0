import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.js';

/** A step's heading and the sentence under it. */
export function StepIntro({ title, children }: { readonly title: ReactNode; readonly children: ReactNode }) {
  return (
    <div className="step-intro">
      <h2 className="step-title">{title}</h2>
      <p className="muted">{children}</p>
    </div>
  );
}

/** The "Edit" link of a review section; its accessible name says what it edits. */
export function EditLink({ what, onClick }: { readonly what: string; readonly onClick: () => void }) {
  const t = useT();
  return (
    <button type="button" className="link" onClick={onClick} aria-label={t('wizard:nav.editWhat', { what })}>
      {t('wizard:nav.edit')}
    </button>
  );
}

interface ReviewSectionProps {
  /** The heading's id, which names the section. */
  readonly id: string;
  readonly title: string;
  /** Usually an EditLink. */
  readonly edit?: ReactNode;
  /** Accessible name of the list of facts. */
  readonly factsLabel?: string;
  /** The facts (ReviewFact rows). */
  readonly children: ReactNode;
  /** Whatever follows the facts inside the section. */
  readonly after?: ReactNode;
}

/** One part of a review: a heading (with an Edit link) over a list of facts. */
export function ReviewSection({ id, title, edit, factsLabel, children, after }: ReviewSectionProps) {
  return (
    <section className="review-section" aria-labelledby={id}>
      <div className="review-head">
        <h3 id={id}>{title}</h3>
        {edit}
      </div>
      <dl className="facts" aria-label={factsLabel}>
        {children}
      </dl>
      {after}
    </section>
  );
}

/** One row of a review's facts. */
export function ReviewFact({ label, children }: { readonly label: ReactNode; readonly children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
