import type { AcmeAccountView, AcmeOrderView } from '../../../shared/domain/acme.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { ACCOUNT_STATUS, contactText, ORDER_STATUS, shortAccountId, shortThumbprint } from './model.js';

function Tag({ label, tone }: { readonly label: string; readonly tone: string }) {
  return <span className={tone ? `tag tag-${tone}` : 'tag'}>{label}</span>;
}

/** The accounts clients created on this server: who, with which key (and EAB key id), since when, how much they got. */
export function AcmeAccountsTable({ accounts }: { readonly accounts: readonly AcmeAccountView[] }) {
  if (accounts.length === 0) return <p className="muted">No account yet: a client creates one on its first run.</p>;
  return (
    <div className="acme-table-wrap">
      <table className="table acme-table" aria-label="ACME accounts">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Contact</th>
            <th scope="col">Created</th>
            <th scope="col" className="cell-number" title="Certificates issued to this account">
              Issued
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
                  <span className="status-note acme-key-note" title={`RFC 7638 thumbprint of the account key: ${a.thumbprint}`}>
                    key <code>{shortThumbprint(a.thumbprint)}</code>
                  </span>
                  {a.eabKeyId ? (
                    <span className="status-note" title="The external account binding key id it was created with">
                      EAB <code className="acme-code-wrap">{a.eabKeyId}</code>
                    </span>
                  ) : null}
                </td>
                <td>
                  <Tag {...ACCOUNT_STATUS[a.status]} />
                </td>
                <td className="acme-cell-wrap">{contact ?? <span className="muted">None</span>}</td>
                <td title={formatDateTime(a.createdAt)}>
                  {formatDate(a.createdAt)}
                </td>
                <td className="cell-number">{a.certificates.toLocaleString()}</td>
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
  const nav = useNavigation();
  if (orders.length === 0) return <p className="muted">No order yet.</p>;
  return (
    <div className="acme-table-wrap">
      <table className="table acme-table" aria-label="ACME orders">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Names</th>
            <th scope="col">Created</th>
            <th scope="col">Certificate</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => {
            const names = o.identifiers.join(', ');
            return (
              <tr key={o.id}>
                <td>
                  <Tag {...ORDER_STATUS[o.status]} />
                </td>
                <td className="acme-cell-wrap">
                  <span className="mono-wrap">{names}</span>
                  <span className="status-note">
                    by account <code title={o.accountId}>{shortAccountId(o.accountId)}</code>
                  </span>
                  {o.status === 'invalid' && o.error ? <span className="acme-order-error">{o.error}</span> : null}
                </td>
                <td>{formatDateTime(o.createdAt)}</td>
                <td>
                  {o.certificateId ? (
                    <button type="button" className="link" aria-label={`Open the certificate for ${names}`} onClick={() => nav.show('certificates', { select: o.certificateId ?? undefined })}>
                      Open
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
