import { useState } from 'react';
import type { ServiceRow, TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { useNavigation } from '../../app/navigation.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { MintPanel, type VerifySeed } from './MintPanel.js';
import { type RowAction, ServicesTable } from './ServicesTable.js';
import { SnippetsPanel } from './SnippetsPanel.js';

interface ServicesPanelProps {
  readonly rows: readonly ServiceRow[];
  readonly issuers: readonly TokenIssuerSummary[];
  readonly onMinted: () => void;
  readonly onVerify: (seed: VerifySeed) => void;
  readonly onOpenPolicy: () => void;
  readonly onOpenIssuers: () => void;
}

/** Every service with its certificates and policy, and from a row: a test token or the Go snippets. */
export function ServicesPanel({ rows, issuers, onMinted, onVerify, onOpenPolicy, onOpenIssuers }: ServicesPanelProps) {
  const t = useT();
  const nav = useNavigation();
  const [open, setOpen] = useState<{ readonly service: string; readonly action: RowAction } | null>(null);
  const row = open ? rows.find((r) => r.name === open.service) : undefined;

  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">{t('services:services.title')}</h2>
          <p className="muted">{t('services:services.intro')}</p>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState
          icon="certificate"
          title={t('services:services.emptyTitle')}
          action={
            <div className="button-row">
              <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('issue')}>
                {t('services:services.issueClient')}
              </Button>
              <Button onClick={onOpenPolicy}>{t('services:services.editPolicy')}</Button>
            </div>
          }
        >
          <p>{t('services:services.emptyText')}</p>
        </EmptyState>
      ) : (
        <>
          {issuers.length === 0 ? (
            <p className="field-hint">
              {t('services:services.needIssuer')}{' '}
              <button type="button" className="link" onClick={onOpenIssuers}>
                {t('services:services.createOne')}
              </button>
            </p>
          ) : null}
          <ServicesTable rows={rows} open={open} onAction={(service, action) => setOpen({ service, action })} canMint={issuers.length > 0} />
        </>
      )}
      {row && open?.action === 'mint' ? <MintPanel key={row.name} caller={row} rows={rows} issuers={issuers} onMinted={onMinted} onVerify={onVerify} onClose={() => setOpen(null)} /> : null}
      {row && open?.action === 'snippets' ? <SnippetsPanel key={row.name} service={row.name} issuers={issuers} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
