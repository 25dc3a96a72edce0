import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { EndpointReport } from '../../../shared/domain/inspect.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { call, errorField, fieldMessage, withoutField, type IpcError } from '../../ipc/client.js';
import { formatNumber } from '../../app/format.js';
import { errorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/use-t.js';
import { InspectOptions } from './FileInspector.js';
import { chainOrderNote, sentence, clientCertificateChoices, clientOutcome, clientRequestedText, endpointContent, parsePort, splitHostPort } from './model.js';
import { ReportView } from './ReportView.js';

type Choices =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly options: Array<{ value: string; label: string }>; /** How many there are in all (more than offered: type to narrow). */ readonly matching: number }
  | { readonly state: 'failed'; readonly error: IpcError };

/** How many client certificates the picker offers at once; more are found by typing part of the name. */
const CLIENT_CHOICES = 200;

/**
 * The vault's certificates whose key Certwright holds: what can be presented to an mTLS endpoint.
 * Main picks them (`certificate.query` with `withKey`, by name): the first ones matching `find`.
 */
function useClientCertificates(find: string): Choices {
  const [choices, setChoices] = useState<Choices>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call('certificate.query', { query: find.slice(0, 200), showRetired: true, withKey: true, sort: { key: 'commonName', direction: 'ascending' }, offset: 0, limit: CLIENT_CHOICES }).then((result) => {
      if (!live) return;
      setChoices(result.ok ? { state: 'ready', options: clientCertificateChoices(result.value.rows), matching: result.value.matching } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [find]);
  return choices;
}

type FieldErrors = Partial<Record<'host' | 'port' | 'servername' | 'hostCheck' | 'clientCertificateId', string>>;

/** What the endpoint said besides its certificates: the handshake, client certificate request and outcome. */
function EndpointFacts({ endpoint }: { readonly endpoint: EndpointReport }) {
  const t = useT();
  const outcome = endpoint.clientCertificate ? clientOutcome(endpoint.clientCertificate) : null;
  return (
    <section className="inspect-section" role="region" aria-label={t('inspect:endpoint.section')}>
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">{t('inspect:endpoint.title', { target: endpoint.target })}</h2>
        {endpoint.failure ? <span className="tag tag-expired">{t('inspect:endpoint.handshakeFailed')}</span> : <span className="tag tag-ok">{t('inspect:endpoint.handshakeCompleted')}</span>}
      </div>
      {endpoint.failure ? <ErrorAlert error={sentence(endpoint.failure)} title={t('inspect:endpoint.notCompleted')} /> : null}
      {outcome ? (
        <Notice tone={outcome.tone}>
          <p className="alert-title">{outcome.title}</p>
          <p>{outcome.text}</p>
        </Notice>
      ) : null}
      <div className="card inspect-endpoint-card">
        <dl className="facts" aria-label={t('inspect:endpoint.connection')}>
          <Fact label={t('inspect:endpoint.target')}>
            <code>{endpoint.target}</code>
          </Fact>
          <Fact label={t('inspect:endpoint.address')}>{endpoint.address ? <code>{endpoint.address}</code> : <span className="muted">{t('inspect:endpoint.notConnected')}</span>}</Fact>
          <Fact label={t('inspect:endpoint.sni')}>{endpoint.servername ?? <span className="muted">{t('inspect:endpoint.noneSent')}</span>}</Fact>
          <Fact label={t('inspect:endpoint.protocol')}>{endpoint.protocol ?? <span className="muted">{t('inspect:endpoint.unknown')}</span>}</Fact>
          <Fact label={t('inspect:endpoint.cipher')}>{endpoint.cipher ? <code>{endpoint.cipher}</code> : <span className="muted">{t('inspect:endpoint.unknown')}</span>}</Fact>
          <Fact label={t('inspect:endpoint.alpn')}>{endpoint.alpn ?? <span className="muted">{t('inspect:endpoint.noneAgreed')}</span>}</Fact>
          <Fact label={t('inspect:endpoint.clientRequested')}>{clientRequestedText(endpoint.clientCertificateRequested)}</Fact>
          <Fact label={t('inspect:endpoint.caNames')}>
            {endpoint.acceptableCaNames.length === 0 ? (
              <span className="muted">{endpoint.clientCertificateRequested ? t('inspect:endpoint.caNamesNoneSent') : t('inspect:endpoint.none')}</span>
            ) : (
              <ul className="inspect-ca-names" aria-label={t('inspect:endpoint.caNames')}>
                {endpoint.acceptableCaNames.map((name, i) => (
                  <li key={`${i}-${name}`}>
                    <code>{name}</code>
                  </li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact label={t('inspect:endpoint.chainOrder')}>{chainOrderNote(endpoint.chainOrder)}</Fact>
        </dl>
      </div>
    </section>
  );
}

/** Live endpoint: connect, see what the server serves and asks for, and diagnose its chain. */
export function EndpointInspector() {
  const t = useT();
  const [host, setHost] = useState('');
  const [port, setPort] = useState('443');
  const [servername, setServername] = useState('');
  const [clientId, setClientId] = useState('');
  const [hostCheck, setHostCheck] = useState('');
  const [useSystemStore, setUseSystemStore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [endpoint, setEndpoint] = useState<EndpointReport | null>(null);
  const [findClient, setFindClient] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const choices = useClientCertificates(findClient);
  const latest = useRef(0);

  async function inspect() {
    const split = splitHostPort(host);
    const portText = split.port ?? port;
    const parsed = parsePort(portText);
    const errors: FieldErrors = {};
    if (split.host === '') errors.host = t('inspect:endpoint.hostMissing');
    if (!parsed.ok) errors.port = parsed.message;
    setFieldErrors(errors);
    if (!parsed.ok || split.host === '') return;
    if (split.port !== null) {
      setHost(split.host);
      setPort(split.port);
    }
    const id = ++latest.current;
    setBusy(true);
    setError(null);
    const result = await call('inspect.endpoint', {
      host: split.host,
      port: parsed.port,
      servername: servername.trim() === '' ? null : servername.trim(),
      clientCertificateId: clientId === '' ? null : clientId,
      hostCheck: hostCheck.trim() === '' ? null : hostCheck.trim(),
      role: 'server',
      useSystemStore,
    });
    if (id !== latest.current) return;
    setBusy(false);
    if (result.ok) {
      setEndpoint(result.value);
      return;
    }
    const field = errorField(result.error);
    if (field && ['host', 'port', 'servername', 'hostCheck', 'clientCertificateId'].includes(field)) setFieldErrors({ [field]: fieldMessage(result.error) });
    else {
      setEndpoint(null);
      setError(result.error);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void inspect();
  }

  const source = endpoint ? endpointContent(endpoint.report) : null;
  const offered = choices.state === 'ready' ? choices.options : [];
  // The one chosen stays offered while the list is narrowed to others.
  const keep = chosen !== null && chosen.value === clientId && !offered.some((o) => o.value === clientId) ? [chosen] : [];
  const clientOptions = [{ value: '', label: t('inspect:endpoint.none') }, ...keep, ...offered];
  const narrowing = findClient !== '' || (choices.state === 'ready' && choices.matching > choices.options.length);

  return (
    <div className="inspect-mode">
      <form className="card inspect-input" onSubmit={submit} noValidate aria-label={t('inspect:endpoint.form')}>
        <div className="inspect-endpoint-fields">
          <TextField id="endpoint-host" label={t('inspect:endpoint.host')} value={host} onValueChange={setHost} placeholder={t('inspect:options.hostPlaceholder')} error={fieldErrors.host} autoComplete="off" fieldClassName="inspect-endpoint-host" />
          <TextField id="endpoint-port" label={t('inspect:endpoint.port')} value={port} onValueChange={setPort} inputMode="numeric" error={fieldErrors.port} autoComplete="off" className="input-short" />
          <TextField id="endpoint-sni" label={t('inspect:endpoint.sni')} optional value={servername} onValueChange={setServername} placeholder={t('inspect:endpoint.sniPlaceholder')} error={fieldErrors.servername} autoComplete="off" />
          <SelectField
            id="endpoint-client"
            label={t('inspect:endpoint.clientCertificate')}
            value={clientId}
            onValueChange={(value) => {
              setClientId(value);
              setChosen(clientOptions.find((o) => o.value === value) ?? null);
            }}
            options={clientOptions}
            error={fieldErrors.clientCertificateId}
            hint={
              choices.state === 'failed'
                ? errorText(choices.error)
                : choices.state === 'ready' && choices.options.length === 0
                  ? t('inspect:endpoint.clientNone')
                  : choices.state === 'ready' && choices.matching > choices.options.length
                    ? t('inspect:endpoint.clientFirst', { shown: formatNumber(choices.options.length), count: choices.matching })
                    : t('inspect:endpoint.clientHint')
            }
          />
          {narrowing ? <TextField id="endpoint-client-find" label={t('inspect:endpoint.clientFind')} optional value={findClient} onValueChange={setFindClient} placeholder={t('inspect:endpoint.clientFindPlaceholder')} autoComplete="off" maxLength={200} /> : null}
        </div>
        <InspectOptions idPrefix="endpoint-check" hostCheck={hostCheck} onHostCheck={setHostCheck} hostError={fieldErrors.hostCheck ?? null} useSystemStore={useSystemStore} onUseSystemStore={setUseSystemStore} />
        <p className="field-hint">{t('inspect:endpoint.servedHint')}</p>
        <div className="button-row">
          <Button type="submit" variant="primary" icon={<Icon name="play" />} busy={busy}>
            {t('inspect:endpoint.inspect')}
          </Button>
        </div>
      </form>

      <p className="inspect-busy" role="status" aria-live="polite">
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> {t('inspect:endpoint.busy')}
          </>
        ) : null}
      </p>

      {error ? <ErrorAlert error={withoutField(error)} title={t('inspect:endpoint.failed')} /> : null}
      {endpoint ? (
        <div className="inspect-report">
          <EndpointFacts endpoint={endpoint} />
          {endpoint.report.objects.length > 0 || endpoint.report.problems.length > 0 ? <ReportView report={endpoint.report} source={source} onAdded={() => void inspect()} /> : null}
        </div>
      ) : null}
    </div>
  );
}
