import { useState } from 'react';
import { useDetail } from '../app/useLoad.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CopyButton } from '../components/CopyButton.js';
import { call, type IpcError } from '../ipc/client.js';
import { PublicationPanel } from './publication/PublicationPanel.js';
import { Trans } from 'react-i18next';
import { useT } from '../i18n/use-t.js';

/** The authority's local OCSP responder: off by default, on 127.0.0.1 only, gone when the app quits. */
export function OcspPanel({ authorityId }: { readonly authorityId: string }) {
  const t = useT();
  // eslint-disable-next-line i18next/no-literal-string -- an IPC channel name, not text
  const [load, setLoad] = useDetail('authority.ocspStatus', authorityId);
  const status = load.state === 'ready' ? load.value : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [delegated, setDelegated] = useState(false);

  async function toggle() {
    setBusy(true);
    setError(null);
    const r = status?.running ? await call('authority.ocspStop', { id: authorityId }) : await call('authority.ocspStart', { id: authorityId, delegated });
    setBusy(false);
    if (r.ok) setLoad({ state: 'ready', value: r.value });
    else setError(r.error);
  }

  return (
    <>
      {/* The publication server comes first: it serves OCSP too, on the address the CA's URLs name. */}
      <PublicationPanel authorityId={authorityId} />
      <section className="crl card-inset" aria-labelledby={`ocsp-${authorityId}`}>
        <div className="proof-head">
          <div>
            <h3 id={`ocsp-${authorityId}`}>{t('revocation:ocsp.title')}</h3>
            <p className="field-hint">{t('revocation:ocsp.intro')}</p>
          </div>
          <Button onClick={() => void toggle()} busy={busy} disabled={status === null}>
            {status?.running ? t('revocation:ocsp.stop') : t('revocation:ocsp.start')}
          </Button>
        </div>
        {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('revocation:ocsp.stateFailed')} /> : null}
        {error ? <ErrorAlert error={error} title={t('revocation:ocsp.changeFailed')} /> : null}
        {status?.running ? null : (
          <label className="checkbox">
            <input type="checkbox" checked={delegated} onChange={(e) => setDelegated(e.target.checked)} />
            {t('revocation:ocsp.delegated')}
          </label>
        )}
        <div className="ocsp-url">
          <p role="status" aria-label={t('revocation:ocsp.stateLabel')}>
            {status?.running && status.url ? (
              <Trans t={t} i18nKey={status.signer === 'delegated' ? 'revocation:ocsp.runningDelegated' : 'revocation:ocsp.runningCa'} values={{ url: status.url }} components={{ 1: <code /> }} />
            ) : (
              t('revocation:ocsp.off')
            )}
          </p>
          {status?.running && status.url ? <CopyButton text={status.url} label={t('revocation:ocsp.copyUrl')} compact /> : null}
        </div>
        {status?.running && status.url ? <p className="field-hint">
            {t('revocation:ocsp.tryIt')}{' '}
            {/* eslint-disable-next-line i18next/no-literal-string -- a command line shown as code */}
            <code>{`openssl ocsp -issuer ca.pem -cert cert.pem -url ${status.url} -resp_text`}</code>
          </p> : null}
      </section>
    </>
  );
}
