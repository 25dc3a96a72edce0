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
import { useT } from '../i18n/use-t.js';
import type { RemoteSummary } from '../../shared/domain/remote.js';
import { ConnectStepCaButton } from './remote/ConnectStepCaDialog.js';
import { remoteOf } from './remote/model.js';
import { StepCaTag } from './remote/RemoteTags.js';
import { useRemotes } from './remote/useRemotes.js';

interface AuthoritiesViewProps {
  /** The authority to show first (e.g. the one a wizard just created). */
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
}

function AuthorityItem({ node, currentId, onSelect, remotes }: { readonly node: AuthorityNode; readonly currentId: string | undefined; readonly onSelect: (a: AuthoritySummary) => void; readonly remotes: readonly RemoteSummary[] }) {
  const t = useT();
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
          <span className="ca-kind">
            {a.kind === 'root' ? t('authorities:item.root') : a.parentId === null && !pending && !a.remoteId ? t('authorities:item.signedOutside') : t('authorities:item.intermediate')}
            {a.remoteId ? (
              <>
                {' '}
                <StepCaTag remote={remoteOf(a, remotes)} />
              </>
            ) : null}
          </span>
          {pending ? (
            <span className="ca-meta">
              <span className="tag tag-soon">{t('authorities:item.waiting')}</span>
            </span>
          ) : (
            <>
              <span className="ca-meta">
                {KEY_ALGORITHM_INFO[a.keyAlgorithm].label} · <span className={`expiry expiry-${expiryTone(a.notAfter)}`}>{describeDaysLeft(a.notAfter)}</span>
              </span>
              <span className="ca-meta">{t('authorities:item.expires', { date: formatDate(a.notAfter) })}</span>
              <span className="ca-counts">
                {t('authorities:item.issued', { count: a.counts.issued })} · {t('authorities:item.revoked', { count: a.counts.revoked })} ·{' '}
                <span className={a.counts.expiring > 0 ? 'expiry-soon' : undefined}>{t('authorities:item.expiring', { count: a.counts.expiring })}</span>
              </span>
              <span className="ca-fp" title={t('authorities:item.fingerprintTitle', { fingerprint: a.sha256Fingerprint })}>
                <span className="visually-hidden">{t('authorities:item.fingerprint')} </span>
                {shortFingerprint(a.sha256Fingerprint, 4)}
              </span>
            </>
          )}
        </span>
      </button>
      {node.children.length > 0 ? (
        <ul className="ca-children" aria-label={t('authorities:item.signedBy', { name: a.subject.commonName })}>
          {node.children.map((child) => (
            <AuthorityItem key={child.authority.id} node={child} currentId={currentId} onSelect={onSelect} remotes={remotes} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function AuthoritiesView({ select, flash }: AuthoritiesViewProps) {
  const t = useT();
  const { load, refresh, authorities } = useAuthorities();
  const [selected, setSelected] = useState<string | null>(select ?? null);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);
  const remotes = useRemotes();

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
        eyebrow={t('authorities:view.eyebrow')}
        title={t('authorities:view.title')}
        sub={t('authorities:view.sub')}
        action={
          <div className="page-head-actions">
            <ConnectStepCaButton
              onConnected={(remote) => {
                setSelected(remote.authorityId);
                setNotice({ message: t('remote:connectDialog.done', { name: remote.name }) });
                void refresh();
                void remotes.refresh();
              }}
            />
            {authorities.length > 0 ? <CaFrontDoorActions primaryLast /> : null}
          </div>
        }
      />

      {notice ? <FlashNotice {...notice} /> : null}
      <LoadStatus load={load} failedTitle={t('authorities:view.loadFailed')} onRetry={() => void refresh()} />

      {load.state === 'ready' && authorities.length === 0 ? (
        <NoAuthorities>
          <p>{t('authorities:view.emptyLead')}</p>
          <p className="muted">{t('authorities:view.emptyMore')}</p>
        </NoAuthorities>
      ) : null}

      {authorities.length > 0 ? (
        <div className="master-detail">
          <div className="master card">
            <ul className="ca-list ca-tree" aria-label={t('authorities:view.listLabel')}>
              {tree.map((node) => (
                <AuthorityItem key={node.authority.id} node={node} currentId={current?.id} onSelect={(a) => choose(a.id)} remotes={remotes.remotes} />
              ))}
            </ul>
          </div>
          <div className="detail-pane card">
            {current ? (
              <AuthorityDetailPane key={current.id} id={current.id} onChanged={() => void refresh()} onSelect={choose} />
            ) : (
              <div className="detail-placeholder">
                <Icon name="certificate" size={28} />
                <p>{t('authorities:view.placeholder')}</p>
              </div>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}
