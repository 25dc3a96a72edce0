import { useMemo, useState } from 'react';
import { CRL_INSPECT_MAX_BYTES, type CrlInspection } from '../../shared/domain/revocation.js';
import { formatDateTime } from '../app/format.js';
import { ErrorAlert, Notice, NoticeList } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CrlEntryTable, reasonLabel } from '../components/CrlEntryTable.js';
import { Fact } from '../components/Fact.js';
import { TextAreaField } from '../components/Field.js';
import { ObjectFileButton } from '../components/ObjectFileButton.js';
import { call, type IpcError } from '../ipc/client.js';

const SHOWN = 200;

/** Any CRL — ours or from outside, PEM or DER — decoded, its signature checked against the vault's CAs. */
export function CrlViewer() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<CrlInspection | null>(null);
  const [error, setError] = useState<IpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState('');

  async function inspect(input: string) {
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await call('crl.inspect', { crl: input });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  }

  const matching = useMemo(() => {
    if (!result) return [];
    const q = query.trim().toLowerCase();
    const serial = q.replace(/[:\s]/g, '');
    return q === '' ? result.entries : result.entries.filter((e) => (serial !== '' && e.serialNumberHex.includes(serial)) || reasonLabel(e.reason).toLowerCase().includes(q));
  }, [result, query]);

  return (
    <section className="card crl-viewer" aria-labelledby="crl-viewer-title">
      <h2 id="crl-viewer-title" className="section-title">
        CRL viewer
      </h2>
      <p className="muted">Paste a CRL or open a file (PEM or DER, up to 10 MiB). Certwright decodes it and checks its signature against the CAs in this vault.</p>
      <TextAreaField id="crl-text" label="CRL" value={text} onValueChange={setText} rows={5} placeholder="-----BEGIN X509 CRL-----" />
      <div className="button-row">
        <ObjectFileButton
          label="Open CRL file…"
          accept=".crl,.pem,.der"
          maxBytes={CRL_INSPECT_MAX_BYTES}
          onRead={(object) => {
            setText(object.kind === 'pem' ? object.text : '');
            void inspect(object.text);
          }}
          onError={setError}
        />
        <Button variant="primary" busy={busy} disabled={text.trim() === ''} onClick={() => void inspect(text)}>
          Inspect CRL
        </Button>
      </div>
      {error ? <ErrorAlert error={error} title="The CRL could not be read" /> : null}
      {result ? (
        <div className="crl-result" role="region" aria-label="CRL contents">
          {result.signature.status === 'verified' ? <Notice tone="success">Signature verified: signed by {result.signature.by}, a CA in this vault.</Notice> : null}
          <NoticeList items={result.warnings} tone="warning" />
          <dl className="facts" aria-label="CRL facts">
            <Fact label="Issuer">
              <code>{result.issuerDn}</code>
            </Fact>
            <Fact label="CRL number">{result.number ?? 'None'}</Fact>
            <Fact label="This update">{formatDateTime(result.thisUpdate)}</Fact>
            <Fact label="Next update">{result.nextUpdate ? formatDateTime(result.nextUpdate) : 'None'}</Fact>
            <Fact label="Entries">{result.total.toLocaleString()}</Fact>
          </dl>
          {result.total > 0 ? (
            <>
              <label className="visually-hidden" htmlFor="crl-viewer-filter">
                Search the CRL
              </label>
              <input id="crl-viewer-filter" className="input table-filter" type="search" placeholder="Search by serial or reason" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
              <CrlEntryTable label="CRL entries" rows={matching.slice(0, SHOWN)} />
              <p className="muted" role="status">
                {matching.length.toLocaleString()} of {result.total.toLocaleString()} shown by the search
                {matching.length > SHOWN ? `; the first ${SHOWN} listed` : ''}
                {result.entries.length < result.total ? ` (searching the first ${result.entries.length.toLocaleString()})` : ''}
              </p>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
