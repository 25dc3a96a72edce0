import type { RevocationReason } from '../../shared/domain/revocation.js';
import { formatDateTime } from '../app/format.js';
import { t } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';
import { Hex } from './Hex.js';

export interface CrlEntryRow {
  readonly serialNumberHex: string;
  readonly reason: RevocationReason | 'removeFromCRL' | null;
  readonly revokedAt: string;
  readonly invalidityDate: string | null;
  /** Shown in a column of its own when the table has one (the vault's own CRLs). */
  readonly commonName?: string | null;
}

/** The words for an entry's reason; null (no reasonCode) is how "unspecified" is written. */
export function reasonLabel(reason: CrlEntryRow['reason']): string {
  return reason === null ? t('common:reason.notGiven') : t(`common:reason.${reason}`);
}

/** Revoked certificates of a CRL: serial, (common name), reason, when, invalid since. */
export function CrlEntryTable({ label, rows, withCommonName = false }: { readonly label: string; readonly rows: readonly CrlEntryRow[]; readonly withCommonName?: boolean }) {
  const t = useT();
  return (
    <table className="table table-text-head" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('app:crl.serial')}</th>
          {withCommonName ? <th scope="col">{t('app:crl.commonName')}</th> : null}
          <th scope="col">{t('app:crl.reason')}</th>
          <th scope="col">{t('app:crl.revoked')}</th>
          <th scope="col">{t('app:crl.invalidSince')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.serialNumberHex}>
            <td className="cell-serial">
              <Hex value={e.serialNumberHex.toUpperCase()} />
            </td>
            {withCommonName ? <td>{e.commonName ?? <span className="muted">—</span>}</td> : null}
            <td>{reasonLabel(e.reason)}</td>
            <td>{formatDateTime(e.revokedAt)}</td>
            <td>{e.invalidityDate ? formatDateTime(e.invalidityDate) : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
