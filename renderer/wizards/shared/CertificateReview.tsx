import type { ReactNode } from 'react';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { formatDate } from '../../app/format.js';
import { describeSan, SAN_TYPE_SHORT } from '../../components/san-model.js';
import type { LeafDraft } from './leaf.js';
import { subjectPreview } from './subject.js';
import { checkValidity } from './validity.js';

/** What the certificate will say, as facts, with an Edit link per part. */
export function CertificateReview({ leaf, now, keyLabel, edit }: { readonly leaf: LeafDraft; readonly now: Date; readonly keyLabel: string; readonly edit: (part: 'issuer' | 'subject' | 'key') => ReactNode }) {
  const validity = checkValidity(leaf.validity, now, leaf.issuer);
  const profile = PROFILE_INFO[leaf.profile];
  return (
    <>
      <section className="review-section" aria-labelledby="review-issuer">
        <div className="review-head">
          <h3 id="review-issuer">Issuing CA and profile</h3>
          {edit('issuer')}
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Issuing CA</dt>
            <dd>{leaf.issuer?.commonName ?? '—'}</dd>
          </div>
          <div className="fact">
            <dt>Profile</dt>
            <dd>
              {profile.label} <span className="muted">— {profile.hint}</span>
            </dd>
          </div>
        </dl>
      </section>
      <section className="review-section" aria-labelledby="review-subject">
        <div className="review-head">
          <h3 id="review-subject">Subject and names</h3>
          {edit('subject')}
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Subject</dt>
            <dd>
              <code>{subjectPreview(leaf.subject)}</code>
            </dd>
          </div>
          <div className="fact">
            <dt>Subject alternative names</dt>
            <dd>
              {leaf.sans.length === 0 ? (
                'None'
              ) : (
                <span className="mono-block">
                  {leaf.sans.map((s) => (
                    <span key={`${s.type}:${s.value}`}>
                      {SAN_TYPE_SHORT[s.type]}: {describeSan(s)}
                    </span>
                  ))}
                </span>
              )}
            </dd>
          </div>
        </dl>
      </section>
      <section className="review-section" aria-labelledby="review-key">
        <div className="review-head">
          <h3 id="review-key">Key and validity</h3>
          {edit('key')}
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Key</dt>
            <dd>{keyLabel}</dd>
          </div>
          <div className="fact">
            <dt>Validity</dt>
            <dd>
              {validity.days !== undefined ? `${validity.days.toLocaleString()} days` : '—'}
              {validity.end ? `, from ${formatDate(now)} until ${formatDate(validity.end)}` : ''}
            </dd>
          </div>
        </dl>
        {validity.warning ? <p className="field-warning">{validity.warning}</p> : null}
      </section>
    </>
  );
}
