import type { Finding, InspectChain, InspectedCertificate, InspectLink } from '../../../shared/domain/inspect.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { LinkStatusBadge } from '../../components/StatusBadge.js';
import { chainVerdict, CHECK_LABEL, describeDays, effectiveLimit, groupChecks, missingFromInput, ORIGIN_LABEL, shownLinkStatus } from './model.js';

const ROLE = { leaf: 'Leaf', intermediate: 'Intermediate CA', root: 'Root CA' } as const;

function LinkChecks({ link }: { readonly link: InspectLink }) {
  const { failed, passed, summary } = groupChecks(link.checks);
  if (link.checks.length === 0) return null;
  return (
    <details className="link-checks" open={failed.length > 0}>
      <summary>Checks: {summary}</summary>
      <ul className="checks" aria-label={`Checks of ${link.commonName}`}>
        {[...failed, ...passed].map((check, i) => (
          <li key={`${check.name}-${i}`} className={check.ok ? 'check check-ok' : 'check check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{check.ok ? 'Passed: ' : 'Failed: '}</span>
            <span className="check-name">{CHECK_LABEL[check.name] ?? check.name}</span>
            <span className="check-note">{check.note}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The chain leaf → root: each link's status, where it was found, and what was checked. */
export function ChainView({ chain, leaf, findings = [] }: { readonly chain: InspectChain; readonly leaf: InspectedCertificate | null; readonly findings?: readonly Finding[] }) {
  const limit = effectiveLimit(chain, leaf);
  const verdict = chainVerdict(chain, findings);
  return (
    <section className="inspect-section" role="region" aria-label="Chain">
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">Chain</h2>
        <span className={`tag tag-${verdict.tone}`}>{verdict.text}</span>
        {verdict.note ? <span className="muted chain-verdict-note">{verdict.note}</span> : null}
      </div>
      <dl className="inspect-expiry" aria-label="Expiry">
        {leaf ? (
          <div>
            <dt>The certificate expires</dt>
            <dd>
              {formatDateTime(leaf.notAfter)} <span className="muted">({describeDays(leaf.daysLeft)})</span>
            </dd>
          </div>
        ) : null}
        <div className={limit ? 'inspect-effective is-limited' : 'inspect-effective'}>
          <dt>Chain expires</dt>
          <dd>
            {formatDateTime(chain.effectiveNotAfter)}
            {limit ? <> — limited by {limit.limitedBy}</> : <span className="muted"> (nothing above it expires sooner)</span>}
          </dd>
        </div>
      </dl>
      <ol className="chain-list inspect-chain" aria-label="Certification path">
        {chain.links.map((link, i) => (
          <li key={`${link.serialNumberHex}-${i}`} className={`chain-link chain-${link.role}`}>
            <span className="chain-dot" aria-hidden="true" />
            <div className="chain-body">
              <div className="chain-head">
                <span className="chain-role">{ROLE[link.role]}</span>
                <span className="chain-name">{link.commonName || link.subjectDn}</span>
                {missingFromInput(chain, findings, i) ? <span className="tag tag-expired">Missing from the input</span> : <LinkStatusBadge status={shownLinkStatus(chain, i)} />}
                <span className={`tag tag-origin tag-origin-${link.origin}`}>{ORIGIN_LABEL[link.origin]}</span>
              </div>
              <p className="chain-note">
                {link.note}
                {link.notAfter ? <span className="muted"> · expires {formatDate(link.notAfter)}</span> : null}
                {link.objectIndex !== null ? <span className="muted"> · object {link.objectIndex + 1}</span> : null}
              </p>
              <LinkChecks link={link} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
