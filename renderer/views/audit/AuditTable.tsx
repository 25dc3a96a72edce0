import type { AuditEntry } from '../../../shared/domain/audit.js';
import { formatDate, formatTime } from '../../app/format.js';
import { useT } from '../../i18n/use-t.js';
import { detailsText, entryLabel } from './model.js';

interface AuditTableProps {
  readonly entries: readonly AuditEntry[];
  /** Authority ids to common names; an id not in the vault is shown shortened. */
  readonly authorityNames: ReadonlyMap<string, string>;
}

/** The log, newest first: when, what happened in words, to what, and the entry's details as text. */
export function AuditTable({ entries, authorityNames }: AuditTableProps) {
  const t = useT();
  return (
    <div className="card table-card">
      <table className="table audit-table" aria-label={t('audit:page.title')}>
        <thead>
          <tr>
            <th scope="col">{t('audit:table.time')}</th>
            <th scope="col">{t('audit:table.what')}</th>
            <th scope="col">{t('audit:table.authority')}</th>
            <th scope="col">{t('audit:table.subject')}</th>
            <th scope="col">{t('audit:table.serial')}</th>
            <th scope="col">{t('audit:table.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td className="cell-date">
                <time dateTime={e.at} title={t('audit:table.entry', { seq: e.seq, at: e.at })}>
                  {formatDate(e.at)}
                  <span className="days">{formatTime(e.at)}</span>
                </time>
              </td>
              <td className="audit-what">{entryLabel(e)}</td>
              <td className="audit-authority">{e.authorityId ? (authorityNames.get(e.authorityId) ?? <span title={e.authorityId}>…{e.authorityId.slice(-8)}</span>) : null}</td>
              <td className="audit-subject">{e.subject}</td>
              <td className="cell-serial">{e.serial ? <code title={e.serial}>{e.serial}</code> : null}</td>
              {/* The entry's recorded fields, as the log holds them (and audit.spec quotes them): data, not words. */}
              <td className="audit-details" translate="no">
                {detailsText(e.details)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
