import type { DashboardData } from '../../../shared/domain/expiry.js';
import type { CertificateFilter } from '../../app/navigation.js';
import { Icon } from '../../components/Icon.js';
import { CERTIFICATE_STATUS_ICON } from '../../components/StatusBadge.js';
import { formatNumber } from '../../app/format.js';
import { useT } from '../../i18n/use-t.js';
import { expiryTiles, statusCells } from './model.js';

type Open = (filter: CertificateFilter | undefined) => void;

/** "Expiring within 7 / 30 / 90 days": each opens the Certificates view filtered to those. */
export function ExpiryTiles({ data, onOpen }: { readonly data: Pick<DashboardData, 'expiring' | 'settings'>; readonly onOpen: Open }) {
  const t = useT();
  return (
    <ul className="dash-tiles" aria-label={t('dashboard:tile.list')}>
      {expiryTiles(data).map((tile) => (
        <li key={tile.days}>
          <button type="button" className={`dash-tile dash-tone-${tile.tone}`} onClick={() => onOpen(tile.filter)}>
            <span className="dash-tile-label">{tile.label}</span>{' '}
            <span className="dash-tile-count dash-num">{formatNumber(tile.count)}</span>{' '}
            <span className="dash-tile-note">{tile.note}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Counts by status, each opening the Certificates view with that status (Total: the whole list). */
export function StatusCounts({ counts, onOpen }: { readonly counts: DashboardData['counts']; readonly onOpen: Open }) {
  const t = useT();
  return (
    <section className="card dash-status" aria-labelledby="dash-status-title">
      <h2 id="dash-status-title" className="dash-eyebrow">
        {t('dashboard:status.title')}
      </h2>
      <ul className="dash-status-list">
        {statusCells(counts).map((c) => (
          <li key={c.key}>
            <button type="button" className={`dash-stat dash-stat-${c.key}`} onClick={() => onOpen(c.filter)}>
              {/* Each status its own colour and icon (expired and revoked are not one red dot); Total has none. */}
              {c.key === 'total' ? <span className="dash-dot" aria-hidden="true" /> : <Icon name={CERTIFICATE_STATUS_ICON[c.key]} size={14} />}
              <span className="dash-stat-label">{c.label}</span>{' '}
              <span className="dash-stat-count dash-num">{formatNumber(c.count)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
