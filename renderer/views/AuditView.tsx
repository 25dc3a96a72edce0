import { useMemo, useState } from 'react';
import type { AuditCheck } from '../../shared/domain/audit-view.js';
import { useAuthorities } from '../app/useAuthorities.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
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
    else setError({ title: 'The audit log could not be verified', error: result.error });
  }

  async function exportLog(format: Format) {
    if (!query.ok) return;
    setExporting(format);
    setSaved(null);
    setError(null);
    const result = await call('audit.export', { format, filter: query.value });
    setExporting(null);
    if (!result.ok) setError({ title: 'The audit log was not exported', error: result.error });
    else if (!result.value.cancelled) setSaved(`Saved the ${isFiltered(draft) ? 'filtered ' : ''}audit log as ${format.toUpperCase()} to ${result.value.paths.join(', ')}`);
  }

  const actions = (
    <div className="button-row">
      <Button icon={<Icon name="shield" />} busy={verifying} onClick={() => void verify()}>
        Verify log
      </Button>
      <Button icon={<Icon name="download" />} busy={exporting === 'csv'} disabled={!query.ok || exporting !== null} onClick={() => void exportLog('csv')}>
        Export CSV…
      </Button>
      <Button icon={<Icon name="download" />} busy={exporting === 'json'} disabled={!query.ok || exporting !== null} onClick={() => void exportLog('json')}>
        Export JSON…
      </Button>
    </div>
  );

  const page = load.state === 'ready' ? load.value : null;
  return (
    <section className="view view-wide" aria-labelledby="audit-title">
      <PageHead id="audit-title" eyebrow="Accountability" title="Audit log" sub="Every use of a CA key and every change to trust, hash-chained and signed as it is written." action={actions} />
      {check ? <VerifyResult check={check} /> : null}
      {saved ? (
        <Notice tone="success">
          <p>{saved}</p>
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      <AuditFilters draft={draft} onChange={setDraft} authorities={authorities} dateError={query.ok ? undefined : query} />
      <LoadStatus load={load} failedTitle="The audit log could not be loaded" onRetry={refresh} />
      {page && page.entries.length === 0 ? (
        <EmptyState
          icon="search"
          title={isFiltered(draft) ? 'No entries match' : 'The audit log is empty'}
          action={
            isFiltered(draft) ? (
              <Button onClick={() => setDraft(NO_FILTER)} icon={<Icon name="back" />}>
                Clear filters
              </Button>
            ) : null
          }
        >
          <p>{isFiltered(draft) ? 'Nothing was recorded for this authority, kind and time. Widen the filter or clear it.' : 'Entries appear as authorities are created and sign.'}</p>
        </EmptyState>
      ) : null}
      {page && page.entries.length > 0 ? (
        <>
          <p className="muted table-count" role="status">
            {shownText(page.entries.length, page.total)}, newest first
          </p>
          <AuditTable entries={page.entries} authorityNames={names} />
          {moreError ? <ErrorAlert error={moreError} title="More entries could not be loaded" /> : null}
          {page.entries.length < page.total ? (
            <div className="audit-more">
              <Button busy={loadingMore} onClick={() => void loadMore()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
