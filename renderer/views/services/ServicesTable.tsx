import type { ServiceRow } from '../../../shared/domain/service-identity.js';
import { describeDaysLeft, expiryTone, formatDate } from '../../app/format.js';
import { Button } from '../../components/Button.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useT } from '../../i18n/use-t.js';
import { describeLifetime, isLongLifetime, serviceHints, shortSerial, spiffeIds } from './model.js';

export type RowAction = 'mint' | 'snippets';

interface ServicesTableProps {
  readonly rows: readonly ServiceRow[];
  /** The row and action open under the table, if any. */
  readonly open: { readonly service: string; readonly action: RowAction } | null;
  readonly onAction: (service: string, action: RowAction) => void;
  /** No issuer yet: the actions that need one are disabled and say why. */
  readonly canMint: boolean;
}

function Certificates({ row }: { readonly row: ServiceRow }) {
  const t = useT();
  if (row.certificates.length === 0) return <span className="muted">{t('services:table.none')}</span>;
  const spiffe = spiffeIds(row.certificates);
  return (
    <>
      <ul className="svc-certs">
        {row.certificates.map((c) => (
          <li key={c.id}>
            <StatusBadge status={c.status} /> <code title={c.serialNumber}>{shortSerial(c.serialNumber)}</code>{' '}
            <span className={`svc-expiry expiry-${c.status === 'valid' ? expiryTone(c.notAfter) : 'expired'}`}>
              {c.status === 'valid' ? t('services:table.expiresLeft', { date: formatDate(c.notAfter), left: describeDaysLeft(c.notAfter) }) : t('services:table.expires', { date: formatDate(c.notAfter) })}
            </span>
          </li>
        ))}
      </ul>
      {spiffe.map((id) => (
        <p key={id} className="svc-spiffe">
          <span className="visually-hidden">{t('services:table.spiffe')}</span>
          <code>{id}</code>
        </p>
      ))}
    </>
  );
}

function NameList({ items, empty }: { readonly items: readonly string[]; readonly empty: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="svc-names">
      {items.map((i) => (
        <li key={i}>
          <code>{i}</code>
        </li>
      ))}
    </ul>
  );
}

/** Who may call a service: the caller, then the actions (without the service's own name). */
function CallerList({ callers }: { readonly callers: ServiceRow['calledBy'] }) {
  const t = useT();
  if (callers.length === 0) return <span className="muted">{t('services:table.nobody')}</span>;
  return (
    <ul className="svc-names">
      {callers.map((c) => (
        <li key={c.caller}>
          <code>{c.caller}</code> → {c.actions.map((a) => a.slice(a.indexOf(':') + 1)).join(t('services:common.listSeparator'))}
        </li>
      ))}
    </ul>
  );
}

/** One row per service the policy or a client certificate names: who it is, what it may call, who calls it. */
export function ServicesTable({ rows, open, onAction, canMint }: ServicesTableProps) {
  const t = useT();
  return (
    <div className="card table-card">
      <table className="table svc-table" aria-label={t('services:table.label')}>
        <thead>
          <tr>
            <th scope="col">{t('services:table.service')}</th>
            <th scope="col">{t('services:table.certificates')}</th>
            <th scope="col">{t('services:table.mayCall')}</th>
            <th scope="col">{t('services:table.calledBy')}</th>
            <th scope="col">{t('services:table.lifetime')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('services:table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const hints = serviceHints(row);
            const isOpen = open?.service === row.name;
            return (
              <tr key={row.name} className={isOpen ? 'is-selected' : undefined} aria-label={row.name}>
                <th scope="row">
                  <div className="svc-name">
                    <span>{row.name}</span>
                    {hints.map((h) => (
                      <span key={h.label} className="tag tag-soon svc-hint" title={h.detail}>
                        {h.label}
                      </span>
                    ))}
                    {hints.map((h) => (
                      <span key={`${h.label}-why`} className="visually-hidden">
                        {h.detail}
                      </span>
                    ))}
                  </div>
                </th>
                <td className="svc-cert-cell">
                  <Certificates row={row} />
                </td>
                <td>
                  <NameList items={row.calls} empty={t('services:table.nothing')} />
                </td>
                <td>
                  <CallerList callers={row.calledBy} />
                </td>
                <td className="svc-ttl">
                  {describeLifetime(row.tokenTtlSeconds)}
                  {isLongLifetime(row.tokenTtlSeconds) ? (
                    <span className="tag tag-soon svc-hint" title={t('services:table.longTitle')}>
                      {t('services:table.long')}
                    </span>
                  ) : null}
                </td>
                <td className="svc-actions">
                  <Button
                    variant={isOpen && open?.action === 'mint' ? 'primary' : 'secondary'}
                    className="btn-compact"
                    disabled={!canMint}
                    title={canMint ? undefined : t('services:table.needIssuer')}
                    aria-label={t('services:table.mintLabel', { name: row.name })}
                    onClick={() => onAction(row.name, 'mint')}
                  >
                    {t('services:table.mint')}
                  </Button>
                  <Button
                    variant={isOpen && open?.action === 'snippets' ? 'primary' : 'secondary'}
                    className="btn-compact"
                    disabled={!canMint}
                    title={canMint ? undefined : t('services:table.needIssuer')}
                    aria-label={t('services:table.snippetsLabel', { name: row.name })}
                    onClick={() => onAction(row.name, 'snippets')}
                  >
                    {t('services:table.snippets')}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
