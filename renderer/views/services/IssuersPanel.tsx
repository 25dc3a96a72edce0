import { useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { IssuerCard } from './IssuerCard.js';
import type { EndpointTarget } from './model.js';
import { NewIssuerForm } from './NewIssuerForm.js';

interface IssuersPanelProps {
  readonly issuers: readonly TokenIssuerSummary[];
  readonly authorities: readonly AuthoritySummary[];
  /** What the endpoints' curl lines can ask for. */
  readonly targets: readonly EndpointTarget[];
  readonly onChanged: () => void;
}

/** Token issuers: each with its keys and endpoint, and the form for a new one. */
export function IssuersPanel({ issuers, authorities, targets, onChanged }: IssuersPanelProps) {
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  function onCreated(issuer: TokenIssuerSummary) {
    setAdding(false);
    setCreated(`Token issuer “${issuer.name}” was created. Its signing key is sealed in the vault.`);
    onChanged();
  }

  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">Token issuers</h2>
          <p className="muted">An issuer signs short-lived tokens (JWTs) that name the calling service; verifiers check them against its public keys (JWKS).</p>
        </div>
        {issuers.length > 0 && !adding ? (
          <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            New token issuer
          </Button>
        ) : null}
      </div>
      {created ? (
        <Notice tone="success">
          <p>{created}</p>
        </Notice>
      ) : null}
      {issuers.length === 0 && !adding ? (
        <EmptyState
          icon="key"
          title="No token issuers yet"
          action={
            <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
              New token issuer
            </Button>
          }
        >
          <p>A token issuer signs the tokens one service shows another: sub is the caller (its client certificate&rsquo;s CommonName), aud the service called, scope what the policy allows.</p>
        </EmptyState>
      ) : null}
      {adding ? <NewIssuerForm onCreated={onCreated} onCancel={() => setAdding(false)} /> : null}
      {issuers.map((issuer) => (
        <IssuerCard
          key={issuer.id}
          issuer={issuer}
          authorities={authorities}
          targets={targets}
          onChanged={() => {
            setCreated(null);
            onChanged();
          }}
        />
      ))}
    </div>
  );
}
