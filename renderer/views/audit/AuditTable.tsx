import type { AuditEntry } from '../../../shared/domain/audit.js';
import { formatDate, formatTime } from '../../app/format.js';
import { detailsText, entryLabel } from './model.js';

interface AuditTableProps {
  readonly entries: readonly AuditEntry[];
  /** Authority ids to common names; an id not in the vault is shown shortened. */
  readonly authorityNames: ReadonlyMap<string, string>;
}

/** The log, newest first: when, what happened in words, to what, and the entry's details as text. */
export function AuditTable({ entries, authorityNames }: AuditTableProps) {
  return (
    <div className="card table-card">
      <table className="table audit-table" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What happened</th>
            <th scope="col">Authority</th>
            <th scope="col">Subject</th>
            <th scope="col">Serial</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td className="cell-date">
                <time dateTime={e.at} title={`Entry ${e.seq}, ${e.at}`}>
                  {formatDate(e.at)}
                  <span className="days">{formatTime(e.at)}</span>
                </time>
              </td>
              <td className="audit-what">{entryLabel(e)}</td>
              <td className="audit-authority">{e.authorityId ? (authorityNames.get(e.authorityId) ?? <span title={e.authorityId}>…{e.authorityId.slice(-8)}</span>) : null}</td>
              <td className="audit-subject">{e.subject}</td>
              <td className="cell-serial">{e.serial ? <code title={e.serial}>{e.serial}</code> : null}</td>
              <td className="audit-details">{detailsText(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
