import { useMemo, useState } from 'react';
import { CRL_INSPECT_MAX_BYTES, type CrlInspection } from '../../shared/domain/revocation.js';
import { formatDateTime } from '../app/format.js';
import { ErrorAlert, Notice, NoticeList } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CrlEntryTable, reasonLabel } from '../components/CrlEntryTable.js';
import { formatNumber } from '../app/format.js';
import { useT } from '../i18n/use-t.js';
import { wordOf } from '../i18n/instance.js';
import { Fact } from '../components/Fact.js';
import { TextAreaField } from '../components/Field.js';
import { FilterBox } from '../components/FilterBox.js';
import { ObjectFileButton } from '../components/ObjectFileButton.js';
import { call, type IpcError } from '../ipc/client.js';

const SHOWN = 200;
/** A PEM header: the same in every language. */
const PEM_HEADER = '-----BEGIN X509 CRL-----';

/** Any CRL — ours or from outside, PEM or DER — decoded, its signature checked against the vault's CAs. */
export function CrlViewer() {
  const t = useT();
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
        {t('revocation:viewer.title')}
      </h2>
      <p className="muted">{t('revocation:viewer.intro')}</p>
      <TextAreaField id="crl-text" label={t('revocation:viewer.field')} value={text} onValueChange={setText} rows={5} placeholder={PEM_HEADER} />
      <div className="button-row">
        <ObjectFileButton
          label={t('revocation:viewer.openFile')}
          accept=".crl,.pem,.der"
          maxBytes={CRL_INSPECT_MAX_BYTES}
          onRead={(object) => {
            setText(object.kind === 'pem' ? object.text : '');
            void inspect(object.text);
          }}
          onError={setError}
        />
        <Button variant="primary" busy={busy} disabled={text.trim() === ''} onClick={() => void inspect(text)}>
          {t('revocation:viewer.inspect')}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} title={t('revocation:viewer.failed')} /> : null}
      {result ? (
        <div className="crl-result" role="region" aria-label={t('revocation:viewer.contents')}>
          {result.signature.status === 'verified' ? <Notice tone="success">{t('revocation:viewer.verified', { name: result.signature.by ?? result.issuerCommonName })}</Notice> : null}
          <NoticeList items={result.warnings.map(wordOf)} tone="warning" />
          <dl className="facts" aria-label={t('revocation:viewer.facts')}>
            <Fact label={t('revocation:viewer.issuer')}>
              <code>{result.issuerDn}</code>
            </Fact>
            <Fact label={t('revocation:viewer.number')}>{result.number ?? t('revocation:viewer.none')}</Fact>
            <Fact label={t('revocation:viewer.thisUpdate')}>{formatDateTime(result.thisUpdate)}</Fact>
            <Fact label={t('revocation:viewer.nextUpdate')}>{result.nextUpdate ? formatDateTime(result.nextUpdate) : t('revocation:viewer.none')}</Fact>
            <Fact label={t('revocation:viewer.entries')}>{formatNumber(result.total)}</Fact>
          </dl>
          {result.total > 0 ? (
            <>
              <FilterBox id="crl-viewer-filter" label={t('revocation:viewer.searchLabel')} placeholder={t('revocation:viewer.searchPlaceholder')} value={query} onChange={setQuery} />
              <CrlEntryTable label={t('revocation:viewer.entriesLabel')} rows={matching.slice(0, SHOWN)} />
              <p className="muted" role="status">
                {matching.length > SHOWN
                  ? t('revocation:viewer.shownFirst', { shown: matching.length, count: result.total, first: SHOWN })
                  : t('revocation:viewer.shown', { shown: matching.length, count: result.total })}
                {result.entries.length < result.total ? ` ${t('revocation:viewer.searched', { searched: result.entries.length })}` : null}
              </p>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
