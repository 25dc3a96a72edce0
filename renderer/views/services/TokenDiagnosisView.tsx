import { Trans } from 'react-i18next';
import type { TokenCheck, TokenDiagnosis } from '../../../shared/domain/service-identity.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { DecodedToken } from './DecodedToken.js';
import { checkLabel, outcomeLabel, verdict } from './model.js';

const OUTCOME_ICON = { pass: 'check', fail: 'alert', skipped: 'info' } as const;

function Check({ check }: { readonly check: TokenCheck }) {
  const t = useT();
  return (
    <li className={`svc-check svc-check-${check.outcome}`}>
      <span className={`svc-check-icon svc-check-icon-${check.outcome}`}>
        <Icon name={OUTCOME_ICON[check.outcome]} size={16} />
      </span>
      <div className="svc-check-body">
        <p>
          <strong>{checkLabel(check.id)}</strong> <span className={`tag svc-outcome-${check.outcome}`}>{outcomeLabel(check.outcome)}</span>
        </p>
        <p className="svc-check-message">{wordOf(check.message)}</p>
        {check.advice ? (
          <p className="finding-advice">
            <span className="finding-advice-label">{t('services:diagnosis.whatToDo')}</span>
            {wordOf(check.advice)}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** jwt.verify's answer: the verdict and what golang-jwt would say, the decoded token, then each check in words. */
export function TokenDiagnosisView({ diagnosis }: { readonly diagnosis: TokenDiagnosis }) {
  const t = useT();
  const failed = diagnosis.checks.filter((c) => c.outcome === 'fail');
  return (
    <section className="svc-diagnosis" aria-label={t('services:diagnosis.label')}>
      <div className={diagnosis.valid ? 'alert alert-success' : 'alert alert-error'} role="status">
        <Icon name={diagnosis.valid ? 'check' : 'alert'} />
        <div className="alert-body">
          <p className="alert-title">{verdict(diagnosis)}</p>
          {failed.length > 0 ? (
            <ul className="alert-list" aria-label={t('services:diagnosis.failedChecks')}>
              {failed.map((c) => (
                <li key={c.id}>
                  <Trans t={t} i18nKey="services:diagnosis.failedCheck" values={{ check: checkLabel(c.id), message: wordOf(c.message) }} components={{ 1: <strong /> }} />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {diagnosis.golangJwt ? (
        <p className="svc-golang">
          <span className="svc-golang-label">{t('services:diagnosis.golangJwt')}</span> <code>{diagnosis.golangJwt}</code>
        </p>
      ) : diagnosis.valid ? (
        <p className="svc-golang muted">{t('services:diagnosis.goAccepts')}</p>
      ) : null}
      {diagnosis.header || diagnosis.claims ? (
        <section className="card svc-form" aria-label={t('services:diagnosis.decoded')}>
          <h4 className="section-title">{t('services:diagnosis.decoded')}</h4>
          <DecodedToken header={diagnosis.header} claims={diagnosis.claims} note={diagnosis.valid ? undefined : t('services:diagnosis.untrusted')} />
        </section>
      ) : null}
      <h4 className="section-title">{t('services:diagnosis.checksTitle')}</h4>
      <ol className="svc-checks" aria-label={t('services:diagnosis.checksLabel')}>
        {diagnosis.checks.map((c) => (
          <Check key={c.id} check={c} />
        ))}
      </ol>
    </section>
  );
}
