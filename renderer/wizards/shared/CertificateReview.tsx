import type { ReactNode } from 'react';
import { formatDate } from '../../app/format.js';
import { SanLines } from '../../components/SanLines.js';
import { useT } from '../../i18n/use-t.js';
import type { LeafDraft } from './leaf.js';
import { ReviewFact, ReviewSection } from './Review.js';
import { subjectPreview } from './subject.js';
import { checkValidity } from './validity.js';

/** What the certificate will say, as facts, with an Edit link per part. */
export function CertificateReview({ leaf, now, keyLabel, edit }: { readonly leaf: LeafDraft; readonly now: Date; readonly keyLabel: string; readonly edit: (part: 'issuer' | 'subject' | 'key') => ReactNode }) {
  const validity = checkValidity(leaf.validity, now, leaf.issuer);
  const t = useT();
  return (
    <>
      <ReviewSection id="review-issuer" title={t('wizard:review.issuerAndProfile')} edit={edit('issuer')}>
        <ReviewFact label={t('wizard:review.issuer')}>{leaf.issuer?.commonName ?? '—'}</ReviewFact>
        <ReviewFact label={t('wizard:review.profile')}>
          {t(`wizard:profile.kind.${leaf.profile}.label`)} <span className="muted">— {t(`wizard:profile.kind.${leaf.profile}.hint`)}</span>
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-subject" title={t('wizard:review.subjectAndNames')} edit={edit('subject')}>
        <ReviewFact label={t('wizard:review.subject')}>
          <code>{subjectPreview(leaf.subject)}</code>
        </ReviewFact>
        <ReviewFact label={t('wizard:review.sans')}>
          <SanLines sans={leaf.sans} />
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-key" title={t('wizard:review.keyAndValidity')} edit={edit('key')} after={validity.warning ? <p className="field-warning">{validity.warning}</p> : null}>
        <ReviewFact label={t('wizard:review.key')}>{keyLabel}</ReviewFact>
        <ReviewFact label={t('wizard:review.validity')}>
          {validity.days === undefined
            ? '—'
            : validity.end
              ? t('wizard:validity.spanFromUntil', { count: validity.days, from: formatDate(now), until: formatDate(validity.end) })
              : t('wizard:validity.span', { count: validity.days })}
        </ReviewFact>
      </ReviewSection>
    </>
  );
}
