import { useEffect, useId, useState } from 'react';
import type { AuthoritySettings } from '../../../shared/domain/authority.js';
import { exposureWarning, REACHABILITY_LABELS, type PublicationStatus, type ReachabilityReport } from '../../../shared/domain/publication.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { serverDefaults, serverFormErrors, VERDICT_INFO, type ServerForm } from './model.js';

/**
 * The publication server of one CA (its CRL, certificate and OCSP over HTTP, on an address the user
 * chooses) and the reachability check: what clients see at the URLs this CA's certificates carry.
 */
export function PublicationPanel({ authorityId }: { readonly authorityId: string }) {
  const id = useId();
  const [status, setStatus] = useState<PublicationStatus | null>(null);
  const [settings, setSettings] = useState<AuthoritySettings | null>(null);
  const [form, setForm] = useState<ServerForm | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<'server' | 'check' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [serverError, setServerError] = useState<{ bind?: string; port?: string }>({});
  const [report, setReport] = useState<ReachabilityReport | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([call('authority.publicationStatus', { id: authorityId }), call('authority.get', { id: authorityId })]).then(([s, a]) => {
      if (!live) return;
      if (s.ok) setStatus(s.value);
      else setError(s.error);
      if (a.ok) {
        setSettings(a.value.settings);
        setForm((f) => f ?? serverDefaults(a.value.settings));
      }
    });
    return () => {
      live = false;
    };
  }, [authorityId]);

  const problems = form ? serverFormErrors(authorityId, form) : {};
  const shown = { ...(touched ? problems : {}), ...serverError };
  const warning = form ? exposureWarning(form.bind) : null;

  async function toggle() {
    setError(null);
    setServerError({});
    if (!status?.running) {
      setTouched(true);
      if (!form || Object.keys(problems).length > 0) return;
    }
    setBusy('server');
    const r = status?.running ? await call('authority.publicationStop', { id: authorityId }) : await call('authority.publicationStart', { id: authorityId, bind: form!.bind.trim(), port: Number(form!.port.trim()) });
    setBusy(null);
    if (r.ok) return setStatus(r.value);
    const field = errorField(r.error);
    if (field === 'bind' || field === 'port') setServerError({ [field]: fieldMessage(r.error) });
    else setError(r.error);
  }

  async function check() {
    setBusy('check');
    setError(null);
    const [r, a] = await Promise.all([call('authority.checkReachability', { id: authorityId }), call('authority.get', { id: authorityId })]);
    setBusy(null);
    if (a.ok) setSettings(a.value.settings);
    if (r.ok) setReport(r.value);
    else setError(r.error);
  }

  const running = status?.running === true;
  const configured = settings !== null && [settings.crlUrl, settings.ocspUrl, settings.caIssuersUrl].some((u) => u !== null);
  return (
    <section className="crl card-inset publication" aria-labelledby={`${id}-title`}>
      <div className="proof-head">
        <div>
          <h3 id={`${id}-title`}>Publication server</h3>
          <p className="field-hint">Serves this CA's latest CRL, its certificate and OCSP answers over HTTP, so clients reach them at the URLs its certificates carry. It stops when Certwright quits.</p>
        </div>
        <Button variant={running ? 'secondary' : 'primary'} onClick={() => void toggle()} busy={busy === 'server'} disabled={status === null || form === null}>
          {running ? 'Stop' : 'Start'}
        </Button>
      </div>
      {running && status?.urls ? (
        <>
          <p role="status" aria-label="Publication server state">
            Serving on <code>{status.url}</code>
          </p>
          <dl className="facts publication-urls" aria-label="Published at">
            {(
              [
                ['CRL', status.urls.crl],
                ['CA certificate', status.urls.certificate],
                ['OCSP', status.urls.ocsp],
              ] as const
            ).map(([label, url]) => (
              <div className="fact" key={label}>
                <dt>{label}</dt>
                <dd className="publication-url">
                  <code>{url}</code>
                  <CopyButton text={url} label={`Copy the ${label} URL`} compact />
                </dd>
              </div>
            ))}
          </dl>
          {status.warning ? <Notice tone="warning">{status.warning}</Notice> : null}
        </>
      ) : form ? (
        <div className="grid-2 publication-form">
          <TextField
            id={`${id}-bind`}
            label="Address"
            value={form.bind}
            onValueChange={(bind) => {
              setForm({ ...form, bind });
              setServerError({});
            }}
            error={shown.bind}
            hint="127.0.0.1: this computer only. Another address of this machine lets others on that network reach it."
            autoComplete="off"
          />
          <TextField
            id={`${id}-port`}
            label="Port"
            inputMode="numeric"
            className="input-number"
            value={form.port}
            onValueChange={(port) => {
              setForm({ ...form, port });
              setServerError({});
            }}
            error={shown.port}
            hint="From the CA's URLs when they name this machine; 1024 to 65535."
            autoComplete="off"
          />
        </div>
      ) : null}
      {!running && warning ? <Notice tone="warning">{warning}</Notice> : null}
      {error ? <ErrorAlert error={error} title="The publication could not be changed" /> : null}

      <div className="proof-head reachability-head">
        <div>
          <h4 className="section-title">What clients see</h4>
          <p className="field-hint">Fetches each URL set on this CA (CRL distribution point, OCSP, CA Issuers) as a client would and compares what comes back with the vault.</p>
        </div>
        <Button icon={<Icon name="search" />} onClick={() => void check()} busy={busy === 'check'}>
          Check what clients see
        </Button>
      </div>
      {settings !== null && !configured && report === null ? <p className="muted">No URLs are set on this CA yet: set them in its Settings (or when creating a CA), then check.</p> : null}
      {report ? (
        <div className="reachability" aria-label="What clients see">
          <ul className="reachability-list">
            {report.results.map((r) => (
              <li key={r.kind} className={`reachability-item is-${VERDICT_INFO[r.verdict].tone}`}>
                <div className="reachability-title">
                  <span className={`reachability-badge is-${VERDICT_INFO[r.verdict].tone}`}>{VERDICT_INFO[r.verdict].label}</span>
                  <strong>{REACHABILITY_LABELS[r.kind]}</strong>
                  {r.url ? <code className="reachability-url">{r.url}</code> : null}
                </div>
                <p>{r.summary}</p>
              </li>
            ))}
          </ul>
          <p className="muted">
            Checked {formatDateTime(report.checkedAt)}
            {report.latestCrlNumber !== null ? `; the latest CRL is #${report.latestCrlNumber}` : ''}.
          </p>
        </div>
      ) : null}
    </section>
  );
}
