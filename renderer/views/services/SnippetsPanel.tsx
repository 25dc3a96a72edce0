import { useEffect, useState } from 'react';
import type { SnippetView } from '../../../shared/domain/export.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import type { Load } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { useT } from '../../i18n/use-t.js';
import { call } from '../../ipc/client.js';
import { SnippetTabs } from '../../components/SnippetTabs.js';
import { IssuerSelect } from './IssuerSelect.js';
import { wordedSnippets } from './model.js';

interface SnippetsPanelProps {
  readonly service: string;
  readonly issuers: readonly TokenIssuerSummary[];
  readonly onClose: () => void;
}

/** jwt.snippets for one service and issuer: the Go code that verifies (and fetches) its tokens. */
export function SnippetsPanel({ service, issuers, onClose }: SnippetsPanelProps) {
  const t = useT();
  const [issuerId, setIssuerId] = useState(issuers[0]?.id ?? '');
  // Every file is a whole file of the Go package servicetoken (electron/engine/export/snippets/service-token.ts).
  const goPackageHints = { complete: t('services:snippets.complete'), fragment: t('services:snippets.fragment') };
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
            {t('services:snippets.title', { name: service })}
          </h3>
          <p className="field-hint">{issuer ? t('services:snippets.introFrom', { name: service, issuer: issuer.name }) : t('services:snippets.intro', { name: service })}</p>
        </div>
        <Button variant="ghost" onClick={onClose}>
          {t('services:common.close')}
        </Button>
      </div>
      {issuers.length > 1 ? <IssuerSelect id={`${titleId}-issuer`} issuers={issuers} value={issuerId} onChange={setIssuerId} /> : null}
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          {t('services:common.loading')}
        </p>
      ) : null}
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('services:snippets.failed')} /> : null}
      {load.state === 'ready' && load.value.length === 0 ? (
        <p className="muted" role="status">
          {t('services:snippets.none', { name: service })}
        </p>
      ) : null}
      {load.state === 'ready' && load.value.length > 0 ? <SnippetTabs snippets={wordedSnippets(load.value)} label={t('services:snippets.label')} folder="servicetoken/" hints={goPackageHints} /> : null}
    </section>
  );
}
