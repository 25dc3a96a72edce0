import { useEffect, useMemo, useRef, useState } from 'react';
import { PROFILE_INFO } from '../../shared/domain/certificate.js';
import { canRevoke } from '../../shared/domain/revocation.js';
import { describeDaysLeft, expiryTone, formatDate } from '../app/format.js';
import { useNavigation, type Flash } from '../app/navigation.js';
import { useList } from '../app/useLoad.js';
import { FlashNotice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { CERTIFICATE_STATUS_LABEL, StatusBadge } from '../components/StatusBadge.js';
import { CertificateDetailPane } from './CertificateDetailPane.js';
import { DEFAULT_SORT, filterCertificates, sanSummary, sortCertificates, toggleSort, type SortKey, type SortState, type StatusFilter } from './certificate-table.js';
import { LoadStatus } from './LoadStatus.js';
import { PageHead } from './PageHead.js';

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'commonName', label: 'Common name' },
  { key: 'sans', label: 'SANs' },
  { key: 'profile', label: 'Profile' },
  { key: 'issuer', label: 'Issuer' },
  { key: 'serial', label: 'Serial' },
  { key: 'notAfter', label: 'Not after' },
  { key: 'status', label: 'Status' },
];

const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'valid', 'expired', 'not-yet-valid', 'revoked'];

interface CertificatesViewProps {
  readonly onVaultLocked: () => void;
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
}

export function CertificatesView({ onVaultLocked, select, flash }: CertificatesViewProps) {
  const nav = useNavigation();
  const { load, refresh } = useList('certificate.list', onVaultLocked);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [selected, setSelected] = useState<string | null>(select ?? null);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);
  /** Rows ticked for an action on several certificates at once (revoke). */
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const detailRef = useRef<HTMLDivElement>(null);

  const all = load.state === 'ready' ? load.value : [];
  const rows = useMemo(() => sortCertificates(filterCertificates(all, query, status), sort), [all, query, status, sort]);
  const current = selected ? all.find((c) => c.id === selected) : undefined;
  const tickable = rows.filter((c) => canRevoke(c.revocation));
  const tickedShown = tickable.filter((c) => ticked.has(c.id));
  const allTicked = tickable.length > 0 && tickedShown.length === tickable.length;

  function tick(id: string, on: boolean) {
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  useEffect(() => {
    if (current) detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  function open(id: string) {
    setSelected(id);
    setNotice(null);
  }

  const actions = (
    <div className="button-row">
      <Button icon={<Icon name="search" />} onClick={() => nav.open('sign-csr')}>
        Sign CSR
      </Button>
      <Button icon={<Icon name="key" />} onClick={() => nav.open('mtls-pair')}>
        mTLS pair
      </Button>
      <Button icon={<Icon name="stack" />} onClick={() => nav.open('bulk-issue')}>
        Bulk issue
      </Button>
      <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('issue')}>
        Issue certificate
      </Button>
    </div>
  );

  return (
    <section className="view view-wide" aria-labelledby="certificates-title">
      <PageHead id="certificates-title" eyebrow="Issue" title="Certificates" sub="Server, client and peer certificates signed by your authorities." action={actions} />
      {notice ? <FlashNotice {...notice} /> : null}
      <LoadStatus load={load} failedTitle="The certificates could not be loaded" onRetry={() => void refresh()} />

      {load.state === 'ready' && all.length === 0 ? (
        <EmptyState icon="certificate" title="No certificates yet">
          <p>Issue a server, client or peer certificate from one of your authorities, a whole mTLS pair for a service in one step, or sign a CSR someone handed you.</p>
          <p className="muted">Private keys Certwright generates stay sealed in the vault.</p>
        </EmptyState>
      ) : null}

      {all.length > 0 ? (
        <>
          <div className="table-tools" role="search">
            <label className="visually-hidden" htmlFor="certificate-filter">
              Filter certificates
            </label>
            <input
              id="certificate-filter"
              className="input table-filter"
              type="search"
              placeholder="Filter by name, SAN, serial or fingerprint"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <span className="inline-field">
              <label htmlFor="status-filter">Status</label>
              <select id="status-filter" className="input select" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
                {STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {s === 'all' ? 'All' : CERTIFICATE_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </span>
            {tickedShown.length > 0 ? (
              <Button variant="danger" icon={<Icon name="alert" />} onClick={() => nav.open('revoke', { certificateIds: tickedShown.map((c) => c.id) })}>
                Revoke {tickedShown.length} selected…
              </Button>
            ) : null}
            <span className="muted table-count" role="status">
              {rows.length === all.length ? `${all.length.toLocaleString()} certificates` : `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} certificates`}
            </span>
          </div>
          <div className="card table-card">
            <table className="table" aria-label="Certificates">
              <thead>
                <tr>
                  <th scope="col" className="cell-tick">
                    <input type="checkbox" aria-label="Select every certificate shown that can be revoked" checked={allTicked} disabled={tickable.length === 0} onChange={(e) => setTicked(e.target.checked ? new Set(tickable.map((c) => c.id)) : new Set())} />
                  </th>
                  {COLUMNS.map((col) => (
                    <th key={col.key} scope="col" aria-sort={sort.key === col.key ? sort.direction : 'none'}>
                      <button type="button" className="th-sort" onClick={() => setSort((s) => toggleSort(s, col.key))}>
                        {col.label}
                        <span className="sort-mark" aria-hidden="true">
                          {sort.key === col.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => {
                  const san = sanSummary(c.sans);
                  const isSelected = c.id === current?.id;
                  return (
                    <tr key={c.id} className={isSelected ? 'is-selected' : undefined} onClick={() => open(c.id)}>
                      <td className="cell-tick" onClick={(e) => e.stopPropagation()}>
                        <input type="checkbox" aria-label={`Select ${c.subject.commonName} (${c.serialNumberHex})`} checked={ticked.has(c.id)} disabled={!canRevoke(c.revocation)} onChange={(e) => tick(c.id, e.target.checked)} />
                      </td>
                      <td>
                        <button type="button" className="row-open" aria-current={isSelected ? 'true' : undefined} onClick={() => open(c.id)}>
                          {c.subject.commonName}
                        </button>
                      </td>
                      <td className="cell-san">
                        {san.first || <span className="muted">—</span>}
                        {san.more > 0 ? <span className="more"> +{san.more}</span> : null}
                      </td>
                      <td>{PROFILE_INFO[c.profile].label}</td>
                      <td>{c.issuerCommonName}</td>
                      <td className="cell-serial" title={c.serialNumberHex}>
                        <code>{c.serialNumberHex}</code>
                      </td>
                      <td className="cell-date">
                        {formatDate(c.notAfter)}
                        <span className={`days expiry-${expiryTone(c.notAfter)}`}>{describeDaysLeft(c.notAfter)}</span>
                      </td>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {rows.length === 0 ? <p className="table-empty muted">No certificate matches the filter.</p> : null}
          </div>
          {current ? (
            <div ref={detailRef} className="detail-pane card">
              <CertificateDetailPane key={current.id} id={current.id} onVaultLocked={onVaultLocked} onClose={() => setSelected(null)} onChanged={() => void refresh()} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
