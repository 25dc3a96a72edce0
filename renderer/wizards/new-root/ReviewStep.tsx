import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { SUBJECT_FIELDS } from '../../../shared/validation/subject.js';
import { formatDate } from '../../app/format.js';
import { expiryDate, parseWholeNumber, type StepId } from './model.js';
import type { StepProps } from './IdentityStep.js';
import { subjectPreview } from '../shared/subject.js';

export function ReviewStep({ state, dispatch }: StepProps) {
  const now = new Date();
  const expiry = expiryDate(now, state.validityDays);
  const info = KEY_ALGORITHM_INFO[state.keyAlgorithm];
  const edit = (step: StepId, what: string) => (
    <button type="button" className="link" onClick={() => dispatch({ type: 'goto', step })} aria-label={`Edit ${what}`}>
      Edit
    </button>
  );
  const days = parseWholeNumber(state.validityDays);
  return (
    <div className="step">
      <div className="step-intro">
        <h2 className="step-title">Review</h2>
        <p className="muted">Check everything once more: a root certificate cannot be changed after it is signed.</p>
      </div>

      <section className="review-section" aria-labelledby="review-identity">
        <div className="review-head">
          <h3 id="review-identity">Identity</h3>
          {edit('identity', 'identity')}
        </div>
        <dl className="facts">
          {SUBJECT_FIELDS.map(({ key, label, short }) => {
            const raw = state.subject[key].trim();
            if (raw === '' && key !== 'commonName') return null;
            return (
              <div key={key} className="fact">
                <dt>
                  {label} <span className="muted">({short})</span>
                </dt>
                <dd>{key === 'country' ? raw.toUpperCase() : raw}</dd>
              </div>
            );
          })}
          <div className="fact">
            <dt>Subject DN</dt>
            <dd>
              <code>{subjectPreview(state.subject)}</code>
            </dd>
          </div>
        </dl>
      </section>

      <section className="review-section" aria-labelledby="review-key">
        <div className="review-head">
          <h3 id="review-key">Key and validity</h3>
          {edit('key', 'key and validity')}
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Key algorithm</dt>
            <dd>
              {info.label}
              {info.slow ? <span className="muted"> — generation can take a few seconds</span> : null}
            </dd>
          </div>
          <div className="fact">
            <dt>Validity</dt>
            <dd>
              {days.toLocaleString()} days{expiry ? `, from ${formatDate(now)} until ${formatDate(expiry)}` : ''}
            </dd>
          </div>
          <div className="fact">
            <dt>Path length</dt>
            <dd>{state.pathLength.trim() === '' ? 'No limit' : parseWholeNumber(state.pathLength)}</dd>
          </div>
        </dl>
      </section>

      <section className="review-section" aria-labelledby="review-ext">
        <div className="review-head">
          <h3 id="review-ext">What Certwright adds</h3>
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Basic constraints</dt>
            <dd>CA, critical</dd>
          </div>
          <div className="fact">
            <dt>Key usage</dt>
            <dd>Certificate signing, CRL signing (critical)</dd>
          </div>
          <div className="fact">
            <dt>Key identifiers</dt>
            <dd>Subject and authority key identifier</dd>
          </div>
          <div className="fact">
            <dt>Serial number</dt>
            <dd>Random, at least 64 bits</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
