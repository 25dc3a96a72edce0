import { useEffect, useState } from 'react';
import type { SnippetView } from '../../../shared/domain/export.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import type { Load } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { call } from '../../ipc/client.js';
import { SnippetTabs } from '../../components/SnippetTabs.js';
import { IssuerSelect } from './IssuerSelect.js';

interface SnippetsPanelProps {
  readonly service: string;
  readonly issuers: readonly TokenIssuerSummary[];
  readonly onClose: () => void;
}

/** Every file is a whole file of the Go package servicetoken (electron/engine/export/snippets/service-token.ts). */
const GO_PACKAGE_HINTS = {
  complete: 'A whole file of package servicetoken: save it under this name in that package’s folder.',
  fragment: 'A fragment: put it into your own program.',
};

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
      {load.state === 'ready' && load.value.length > 0 ? <SnippetTabs snippets={load.value} label="Go snippets" folder="servicetoken/" hints={GO_PACKAGE_HINTS} /> : null}
    </section>
  );
}
