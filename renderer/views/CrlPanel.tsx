import { useEffect, useState } from 'react';
import type { CrlEntryPage } from '../../shared/domain/revocation.js';
import { useDetail } from '../app/useLoad.js';
import { describeDaysLeft, formatDateTime } from '../app/format.js';
import { crlWarning } from './crl-warning.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Fact } from '../components/Fact.js';
import { CrlEntryTable } from '../components/CrlEntryTable.js';
import { FilterBox } from '../components/FilterBox.js';
import { Icon } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';
import { formatNumber } from '../app/format.js';
import { useT } from '../i18n/use-t.js';

const PAGE = 50;


/** An authority's certificate revocation list: the latest one, its history and its entries, searchable. */
export function CrlPanel({ authorityId }: { readonly authorityId: string }) {
  const t = useT();
  const [load, setLoad] = useDetail('authority.crl', authorityId);
  const crl = load.state === 'ready' ? load.value : undefined;
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState<'publish' | 'pem' | 'der' | 'folder' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<CrlEntryPage | null>(null);
  const [limit, setLimit] = useState(PAGE);


  useEffect(() => {
    if (!crl) return;
    let live = true;
    // Each keystroke asks main for one page; the newest answer for the current query wins.
    void call('authority.crlEntries', { id: authorityId, query, limit }).then((r) => live && (r.ok ? setPage(r.value) : setError(r.error)));
    return () => {
      live = false;
    };
  }, [authorityId, crl, query, limit]);

  async function publish() {
    setBusy('publish');
    setError(null);
    const r = await call('authority.publishCrl', { id: authorityId });
    setBusy(null);
    if (r.ok) setLoad({ state: 'ready', value: r.value });
    else setError(r.error);
  }

  async function download(format: 'pem' | 'der') {
    setBusy(format);
    setError(null);
    setSaved(null);
    const r = await call('authority.exportCrl', { id: authorityId, format });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    if (!r.value.cancelled) setSaved(r.value.paths[0] ?? null);
  }

  /** The CRL (DER and PEM) and the CA certificate into a folder the user picks, for a web server or a sync. */
  async function publishToFolder() {
    setBusy('folder');
    setError(null);
    setSaved(null);
    setPublished(null);
    const r = await call('authority.publishToFolder', { id: authorityId });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    if (r.value.cancelled) return;
    setPublished(t('revocation:crl.published', { number: r.value.crlNumber ?? 0, folder: r.value.folder ?? '', files: r.value.files.map((f) => f.slice((r.value.folder ?? '').length + 1)).join(', ') }));
    // Publishing the first CRL happens on the way: show it.
    if (!crl) {
      const latest = await call('authority.crl', { id: authorityId });
      if (latest.ok) setLoad({ state: 'ready', value: latest.value });
    }
  }

  const warning = crl ? crlWarning(crl) : null;
  return (
    <section className="crl card-inset" aria-labelledby={`crl-${authorityId}`}>
      <div className="proof-head">
        <div>
          <h3 id={`crl-${authorityId}`}>{t('revocation:crl.title')}</h3>
          <p className="field-hint">{t('revocation:crl.intro')}</p>
        </div>
      </div>
      <div className="button-row">
        <Button onClick={() => void publish()} busy={busy === 'publish'}>
          {t('revocation:crl.publish')}
        </Button>
        <Button icon={<Icon name="download" />} onClick={() => void publishToFolder()} busy={busy === 'folder'}>
          {t('revocation:crl.publishToFolder')}
        </Button>
        {crl ? (
          <>
            <Button icon={<Icon name="download" />} onClick={() => void download('pem')} busy={busy === 'pem'}>
              {t('revocation:crl.downloadPem')}
            </Button>
            <Button icon={<Icon name="download" />} onClick={() => void download('der')} busy={busy === 'der'}>
              {t('revocation:crl.downloadDer')}
            </Button>
          </>
        ) : null}
      </div>
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('revocation:crl.loadFailed')} /> : null}
      {error ? <ErrorAlert error={error} title={t('revocation:crl.failed')} /> : null}
      {saved ? <Notice tone="success">{t('revocation:crl.saved', { path: saved })}</Notice> : null}
      {published ? <Notice tone="success">{published}</Notice> : null}
      {warning ? <Notice tone="warning">{warning}</Notice> : null}
      {crl === null ? <p className="muted">{t('revocation:crl.none')}</p> : null}
      {crl ? (
        <>
          <dl className="facts" aria-label={t('revocation:crl.latest')}>
            <Fact label={t('revocation:crl.number')}>{t('revocation:crl.numberValue', { number: crl.number })}</Fact>
            <Fact label={t('revocation:crl.publishedAt')}>{formatDateTime(crl.thisUpdate)}</Fact>
            <Fact label={t('revocation:crl.nextUpdate')}>
              {formatDateTime(crl.nextUpdate)} <span className="muted">({describeDaysLeft(crl.nextUpdate)})</span>
            </Fact>
            <Fact label={t('revocation:crl.entries')}>{formatNumber(crl.entries)}</Fact>
          </dl>
          <details className="crl-history">
            <summary>{t('revocation:crl.history', { count: crl.history.length })}</summary>
            <table className="table" aria-label={t('revocation:crl.historyLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('revocation:crl.historyNumber')}</th>
                  <th scope="col">{t('revocation:crl.publishedAt')}</th>
                  <th scope="col">{t('revocation:crl.nextUpdate')}</th>
                  <th scope="col">{t('revocation:crl.entries')}</th>
                </tr>
              </thead>
              <tbody>
                {crl.history.slice(0, 20).map((h) => (
                  <tr key={h.number}>
                    <td>{t('revocation:crl.numberValue', { number: h.number })}</td>
                    <td>{formatDateTime(h.thisUpdate)}</td>
                    <td>{formatDateTime(h.nextUpdate)}</td>
                    <td>{formatNumber(h.entries)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          {crl.entries > 0 ? (
            <div className="crl-entries">
              <FilterBox id={`crl-filter-${authorityId}`} label={t('revocation:crl.searchLabel')} placeholder={t('revocation:crl.searchPlaceholder')} value={query} onChange={setQuery} />
              {page ? (
                <>
                  <CrlEntryTable label={t('revocation:crl.entriesLabel')} rows={page.entries} withCommonName />
                  <p className="muted" role="status">
                    {page.entries.length < page.matched
                      ? page.matched === page.total
                        ? t('revocation:crl.revokedCountShowing', { count: page.total, showing: page.entries.length })
                        : t('revocation:crl.matchCountShowing', { matched: page.matched, count: page.total, showing: page.entries.length })
                      : page.matched === page.total
                        ? t('revocation:crl.revokedCount', { count: page.total })
                        : t('revocation:crl.matchCount', { matched: page.matched, count: page.total })}
                  </p>
                  {page.entries.length < page.matched ? <Button onClick={() => setLimit((l) => Math.min(500, l + PAGE))}>{t('revocation:crl.showMore')}</Button> : null}
                </>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
