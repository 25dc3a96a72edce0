import { Trans } from 'react-i18next';
import type { AcmeAccountView, AcmeOrderView } from '../../../shared/domain/acme.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useT } from '../../i18n/use-t.js';
import { ACCOUNT_STATUS, contactText, ORDER_STATUS, shortAccountId, shortThumbprint } from './model.js';

function Tag({ label, tone }: { readonly label: string; readonly tone: string }) {
  return <span className={tone ? `tag tag-${tone}` : 'tag'}>{label}</span>;
}

/** The accounts clients created on this server: who, with which key (and EAB key id), since when, how much they got. */
export function AcmeAccountsTable({ accounts }: { readonly accounts: readonly AcmeAccountView[] }) {
  const t = useT();
  if (accounts.length === 0) return <p className="muted">{t('acme:tables.noAccount')}</p>;
  return (
    <div className="acme-table-wrap">
      <table className="table acme-table" aria-label={t('acme:tables.accountsLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('acme:tables.account')}</th>
            <th scope="col">{t('acme:tables.status')}</th>
            <th scope="col">{t('acme:tables.contact')}</th>
            <th scope="col">{t('acme:tables.created')}</th>
            <th scope="col" className="cell-number" title={t('acme:tables.issuedTitle')}>
              {t('acme:tables.issued')}
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const contact = contactText(a.contact);
            return (
              <tr key={a.id}>
                <td>
                  <code title={a.id}>{shortAccountId(a.id)}</code>
                  <span className="status-note acme-key-note" title={t('acme:tables.thumbprintTitle', { thumbprint: a.thumbprint })}>
                    <Trans t={t} i18nKey="acme:tables.key" values={{ thumbprint: shortThumbprint(a.thumbprint) }} components={{ 1: <code /> }} />
                  </span>
                  {a.eabKeyId ? (
                    <span className="status-note" title={t('acme:tables.eabTitle')}>
                      {'EAB '}
                      <code className="acme-code-wrap">{a.eabKeyId}</code>
                    </span>
                  ) : null}
                </td>
                <td>
                  <Tag label={t(`acme:account.${a.status}`)} tone={ACCOUNT_STATUS[a.status].tone} />
                </td>
                <td className="acme-cell-wrap">{contact ?? <span className="muted">{t('acme:tables.none')}</span>}</td>
                <td title={formatDateTime(a.createdAt)}>
                  {formatDate(a.createdAt)}
                </td>
                <td className="cell-number">{t('acme:running.number', { value: a.certificates })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The orders of this run, newest first: status, names, who, when, and the certificate once valid (or why not). */
export function AcmeOrdersTable({ orders }: { readonly orders: readonly AcmeOrderView[] }) {
  const t = useT();
  const nav = useNavigation();
  if (orders.length === 0) return <p className="muted">{t('acme:tables.noOrder')}</p>;
  return (
    <div className="acme-table-wrap">
      <table className="table acme-table" aria-label={t('acme:tables.ordersLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('acme:tables.status')}</th>
            <th scope="col">{t('acme:tables.names')}</th>
            <th scope="col">{t('acme:tables.created')}</th>
            <th scope="col">{t('acme:tables.certificate')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => {
            const names = o.identifiers.join(', ');
            return (
              <tr key={o.id}>
                <td>
                  <Tag label={t(`acme:order.${o.status}`)} tone={ORDER_STATUS[o.status].tone} />
                </td>
                <td className="acme-cell-wrap">
                  <span className="mono-wrap">{names}</span>
                  <span className="status-note">
                    <Trans t={t} i18nKey="acme:tables.byAccount" values={{ account: shortAccountId(o.accountId) }} components={{ 1: <code title={o.accountId} /> }} />
                  </span>
                  {o.status === 'invalid' && o.error ? <span className="acme-order-error">{o.error}</span> : null}
                </td>
                <td>{formatDateTime(o.createdAt)}</td>
                <td>
                  {o.certificateId ? (
                    <button type="button" className="link" aria-label={t('acme:tables.openLabel', { names })} onClick={() => nav.show('certificates', { select: o.certificateId ?? undefined })}>
                      {t('acme:tables.open')}
                    </button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
