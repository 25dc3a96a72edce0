import { useState } from 'react';
import type { PolicyView, ServiceRow } from '../../../shared/domain/service-identity.js';
import { useT } from '../../i18n/use-t.js';
import { PolicyCheck } from './PolicyCheck.js';
import { PolicyEditor } from './PolicyEditor.js';

interface PolicyPanelProps {
  readonly view: PolicyView;
  readonly rows: readonly ServiceRow[];
  readonly onStored: (view: PolicyView) => void;
}

/** The service policy: the editor, "may A call B?", and the callers the vault has no certificate for. */
export function PolicyPanel({ view, rows, onStored }: PolicyPanelProps) {
  const t = useT();
  const [unsaved, setUnsaved] = useState(false);
  const withCertificates = rows.filter((r) => r.certificates.length > 0).map((r) => r.name);
  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">{t('services:policy.title')}</h2>
          <p className="muted">{t('services:policy.intro')}</p>
        </div>
      </div>
      <PolicyEditor view={view} knownServices={withCertificates} onStored={onStored} onDraftChange={setUnsaved} />
      <div className="svc-policy-side">
        <PolicyCheck policyText={view.text} services={rows.map((r) => r.name)} unsaved={unsaved} />
        <section className="card svc-form" aria-labelledby="without-certificate-title">
          <h3 id="without-certificate-title" className="section-title">
            {t('services:policy.withoutCertificate')}
          </h3>
          {view.withoutCertificate.length === 0 ? (
            <p className="muted">{view.services === 0 ? t('services:policy.noServices') : t('services:policy.allHaveCertificates')}</p>
          ) : (
            <>
              <p className="field-hint">{t('services:policy.withoutCertificateHint')}</p>
              <ul className="svc-names" aria-label={t('services:policy.withoutCertificate')}>
                {view.withoutCertificate.map((name) => (
                  <li key={name}>
                    <code>{name}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
