import type { TokenCheck, TokenDiagnosis } from '../../../shared/domain/service-identity.js';
import { Icon } from '../../components/Icon.js';
import { DecodedToken } from './DecodedToken.js';
import { CHECK_LABEL, OUTCOME_LABEL, verdict } from './model.js';

const OUTCOME_ICON = { pass: 'check', fail: 'alert', skipped: 'info' } as const;

function Check({ check }: { readonly check: TokenCheck }) {
  return (
    <li className={`svc-check svc-check-${check.outcome}`}>
      <span className={`svc-check-icon svc-check-icon-${check.outcome}`}>
        <Icon name={OUTCOME_ICON[check.outcome]} size={16} />
      </span>
      <div className="svc-check-body">
        <p>
          <strong>{CHECK_LABEL[check.id] ?? check.id}</strong> <span className={`tag svc-outcome-${check.outcome}`}>{OUTCOME_LABEL[check.outcome]}</span>
        </p>
        <p className="svc-check-message">{check.message}</p>
        {check.advice ? (
          <p className="finding-advice">
            <span className="finding-advice-label">What to do: </span>
            {check.advice}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** jwt.verify's answer: the verdict and what golang-jwt would say, the decoded token, then each check in words. */
export function TokenDiagnosisView({ diagnosis }: { readonly diagnosis: TokenDiagnosis }) {
  const failed = diagnosis.checks.filter((c) => c.outcome === 'fail');
  return (
    <section className="svc-diagnosis" aria-label="Verification result">
      <div className={diagnosis.valid ? 'alert alert-success' : 'alert alert-error'} role="status">
        <Icon name={diagnosis.valid ? 'check' : 'alert'} />
        <div className="alert-body">
          <p className="alert-title">{verdict(diagnosis)}</p>
          {failed.length > 0 ? (
            <ul className="alert-list" aria-label="Failed checks">
              {failed.map((c) => (
                <li key={c.id}>
                  <strong>{CHECK_LABEL[c.id] ?? c.id}:</strong> {c.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {diagnosis.golangJwt ? (
        <p className="svc-golang">
          <span className="svc-golang-label">golang-jwt says:</span> <code>{diagnosis.golangJwt}</code>
        </p>
      ) : diagnosis.valid ? (
        <p className="svc-golang muted">A Go service using golang-jwt (algorithm pinned, iss and aud checked) would accept this token.</p>
      ) : null}
      {diagnosis.header || diagnosis.claims ? (
        <section className="card svc-form" aria-label="Decoded token">
          <h4 className="section-title">Decoded token</h4>
          <DecodedToken header={diagnosis.header} claims={diagnosis.claims} note={diagnosis.valid ? undefined : 'As pasted: not to be trusted, since the token did not pass every check.'} />
        </section>
      ) : null}
      <h4 className="section-title">Every check, in the order a verifier makes them</h4>
      <ol className="svc-checks" aria-label="Checks">
        {diagnosis.checks.map((c) => (
          <Check key={c.id} check={c} />
        ))}
      </ol>
    </section>
  );
}
