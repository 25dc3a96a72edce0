import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PROFILE_INFO, type CertificateSummary } from '../../shared/domain/certificate.js';
import { canRevoke, REASON_INFO } from '../../shared/domain/revocation.js';
import { formatDate } from '../app/format.js';
import { useNavigation, type CertificateFilter, type Flash } from '../app/navigation.js';
import { useList } from '../app/useLoad.js';
import { ErrorAlert, FlashNotice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { CERTIFICATE_STATUS_LABEL, StatusBadge } from '../components/StatusBadge.js';
import { call, type IpcError } from '../ipc/client.js';
import { canRenew } from '../wizards/renew/model.js';
import { CertificateDetailPane } from './CertificateDetailPane.js';
import { countText, DEFAULT_SORT, describeListFilter, expiryNote, indexCertificates, isRetired, sanSummary, selectRows, sortRows, toggleSort, type SortKey, type SortState, type StatusFilter } from './certificate-table.js';
import { LoadStatus } from './LoadStatus.js';
import { PageHead } from './PageHead.js';

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'commonName', label: 'Common name' },
  { key: 'sans', label: 'SANs' },
  { key: 'profile', label: 'Profile' },
  { key: 'issuer', label: 'Issuer' },
  { key: 'serial', label: 'Serial' },
  { key: 'notAfter', label: 'Expires' },
  { key: 'status', label: 'Status' },
];

const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'valid', 'expired', 'not-yet-valid', 'revoked'];

/** A row's height before it is measured (CSS keeps rows close to it). */
const ROW_ESTIMATE = 54;

interface CertificatesViewProps {
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
  /** Handed over by another view (the dashboard's tiles): shown as a removable chip. */
  readonly filter?: CertificateFilter | undefined;
}

/**
 * Every certificate in the vault, fast with 10,000: a virtualized table (only the rows in view are
 * in the DOM), filters and sorting as pure functions over keys computed once per load (see
 * certificate-table.ts). Expired, revoked and replaced certificates are hidden until asked for.
 */
