import { useState } from 'react';
import type { PolicyView, ServiceRow } from '../../../shared/domain/service-identity.js';
import { PolicyCheck } from './PolicyCheck.js';
import { PolicyEditor } from './PolicyEditor.js';

interface PolicyPanelProps {
  readonly view: PolicyView;
  readonly rows: readonly ServiceRow[];
  readonly onStored: (view: PolicyView) => void;
}

/** The service policy: the editor, "may A call B?", and the callers the vault has no certificate for. */
export function PolicyPanel({ view, rows, onStored }: PolicyPanelProps) {
  const [unsaved, setUnsaved] = useState(false);
  const withCertificates = rows.filter((r) => r.certificates.length > 0).map((r) => r.name);
  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">Policy</h2>
          <p className="muted">The token endpoint puts in a token&rsquo;s scope what this policy lets the caller do at the audience; the generated Go middleware reads the same file.</p>
        </div>
      </div>
      <PolicyEditor view={view} knownServices={withCertificates} onStored={onStored} onDraftChange={setUnsaved} />
      <div className="svc-policy-side">
        <PolicyCheck policyText={view.text} services={rows.map((r) => r.name)} unsaved={unsaved} />
        <section className="card svc-form" aria-labelledby="without-certificate-title">
          <h3 id="without-certificate-title" className="section-title">
            Callers without a client certificate
          </h3>
          {view.withoutCertificate.length === 0 ? (
            <p className="muted">{view.services === 0 ? 'The policy names no services yet.' : 'Every service in the policy has a client certificate in this vault.'}</p>
          ) : (
            <>
              <p className="field-hint">The policy names them, but the token endpoint cannot vouch for them until they have a client certificate (CN = the service name) from this vault.</p>
              <ul className="svc-names" aria-label="Callers without a client certificate">
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
