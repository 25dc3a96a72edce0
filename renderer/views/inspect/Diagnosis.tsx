import { useId } from 'react';
import type { Finding, InspectionReport } from '../../../shared/domain/inspect.js';
import { Notice } from '../../components/Alert.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { findingText, severityLabel, sortFindings, summariseFindings, verdict } from './model.js';

const SEVERITY_TONE = { error: 'expired', warning: 'soon', info: 'accent' } as const;

function FindingItem({ finding }: { readonly finding: Finding }) {
  const id = useId();
  const t = useT();
  const words = findingText(finding);
  return (
    <li className={`finding finding-${finding.severity}`} aria-labelledby={id}>
      <div className="finding-head">
        <span className={`finding-icon finding-icon-${finding.severity}`}>
          <Icon name={finding.severity === 'info' ? 'info' : 'alert'} />
        </span>
        <span className={`tag tag-${SEVERITY_TONE[finding.severity]}`}>{severityLabel(finding.severity)}</span>
        <h3 id={id} className="finding-title">
          {words.title}
        </h3>
      </div>
      <div className="finding-body">
        <p>{words.detail}</p>
        <p className="finding-advice">
          <span className="finding-advice-label">{t('inspect:diagnosis.whatToDo')}</span>
          {words.advice}
        </p>
        {finding.seenAs.length > 0 ? (
          <details className="finding-seen">
            <summary>{t('inspect:diagnosis.seenAsCount', { count: finding.seenAs.length })}</summary>
            <ul className="seen-as" aria-label={t('inspect:diagnosis.seenAs')}>
              {finding.seenAs.map((text, i) => (
                <li key={`${i}-${text}`}>
                  <code>{text}</code>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </li>
  );
}

/** What is wrong, errors first, each with what to do and the error texts it shows up as. */
export function Diagnosis({ report }: { readonly report: InspectionReport }) {
  const t = useT();
  const findings = sortFindings(report.findings);
  const none = verdict(report);
  const summary = summariseFindings(findings);
  return (
    <section className="inspect-section" role="region" aria-label={t('inspect:diagnosis.title')}>
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">{t('inspect:diagnosis.title')}</h2>
        {summary ? <span className="muted">{summary}</span> : null}
      </div>
      {none ? <Notice tone={none.tone}>{none.text}</Notice> : null}
      {findings.length > 0 ? (
        <ul className="findings" aria-label={t('inspect:diagnosis.findings')}>
          {findings.map((f, i) => (
            <FindingItem key={`${f.id}-${i}`} finding={f} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
