import { useState } from 'react';
import type { ServiceRow, TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { useNavigation } from '../../app/navigation.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
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
  const nav = useNavigation();
  const [open, setOpen] = useState<{ readonly service: string; readonly action: RowAction } | null>(null);
  const row = open ? rows.find((r) => r.name === open.service) : undefined;

  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">Services</h2>
          <p className="muted">A service is named by its client certificate&rsquo;s CommonName: it is the sub of the tokens it gets and the aud of those sent to it.</p>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState
          icon="certificate"
          title="No services yet"
          action={
            <div className="button-row">
              <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('issue')}>
                Issue a client certificate
              </Button>
              <Button onClick={onOpenPolicy}>Edit the policy</Button>
            </div>
          }
        >
          <p>Services appear here when the vault holds a client certificate for them (CN = the service name) or the policy names them.</p>
        </EmptyState>
      ) : (
        <>
          {issuers.length === 0 ? (
            <p className="field-hint">
              Minting and snippets need a token issuer.{' '}
              <button type="button" className="link" onClick={onOpenIssuers}>
                Create one
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
