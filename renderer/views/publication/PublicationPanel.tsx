import { useEffect, useId, useState } from 'react';
import type { AuthoritySettings } from '../../../shared/domain/authority.js';
import { Trans } from 'react-i18next';
import { exposureWarning, type PublicationStatus, type ReachabilityReport } from '../../../shared/domain/publication.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import { serverDefaults, serverFormErrors, VERDICT_TONE, type ServerForm } from './model.js';

/**
 * The publication server of one CA (its CRL, certificate and OCSP over HTTP, on an address the user
 * chooses) and the reachability check: what clients see at the URLs this CA's certificates carry.
 */
export function PublicationPanel({ authorityId }: { readonly authorityId: string }) {
  const t = useT();
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
          <h3 id={`${id}-title`}>{t('publication:panel.title')}</h3>
          <p className="field-hint">{t('publication:panel.intro')}</p>
        </div>
        <Button variant={running ? 'secondary' : 'primary'} onClick={() => void toggle()} busy={busy === 'server'} disabled={status === null || form === null}>
          {running ? t('publication:panel.stop') : t('publication:panel.start')}
        </Button>
      </div>
      {running && status?.urls ? (
        <>
          <p role="status" aria-label={t('publication:panel.stateLabel')}>
            <Trans t={t} i18nKey="publication:panel.serving" values={{ url: status.url }} components={{ 1: <code /> }} />
          </p>
          <dl className="facts publication-urls" aria-label={t('publication:panel.publishedAt')}>
            {(
              [
                [t('publication:panel.crl'), t('publication:panel.copyCrl'), status.urls.crl],
                [t('publication:panel.certificate'), t('publication:panel.copyCertificate'), status.urls.certificate],
                [t('publication:panel.ocsp'), t('publication:panel.copyOcsp'), status.urls.ocsp],
              ] as const
            ).map(([label, copyLabel, url]) => (
              <div className="fact" key={url}>
                <dt>{label}</dt>
                <dd className="publication-url">
                  <code>{url}</code>
                  <CopyButton text={url} label={copyLabel} compact />
                </dd>
              </div>
            ))}
          </dl>
          {status.warning ? <Notice tone="warning">{wordOf(status.warning)}</Notice> : null}
        </>
      ) : form ? (
        <div className="grid-2 publication-form">
          <TextField
            id={`${id}-bind`}
            label={t('publication:panel.address')}
            value={form.bind}
            onValueChange={(bind) => {
              setForm({ ...form, bind });
              setServerError({});
            }}
            error={shown.bind}
            hint={t('publication:panel.addressHint')}
            autoComplete="off"
          />
          <TextField
            id={`${id}-port`}
            label={t('publication:panel.port')}
            inputMode="numeric"
            className="input-number"
            value={form.port}
            onValueChange={(port) => {
              setForm({ ...form, port });
              setServerError({});
            }}
            error={shown.port}
            hint={t('publication:panel.portHint')}
            autoComplete="off"
          />
        </div>
      ) : null}
      {!running && warning ? <Notice tone="warning">{wordOf(warning)}</Notice> : null}
      {error ? <ErrorAlert error={error} title={t('publication:panel.failed')} /> : null}

      <div className="proof-head reachability-head">
        <div>
          <h4 className="section-title">{t('publication:check.title')}</h4>
          <p className="field-hint">{t('publication:check.intro')}</p>
        </div>
        <Button icon={<Icon name="search" />} onClick={() => void check()} busy={busy === 'check'}>
          {t('publication:check.run')}
        </Button>
      </div>
      {settings !== null && !configured && report === null ? <p className="muted">{t('publication:check.noUrls')}</p> : null}
      {report ? (
        <div className="reachability" aria-label={t('publication:check.label')}>
          <ul className="reachability-list">
            {report.results.map((r) => (
              <li key={r.kind} className={`reachability-item is-${VERDICT_TONE[r.verdict]}`}>
                <div className="reachability-title">
                  <span className={`reachability-badge is-${VERDICT_TONE[r.verdict]}`}>{t(`publication:verdict.${r.verdict}` as const)}</span>
                  <strong>{t(`publication:kind.${r.kind}` as const)}</strong>
                  {r.url ? <code className="reachability-url">{r.url}</code> : null}
                </div>
                <p>
                  {wordOf(r.summary)}
                  {r.note ? ` ${wordOf(r.note)}` : null}
                </p>
              </li>
            ))}
          </ul>
          <p className="muted">
            {report.latestCrlNumber !== null
              ? t('publication:check.checkedLatest', { date: formatDateTime(report.checkedAt), number: report.latestCrlNumber })
              : t('publication:check.checked', { date: formatDateTime(report.checkedAt) })}
          </p>
        </div>
      ) : null}
    </section>
  );
}
