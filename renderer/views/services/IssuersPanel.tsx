import { useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
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
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  function onCreated(issuer: TokenIssuerSummary) {
    setAdding(false);
    setCreated(t('services:issuers.created', { name: issuer.name }));
    onChanged();
  }

  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">{t('services:issuers.title')}</h2>
          <p className="muted">{t('services:issuers.intro')}</p>
        </div>
        {issuers.length > 0 && !adding ? (
          <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            {t('services:issuers.new')}
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
          title={t('services:issuers.emptyTitle')}
          action={
            <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
              {t('services:issuers.new')}
            </Button>
          }
        >
          <p>{t('services:issuers.emptyText')}</p>
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
