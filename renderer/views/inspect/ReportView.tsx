import type { InspectedCertificate, InspectionReport } from '../../../shared/domain/inspect.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { ChainView } from './ChainView.js';
import { Diagnosis } from './Diagnosis.js';
import { problemText, sourceText, visibleProblems } from './model.js';
import { ObjectList, type ReportSource } from './ObjectCards.js';

/** The parts of the input that could not be read, as a warning list. */
function Problems({ report }: { readonly report: InspectionReport }) {
  const t = useT();
  const problems = visibleProblems(report);
  if (problems.length === 0) return null;
  return (
    <section className="inspect-section" role="region" aria-label={t('inspect:problems.label')}>
      <div className="alert alert-warning" role="status">
        <Icon name="alert" />
        <div className="alert-body">
          <h2 className="alert-title inspect-problems-title">{t('inspect:problems.title', { count: problems.length })}</h2>
          <ul className="alert-list inspect-problems">
            {problems.map((p, i) => (
              <li key={`${i}-${p.source.key}`}>
                <span className="inspect-problem-source">{t('inspect:problems.source', { source: sourceText(p.source) })}</span> {problemText(p)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

interface ReportViewProps {
  readonly report: InspectionReport;
  /** The input it was made from, sent back for ASN.1 trees and Add to vault. */
  readonly source: ReportSource;
  /** A CA was added to the vault: inspect again so the badges say so. */
  readonly onAdded: () => void;
}

/** A report in the order an engineer needs it: what is wrong, the chain, then every object. */
export function ReportView({ report, source, onAdded }: ReportViewProps) {
  const leafObject = report.leafIndex === null ? undefined : report.objects.find((o) => o.index === report.leafIndex);
  const leaf: InspectedCertificate | null = leafObject && leafObject.kind === 'certificate' ? leafObject : null;
  return (
    <div className="inspect-report">
      <Diagnosis report={report} />
      {report.chain ? <ChainView chain={report.chain} leaf={leaf} findings={report.findings} /> : null}
      <Problems report={report} />
      <ObjectList objects={report.objects} leafIndex={report.leafIndex} chain={report.chain} source={source} onAdded={onAdded} />
    </div>
  );
}
