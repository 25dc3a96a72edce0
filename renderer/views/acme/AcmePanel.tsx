import { useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import type { AcmeServerOptions } from '../../../shared/domain/acme.js';
import type { AuthorityDetail } from '../../../shared/domain/authority.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { AcmeRunning } from './AcmeRunning.js';
import { AcmeStartForm } from './AcmeStartForm.js';
import { DEFAULT_FORM, formFromOptions, type AcmeForm } from './model.js';
import { useAcmePanel, useCaBundle } from './useAcmePanel.js';

interface AcmePanelProps {
  readonly authority: AuthorityDetail;
  /** The server issued certificates since the panel last looked: the authority's counts are stale. */
  readonly onIssued?: () => void;
}

/**
 * The authority's ACME server (RFC 8555), in the authority view under the OCSP responder: off by
 * default; a form to start it; while it runs, its URL, warnings, EAB key, client snippets, accounts
 * and orders, asked from main every 2 s (useAcmePanel).
 */
export function AcmePanel({ authority, onIssued }: AcmePanelProps) {
  const t = useT();
  const authorityId = authority.id;
  const { load, pollError, paused, setStatus } = useAcmePanel(authorityId);
  const caBundle = useCaBundle(authority);
  const [form, setForm] = useState<AcmeForm>(DEFAULT_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const panel = load.state === 'ready' ? load.value : null;
  const status = panel?.status ?? null;
  const titleId = `acme-${authorityId}`;

  const issued = panel?.certificatesIssued ?? null;
  const lastIssued = useRef<number | null>(null);
  useEffect(() => {
    if (issued === null) return;
    if (lastIssued.current !== null && issued > lastIssued.current) onIssued?.();
    lastIssued.current = issued;
  }, [issued, onIssued]);

  // While it runs, the form holds what it runs with: stopped, it starts again the same way.
  const runningWith = status?.running && status.options ? JSON.stringify(status.options) : null;
  useEffect(() => {
    if (runningWith) setForm(formFromOptions(JSON.parse(runningWith) as AcmeServerOptions));
  }, [runningWith]);

  async function stop() {
    setBusy(true);
    setError(null);
    const result = await call('acme.stop', { authorityId });
    setBusy(false);
    if (result.ok) setStatus(result.value);
    else setError(result.error);
  }

  const history = panel && !status?.running && (panel.certificatesIssued > 0 || panel.accounts.length > 0) ? t('acme:panel.history', { certificates: t('acme:panel.certificates', { count: panel.certificatesIssued }), accounts: t('acme:panel.accounts', { count: panel.accounts.length }) }) : null;
  return (
    <section className="crl card-inset acme" aria-labelledby={titleId}>
      <div className="proof-head">
        <div>
          <h3 id={titleId}>{t('acme:panel.title')}</h3>
          <p className="field-hint">{t('acme:panel.intro')}</p>
        </div>
        {status?.running ? (
          <Button onClick={() => void stop()} busy={busy}>
            {t('acme:panel.stop')}
          </Button>
        ) : null}
      </div>
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('acme:panel.readFailed')} /> : null}
      {error ? <ErrorAlert error={error} title={t('acme:panel.stopFailed')} /> : null}
      <div className="ocsp-url">
        <p role="status" aria-label={t('acme:panel.stateLabel')}>
          {status?.running && status.directoryUrl ? (
            <Trans t={t} i18nKey="acme:panel.runningOn" values={{ url: status.directoryUrl }} components={{ 1: <code /> }} />
          ) : load.state === 'loading' ? (
            t('acme:panel.loading')
          ) : (
            t('acme:panel.off')
          )}
        </p>
        {status?.running && status.directoryUrl ? <CopyButton text={status.directoryUrl} label={t('acme:panel.copyUrl')} compact /> : null}
      </div>
      {pollError ? <ErrorAlert error={pollError} title={t('acme:panel.pollFailed')} /> : null}
      {paused ? <p className="field-hint">{t('acme:panel.paused')}</p> : null}
      {panel && status?.running ? <AcmeRunning panel={panel} caName={authority.subject.commonName} caBundle={caBundle} /> : null}
      {history ? <p className="muted">{history}</p> : null}
      {authority.kind === 'root' && status ? (
        // ACME clients order leaves: from a root they would be signed by its key directly (issue 17's hierarchy practice).
        <Notice tone="warning">
          <p className="alert-title">{t('acme:panel.rootTitle')}</p>
          <p>{t('acme:panel.rootAdvice')}</p>
        </Notice>
      ) : null}
      {status && !status.running ? <AcmeStartForm authorityId={authorityId} form={form} onChange={setForm} onStarted={setStatus} /> : null}
    </section>
  );
}
