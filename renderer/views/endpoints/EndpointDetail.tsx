import { useEffect, useState, type ReactNode } from 'react';
import type { EndpointHistory, EndpointStatus, ProbeOutcome, ServedCertificate, WatchFindingId } from '../../../shared/domain/watch.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import type { Load } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { sentence } from '../inspect/model.js';
import { DetailLoadStatus } from '../LoadStatus.js';
import { HealthBadge, SeverityBadge } from './HealthBadge.js';
import { orderedFindings, outcomeHealth, renewedNotDeployed } from './model.js';

interface EndpointDetailProps {
  readonly status: EndpointStatus;
  /** Counts up after each probe or edit: the history is read again. */
  readonly reload: number;
  /** The vault-wide interval (minutes) an endpoint without its own uses. */
  readonly settingMinutes: number;
  /** Names of the vault certificates it refers to (client, expected), by id. */
  readonly names: ReadonlyMap<string, string>;
  readonly probing: boolean;
  /** A probe of this endpoint that failed as a call (not a finding). */
  readonly probeError: IpcError | null;
  readonly onProbe: () => void;
  readonly onEdit: () => void;
  readonly onRemove: () => void;
  readonly onClose: () => void;
}

/** One endpoint: its findings as sentences, what it served, the history of results and of what changed, and its actions. */
export function EndpointDetail({ status, reload, settingMinutes, names, probing, probeError, onProbe, onEdit, onRemove, onClose }: EndpointDetailProps) {
  const t = useT();
  const id = status.endpoint.id;
  const [history, setHistory] = useState<Load<EndpointHistory>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call('watch.history', { id }).then((result) => {
      if (live) setHistory(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [id, reload]);

  const last = status.last;
  const renewed = renewedNotDeployed(last);
  const findings = last ? orderedFindings(last.findings).filter((f) => f !== renewed) : [];
  return (
    <article className="detail endpoint-detail" aria-labelledby="endpoint-title">
      <header className="detail-head detail-head-row">
        <div>
          <h2 id="endpoint-title" className="detail-title" translate="no">
            {status.target}
          </h2>
          <p className="detail-sub">
            <HealthBadge health={status.health} />
            {last ? <span className="muted">{t('watch:view.detail.servedAt', { date: formatDateTime(last.at), ms: last.durationMs })}</span> : null}
          </p>
        </div>
        <div className="actions">
          <Button variant="primary" icon={<Icon name="play" />} busy={probing} onClick={onProbe}>
            {t('watch:view.detail.probe')}
          </Button>
          <Button onClick={onEdit}>{t('watch:view.detail.edit')}</Button>
          <Button variant="danger" onClick={onRemove}>
            {t('watch:view.detail.remove')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('watch:view.detail.close')}
          </Button>
        </div>
      </header>

      {probeError ? <ErrorAlert error={probeError} title={t('watch:view.detail.probeFailed')} /> : null}

      <Section id="endpoint-findings" title={t('watch:view.detail.findings')}>
        {renewed ? (
          // The outage nobody sees coming: first, in the finding's own words, with the serial to install.
          <div className="alert alert-error endpoint-renewed" role="status" aria-label={t('watch:view.detail.renewedTitle')}>
            <Icon name="alert" />
            <div className="alert-body">
              <p className="alert-title">{sentence(renewed.text)}</p>
              {last?.latest ? <p>{t('watch:view.detail.renewedLatest', { serial: last.latest.serialHex, date: formatDateTime(last.latest.issuedAt) })}</p> : null}
            </div>
          </div>
        ) : null}

        {!last ? (
          <p className="muted">{t('watch:view.detail.notProbed')}</p>
        ) : renewed && findings.length === 0 ? null : findings.length === 0 ? (
          <p className="endpoint-clear">
            <Icon name="check" /> {t('watch:view.detail.noFindings')}
          </p>
        ) : (
          <ul className="endpoint-findings">
            {findings.map((f) => (
              <li key={`${f.id}:${wordOf(f.text)}`}>
                <SeverityBadge severity={f.severity} />
                <span>{sentence(f.text)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <ServedFacts status={status} settingMinutes={settingMinutes} names={names} />

      {history.state !== 'ready' ? <DetailLoadStatus load={history} failedTitle={t('watch:view.detail.loadFailed')} /> : <HistoryTables history={history.value} />}
    </article>
  );
}

function leafText(t: ReturnType<typeof useT>, leaf: ServedCertificate | null): string {
  return leaf ? t('watch:view.detail.servedLeaf', { name: leaf.subjectCommonName, serial: leaf.serialHex }) : t('watch:view.detail.nothing');
}

/** The findings that carry the probe's failure sentence as their reason. */
const REACH_FINDINGS: ReadonlySet<WatchFindingId> = new Set<WatchFindingId>(['unreachable', 'not-tls', 'handshake-failed']);

/** What the last probe saw and what the endpoint is set to: the facts an operator checks before acting. */
function ServedFacts({ status, settingMinutes, names }: { readonly status: EndpointStatus; readonly settingMinutes: number; readonly names: ReadonlyMap<string, string> }) {
  const t = useT();
  const e = status.endpoint;
  const last: ProbeOutcome | null = status.last;
  const leaf = last?.leaf ?? null;
  const isAddress = /^[\d.]+$/.test(e.host) || e.host.includes(':');
  const name = (certificateId: string) => names.get(certificateId) ?? `…${certificateId.slice(-8)}`;
  return (
    <Section id="endpoint-served" title={t('watch:view.detail.served')}>
      {/* Why nothing was served, unless a finding already says it in the same words. */}
      {last?.failure && !last.findings.some((f) => REACH_FINDINGS.has(f.id)) ? <ErrorAlert error={sentence(last.failure)} /> : null}
      <dl className="facts facts-detail">
        {leaf ? (
          <>
            <Fact label={t('watch:view.detail.leaf')}>
              {leaf.subjectCommonName} <span className="muted">({leaf.vaultCertificateId ? t('watch:view.detail.fromVault') : t('watch:view.detail.notFromVault')})</span>
            </Fact>
            <Fact label={t('watch:view.detail.issuer')}>{leaf.issuerCommonName}</Fact>
            <Fact label={t('watch:view.detail.serial')} copy={{ text: leaf.serialHex, label: t('app:facts.copySerialNumber') }}>
              <code className="mono-wrap">{leaf.serialHex}</code>
            </Fact>
            <Fact label={t('watch:view.detail.expires')}>{formatDateTime(leaf.notAfter)}</Fact>
          </>
        ) : null}
        {last?.effectiveNotAfter ? <Fact label={t('watch:view.detail.chainExpires')}>{formatDateTime(last.effectiveNotAfter)}</Fact> : null}
        {last ? <Fact label={t('watch:view.detail.count')}>{last.servedCount}</Fact> : null}
        <Fact label={t('watch:view.detail.sni')}>{e.servername ?? (isAddress ? t('watch:view.detail.sniNone') : t('watch:view.detail.sniHost', { name: e.host }))}</Fact>
        {last ? (
          <Fact label={t('watch:view.detail.clientAsked')}>
            {last.clientCertificateRequested === null ? t('watch:view.detail.unknown') : last.clientCertificateRequested ? t('watch:view.detail.yes') : t('watch:view.detail.no')}
          </Fact>
        ) : null}
        <Fact label={t('watch:view.detail.clientPresented')}>{e.clientCertificateId ? name(e.clientCertificateId) : t('watch:view.detail.none')}</Fact>
        <Fact label={t('watch:view.detail.expected')}>
          {e.expect === null ? t('watch:view.detail.expectNothing') : e.expect.kind === 'certificate' ? name(e.expect.certificateId) : t('watch:view.detail.expectService', { service: e.expect.service })}
        </Fact>
        {last?.latest ? <Fact label={t('watch:view.detail.latest')}>{t('watch:view.detail.latestLine', { serial: last.latest.serialHex, date: formatDate(last.latest.issuedAt) })}</Fact> : null}
        <Fact label={t('watch:view.detail.interval')}>
          {e.intervalMinutes === null ? t('watch:view.detail.intervalSetting', { count: settingMinutes }) : t('watch:view.detail.intervalOwn', { count: e.intervalMinutes })}
        </Fact>
        {status.lastOkAt ? <Fact label={t('watch:view.detail.lastOk')}>{formatDateTime(status.lastOkAt)}</Fact> : null}
      </dl>
      {status.failuresInRow > 0 ? <p className="muted">{t('watch:view.detail.backoff', { count: status.failuresInRow })}</p> : null}
    </Section>
  );
}

/** The probe results and the changes of what was served, newest first (watch.history). */
function HistoryTables({ history }: { readonly history: EndpointHistory }) {
  const t = useT();
  return (
    <>
      <Section id="endpoint-results" title={t('watch:view.detail.results')}>
        {history.results.length === 0 ? (
          <p className="muted">{t('watch:view.detail.resultsEmpty')}</p>
        ) : (
          <div className="table-scroll endpoint-history">
            <table className="table" aria-label={t('watch:view.detail.resultsLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('watch:view.detail.time')}</th>
                  <th scope="col">{t('watch:view.detail.outcome')}</th>
                  <th scope="col">{t('watch:view.table.served')}</th>
                  <th scope="col">{t('watch:view.detail.findings')}</th>
                </tr>
              </thead>
              <tbody>
                {history.results.map((r) => (
                  <tr key={r.at}>
                    <td className="cell-date">{formatDateTime(r.at)}</td>
                    <td className="cell-status">
                      <HealthBadge health={outcomeHealth(r)} />
                    </td>
                    <td>{leafText(t, r.leaf)}</td>
                    <td>
                      {r.findings.length === 0
                        ? '—'
                        : orderedFindings(r.findings).map((f, i) => (
                            <span key={i} className="endpoint-history-finding">
                              {sentence(f.text)}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="endpoint-changes" title={t('watch:view.detail.changes')}>
        {history.changes.length === 0 ? (
          <p className="muted">{t('watch:view.detail.changesEmpty')}</p>
        ) : (
          <ol className="endpoint-changes" aria-label={t('watch:view.detail.changesLabel')}>
            {history.changes.map((c) => (
              <li key={c.at}>
                <span className="cell-date">{formatDateTime(c.at)}</span>
                <span>{t('watch:view.detail.change', { from: leafText(t, c.from), to: leafText(t, c.to) })}</span>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

/** One titled part of the detail (findings, served, results, changes), named by its heading. */
function Section({ id, title, children }: { readonly id: string; readonly title: string; readonly children: ReactNode }) {
  return (
    <section className="endpoint-section" aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
