import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { SUBJECT_FIELDS } from '../../../shared/validation/subject.js';
import { formatDate } from '../../app/format.js';
import { EditLink, ReviewFact, ReviewSection, StepIntro } from '../shared/Review.js';
import { subjectPreview } from '../shared/subject.js';
import type { StepProps } from './IdentityStep.js';
import { expiryDate, parseWholeNumber } from './model.js';
import { extensionPreview } from '../../views/publication/ca-urls.js';

export function ReviewStep({ state, dispatch }: StepProps) {
  const now = new Date();
  const expiry = expiryDate(now, state.validityDays);
  const info = KEY_ALGORITHM_INFO[state.keyAlgorithm];
  const days = parseWholeNumber(state.validityDays);
  const preview = extensionPreview(state.urls);
  return (
    <div className="step">
      <StepIntro title="Review">Check everything once more: a root certificate cannot be changed after it is signed.</StepIntro>

      <ReviewSection id="review-identity" title="Identity" edit={<EditLink what="identity" onClick={() => dispatch({ type: 'goto', step: 'identity' })} />}>
        {SUBJECT_FIELDS.map(({ key, label, short }) => {
          const raw = state.subject[key].trim();
          if (raw === '' && key !== 'commonName') return null;
          return (
            <ReviewFact
              key={key}
              label={
                <>
                  {label} <span className="muted">({short})</span>
                </>
              }
            >
              {key === 'country' ? raw.toUpperCase() : raw}
            </ReviewFact>
          );
        })}
        <ReviewFact label="Subject DN">
          <code>{subjectPreview(state.subject)}</code>
        </ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-key" title="Key and validity" edit={<EditLink what="key and validity" onClick={() => dispatch({ type: 'goto', step: 'key' })} />}>
        <ReviewFact label="Key algorithm">
          {info.label}
          {info.slow ? <span className="muted"> — generation can take a few seconds</span> : null}
        </ReviewFact>
        <ReviewFact label="Validity">
          {days.toLocaleString()} days{expiry ? `, from ${formatDate(now)} until ${formatDate(expiry)}` : ''}
        </ReviewFact>
        <ReviewFact label="Path length">{state.pathLength.trim() === '' ? 'No limit' : parseWholeNumber(state.pathLength)}</ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-urls" title="Revocation" edit={<EditLink what="revocation URLs" onClick={() => dispatch({ type: 'goto', step: 'key' })} />}>
        <ReviewFact label="Issued certificates carry">{preview.length > 0 ? <pre className="ca-urls-lines">{preview.join('\n')}</pre> : 'No revocation URLs'}</ReviewFact>
      </ReviewSection>

      <ReviewSection id="review-ext" title="What Certwright adds">
        <ReviewFact label="Basic constraints">CA, critical</ReviewFact>
        <ReviewFact label="Key usage">Certificate signing, CRL signing (critical)</ReviewFact>
        <ReviewFact label="Key identifiers">Subject and authority key identifier</ReviewFact>
        <ReviewFact label="Serial number">Random, at least 64 bits</ReviewFact>
      </ReviewSection>
    </div>
  );
}
