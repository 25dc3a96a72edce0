import { useState } from 'react';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { buildAuthorityTree, flattenTree, type AuthorityNode } from '../app/authority-tree.js';
import { describeDaysLeft, expiryTone, formatDate, shortFingerprint } from '../app/format.js';
import type { Flash } from '../app/navigation.js';
import { useAuthorities } from '../app/useAuthorities.js';
import { FlashNotice } from '../components/Alert.js';
import { Icon } from '../components/Icon.js';
import { AuthorityDetailPane } from './AuthorityDetailPane.js';
import { LoadStatus } from './LoadStatus.js';
import { CaFrontDoorActions, NoAuthorities } from './NoAuthorities.js';
import { PageHead } from './PageHead.js';

interface AuthoritiesViewProps {
  /** The authority to show first (e.g. the one a wizard just created). */
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function AuthorityItem({ node, currentId, onSelect }: { readonly node: AuthorityNode; readonly currentId: string | undefined; readonly onSelect: (a: AuthoritySummary) => void }) {
  const a = node.authority;
  const isSelected = a.id === currentId;
  const pending = a.state === 'pending';
  return (
    <li>
      <button type="button" className={['ca-item', isSelected ? 'is-selected' : '', pending ? 'is-pending' : ''].filter(Boolean).join(' ')} aria-current={isSelected ? 'true' : undefined} onClick={() => onSelect(a)}>
        <span className="ca-icon" aria-hidden="true">
          <Icon name={pending ? 'clock' : a.kind === 'root' ? 'shield' : 'certificate'} />
        </span>
        <span className="ca-main">
          <span className="ca-name">{a.subject.commonName}</span>
          <span className="ca-kind">{a.kind === 'root' ? 'Root CA' : a.parentId === null && !pending ? 'Intermediate CA, signed outside' : 'Intermediate CA'}</span>
          {pending ? (
            <span className="ca-meta">
              <span className="tag tag-soon">Waiting for signed certificate</span>
            </span>
          ) : (
            <>
              <span className="ca-meta">
                {KEY_ALGORITHM_INFO[a.keyAlgorithm].label} · <span className={`expiry expiry-${expiryTone(a.notAfter)}`}>{describeDaysLeft(a.notAfter)}</span>
              </span>
              <span className="ca-meta">Expires {formatDate(a.notAfter)}</span>
              <span className="ca-counts">
                {plural(a.counts.issued, 'issued', 'issued')} · {plural(a.counts.revoked, 'revoked', 'revoked')} ·{' '}
                <span className={a.counts.expiring > 0 ? 'expiry-soon' : undefined}>{plural(a.counts.expiring, 'expiring', 'expiring')}</span>
              </span>
              <span className="ca-fp" title={`SHA-256 ${a.sha256Fingerprint}`}>
                <span className="visually-hidden">SHA-256 fingerprint </span>
                {shortFingerprint(a.sha256Fingerprint, 4)}
              </span>
            </>
          )}
        </span>
      </button>
      {node.children.length > 0 ? (
        <ul className="ca-children" aria-label={`Signed by ${a.subject.commonName}`}>
          {node.children.map((child) => (
            <AuthorityItem key={child.authority.id} node={child} currentId={currentId} onSelect={onSelect} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function AuthoritiesView({ select, flash }: AuthoritiesViewProps) {
  const { load, refresh, authorities } = useAuthorities();
  const [selected, setSelected] = useState<string | null>(select ?? null);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);

  const tree = buildAuthorityTree(authorities);
  const flat = flattenTree(tree);
  // With nothing chosen yet, show the first authority rather than an empty pane.
  const current = flat.find((n) => n.authority.id === selected)?.authority ?? flat[0]?.authority ?? null;

  function choose(id: string) {
    setSelected(id);
    setNotice(null);
  }

  return (
    <section className="view" aria-labelledby="authorities-title">
      <PageHead
        id="authorities-title"
        eyebrow="Vault"
        title="Certificate authorities"
        sub="Roots, and the intermediates below them that sign your server, client and peer certificates."
        action={
          authorities.length > 0 ? (
            <CaFrontDoorActions primaryLast />
          ) : null
        }
      />

      {notice ? <FlashNotice {...notice} /> : null}
      <LoadStatus load={load} failedTitle="The authorities could not be loaded" onRetry={() => void refresh()} />

      {load.state === 'ready' && authorities.length === 0 ? (
        <NoAuthorities>
          <p>Start with a root CA: it anchors trust for every certificate you issue for your services.</p>
          <p className="muted">
            Its private key is generated here and sealed in your vault. If your organization already runs a CA, import it with its key (PKCS#12 or PEM), or create an intermediate and have that CA sign it.
          </p>
        </NoAuthorities>
      ) : null}

      {authorities.length > 0 ? (
        <div className="master-detail">
          <div className="master card">
            <ul className="ca-list ca-tree" aria-label="Certificate authorities">
              {tree.map((node) => (
                <AuthorityItem key={node.authority.id} node={node} currentId={current?.id} onSelect={(a) => choose(a.id)} />
              ))}
            </ul>
          </div>
          <div className="detail-pane card">
            {current ? (
              <AuthorityDetailPane key={current.id} id={current.id} onChanged={() => void refresh()} onSelect={choose} />
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
