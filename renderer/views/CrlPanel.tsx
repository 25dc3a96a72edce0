import { useEffect, useState } from 'react';
import type { CrlEntryPage } from '../../shared/domain/revocation.js';
import { useDetail } from '../app/useLoad.js';
import { describeDaysLeft, formatDateTime } from '../app/format.js';
import { crlWarning } from './crl-warning.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Fact } from '../components/Fact.js';
import { CrlEntryTable } from '../components/CrlEntryTable.js';
import { Icon } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';

const PAGE = 50;


/** An authority's certificate revocation list: the latest one, its history and its entries, searchable. */
export function CrlPanel({ authorityId }: { readonly authorityId: string }) {
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
    setPublished(`Published CRL #${r.value.crlNumber} and the CA certificate to ${r.value.folder}: ${r.value.files.map((f) => f.slice((r.value.folder ?? '').length + 1)).join(', ')}`);
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
          <h3 id={`crl-${authorityId}`}>Certificate revocation list</h3>
          <p className="field-hint">Signed by this CA; published again on every revocation. Clients that check revocation download it from the CRL distribution point: publish it to the folder a web server serves, or start the publication server below.</p>
        </div>
      </div>
      <div className="button-row">
        <Button onClick={() => void publish()} busy={busy === 'publish'}>
          Publish now
        </Button>
        <Button icon={<Icon name="download" />} onClick={() => void publishToFolder()} busy={busy === 'folder'}>
          Publish to folder…
        </Button>
        {crl ? (
          <>
            <Button icon={<Icon name="download" />} onClick={() => void download('pem')} busy={busy === 'pem'}>
              Download PEM
            </Button>
            <Button icon={<Icon name="download" />} onClick={() => void download('der')} busy={busy === 'der'}>
              Download DER
            </Button>
          </>
        ) : null}
      </div>
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The CRL could not be loaded" /> : null}
      {error ? <ErrorAlert error={error} title="The CRL could not be handled" /> : null}
      {saved ? <Notice tone="success">Saved to {saved}</Notice> : null}
      {published ? <Notice tone="success">{published}</Notice> : null}
      {warning ? <Notice tone="warning">{warning}</Notice> : null}
      {crl === null ? <p className="muted">No CRL published yet. The first revocation publishes one; or publish an empty one now so clients can fetch it.</p> : null}
      {crl ? (
        <>
          <dl className="facts" aria-label="Latest CRL">
            <Fact label="CRL number">#{crl.number}</Fact>
            <Fact label="Published">{formatDateTime(crl.thisUpdate)}</Fact>
            <Fact label="Next update">
              {formatDateTime(crl.nextUpdate)} <span className="muted">({describeDaysLeft(crl.nextUpdate)})</span>
            </Fact>
            <Fact label="Entries">{crl.entries.toLocaleString()}</Fact>
          </dl>
          <details className="crl-history">
            <summary>History ({crl.history.length})</summary>
            <table className="table" aria-label="CRL history">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Published</th>
                  <th scope="col">Next update</th>
                  <th scope="col">Entries</th>
                </tr>
              </thead>
              <tbody>
                {crl.history.slice(0, 20).map((h) => (
                  <tr key={h.number}>
                    <td>#{h.number}</td>
                    <td>{formatDateTime(h.thisUpdate)}</td>
                    <td>{formatDateTime(h.nextUpdate)}</td>
                    <td>{h.entries.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          {crl.entries > 0 ? (
            <div className="crl-entries">
              <label className="visually-hidden" htmlFor={`crl-filter-${authorityId}`}>
                Search revoked certificates
              </label>
              <input id={`crl-filter-${authorityId}`} className="input table-filter" type="search" placeholder="Search by serial or reason" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
              {page ? (
                <>
                  <CrlEntryTable label="Revoked certificates" rows={page.entries} withCommonName />
                  <p className="muted" role="status">
                    {page.matched === page.total ? `${page.total.toLocaleString()} revoked` : `${page.matched.toLocaleString()} of ${page.total.toLocaleString()} match`}
                    {page.entries.length < page.matched ? `, showing ${page.entries.length.toLocaleString()}` : ''}
                  </p>
                  {page.entries.length < page.matched ? <Button onClick={() => setLimit((l) => Math.min(500, l + PAGE))}>Show more</Button> : null}
                </>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
