import type { Finding, InspectChain, InspectedCertificate, InspectLink } from '../../../shared/domain/inspect.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { LinkStatusBadge } from '../../components/StatusBadge.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { chainVerdict, checkLabel, describeDays, effectiveLimit, groupChecks, missingFromInput, originLabel, shownLinkStatus } from './model.js';

function LinkChecks({ link }: { readonly link: InspectLink }) {
  const t = useT();
  const { failed, passed, summary } = groupChecks(link.checks);
  if (link.checks.length === 0) return null;
  return (
    <details className="link-checks" open={failed.length > 0}>
      <summary>{t('inspect:chain.checks', { summary })}</summary>
      <ul className="checks" aria-label={t('inspect:chain.checksOf', { name: link.commonName })}>
        {[...failed, ...passed].map((check, i) => (
          <li key={`${check.name}-${i}`} className={check.ok ? 'check check-ok' : 'check check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{check.ok ? t('inspect:chain.passed') : t('inspect:chain.failed')}</span>
            <span className="check-name">{checkLabel(check.name)}</span>
            <span className="check-note">{wordOf(check.note)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The chain leaf → root: each link's status, where it was found, and what was checked. */
export function ChainView({ chain, leaf, findings = [] }: { readonly chain: InspectChain; readonly leaf: InspectedCertificate | null; readonly findings?: readonly Finding[] }) {
  const t = useT();
  const limit = effectiveLimit(chain, leaf);
  const verdict = chainVerdict(chain, findings);
  const role = { leaf: t('inspect:chain.leaf'), intermediate: t('inspect:chain.intermediate'), root: t('inspect:chain.root') } as const;
  return (
    <section className="inspect-section" role="region" aria-label={t('inspect:chain.title')}>
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">{t('inspect:chain.title')}</h2>
        <span className={`tag tag-${verdict.tone}`}>{verdict.text}</span>
        {verdict.note ? <span className="muted chain-verdict-note">{verdict.note}</span> : null}
      </div>
      <dl className="inspect-expiry" aria-label={t('inspect:chain.expiry')}>
        {leaf ? (
          <div>
            <dt>{t('inspect:chain.certificateExpires')}</dt>
            <dd>
              {formatDateTime(leaf.notAfter)} <span className="muted">({describeDays(leaf.daysLeft)})</span>
            </dd>
          </div>
        ) : null}
        <div className={limit ? 'inspect-effective is-limited' : 'inspect-effective'}>
          <dt>{t('inspect:chain.chainExpires')}</dt>
          <dd>
            {formatDateTime(chain.effectiveNotAfter)}
            {limit ? <> {t('inspect:chain.limitedBy', { name: limit.limitedBy })}</> : <span className="muted"> {t('inspect:chain.nothingSooner')}</span>}
          </dd>
        </div>
      </dl>
      <ol className="chain-list inspect-chain" aria-label={t('inspect:chain.path')}>
        {chain.links.map((link, i) => (
          <li key={`${link.serialNumberHex}-${i}`} className={`chain-link chain-${link.role}`}>
            <span className="chain-dot" aria-hidden="true" />
            <div className="chain-body">
              <div className="chain-head">
                <span className="chain-role">{role[link.role]}</span>
                <span className="chain-name">{link.commonName || link.subjectDn}</span>
                {missingFromInput(chain, findings, i) ? <span className="tag tag-expired">{t('inspect:chain.missingFromInput')}</span> : <LinkStatusBadge status={shownLinkStatus(chain, i)} />}
                <span className={`tag tag-origin tag-origin-${link.origin}`}>{originLabel(link.origin)}</span>
              </div>
              <p className="chain-note">
                {wordOf(link.note)}
                {link.notAfter ? <span className="muted"> · {t('inspect:chain.expires', { date: formatDate(link.notAfter) })}</span> : null}
                {link.objectIndex !== null ? <span className="muted"> · {t('inspect:key.object', { number: link.objectIndex + 1 })}</span> : null}
              </p>
              <LinkChecks link={link} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