export function CertificatesView({ select, flash, filter }: CertificatesViewProps) {
  const nav = useNavigation();
  const { load, refresh } = useList('certificate.list');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [showRetired, setShowRetired] = useState(false);
  const [chip, setChip] = useState<CertificateFilter | null>(filter && (filter.expiringWithinDays !== undefined || filter.status !== undefined) ? filter : null);
  const [selected, setSelected] = useState<string | null>(select ?? null);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const [exportError, setExportError] = useState<IpcError | null>(null);
  /** Rows ticked for an action on several certificates at once (renew, revoke). */
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const detailRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const all = useMemo<readonly CertificateSummary[]>(() => (load.state === 'ready' ? load.value : []), [load]);
  // Once per load: search keys, retired flags; "now" for the expiring filter and the expiry notes.
  const index = useMemo(() => indexCertificates(all), [all]);
  const now = useMemo(() => new Date(), [all]);
  const sorted = useMemo(() => sortRows(index, sort), [index, sort]);
  const rows = useMemo(() => selectRows(sorted, { query, status, showRetired, filter: chip, pinnedId: selected, now }), [sorted, query, status, showRetired, chip, selected, now]);
  const current = selected ? index.byId.get(selected) : undefined;

  const { tickable, tickedRevocable, tickedRenewable } = useMemo(() => {
    const tickable = rows.filter((c) => canRevoke(c.revocation));
    const shownTicked = ticked.size === 0 ? [] : tickable.filter((c) => ticked.has(c.id));
    return { tickable, tickedRevocable: shownTicked, tickedRenewable: shownTicked.filter(canRenew) };
  }, [rows, ticked]);
  const allTicked = tickable.length > 0 && tickedRevocable.length === tickable.length;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 8,
    // Re-render on scroll in the ordinary way; flushSync from an effect makes React warn.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  // Arriving with a certificate selected (from a wizard): bring its row into view, once.
  const scrolledToSelection = useRef(false);
  useEffect(() => {
    if (scrolledToSelection.current || !select || rows.length === 0) return;
    scrolledToSelection.current = true;
    const at = rows.findIndex((c) => c.id === select);
    if (at > 0) virtualizer.scrollToIndex(at, { align: 'center' });
  }, [rows, select, virtualizer]);

  useEffect(() => {
    if (current) detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  function tick(id: string, on: boolean) {
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function open(id: string) {
    setSelected(id);
    setNotice(null);
  }

  async function exportShown(format: 'csv' | 'json') {
    setExporting(format);
    setExportError(null);
    const shown = rows.length;
    const result = await call('certificate.exportList', { format, ids: rows.map((c) => c.id) });
    setExporting(null);
    if (result.ok) {
      if (!result.value.cancelled) setNotice({ message: `Saved ${shown.toLocaleString()} ${shown === 1 ? 'certificate' : 'certificates'} as ${format.toUpperCase()} to ${result.value.paths.join(', ')}` });
    } else setExportError(result.error);
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

  const chipText = chip ? describeListFilter(chip, (s) => CERTIFICATE_STATUS_LABEL[s]) : '';

  return (
    <section className="view view-wide" aria-labelledby="certificates-title">
      <PageHead id="certificates-title" eyebrow="Issue" title="Certificates" sub="Server, client and peer certificates signed by your authorities." action={actions} />
      {notice ? <FlashNotice {...notice} /> : null}
      {exportError ? <ErrorAlert error={exportError} title="The list was not exported" /> : null}
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
            <label className="checkbox show-retired" title="Expired certificates, revoked ones (a hold stays listed) and those replaced by a renewal">
              <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
              Show expired and revoked ({index.retired.toLocaleString()})
            </label>
            {chip ? (
              <span className="chip filter-chip">
                <span className="chip-value">{chipText}</span>
                <button type="button" className="chip-remove" aria-label={`Remove the filter: ${chipText}`} onClick={() => setChip(null)}>
                  ×
                </button>
              </span>
            ) : null}
          </div>
          <div className="table-actions">
            <div className="button-row">
              <span className="muted table-count" role="status">
                {countText(rows.length, all.length)}
              </span>
              {tickedRenewable.length > 0 ? (
                <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { certificateIds: tickedRenewable.map((c) => c.id) })}>
                  Renew {tickedRenewable.length.toLocaleString()} selected…
                </Button>
              ) : null}
              {tickedRevocable.length > 0 ? (
                <Button variant="danger" icon={<Icon name="alert" />} onClick={() => nav.open('revoke', { certificateIds: tickedRevocable.map((c) => c.id) })}>
                  Revoke {tickedRevocable.length.toLocaleString()} selected…
                </Button>
              ) : null}
              {chip?.expiringWithinDays !== undefined && chip.status === undefined && rows.length > 0 ? (
                <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { expiringWithinDays: chip.expiringWithinDays })}>
                  Renew all expiring within {chip.expiringWithinDays} days…
                </Button>
              ) : null}
            </div>
            <div className="button-row">
              <Button variant="ghost" icon={<Icon name="download" />} busy={exporting === 'csv'} disabled={rows.length === 0 || exporting !== null} onClick={() => void exportShown('csv')}>
                Export CSV
              </Button>
              <Button variant="ghost" icon={<Icon name="download" />} busy={exporting === 'json'} disabled={rows.length === 0 || exporting !== null} onClick={() => void exportShown('json')}>
                Export JSON
              </Button>
            </div>
          </div>
          <div className="card table-card">
            <div className="table-scroll" ref={scrollRef}>
              <table className="table table-certificates" aria-label="Certificates" aria-rowcount={rows.length + 1}>
                <colgroup>
                  <col className="col-tick" />
                  <col className="col-name" />
                  <col className="col-san" />
                  <col className="col-profile" />
                  <col className="col-issuer" />
                  <col className="col-serial" />
                  <col className="col-expires" />
                  <col className="col-status" />
                </colgroup>
                <thead>
                  <tr aria-rowindex={1}>
                    <th scope="col" className="cell-tick">
                      <input type="checkbox" aria-label="Select every certificate shown that can be renewed or revoked" checked={allTicked} disabled={tickable.length === 0} onChange={(e) => setTicked(e.target.checked ? new Set(tickable.map((c) => c.id)) : new Set())} />
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
                  {padTop > 0 ? (
                    <tr className="row-spacer" aria-hidden="true">
                      <td colSpan={COLUMNS.length + 1} style={{ height: padTop }} />
                    </tr>
                  ) : null}
                  {items.map((item) => {
                    const c = rows[item.index];
                    if (!c) return null;
                    return (
                      <CertificateRow
                        key={c.id}
                        c={c}
                        index={item.index}
                        measure={virtualizer.measureElement}
                        now={now}
                        isSelected={c.id === current?.id}
                        isTicked={ticked.has(c.id)}
                        onOpen={open}
                        onTick={tick}
                      />
                    );
                  })}
                  {padBottom > 0 ? (
                    <tr className="row-spacer" aria-hidden="true">
                      <td colSpan={COLUMNS.length + 1} style={{ height: padBottom }} />
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            {rows.length === 0 ? (
              <p className="table-empty muted">
                No certificate matches the filter.
                {!showRetired && index.retired > 0 ? ` ${index.retired.toLocaleString()} expired, revoked or replaced ${index.retired === 1 ? 'certificate is' : 'certificates are'} hidden.` : ''}
              </p>
            ) : null}
          </div>
          {current ? (
            <div ref={detailRef} className="detail-pane card">
              <CertificateDetailPane key={current.id} id={current.id} onClose={() => setSelected(null)} onChanged={() => void refresh()} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

interface CertificateRowProps {
  readonly c: CertificateSummary;
  readonly index: number;
  readonly measure: (element: Element | null) => void;
  readonly now: Date;
  readonly isSelected: boolean;
  readonly isTicked: boolean;
  readonly onOpen: (id: string) => void;
  readonly onTick: (id: string, on: boolean) => void;
}

/** One row: name, first SAN, profile, issuer, serial, effective expiry in words, status (and why). */
function CertificateRow({ c, index, measure, now, isSelected, isTicked, onOpen, onTick }: CertificateRowProps) {
  const san = sanSummary(c.sans);
  const expiry = expiryNote(c, now);
  const revoked = c.revocation !== null;
  const classes = [isSelected ? 'is-selected' : '', isRetired(c) ? 'is-retired' : ''].filter(Boolean).join(' ');
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2} className={classes || undefined} onClick={() => onOpen(c.id)}>
      <td className="cell-tick" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" aria-label={`Select ${c.subject.commonName} (${c.serialNumberHex})`} checked={isTicked} disabled={!canRevoke(c.revocation)} onChange={(e) => onTick(c.id, e.target.checked)} />
      </td>
      <td className="cell-name">
        <button type="button" className="row-open" aria-current={isSelected ? 'true' : undefined} onClick={() => onOpen(c.id)}>
          {c.subject.commonName}
        </button>
        {c.replacesId !== null ? <span className="row-note">Renewal</span> : null}
      </td>
      <td className="cell-san" title={c.sans.length > 1 ? c.sans.map((s) => s.value).join('\n') : undefined}>
        {san.first || <span className="muted">—</span>}
        {san.more > 0 ? <span className="more"> +{san.more}</span> : null}
      </td>
      <td>{PROFILE_INFO[c.profile].label}</td>
      <td className="cell-issuer">{c.issuerCommonName}</td>
      <td className="cell-serial" title={c.serialNumberHex}>
        <code>{c.serialNumberHex}</code>
      </td>
      <td className="cell-date" title={expiry.limited ? `Its own notAfter is ${formatDate(c.notAfter)}; an issuing CA ends first.` : undefined}>
        {formatDate(c.effectiveNotAfter)}
        <span className={revoked ? 'days' : `days expiry-${expiry.tone}`}>{expiry.text}</span>
      </td>
      <td className="cell-status">
        <StatusBadge status={c.status} />
        {c.revocation ? (
          <span className="status-note">{REASON_INFO[c.revocation.reason].label}</span>
        ) : c.replacedById !== null ? (
          <span className="status-note">{c.scheduledRevocation ? `Replaced; revoked on ${formatDate(c.scheduledRevocation)}` : 'Replaced'}</span>
        ) : null}
      </td>
    </tr>
  );
}
