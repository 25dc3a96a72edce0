import { useEffect, useRef, useState } from 'react';
import type { AcmeServerOptions } from '../../../shared/domain/acme.js';
import type { AuthorityDetail } from '../../../shared/domain/authority.js';
import { ROOT_SIGNS_ONLY_CAS } from '../../../shared/domain/hierarchy.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { call, type IpcError } from '../../ipc/client.js';
import { AcmeRunning } from './AcmeRunning.js';
import { AcmeStartForm } from './AcmeStartForm.js';
import { DEFAULT_FORM, formFromOptions, plural, type AcmeForm } from './model.js';
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

  const history = panel && !status?.running && (panel.certificatesIssued > 0 || panel.accounts.length > 0) ? `So far: ${plural(panel.certificatesIssued, 'certificate')} issued over ACME, ${plural(panel.accounts.length, 'account')}.` : null;
  return (
    <section className="crl card-inset acme" aria-labelledby={titleId}>
      <div className="proof-head">
        <div>
          <h3 id={titleId}>ACME server</h3>
          <p className="field-hint">Lets certbot, lego and cert-manager get and renew certificates from this CA on their own (RFC 8555), each one in the vault, the CRL and the audit log. Off until you start it; it stops when Certwright quits.</p>
        </div>
        {status?.running ? (
          <Button onClick={() => void stop()} busy={busy}>
            Stop
          </Button>
        ) : null}
      </div>
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The ACME server’s state could not be read" /> : null}
      {error ? <ErrorAlert error={error} title="The ACME server could not be stopped" /> : null}
      <div className="ocsp-url">
        <p role="status" aria-label="ACME server state">
          {status?.running && status.directoryUrl ? (
            <>
              Running on <code>{status.directoryUrl}</code>
            </>
          ) : load.state === 'loading' ? (
            'Loading…'
          ) : (
            'Off.'
          )}
        </p>
        {status?.running && status.directoryUrl ? <CopyButton text={status.directoryUrl} label="Copy the directory URL" compact /> : null}
      </div>
      {pollError ? <ErrorAlert error={pollError} title="The panel could not be updated" /> : null}
      {paused ? <p className="field-hint">Updates paused while nobody uses the window, so the vault can still lock itself. Move the mouse or press a key to resume.</p> : null}
      {panel && status?.running ? <AcmeRunning panel={panel} caName={authority.subject.commonName} caBundle={caBundle} /> : null}
      {history ? <p className="muted">{history}</p> : null}
      {authority.kind === 'root' && status ? (
        // ACME clients order leaves: from a root they would be signed by its key directly (issue 17's hierarchy practice).
        <Notice tone="warning">
          <p className="alert-title">This is a root CA: every certificate ACME clients order here is a leaf signed by the root itself.</p>
          <p>
            {ROOT_SIGNS_ONLY_CAS} Create an intermediate under the root and run ACME there; the dashboard lists leaves a root signed directly.
          </p>
        </Notice>
      ) : null}
      {status && !status.running ? <AcmeStartForm authorityId={authorityId} form={form} onChange={setForm} onStarted={setStatus} /> : null}
    </section>
  );
}
