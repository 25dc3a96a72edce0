import { useMemo, useState } from 'react';
import type { AuditCheck } from '../../shared/domain/audit-view.js';
import { useAuthorities } from '../app/useAuthorities.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';
import { call, type IpcError } from '../ipc/client.js';
import { AuditFilters } from './audit/AuditFilters.js';
import { AuditTable } from './audit/AuditTable.js';
import { auditQuery, isFiltered, NO_FILTER, shownText, type AuditFilterDraft } from './audit/model.js';
import { useAuditLog } from './audit/useAuditLog.js';
import { VerifyResult } from './audit/VerifyResult.js';
import { LoadStatus } from './LoadStatus.js';
import { PageHead } from './PageHead.js';

type Format = 'csv' | 'json';

/** The audit log: every use of a CA key and every trust change, filtered, paged, verified and exported. */
export function AuditView() {
  const t = useT();
  const { authorities } = useAuthorities();
  const [draft, setDraft] = useState<AuditFilterDraft>(NO_FILTER);
  const query = auditQuery(draft);
  const { load, loadMore, loadingMore, moreError, refresh } = useAuditLog(query.ok ? query.value : null);
  const [verifying, setVerifying] = useState(false);
  const [check, setCheck] = useState<AuditCheck | null>(null);
  const [exporting, setExporting] = useState<Format | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<{ readonly title: string; readonly error: IpcError } | null>(null);
  const names = useMemo(() => new Map(authorities.map((a) => [a.id, a.subject.commonName])), [authorities]);

  async function verify() {
    setVerifying(true);
    setCheck(null);
    setError(null);
    const result = await call('audit.verify', {});
    setVerifying(false);
    if (result.ok) setCheck(result.value);
    else setError({ title: t('audit:page.verifyFailed'), error: result.error });
  }

  async function exportLog(format: Format) {
    if (!query.ok) return;
    setExporting(format);
    setSaved(null);
    setError(null);
    const result = await call('audit.export', { format, filter: query.value });
    setExporting(null);
    if (!result.ok) setError({ title: t('audit:page.exportFailed'), error: result.error });
    else if (!result.value.cancelled) {
      const saved = { format: format.toUpperCase(), paths: result.value.paths.join(', ') };
      setSaved(isFiltered(draft) ? t('audit:page.savedFiltered', saved) : t('audit:page.saved', saved));
    }
  }

  const actions = (
    <div className="button-row">
      <Button icon={<Icon name="shield" />} busy={verifying} onClick={() => void verify()}>
        {t('audit:page.verify')}
      </Button>
      <Button icon={<Icon name="download" />} busy={exporting === 'csv'} disabled={!query.ok || exporting !== null} onClick={() => void exportLog('csv')}>
        {t('audit:page.exportCsv')}
      </Button>
      <Button icon={<Icon name="download" />} busy={exporting === 'json'} disabled={!query.ok || exporting !== null} onClick={() => void exportLog('json')}>
        {t('audit:page.exportJson')}
      </Button>
    </div>
  );

  const page = load.state === 'ready' ? load.value : null;
  return (
    <section className="view view-wide" aria-labelledby="audit-title">
      <PageHead id="audit-title" eyebrow={t('audit:page.eyebrow')} title={t('audit:page.title')} sub={t('audit:page.sub')} action={actions} />
      {check ? <VerifyResult check={check} /> : null}
      {saved ? (
        <Notice tone="success">
          <p>{saved}</p>
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      <AuditFilters draft={draft} onChange={setDraft} authorities={authorities} dateError={query.ok ? undefined : query} />
      <LoadStatus load={load} failedTitle={t('audit:page.loadFailed')} onRetry={refresh} />
      {page && page.entries.length === 0 ? (
        <EmptyState
          icon="search"
          title={isFiltered(draft) ? t('audit:page.noMatch') : t('audit:page.empty')}
          action={
            isFiltered(draft) ? (
              <Button onClick={() => setDraft(NO_FILTER)} icon={<Icon name="back" />}>
                {t('audit:filter.clear')}
              </Button>
            ) : null
          }
        >
          <p>{isFiltered(draft) ? t('audit:page.noMatchHint') : t('audit:page.emptyHint')}</p>
        </EmptyState>
      ) : null}
      {page && page.entries.length > 0 ? (
        <>
          <p className="muted table-count" role="status">
            {t('audit:page.newestFirst', { shown: shownText(page.entries.length, page.total) })}
          </p>
          <AuditTable entries={page.entries} authorityNames={names} />
          {moreError ? <ErrorAlert error={moreError} title={t('audit:page.moreFailed')} /> : null}
          {page.entries.length < page.total ? (
            <div className="audit-more">
              <Button busy={loadingMore} onClick={() => void loadMore()}>
                {t('audit:page.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
