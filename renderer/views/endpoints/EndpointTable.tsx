import type { EndpointStatus } from '../../../shared/domain/watch.js';
import { daysLeft, formatDate, formatDateTime } from '../../app/format.js';
import { SortHeader } from '../../components/SortHeader.js';
import { useT } from '../../i18n/use-t.js';
import { HealthBadge } from './HealthBadge.js';
import { servedExpiry, shortSerial, SORT_COLUMNS, toggleEndpointSort, type EndpointSort, type SortColumn } from './model.js';

interface EndpointTableProps {
  readonly rows: readonly EndpointStatus[];
  readonly sort: EndpointSort;
  readonly onSort: (sort: EndpointSort) => void;
  readonly selected: string | null;
  readonly onOpen: (id: string) => void;
  readonly now: Date;
}

/** The watched endpoints: health, what was served and until when, when probed and when next. */
export function EndpointTable({ rows, sort, onSort, selected, onOpen, now }: EndpointTableProps) {
  const t = useT();
  const heading: Readonly<Record<SortColumn, string>> = {
    health: t('watch:view.table.health'),
    target: t('watch:view.table.target'),
    expires: t('watch:view.table.expires'),
    lastProbed: t('watch:view.table.lastProbed'),
    nextProbe: t('watch:view.table.nextProbe'),
  };
  // The served column is not an order of its own (a name and a serial); it sits after the endpoint.
  const columns: ReadonlyArray<SortColumn | 'served'> = ['target', 'health', 'served', ...SORT_COLUMNS.filter((c) => c !== 'target' && c !== 'health')];
  return (
    <div className="card table-card">
      <div className="table-scroll">
        <table className="table endpoints-table" aria-label={t('watch:view.table.label')}>
          <thead>
            <tr>
              {columns.map((col) =>
                col === 'served' ? (
                  <th key={col} scope="col" className="th-plain">
                    {t('watch:view.table.served')}
                  </th>
                ) : (
                  <SortHeader key={col} direction={sort.column === col ? sort.direction : null} onSort={() => onSort(toggleEndpointSort(sort, col))}>
                    {heading[col]}
                  </SortHeader>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <EndpointRow key={s.endpoint.id} s={s} isSelected={s.endpoint.id === selected} onOpen={onOpen} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function EndpointRow({ s, isSelected, onOpen, now }: { readonly s: EndpointStatus; readonly isSelected: boolean; readonly onOpen: (id: string) => void; readonly now: Date }) {
  const t = useT();
  const leaf = s.last?.leaf ?? null;
  const expires = servedExpiry(s);
  const days = expires ? daysLeft(expires, now) : null;
  const tone = days === null ? '' : days < 0 ? 'expiry-expired' : days < 30 ? 'expiry-soon' : 'expiry-ok';
  return (
    <tr className={isSelected ? 'is-selected' : undefined} onClick={() => onOpen(s.endpoint.id)}>
      <td className="cell-name">
        {/* The row's one focusable control: Tab reaches every endpoint, Enter opens it. */}
        <button type="button" className="row-open" aria-current={isSelected ? 'true' : undefined} onClick={(e) => {
          e.stopPropagation();
          onOpen(s.endpoint.id);
        }}>
          <code translate="no">{s.target}</code>
        </button>
        {s.endpoint.servername ? <span className="row-note">{t('watch:view.table.sni', { name: s.endpoint.servername })}</span> : null}
      </td>
      <td className="cell-status">
        <HealthBadge health={s.health} />
      </td>
      <td className="endpoints-served">
        {leaf ? (
          <>
            <span className="endpoints-leaf">{leaf.subjectCommonName}</span>
            <code className="days" title={leaf.serialHex}>
              {shortSerial(leaf.serialHex)}
            </code>
          </>
        ) : s.last ? (
          <span className="muted">{t('watch:view.table.nothingServed')}</span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="cell-date">
        {expires && days !== null ? (
          <>
            {formatDate(expires)}
            <span className={`days ${tone}`}>{days < 0 ? t('common:time.expiredDaysAgo', { count: -days }) : days === 0 ? t('common:time.expiresToday') : t('watch:view.table.inDays', { count: days })}</span>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="cell-date">{s.last ? formatDateTime(s.last.at) : <span className="muted">{t('watch:view.table.never')}</span>}</td>
      <td className="cell-date">
        {s.nextProbeAt ? formatDateTime(s.nextProbeAt) : <span className="muted">{t('watch:view.table.notScheduled')}</span>}
        {s.failuresInRow > 0 ? <span className="days expiry-soon">{t('watch:view.table.failures', { count: s.failuresInRow })}</span> : null}
      </td>
    </tr>
  );
}
