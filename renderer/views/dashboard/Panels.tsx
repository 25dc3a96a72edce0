import type { ReactNode } from 'react';
import type { BackupStatus } from '../../../shared/domain/vault.js';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import type { AuthorityExpiry, CrlDue, DashboardData, ExpirySettings } from '../../../shared/domain/expiry.js';
import { certificateLabel, daysLeft, describeDaysLeft, formatDate, formatDateTime, formatNumber } from '../../app/format.js';
import { useBackup } from '../../app/useBackup.js';
import { ErrorAlert } from '../../components/Alert.js';
import { BackupWritten } from '../../components/BackupWritten.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useT } from '../../i18n/use-t.js';
import type { DeployedSummary } from '../../../shared/domain/watch.js';
import { deployedState, deployedSub, findingRows, findingsCut, healthCells, quietSentence } from './deployed.js';
import { backupLine, blastRadiusSentence, crlLine, daysLeftTone } from './model.js';

function Panel({ id, title, sub, count, children }: { readonly id: string; readonly title: string; readonly sub?: string; readonly count?: number; readonly children: ReactNode }) {
  return (
    <section className="card dash-card" aria-labelledby={id}>
      <header className="dash-card-head">
        <div>
          <div className="dash-card-title">
            <h2 id={id} className="dash-card-heading">
              {title}
            </h2>
            {count !== undefined && count > 0 ? (
              <span className="dash-count-pill dash-num" aria-hidden="true">
                {formatNumber(count)}
              </span>
            ) : null}
          </div>
          {sub ? <p className="dash-card-sub">{sub}</p> : null}
        </div>
      </header>
      {children}
    </section>
  );
}

function AllClear({ children }: { readonly children: ReactNode }) {
  return (
    <p className="dash-none dash-clear">
      <Icon name="check" size={16} />
      <span>{children}</span>
    </p>
  );
}

