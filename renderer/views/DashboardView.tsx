import { useCallback, useEffect, useState } from 'react';
import type { DashboardData } from '../../shared/domain/expiry.js';
import { formatDateTime } from '../app/format.js';
import { useNavigation, type CertificateFilter } from '../app/navigation.js';
import type { Load } from '../app/useLoad.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';
import { call } from '../ipc/client.js';
import { ExpiryTimeline } from './dashboard/ExpiryTimeline.js';
import { dashboardState } from './dashboard/model.js';
import { AuthoritiesNearingExpiry, BackupPanel, CrlsDue, DeployedPanel, LeavesFromRoots, RecentlyIssued, RecentlyRevoked } from './dashboard/Panels.js';
import { ExpiryTiles, StatusCounts } from './dashboard/Tiles.js';
import { LoadStatus } from './LoadStatus.js';
import { NoAuthorities } from './NoAuthorities.js';
import { PageHead } from './PageHead.js';

interface Loaded {
  readonly data: DashboardData;
  /** How many authorities there are; only counted while there is no certificate (else at least 1). */
  readonly authorities: number;
}

/** The home screen: what expires when, what needs publishing, what was done lately. */
export function DashboardView() {
  const t = useT();
  const nav = useNavigation();
  const [load, setLoad] = useState<Load<Loaded>>({ state: 'loading' });
  const [refreshing, setRefreshing] = useState(false);

  const refresh = useCallback(async () => {
    const dashboard = await call('dashboard.get', {});
    if (!dashboard.ok) return setLoad({ state: 'failed', error: dashboard.error });
    // Authorities are counted only for the empty states: with certificates there is at least one (and
    // authority.list counts every certificate of each, which a big CA should not wait for here).
    if (dashboard.value.counts.total > 0) return setLoad({ state: 'ready', value: { data: dashboard.value, authorities: 1 } });
    const authorities = await call('authority.list', {});
    setLoad(authorities.ok ? { state: 'ready', value: { data: dashboard.value, authorities: authorities.value.length } } : { state: 'failed', error: authorities.error });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function reload() {
    setRefreshing(true);
    await refresh();
    setRefreshing(false);
  }

  const openCertificates = (filter: CertificateFilter | undefined) => nav.show('certificates', filter ? { filter } : undefined);
  const openCertificate = (id: string) => nav.show('certificates', { select: id });
  const openAuthority = (id: string) => nav.show('authorities', { select: id });
  const showRootLeaves = (authorityId: string, authorityName: string) => nav.show('certificates', { filter: { authorityId, authorityName } });
  const newIntermediate = (authorityId: string) => nav.open('new-intermediate', { authorityId });
  const openEndpoint = (id: string) => nav.show('endpoints', { select: id });
  const openEndpoints = () => nav.show('endpoints');

  const ready = load.state === 'ready' ? load.value : null;
  const state = ready ? dashboardState(ready.data, ready.authorities) : null;
  const data = ready?.data;

  return (
    <section className="view view-wide dash" aria-labelledby="dashboard-title">
      <PageHead
        id="dashboard-title"
        eyebrow={t('dashboard:page.eyebrow')}
        title={t('dashboard:page.title')}
        sub={data && state !== 'no-authorities' ? t('dashboard:page.asOf', { at: formatDateTime(data.now) }) : undefined}
        action={
          state && state !== 'no-authorities' ? (
            <Button variant="ghost" busy={refreshing} onClick={() => void reload()}>
              {t('common:action.refresh')}
            </Button>
          ) : null
        }
      />
      <LoadStatus load={load} failedTitle={t('dashboard:page.loadFailed')} onRetry={() => void reload()} />

      {state === 'no-authorities' ? (
        <NoAuthorities>
          <p>{t('dashboard:page.startLead')}</p>
          <p className="muted">{t('dashboard:page.startKey')}</p>
        </NoAuthorities>
      ) : null}

      {data && state === 'no-certificates' ? (
        <>
          <EmptyState
            icon="certificate"
            title={t('dashboard:page.noCertificates')}
            action={
              <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('issue')}>
                {t('dashboard:page.issue')}
              </Button>
            }
          >
            <p>{t('dashboard:page.readyToSign', { count: ready?.authorities ?? 0 })}</p>
          </EmptyState>
          <div className="dash-main">
            <AuthoritiesNearingExpiry authorities={data.authoritiesExpiring} settings={data.settings} onOpen={openAuthority} />
            <div className="dash-column">
              <BackupPanel backup={data.backup} now={data.now} onWritten={() => void refresh()} />
              <CrlsDue crls={data.crlsDue} now={data.now} onOpen={openAuthority} />
              <DeployedPanel deployed={data.deployed} onOpen={openEndpoint} onAll={openEndpoints} />
            </div>
          </div>
        </>
      ) : null}

      {data && state === 'ready' ? (
        <>
          <div className="dash-top">
            <ExpiryTiles data={data} onOpen={openCertificates} />
            <StatusCounts counts={data.counts} onOpen={openCertificates} />
          </div>
          <p className="dash-thresholds muted">
            {t('dashboard:page.thresholds', { warning: t('common:time.days', { count: data.settings.warningDays }), urgent: t('common:time.days', { count: data.settings.urgentDays }) })}{' '}
            <button type="button" className="link" onClick={() => nav.show('settings')}>
              {t('dashboard:page.changeInSettings')}
            </button>
          </p>
          <div className="dash-main">
            <div className="dash-column">
              <ExpiryTimeline timeline={data.timeline} />
              <RecentlyIssued certificates={data.recentlyIssued} settings={data.settings} onOpen={openCertificate} />
            </div>
            <div className="dash-column">
              <LeavesFromRoots roots={data.leavesFromRoots} onShow={showRootLeaves} onNewIntermediate={newIntermediate} />
              {/* What is served comes first once something is watched; until then the invitation waits at the end. */}
              {data.deployed.watched > 0 ? <DeployedPanel deployed={data.deployed} onOpen={openEndpoint} onAll={openEndpoints} /> : null}
              <BackupPanel backup={data.backup} now={data.now} onWritten={() => void refresh()} />
              <AuthoritiesNearingExpiry authorities={data.authoritiesExpiring} settings={data.settings} onOpen={openAuthority} />
              <CrlsDue crls={data.crlsDue} now={data.now} onOpen={openAuthority} />
              <RecentlyRevoked certificates={data.recentlyRevoked} onOpen={openCertificate} />
              {data.deployed.watched === 0 ? <DeployedPanel deployed={data.deployed} onOpen={openEndpoint} onAll={openEndpoints} /> : null}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
