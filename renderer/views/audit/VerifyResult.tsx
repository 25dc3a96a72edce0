import { Trans } from 'react-i18next';
import type { AuditCheck } from '../../../shared/domain/audit-view.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';

/** audit.verify's answer: intact, or each problem with the line it is on. */
export function VerifyResult({ check }: { readonly check: AuditCheck }) {
  const t = useT();
  const entries = t('audit:verify.entries', { count: check.entries });
  if (check.ok) {
    return (
      <Notice tone="success">
        <p>
          <Trans t={t} i18nKey="audit:verify.intact" values={{ entries }} components={{ 1: <strong /> }} />
        </p>
      </Notice>
    );
  }
  return (
    <ErrorAlert title={t('audit:verify.failed', { problems: t('audit:verify.problems', { count: check.problems.length }), entries })} error={t('audit:verify.advice')}>
      <ul className="alert-list" aria-label={t('audit:verify.list')}>
        {check.problems.map((p) => (
          <li key={`${p.line}-${p.kind}-${p.message}`}>{t('audit:verify.line', { line: p.line, message: wordOf(p.reason) })}</li>
        ))}
      </ul>
    </ErrorAlert>
  );
}
