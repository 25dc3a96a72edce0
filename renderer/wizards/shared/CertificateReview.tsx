import type { ReactNode } from 'react';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { formatDate } from '../../app/format.js';
import { SanLines } from '../../components/SanLines.js';
import type { LeafDraft } from './leaf.js';
import { ReviewFact, ReviewSection } from './Review.js';
import { subjectPreview } from './subject.js';
import { checkValidity } from './validity.js';

/** What the certificate will say, as facts, with an Edit link per part. */
export function CertificateReview({ leaf, now, keyLabel, edit }: { readonly leaf: LeafDraft; readonly now: Date; readonly keyLabel: string; readonly edit: (part: 'issuer' | 'subject' | 'key') => ReactNode }) {
  const validity = checkValidity(leaf.validity, now, leaf.issuer);
  const profile = PROFILE_INFO[leaf.profile];
  return (
    <>
      <ReviewSection id="review-issuer" title="Issuing CA and profile" edit={edit('issuer')}>
        <ReviewFact label="Issuing CA">{leaf.issuer?.commonName ?? '—'}</ReviewFact>
        <ReviewFact label="Profile">
          {profile.label} <span className="muted">— {profile.hint}</span>
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-subject" title="Subject and names" edit={edit('subject')}>
        <ReviewFact label="Subject">
          <code>{subjectPreview(leaf.subject)}</code>
        </ReviewFact>
        <ReviewFact label="Subject alternative names">
          <SanLines sans={leaf.sans} />
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-key" title="Key and validity" edit={edit('key')} after={validity.warning ? <p className="field-warning">{validity.warning}</p> : null}>
        <ReviewFact label="Key">{keyLabel}</ReviewFact>
        <ReviewFact label="Validity">
          {validity.days !== undefined ? `${validity.days.toLocaleString()} days` : '—'}
          {validity.end ? `, from ${formatDate(now)} until ${formatDate(validity.end)}` : ''}
        </ReviewFact>
      </ReviewSection>
    </>
  );
}
