import { useEffect, useId, useState } from 'react';
import type { SnippetView } from '../../../shared/domain/export.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import type { Load } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { PemBlock } from '../../components/PemBlock.js';
import { call } from '../../ipc/client.js';
import { IssuerSelect } from './IssuerSelect.js';

interface SnippetsPanelProps {
  readonly service: string;
  readonly issuers: readonly TokenIssuerSummary[];
  readonly onClose: () => void;
}

/** The snippets, one tab each, with a copy button (as the export wizard shows a bundle's). */
function SnippetTabs({ snippets }: { readonly snippets: readonly SnippetView[] }) {
  const [selected, setSelected] = useState(snippets[0]?.id ?? '');
  const base = useId();
  const current = snippets.find((s) => s.id === selected) ?? snippets[0];
  if (!current) return null;
  return (
    <div className="snippets">
      <div className="tabs" role="tablist" aria-label="Go snippets">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`${base}-${s.id}`}
            aria-selected={s.id === current.id}
            aria-controls={`${base}-panel`}
            className={s.id === current.id ? 'tab is-selected' : 'tab'}
            onClick={() => setSelected(s.id)}
          >
            {s.title}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-${current.id}`}>
        <PemBlock
          title={current.filename}
          pem={current.text}
          label={current.title}
          copyLabel={`Copy ${current.title}`}
          hint={current.complete ? 'Complete as it is.' : 'A fragment: put it into your own program.'}
        />
      </div>
    </div>
  );
}

/** jwt.snippets for one service and issuer: the Go code that verifies (and fetches) its tokens. */
export function SnippetsPanel({ service, issuers, onClose }: SnippetsPanelProps) {
  const [issuerId, setIssuerId] = useState(issuers[0]?.id ?? '');
  const [load, setLoad] = useState<Load<SnippetView[]>>({ state: 'loading' });
  const titleId = `snippets-${service}`;

  useEffect(() => {
    if (!issuerId) return;
    let live = true;
    setLoad({ state: 'loading' });
    void call('jwt.snippets', { id: issuerId, service }).then((result) => {
      if (live) setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [issuerId, service]);

  const issuer = issuers.find((i) => i.id === issuerId);
  return (
    <section className="card svc-detail" aria-labelledby={titleId}>
      <div className="svc-detail-head">
        <div>
          <h3 id={titleId} className="section-title">
            Go snippets for {service}
          </h3>
          <p className="field-hint">Middleware that checks the tokens {service} receives, and a client that fetches its own tokens{issuer ? ` from ${issuer.name}` : ''}.</p>
        </div>
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {issuers.length > 1 ? <IssuerSelect id={`${titleId}-issuer`} issuers={issuers} value={issuerId} onChange={setIssuerId} /> : null}
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The snippets could not be made" /> : null}
      {load.state === 'ready' && load.value.length === 0 ? (
        <p className="muted" role="status">
          No snippets are available for {service} yet.
        </p>
      ) : null}
      {load.state === 'ready' && load.value.length > 0 ? <SnippetTabs snippets={load.value} /> : null}
    </section>
  );
}
