import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { EndpointReport } from '../../../shared/domain/inspect.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { InspectOptions } from './FileInspector.js';
import { chainOrderNote, sentence, clientCertificateChoices, clientOutcome, clientRequestedText, endpointContent, parsePort, splitHostPort } from './model.js';
import { ReportView } from './ReportView.js';

type Choices =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly options: Array<{ value: string; label: string }>; /** How many there are in all (more than offered: type to narrow). */ readonly matching: number }
  | { readonly state: 'failed'; readonly message: string };

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
      setChoices(result.ok ? { state: 'ready', options: clientCertificateChoices(result.value.rows), matching: result.value.matching } : { state: 'failed', message: result.error.message });
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
  const outcome = endpoint.clientCertificate ? clientOutcome(endpoint.clientCertificate) : null;
  return (
    <section className="inspect-section" role="region" aria-label="Endpoint">
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">Endpoint {endpoint.target}</h2>
        {endpoint.failure ? <span className="tag tag-expired">Handshake failed</span> : <span className="tag tag-ok">Handshake completed</span>}
      </div>
      {endpoint.failure ? <ErrorAlert error={sentence(endpoint.failure)} title="The connection did not complete" /> : null}
      {outcome ? (
        <Notice tone={outcome.tone}>
          <p className="alert-title">{outcome.title}</p>
          <p>{outcome.text}</p>
        </Notice>
      ) : null}
      <div className="card inspect-endpoint-card">
        <dl className="facts" aria-label="Connection">
          <Fact label="Target">
            <code>{endpoint.target}</code>
          </Fact>
          <Fact label="Address">{endpoint.address ? <code>{endpoint.address}</code> : <span className="muted">Not connected</span>}</Fact>
          <Fact label="SNI name">{endpoint.servername ?? <span className="muted">None sent</span>}</Fact>
          <Fact label="Protocol">{endpoint.protocol ?? <span className="muted">Unknown</span>}</Fact>
          <Fact label="Cipher">{endpoint.cipher ? <code>{endpoint.cipher}</code> : <span className="muted">Unknown</span>}</Fact>
          <Fact label="ALPN">{endpoint.alpn ?? <span className="muted">None agreed</span>}</Fact>
          <Fact label="Server asked for a client certificate">{clientRequestedText(endpoint.clientCertificateRequested)}</Fact>
          <Fact label="Acceptable CA names">
            {endpoint.acceptableCaNames.length === 0 ? (
              <span className="muted">{endpoint.clientCertificateRequested ? 'None sent: any CA the server trusts' : 'None'}</span>
            ) : (
              <ul className="inspect-ca-names" aria-label="Acceptable CA names">
                {endpoint.acceptableCaNames.map((name, i) => (
                  <li key={`${i}-${name}`}>
                    <code>{name}</code>
                  </li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact label="Chain order">{chainOrderNote(endpoint.chainOrder)}</Fact>
        </dl>
      </div>
    </section>
  );
}

/** Live endpoint: connect, see what the server serves and asks for, and diagnose its chain. */
export function EndpointInspector() {
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
    if (split.host === '') errors.host = 'Type a host name or address';
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
  const clientOptions = [{ value: '', label: 'None' }, ...keep, ...offered];
  const narrowing = findClient !== '' || (choices.state === 'ready' && choices.matching > choices.options.length);

  return (
    <div className="inspect-mode">
      <form className="card inspect-input" onSubmit={submit} noValidate aria-label="Endpoint to inspect">
        <div className="inspect-endpoint-fields">
          <TextField id="endpoint-host" label="Host" value={host} onValueChange={setHost} placeholder="api.example.com or 10.0.0.5" error={fieldErrors.host} autoComplete="off" fieldClassName="inspect-endpoint-host" />
          <TextField id="endpoint-port" label="Port" value={port} onValueChange={setPort} inputMode="numeric" error={fieldErrors.port} autoComplete="off" className="input-short" />
          <TextField id="endpoint-sni" label="SNI name" optional value={servername} onValueChange={setServername} placeholder="defaults to the host" error={fieldErrors.servername} autoComplete="off" />
          <SelectField
            id="endpoint-client"
            label="Client certificate"
            value={clientId}
            onValueChange={(value) => {
              setClientId(value);
              setChosen(clientOptions.find((o) => o.value === value) ?? null);
            }}
            options={clientOptions}
            error={fieldErrors.clientCertificateId}
            hint={
              choices.state === 'failed'
                ? choices.message
                : choices.state === 'ready' && choices.options.length === 0
                  ? 'No certificate in the vault has its key here: issue one to present it to mTLS endpoints.'
                  : choices.state === 'ready' && choices.matching > choices.options.length
                    ? `The first ${choices.options.length.toLocaleString()} of ${choices.matching.toLocaleString()} by name: type part of a name below to find another.`
                    : 'For endpoints that require mutual TLS: a vault certificate whose key Certwright holds.'
            }
          />
          {narrowing ? <TextField id="endpoint-client-find" label="Find a client certificate" optional value={findClient} onValueChange={setFindClient} placeholder="name, SAN or serial" autoComplete="off" maxLength={200} /> : null}
        </div>
        <InspectOptions idPrefix="endpoint" hostCheck={hostCheck} onHostCheck={setHostCheck} hostError={fieldErrors.hostCheck ?? null} useSystemStore={useSystemStore} onUseSystemStore={setUseSystemStore} />
        <p className="field-hint">The served chain is checked as a server&rsquo;s (TLS server purpose), against the host name above or else the SNI name.</p>
        <div className="button-row">
          <Button type="submit" variant="primary" icon={<Icon name="play" />} busy={busy}>
            Inspect endpoint
          </Button>
        </div>
      </form>

      <p className="inspect-busy" role="status" aria-live="polite">
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> Connecting…
          </>
        ) : null}
      </p>

      {error ? <ErrorAlert error={{ ...error, message: fieldMessage(error) }} title="The endpoint could not be inspected" /> : null}
      {endpoint ? (
        <div className="inspect-report">
          <EndpointFacts endpoint={endpoint} />
          {endpoint.report.objects.length > 0 || endpoint.report.problems.length > 0 ? <ReportView report={endpoint.report} source={source} onAdded={() => void inspect()} /> : null}
        </div>
      ) : null}
    </div>
  );
}