/** Authorities ending within a year, soonest first, with what stops working with them. */
export function AuthoritiesNearingExpiry({ authorities, settings, onOpen }: { readonly authorities: readonly AuthorityExpiry[]; readonly settings: ExpirySettings; readonly onOpen: (authorityId: string) => void }) {
  const t = useT();
  return (
    <Panel id="dash-cas-title" title={t('dashboard:authorities.title')} sub={t('dashboard:authorities.sub')} count={authorities.length}>
      {authorities.length === 0 ? (
        <AllClear>{t('dashboard:authorities.none')}</AllClear>
      ) : (
        <ul className="dash-list" aria-label={t('dashboard:authorities.title')}>
          {authorities.map((a) => (
            <li key={a.authorityId} className="dash-row">
              <div className="dash-row-main">
                <button type="button" className="link dash-row-name" onClick={() => onOpen(a.authorityId)}>
                  {a.commonName}
                </button>
                <span className="dash-row-meta">
                  {t('dashboard:authorities.ends', { kind: a.kind === 'root' ? t('common:role.root') : t('common:role.intermediate'), date: formatDate(a.notAfter) })}
                </span>
                <span className="dash-blast">{blastRadiusSentence(a.blastRadius)}</span>
              </div>
              <span className={`dash-days dash-tone-${daysLeftTone(a.daysLeft, settings)}`}>{describeDaysLeft(a.notAfter)}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** CRLs past or near their next update, and revocations no CRL carries yet. */
export function CrlsDue({ crls, now, onOpen }: { readonly crls: readonly CrlDue[]; readonly now: string; readonly onOpen: (authorityId: string) => void }) {
  const t = useT();
  return (
    <Panel id="dash-crls-title" title={t('dashboard:crl.title')} sub={t('dashboard:crl.sub')} count={crls.length}>
      {crls.length === 0 ? (
        <AllClear>{t('dashboard:crl.allCurrent')}</AllClear>
      ) : (
        <ul className="dash-list" aria-label={t('dashboard:crl.title')}>
          {crls.map((crl) => {
            const line = crlLine(crl, now, formatDateTime);
            return (
              <li key={crl.authorityId} className="dash-row">
                <div className="dash-row-main">
                  <button type="button" className="link dash-row-name" onClick={() => onOpen(crl.authorityId)}>
                    {crl.commonName}
                  </button>
                  <span className="dash-row-meta">{line.detail}</span>
                </div>
                <span className={`dash-state dash-tone-${line.tone}`}>{line.status}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

interface RecentProps {
  readonly certificates: readonly CertificateSummary[];
  readonly onOpen: (certificateId: string) => void;
}

function NameCell({ c, onOpen }: { readonly c: CertificateSummary; readonly onOpen: (id: string) => void }) {
  return (
    <th scope="row">
      <button type="button" className="link dash-cert-link" onClick={() => onOpen(c.id)} title={c.subjectDn}>
        {certificateLabel(c)}
      </button>
    </th>
  );
}

export function RecentlyIssued({ certificates, settings, onOpen }: RecentProps & { readonly settings: ExpirySettings }) {
  const t = useT();
  return (
    <Panel id="dash-issued-title" title={t('dashboard:issued.title')}>
      {certificates.length === 0 ? (
        <p className="dash-none">{t('dashboard:issued.none')}</p>
      ) : (
        <table className="dash-table" aria-label={t('dashboard:issued.table')}>
          <thead>
            <tr>
              <th scope="col">{t('dashboard:issued.name')}</th>
              <th scope="col">{t('dashboard:issued.issuer')}</th>
              <th scope="col">{t('dashboard:issued.issued')}</th>
              <th scope="col">{t('dashboard:issued.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={c.id}>
                <NameCell c={c} onOpen={onOpen} />
                <td className="dash-cell-muted">{c.issuerCommonName}</td>
                <td className="dash-num" title={formatDateTime(c.createdAt)}>
                  {formatDate(c.createdAt)}
                </td>
                <td>
                  {c.status === 'valid' ? (
                    <span className={`dash-left dash-num dash-tone-${daysLeftTone(daysLeft(c.effectiveNotAfter), settings)}`} title={t('dashboard:issued.effectiveExpiry', { at: formatDateTime(c.effectiveNotAfter) })}>
                      {describeDaysLeft(c.effectiveNotAfter)}
                    </span>
                  ) : (
                    <StatusBadge status={c.status} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function RecentlyRevoked({ certificates, onOpen }: RecentProps) {
  const t = useT();
  return (
    <Panel id="dash-revoked-title" title={t('dashboard:revoked.title')}>
      {certificates.length === 0 ? (
        <p className="dash-none">{t('dashboard:revoked.none')}</p>
      ) : (
        <ul className="dash-list" aria-label={t('dashboard:revoked.list')}>
          {certificates.map((c) => (
            <li key={c.id} className="dash-row">
              <div className="dash-row-main">
                <button type="button" className="link dash-row-name" onClick={() => onOpen(c.id)} title={c.subjectDn}>
                  {certificateLabel(c)}
                </button>
                <span className="dash-row-meta">
                  {t('dashboard:revoked.meta', { reason: c.revocation ? t(`common:reason.${c.revocation.reason}`) : t('common:status.revoked'), issuer: c.issuerCommonName })}
                </span>
              </div>
              <span className="dash-row-date dash-num" title={c.revocation ? formatDateTime(c.revocation.revokedAt) : undefined}>
                {c.revocation ? formatDate(c.revocation.revokedAt) : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** When the vault was last backed up (a warning once overdue), and Back up now…; `onWritten` refreshes the dashboard. */
export function BackupPanel({ backup, now, onWritten }: { readonly backup: BackupStatus; readonly now: string; readonly onWritten: () => void }) {
  const t = useT();
  const line = backupLine(backup, now);
  const run = useBackup(onWritten);
  return (
    <Panel id="dash-backup-title" title={t('dashboard:backup.title')}>
      <div className={`dash-backup dash-tone-${line.tone}`}>
        <p className="dash-backup-status" title={backup.lastBackupAt ? formatDateTime(backup.lastBackupAt) : undefined}>
          <Icon name={line.tone === 'warning' ? 'alert' : 'check'} size={16} />
          <span>{line.status}</span>
        </p>
        <p className="dash-row-meta">{line.detail}</p>
        <Button variant={line.tone === 'warning' ? 'primary' : 'secondary'} busy={run.busy} onClick={() => void run.backup()}>
          {t('dashboard:backup.now')}
        </Button>
      </div>
      {run.error ? <ErrorAlert error={run.error} title={t('dashboard:backup.failed')} /> : null}
      {run.written ? <BackupWritten backup={run.written} /> : null}
    </Panel>
  );
}

/**
 * Roots that signed leaf certificates directly (issue 17): each with how many are in service, the
 * advice, and a way to see them (the Certificates list filtered to that root) or to make the
 * intermediate they should come from. Nothing at all when no root did.
 */
export function LeavesFromRoots({ roots, onShow, onNewIntermediate }: { readonly roots: DashboardData['leavesFromRoots']; readonly onShow: (authorityId: string, name: string) => void; readonly onNewIntermediate: (authorityId: string) => void }) {
  const t = useT();
  if (roots.length === 0) return null;
  const total = roots.reduce((n, r) => n + r.count, 0);
  return (
    <Panel id="dash-root-leaves-title" title={t('dashboard:rootLeaves.title')} sub={t('dashboard:rootLeaves.sub')} count={total}>
      <ul className="dash-list" aria-label={t('dashboard:rootLeaves.list')}>
        {roots.map((r) => (
          <li key={r.authorityId} className="dash-row dash-root-leaves">
            <div className="dash-row-main">
              <span className="dash-row-name">
                <Icon name="alert" size={16} /> {r.commonName}
              </span>
              <span className="dash-row-meta">
                {t('dashboard:rootLeaves.signed', { count: r.count })}
              </span>
            </div>
            <div className="dash-root-leaves-actions">
              <Button variant="ghost" onClick={() => onShow(r.authorityId, r.commonName)}>
                {t('dashboard:rootLeaves.show', { count: r.count })}
              </Button>
              <Button variant="secondary" icon={<Icon name="plus" />} onClick={() => onNewIntermediate(r.authorityId)}>
                {t('dashboard:rootLeaves.newIntermediate')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/**
 * What the watched endpoints serve (issue 19): counts by health, the findings to act on as sentences,
 * each opening its endpoint in the Endpoints view; with nothing watched, the invitation to add one.
 */
export function DeployedPanel({ deployed, onOpen, onAll }: { readonly deployed: DeployedSummary; readonly onOpen: (endpointId: string) => void; readonly onAll: () => void }) {
  const t = useT();
  const state = deployedState(deployed);
  const rows = findingRows(deployed);
  const quiet = quietSentence(deployed);
  return (
    <Panel id="dash-deployed-title" title={t('dashboard:deployed.title')} sub={deployedSub(deployed, formatDateTime) ?? t('dashboard:deployed.subEmpty')} count={rows.length}>
      {state === 'empty' ? (
        <div className="dash-deployed-empty">
          <p className="dash-none">{t('dashboard:deployed.empty')}</p>
          <Button variant="secondary" icon={<Icon name="plus" />} onClick={onAll}>
            {t('dashboard:deployed.add')}
          </Button>
        </div>
      ) : (
        <>
          <ul className="dash-deployed-health" aria-label={t('dashboard:deployed.healthList')}>
            {healthCells(deployed).map((c) => (
              <li key={c.health} className={`dash-deployed-cell dash-tone-${c.tone}`}>
                <span className="dash-deployed-count dash-num">{formatNumber(c.count)}</span> <span className="dash-deployed-label">{c.label}</span>
              </li>
            ))}
          </ul>
          {state === 'clear' && quiet ? <AllClear>{quiet}</AllClear> : quiet ? <p className="dash-none">{quiet}</p> : null}
          {rows.length > 0 ? (
            <ul className="dash-list" aria-label={t('dashboard:deployed.findings')}>
              {rows.map((r) => (
                <li key={r.key} className="dash-row">
                  <div className="dash-row-main">
                    <button type="button" className="link dash-row-name dash-deployed-target" translate="no" onClick={() => onOpen(r.endpointId)}>
                      {r.target}
                    </button>
                    <span className="dash-deployed-finding">{r.sentence}</span>
                  </div>
                  <span className={`dash-state dash-tone-${r.tone}`}>{r.severity}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="dash-deployed-more">
            <button type="button" className="link" onClick={onAll}>
              {findingsCut(deployed) ? t('dashboard:deployed.more', { max: rows.length }) : t('dashboard:deployed.all')}
            </button>
          </p>
        </>
      )}
    </Panel>
  );
}
