import { useCallback, useEffect, useState } from 'react';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { describeDaysLeft, expiryTone, formatDate, shortFingerprint } from '../app/format.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';
import { NewRootWizard } from '../wizards/new-root/NewRootWizard.js';
import { AuthorityDetailPane } from './AuthorityDetailPane.js';

interface AuthoritiesViewProps {
  readonly onVaultLocked: () => void;
}

type Load = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly authorities: readonly AuthoritySummary[] };

export function AuthoritiesView({ onVaultLocked }: AuthoritiesViewProps) {
  const [mode, setMode] = useState<'list' | 'wizard'>('list');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [created, setCreated] = useState<AuthoritySummary | null>(null);

  const refresh = useCallback(async () => {
    const result = await call('authority.list', {});
    if (result.ok) setLoad({ state: 'ready', authorities: result.value });
    else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
    else setLoad({ state: 'failed', error: result.error });
  }, [onVaultLocked]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (mode === 'wizard') {
    return (
      <NewRootWizard
        onCancel={() => setMode('list')}
        onVaultLocked={onVaultLocked}
        onCreated={(authority) => {
          setCreated(authority);
          setSelected(authority.id);
          setMode('list');
          void refresh();
        }}
      />
    );
  }

  const authorities = load.state === 'ready' ? load.authorities : [];
  // With nothing chosen yet, show the first authority rather than an empty pane.
  const current = authorities.find((a) => a.id === selected) ?? authorities[0] ?? null;
  return (
    <section className="view" aria-labelledby="authorities-title">
      <header className="page-head">
        <div>
          <p className="eyebrow">Vault</p>
          <h1 id="authorities-title" className="page-title">
            Certificate authorities
          </h1>
          <p className="page-sub">The roots that sign your server, client and peer certificates.</p>
        </div>
        {authorities.length > 0 ? (
          <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setMode('wizard')}>
            New root CA
          </Button>
        ) : null}
      </header>

      {created ? (
        <Notice tone="success">
          Root CA <strong>{created.subject.commonName}</strong> was created. Its private key is sealed in the vault.
        </Notice>
      ) : null}
      {load.state === 'failed' ? (
        <ErrorAlert error={load.error} title="The authorities could not be loaded">
          <Button onClick={() => void refresh()}>Try again</Button>
        </ErrorAlert>
      ) : null}
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}

      {load.state === 'ready' && authorities.length === 0 ? (
        <EmptyState
          icon="shield"
          title="No certificate authorities yet"
          action={
            <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setMode('wizard')}>
              New root CA
            </Button>
          }
        >
          <p>Start with a root CA: it anchors trust for every certificate you issue for your services.</p>
          <p className="muted">Its private key is generated here and sealed in your vault.</p>
        </EmptyState>
      ) : null}

      {authorities.length > 0 ? (
        <div className="master-detail">
          <div className="master card">
            <ul className="ca-list" aria-label="Certificate authorities">
              {authorities.map((a) => {
                const isSelected = a.id === current?.id;
                return (
                  <li key={a.id}>
                    <button
                      type="button"
                      className={isSelected ? 'ca-item is-selected' : 'ca-item'}
                      aria-current={isSelected ? 'true' : undefined}
                      onClick={() => {
                        setSelected(a.id);
                        setCreated(null);
                      }}
                    >
                      <span className="ca-icon" aria-hidden="true">
                        <Icon name="shield" />
                      </span>
                      <span className="ca-main">
                        <span className="ca-name">{a.subject.commonName}</span>
                        <span className="ca-meta">
                          {KEY_ALGORITHM_INFO[a.keyAlgorithm].label} · <span className={`expiry expiry-${expiryTone(a.notAfter)}`}>{describeDaysLeft(a.notAfter)}</span>
                        </span>
                        <span className="ca-meta">Valid until {formatDate(a.notAfter)}</span>
                        <span className="ca-fp" title={`SHA-256 ${a.sha256Fingerprint}`}>
                          <span className="visually-hidden">SHA-256 fingerprint </span>
                          {shortFingerprint(a.sha256Fingerprint, 4)}
                        </span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
          <div className="detail-pane card">
            {current ? (
              <AuthorityDetailPane key={current.id} id={current.id} onVaultLocked={onVaultLocked} />
            ) : (
              <div className="detail-placeholder">
                <Icon name="certificate" size={28} />
                <p>Select an authority to see its certificate, fingerprints and PEM.</p>
              </div>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}
