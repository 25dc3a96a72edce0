import type { AuditCheck } from '../../../shared/domain/audit-view.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';

/** audit.verify's answer: intact, or each problem with the line it is on. */
export function VerifyResult({ check }: { readonly check: AuditCheck }) {
  const entries = `${check.entries.toLocaleString('en-US')} ${check.entries === 1 ? 'entry' : 'entries'}`;
  if (check.ok) {
    return (
      <Notice tone="success">
        <p>
          <strong>Intact:</strong> {entries}, hash chain and signatures check out.
        </p>
      </Notice>
    );
  }
  const problems = `${check.problems.length.toLocaleString('en-US')} ${check.problems.length === 1 ? 'problem' : 'problems'}`;
  return (
    <ErrorAlert
      title={`The audit log does not check out: ${problems} in ${entries}`}
      error="Entries were deleted, inserted, edited or reordered, or the log was cut short. Keep the vault folder as it is and compare it with a backup."
    >
      <ul className="alert-list" aria-label="Problems found">
        {check.problems.map((p) => (
          <li key={`${p.line}-${p.kind}-${p.message}`}>
            Line {p.line.toLocaleString('en-US')}: {p.message}
          </li>
        ))}
      </ul>
    </ErrorAlert>
  );
}
