import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { SUBJECT_FIELDS } from '../../../shared/validation/subject.js';
import { formatDate } from '../../app/format.js';
import { useT } from '../../i18n/use-t.js';
import { EditLink, ReviewFact, ReviewSection, StepIntro } from '../shared/Review.js';
import { subjectPreview } from '../shared/subject.js';
import type { StepProps } from './IdentityStep.js';
import { expiryDate, parseWholeNumber } from './model.js';
import { extensionPreview } from '../../views/publication/ca-urls.js';

export function ReviewStep({ state, dispatch }: StepProps) {
  const t = useT();
  const now = new Date();
  const expiry = expiryDate(now, state.validityDays);
  const days = parseWholeNumber(state.validityDays);
  const preview = extensionPreview(state.urls);
  return (
    <div className="step">
      <StepIntro title={t('newRoot:review.title')}>{t('newRoot:review.intro')}</StepIntro>

      <ReviewSection id="review-identity" title={t('newRoot:review.identity')} edit={<EditLink what={t('newRoot:review.editIdentity')} onClick={() => dispatch({ type: 'goto', step: 'identity' })} />}>
        {SUBJECT_FIELDS.map(({ key, short }) => {
          const raw = state.subject[key].trim();
          if (raw === '' && key !== 'commonName') return null;
          return (
            <ReviewFact
              key={key}
              label={
                <>
                  {t(`wizard:subject.${key}`)} <span className="muted">({short})</span>
                </>
              }
            >
              {key === 'country' ? raw.toUpperCase() : raw}
            </ReviewFact>
          );
        })}
        <ReviewFact label={t('newRoot:review.subjectDn')}>
          <code>{subjectPreview(state.subject)}</code>
        </ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-key" title={t('newRoot:review.keyAndValidity')} edit={<EditLink what={t('newRoot:review.editKey')} onClick={() => dispatch({ type: 'goto', step: 'key' })} />}>
        <ReviewFact label={t('newRoot:review.keyAlgorithm')}>
          {t(`wizard:key.algorithm.${state.keyAlgorithm}.label`)}
          {KEY_ALGORITHM_INFO[state.keyAlgorithm].slow ? <span className="muted"> {t('newRoot:review.slowNote')}</span> : null}
        </ReviewFact>
        <ReviewFact label={t('newRoot:review.validity')}>
          {expiry ? t('wizard:validity.spanFromUntil', { count: days, from: formatDate(now), until: formatDate(expiry) }) : t('wizard:validity.span', { count: days })}
        </ReviewFact>
        <ReviewFact label={t('newRoot:review.pathLength')}>{state.pathLength.trim() === '' ? t('newRoot:key.noLimit') : parseWholeNumber(state.pathLength)}</ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-urls" title={t('newRoot:review.revocation')} edit={<EditLink what={t('newRoot:review.editUrls')} onClick={() => dispatch({ type: 'goto', step: 'key' })} />}>
        <ReviewFact label={t('newRoot:review.carry')}>{preview.length > 0 ? <pre className="ca-urls-lines">{preview.join('\n')}</pre> : t('newRoot:review.noUrls')}</ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-ext" title={t('newRoot:review.added')}>
        <ReviewFact label={t('newRoot:review.basicConstraints')}>{t('newRoot:review.basicConstraintsValue')}</ReviewFact>
        <ReviewFact label={t('newRoot:review.keyUsage')}>{t('newRoot:review.keyUsageValue')}</ReviewFact>
        <ReviewFact label={t('newRoot:review.keyIdentifiers')}>{t('newRoot:review.keyIdentifiersValue')}</ReviewFact>
        <ReviewFact label={t('newRoot:review.serial')}>{t('newRoot:review.serialValue')}</ReviewFact>
      </ReviewSection>
    </div>
  );
}
