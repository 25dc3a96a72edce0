import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { CertificateSelection, CertificateWindow } from '../../shared/domain/certificate-query.js';
import { canRevoke } from '../../shared/domain/revocation.js';
import { certificateLabel, formatDate } from '../app/format.js';
import { LIST_DENSITIES, ROW_HEIGHT, useListDensity } from '../app/list-density.js';
import { useNavigation, type CertificateFilter, type Flash } from '../app/navigation.js';
import type { Load } from '../app/useLoad.js';
import { ErrorAlert, FlashNotice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { FilterBox } from '../components/FilterBox.js';
import { Icon } from '../components/Icon.js';
import { SortHeader } from '../components/SortHeader.js';
import { CERTIFICATE_STATUS_LABEL, StatusBadge } from '../components/StatusBadge.js';
import { useT } from '../i18n/use-t.js';
import { call, type IpcError } from '../ipc/client.js';
import { profileLabel } from './certificate-words.js';
import { reasonLabel } from '../components/CrlEntryTable.js';
import { CertificateDetailPane } from './CertificateDetailPane.js';
import { AcmeTag } from './acme/AcmeTag.js';
import type { RemoteSummary } from '../../shared/domain/remote.js';
import { StepCaTag } from './remote/RemoteTags.js';
import { useRemotes } from './remote/useRemotes.js';
import {
  countText,
  DEFAULT_SORT,
  describeListFilter,
  expiryNote,
  isRetired,
  PAGE_ROWS,
  pagesFor,
  requestKey,
  sanSummary,
  STATUS_FILTERS,
  toggleSort,
  type ListRequest,
  type SortKey,
  type SortState,
  type StatusFilter,
} from './certificate-table.js';
import { LoadStatus } from './LoadStatus.js';
import { PageHead } from './PageHead.js';

/** The columns in order; each header reads `certificates:column.<key>`. */
const COLUMNS: readonly SortKey[] = ['commonName', 'sans', 'profile', 'issuer', 'serial', 'notAfter', 'status'];

/** Rows beyond those in view that are asked for too, so a scroll finds them there. */
const MARGIN_ROWS = 40;

const NO_SELECTION: CertificateSelection = { ids: [], renewable: [] };

interface CertificatesViewProps {
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
  /** Handed over by another view (the dashboard's tiles): shown as a removable chip. */
  readonly filter?: CertificateFilter | undefined;
}

/** The rows main has sent for one list (one request key, one revision of the inventory), by page. */
interface Shown extends Omit<CertificateWindow, 'rows' | 'offset'> {
  readonly key: string;
  readonly pages: ReadonlyMap<number, readonly CertificateSummary[]>;
}

/**
 * Every certificate in the vault, fast with 100,000: main keeps the list, filters, sorts and counts
 * it (electron/services/inventory.ts); this view asks for the pages of rows around what is in view
 * (`certificate.query`, {@link PAGE_ROWS} at a time) as the virtualized table scrolls, and for the
 * ids of every one matching when all are ticked (`certificate.select`). Expired, revoked and
 * replaced certificates are hidden until asked for.
 */
export function CertificatesView({ select, flash, filter }: CertificatesViewProps) {
  const t = useT();
  const nav = useNavigation();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [showRetired, setShowRetired] = useState(false);
  const [chip, setChip] = useState<CertificateFilter | null>(filter && (filter.expiringWithinDays !== undefined || filter.status !== undefined || filter.authorityId !== undefined) ? filter : null);
  const [selected, setSelected] = useState<string | null>(select ?? null);
  // What a step-ca server issued is tagged with it (by the remote authority that signed it).
  const { remotes } = useRemotes();
  const remoteByAuthority = useMemo(() => new Map(remotes.map((r) => [r.authorityId, r])), [remotes]);
  /** The selected certificate as its row showed it; unknown (null) when it arrived by navigation. */
  const [selectedRow, setSelectedRow] = useState<CertificateSummary | null>(null);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const [exportError, setExportError] = useState<IpcError | null>(null);
  /** Rows ticked for an action on several certificates at once (renew, revoke). */
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  /** Of the ticked ones, those the list shows that can be revoked, and of them those that can be renewed (main says). */
  const [selection, setSelection] = useState<CertificateSelection>(NO_SELECTION);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const [density, setDensity] = useListDensity();
  /** A row's height before it is measured: CSS gives every row of a density this height. */
  const rowHeight = ROW_HEIGHT[density];
  const detailRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // The selected certificate is asked for by id ("pinned") only when that can change what is listed:
  // a retired one, or one arriving from elsewhere. Opening a row in the list changes nothing.
  const pinnedId = selected !== null && !showRetired && (selectedRow === null || selectedRow.id !== selected || isRetired(selectedRow)) ? selected : null;
  // The chip's words (authorityName) stay here; main takes the filter itself.
  const listFilter = useMemo(() => (chip ? { expiringWithinDays: chip.expiringWithinDays, status: chip.status, authorityId: chip.authorityId } : null), [chip]);
  const request = useMemo<ListRequest>(() => ({ query, status, showRetired, filter: listFilter, pinnedId, sort }), [query, status, showRetired, listFilter, pinnedId, sort]);
  const key = requestKey(request);
  const listKey = requestKey({ ...request, pinnedId: null });
  const wanted = useRef(key);
  const asked = useRef(new Set<string>());

  /** Asks main for one page of `request`; keeps the answer if that list is still the one wanted. */
  const fetchPage = useCallback(async (req: ListRequest, reqKey: string, page: number, tag: string) => {
    if (asked.current.has(tag)) return;
    asked.current.add(tag);
    const result = await call('certificate.query', { ...req, filter: req.filter ?? null, pinnedId: req.pinnedId ?? null, offset: page * PAGE_ROWS, limit: PAGE_ROWS });
    if (wanted.current !== reqKey) return; // the filters changed meanwhile
    if (!result.ok) {
      asked.current.delete(tag);
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const { rows, offset: _offset, ...counts } = result.value;
    setShown((prev) => {
      if (prev && prev.key === reqKey && prev.revision > counts.revision) return prev; // an older answer overtaken
      const pages = new Map(prev && prev.key === reqKey && prev.revision === counts.revision ? prev.pages : []);
      pages.set(page, rows);
      return { ...counts, key: reqKey, pages };
    });
  }, []);

  const current = shown?.key === key ? shown : null;
  const count = shown?.matching ?? 0;
  const rowAt = (i: number): CertificateSummary | undefined => shown?.pages.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS];

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => rowAt(i)?.id ?? i,
    overscan: 8,
    // Re-render on scroll in the ordinary way; flushSync from an effect makes React warn.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const firstInView = items[0]?.index ?? 0;
  const lastInView = items[items.length - 1]?.index ?? 0;

  // Another density: the rows measured so far have another height.
  useEffect(() => virtualizer.measure(), [density, virtualizer]);

  // Other filters or another order: a new list, read from its top.
  const firstList = useRef(true);
  useEffect(() => {
    if (firstList.current) {
      firstList.current = false;
      return;
    }
    virtualizer.scrollToOffset(0);
  }, [listKey, virtualizer]);

  // The pages around what is in view, of the list wanted now (its first page while it is new).
  useEffect(() => {
    if (wanted.current !== key) asked.current.clear(); // answers for another list are dropped anyway
    wanted.current = key;
    if (current) {
      for (const page of pagesFor(firstInView - MARGIN_ROWS, lastInView + MARGIN_ROWS, current.matching)) {
        if (!current.pages.has(page)) void fetchPage(request, key, page, `${key}|${current.revision}|${page}`);
      }
    } else void fetchPage(request, key, 0, `${key}|new|0`);
  }, [key, request, current, firstInView, lastInView, fetchPage]);

  // Something changed (the detail pane revoked or released one, Try again): ask again for the rows in view.
  useEffect(() => {
    if (refreshes === 0) return;
    const page = Math.floor(firstInView / PAGE_ROWS);
    void fetchPage(request, key, page, `${key}|refresh-${refreshes}|${page}`);
    // Only a refresh asks again; the rest is the effect above.
  }, [refreshes]);
  const refresh = () => setRefreshes((n) => n + 1);

  // Which ticked ones count for the actions: shown by the filters, still revocable (and renewable).
  const revision = current?.revision;
  useEffect(() => {
    if (ticked.size === 0) return setSelection(NO_SELECTION);
    let live = true;
    void call('certificate.select', { ...request, filter: request.filter ?? null, pinnedId: request.pinnedId ?? null, among: [...ticked] }).then((result) => {
      if (live && result.ok) setSelection(result.value);
    });
    return () => {
      live = false;
    };
  }, [ticked, request, revision]);
  const allTicked = current !== null && current.revocable > 0 && selection.ids.length === current.revocable;

  // Arriving with a certificate selected (from a wizard): bring its row into view, once.
  const scrolledToSelection = useRef(false);
  useEffect(() => {
    if (scrolledToSelection.current || !select || !current) return;
    scrolledToSelection.current = true;
    if (current.pinnedIndex !== null && current.pinnedIndex > 0) virtualizer.scrollToIndex(current.pinnedIndex, { align: 'center' });
  }, [current, select, virtualizer]);

  useEffect(() => {
    if (selected) detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  // "now" for the expiry notes: once per revision of the list.
  const now = useMemo(() => new Date(), [revision]);

  function tick(id: string, on: boolean) {
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function tickAll(on: boolean) {
    if (!on) return setTicked(new Set());
    const result = await call('certificate.select', { ...request, filter: request.filter ?? null, pinnedId: request.pinnedId ?? null, among: null });
    if (result.ok) setTicked(new Set(result.value.ids));
    else setFailure(result.error);
  }

  function open(c: CertificateSummary) {
    setSelected(c.id);
    setSelectedRow(c);
    setNotice(null);
  }

  async function exportShown(format: 'csv' | 'json') {
    setExporting(format);
    setExportError(null);
    const count = current?.matching ?? 0;
    const result = await call('certificate.exportList', { format, shown: { ...request, filter: request.filter ?? null, pinnedId: request.pinnedId ?? null } });
    setExporting(null);
    if (result.ok) {
      if (!result.value.cancelled) setNotice({ message: t('certificates:view.exported', { count, format: format.toUpperCase(), paths: result.value.paths.join(', ') }) });
    } else setExportError(result.error);
  }

  const actions = (
    <div className="button-row">
      <Button icon={<Icon name="search" />} onClick={() => nav.open('sign-csr')}>
        {t('certificates:view.signCsr')}
      </Button>
      <Button icon={<Icon name="key" />} onClick={() => nav.open('mtls-pair')}>
        {t('certificates:view.mtlsPair')}
      </Button>
      <Button icon={<Icon name="stack" />} onClick={() => nav.open('bulk-issue')}>
        {t('certificates:view.bulkIssue')}
      </Button>
      <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('issue')}>
        {t('certificates:view.issue')}
      </Button>
    </div>
  );

  const chipText = chip ? describeListFilter(chip, (s) => CERTIFICATE_STATUS_LABEL[s]) : '';
  const load: Load<Shown> = failure ? { state: 'failed', error: failure } : shown ? { state: 'ready', value: shown } : { state: 'loading' };
  const total = shown?.total ?? 0;
  /** The dashboard's "expiring within" chip, alone: everything it lists can be renewed at once. */
  const renewExpiring = chip?.expiringWithinDays !== undefined && chip.status === undefined && (shown?.matching ?? 0) > 0 ? chip : null;
  const retired = shown?.retired ?? 0;

  return (
    <section className="view view-wide" aria-labelledby="certificates-title">
      <PageHead id="certificates-title" eyebrow={t('certificates:view.eyebrow')} title={t('certificates:view.title')} sub={
          total > 0 ? (
            // The count and the list's exports stand under the title, so the tools take one row and the list the rest of the window.
            <span className="list-summary">
              <span className="table-count" role="status">
                {countText(count, total)}
              </span>
              <Button variant="ghost" className="btn-compact" busy={exporting === 'csv'} disabled={count === 0 || exporting !== null} onClick={() => void exportShown('csv')}>
                {t('certificates:view.exportCsv')}
              </Button>
              <Button variant="ghost" className="btn-compact" busy={exporting === 'json'} disabled={count === 0 || exporting !== null} onClick={() => void exportShown('json')}>
                {t('certificates:view.exportJson')}
              </Button>
            </span>
          ) : (
            t('certificates:view.sub')
          )
        }
        action={actions}
      />
      {notice ? <FlashNotice {...notice} /> : null}
      {exportError ? <ErrorAlert error={exportError} title={t('certificates:view.exportFailed')} /> : null}
      <LoadStatus load={load} failedTitle={t('certificates:view.loadFailed')} onRetry={refresh} />

      {shown && total === 0 ? (
        <EmptyState icon="certificate" title={t('certificates:empty.title')}>
          <p>{t('certificates:empty.body')}</p>
          <p className="muted">{t('certificates:empty.keys')}</p>
        </EmptyState>
      ) : null}

      {total > 0 ? (
        <>
          <div className="table-toolbar">
          <div className="table-tools" role="search">
            <FilterBox id="certificate-filter" label={t('certificates:tools.filterLabel')} placeholder={t('certificates:tools.filterPlaceholder')} value={query} onChange={setQuery} maxLength={200} />
            <span className="inline-field">
              <label htmlFor="status-filter">{t('certificates:tools.status')}</label>
              <select id="status-filter" className="input select" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
                {STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {s === 'all' ? t('certificates:tools.statusAll') : CERTIFICATE_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </span>
            <label className="checkbox show-retired" title={t('certificates:tools.showRetiredHint')}>
              <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
              {t('certificates:tools.showRetired', { count: retired })}
            </label>
            {chip ? (
              <span className="chip filter-chip">
                <span className="chip-value">{chipText}</span>
                <button type="button" className="chip-remove" aria-label={t('certificates:tools.removeFilter', { filter: chipText })} onClick={() => setChip(null)}>
                  ×
                </button>
              </span>
            ) : null}
          </div>
            <div className="segmented density-toggle" role="group" aria-label={t('certificates:tools.density')}>
              {LIST_DENSITIES.map((d) => (
                <button key={d.id} type="button" className={density === d.id ? 'seg is-on' : 'seg'} aria-pressed={density === d.id} onClick={() => setDensity(d.id)}>
                  {d.id === 'compact' ? t('certificates:tools.densityCompact') : t('certificates:tools.densityComfortable')}
                </button>
              ))}
            </div>
          </div>
          {selection.renewable.length > 0 || selection.ids.length > 0 || renewExpiring ? (
            <div className="table-actions">
              <div className="button-row">
                {selection.renewable.length > 0 ? (
                  <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { certificateIds: selection.renewable })}>
                    {t('certificates:tools.renewSelected', { count: selection.renewable.length })}
                  </Button>
                ) : null}
                {selection.ids.length > 0 ? (
                  <Button variant="danger" icon={<Icon name="alert" />} onClick={() => nav.open('revoke', { certificateIds: selection.ids })}>
                    {t('certificates:tools.revokeSelected', { count: selection.ids.length })}
                  </Button>
                ) : null}
                {renewExpiring ? (
                  <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { expiringWithinDays: renewExpiring.expiringWithinDays })}>
                    {t('certificates:tools.renewExpiring', { count: renewExpiring.expiringWithinDays ?? 0 })}
                  </Button>
                ) : null}
              </div>
            </div>
          ) : null}
          <div className="card table-card">
            <div className="table-scroll" ref={scrollRef}>
              {/* Busy while the rows shown are those of the filters or order before (main's answer is on its way). */}
              <table className={density === 'compact' ? 'table table-certificates is-compact' : 'table table-certificates'} aria-label={t('certificates:table.label')} aria-rowcount={count + 1} aria-busy={current === null ? true : undefined}>
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
                      <input
                        type="checkbox"
                        aria-label={t('certificates:table.selectAll')}
                        checked={allTicked}
                        disabled={!current || current.revocable === 0}
                        onChange={(e) => void tickAll(e.target.checked)}
                      />
                    </th>
                    {COLUMNS.map((col) => (
                      <SortHeader key={col} direction={sort.key === col ? sort.direction : null} onSort={() => setSort((s) => toggleSort(s, col))}>
                        {t(`certificates:column.${col}` as const)}
                      </SortHeader>
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
                    const c = rowAt(item.index);
                    if (!c) {
                      // Not here yet (its page is on its way): a row's worth of space.
                      return (
                        <tr key={item.key} className="row-pending" aria-hidden="true">
                          <td colSpan={COLUMNS.length + 1} style={{ height: rowHeight }} />
                        </tr>
                      );
                    }
                    return (
                      <CertificateRow
                        key={c.id}
                        c={c}
                        index={item.index}
                        measure={virtualizer.measureElement}
                        now={now}
                        isSelected={c.id === selected}
                        isTicked={ticked.has(c.id)}
                        remote={remoteByAuthority.get(c.authorityId)}
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
            {current && count === 0 ? (
              <p className="table-empty muted">
                {t('certificates:table.noMatch')}
                {!showRetired && retired > 0 ? ` ${t('certificates:table.hidden', { count: retired })}` : null}
              </p>
            ) : null}
          </div>
          {selected ? (
            <div ref={detailRef} className="detail-pane card">
              <CertificateDetailPane key={selected} id={selected} onClose={() => setSelected(null)} onChanged={refresh} />
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
  /** The step-ca server that issued it, if any. */
  readonly remote?: RemoteSummary | undefined;
  readonly onOpen: (c: CertificateSummary) => void;
  readonly onTick: (id: string, on: boolean) => void;
}

/** One row: name, first SAN, profile, issuer, serial, effective expiry in words, status (and why). */
function CertificateRow({ c, index, measure, now, isSelected, isTicked, remote, onOpen, onTick }: CertificateRowProps) {
  const t = useT();
  const san = sanSummary(c.sans);
  const expiry = expiryNote(c, now);
  const revoked = c.revocation !== null;
  const classes = [isSelected ? 'is-selected' : '', isRetired(c) ? 'is-retired' : ''].filter(Boolean).join(' ');
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2} className={classes || undefined} onClick={() => onOpen(c)}>
      <td className="cell-tick" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" aria-label={t('certificates:table.selectRow', { name: certificateLabel(c), serial: c.serialNumberHex })} checked={isTicked} disabled={!canRevoke(c.revocation)} onChange={(e) => onTick(c.id, e.target.checked)} />
      </td>
      <td className="cell-name">
        <button type="button" className="row-open" aria-current={isSelected ? 'true' : undefined} onClick={() => onOpen(c)}>
          {certificateLabel(c)}
        </button>
        {c.replacesId !== null ? <span className="row-note">{t('certificates:table.renewal')}</span> : null}
        {c.acmeAccountId !== null ? (
          <span className="row-note">
            <AcmeTag accountId={c.acmeAccountId} />
          </span>
        ) : null}
        {remote ? (
          <span className="row-note">
            <StepCaTag remote={remote} named />
          </span>
        ) : null}
      </td>
      <td className="cell-san" title={c.sans.length > 1 ? c.sans.map((s) => s.value).join('\n') : undefined}>
        {san.first || <span className="muted">—</span>}
        {san.more > 0 ? <span className="more"> +{san.more}</span> : null}
      </td>
      <td>{profileLabel(c.profile)}</td>
      <td className="cell-issuer">{c.issuerCommonName}</td>
      <td className="cell-serial" title={c.serialNumberHex}>
        <code>{c.serialNumberHex}</code>
      </td>
      <td className="cell-date" title={expiry.limited ? t('certificates:table.limitedTitle', { date: formatDate(c.notAfter) }) : undefined}>
        {formatDate(c.effectiveNotAfter)}
        <span className={revoked ? 'days revoked-on' : `days expiry-${expiry.tone}`}>{expiry.text}</span>
      </td>
      <td className="cell-status">
        <StatusBadge status={c.status} />
        {c.revocation ? (
          <span className="status-note">{reasonLabel(c.revocation.reason)}</span>
        ) : c.replacedById !== null ? (
          <span className="status-note">{c.scheduledRevocation ? t('certificates:table.replacedRevokedOn', { date: formatDate(c.scheduledRevocation) }) : t('certificates:table.replaced')}</span>
        ) : null}
      </td>
    </tr>
  );
}
