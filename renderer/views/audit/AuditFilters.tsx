import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { flattenTree, buildAuthorityTree } from '../../app/authority-tree.js';
import { Button } from '../../components/Button.js';
import { FieldShell, SelectField, TextField } from '../../components/Field.js';
import { isFiltered, kindOptionGroups, NO_FILTER, type AuditFilterDraft, type KindChoice } from './model.js';

const KIND_GROUPS = kindOptionGroups();

/** The kind select: everything, or one group or kind, under headed option groups. */
function KindSelect({ value, onChange }: { readonly value: KindChoice; readonly onChange: (value: KindChoice) => void }) {
  return (
    <FieldShell id="audit-kind" label="What happened">
      <select id="audit-kind" className="input select" value={value} onChange={(e) => onChange(e.target.value as KindChoice)}>
        <option value="all">Everything</option>
        {KIND_GROUPS.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldShell>
  );
}

interface AuditFiltersProps {
  readonly draft: AuditFilterDraft;
  readonly onChange: (draft: AuditFilterDraft) => void;
  readonly authorities: readonly AuthoritySummary[];
  /** Why the dates cannot be used, at the field named. */
  readonly dateError?: { readonly field: 'from' | 'to'; readonly message: string } | undefined;
}

/** Authority (in tree order), kind and a date range; every change applies at once. */
export function AuditFilters({ draft, onChange, authorities, dateError }: AuditFiltersProps) {
  const edit = (patch: Partial<AuditFilterDraft>) => onChange({ ...draft, ...patch });
  const authorityOptions = [{ value: '', label: 'Any authority' }, ...flattenTree(buildAuthorityTree(authorities)).map((n) => ({ value: n.authority.id, label: n.authority.subject.commonName }))];
  return (
    <div role="search" className="card audit-filters" aria-label="Filter the audit log">
      <SelectField id="audit-authority" label="Authority" value={draft.authorityId} onValueChange={(authorityId) => edit({ authorityId })} options={authorityOptions} />
      <KindSelect value={draft.kind} onChange={(kind) => edit({ kind })} />
      <TextField id="audit-from" label="From" type="date" value={draft.from} onValueChange={(from) => edit({ from })} error={dateError?.field === 'from' ? dateError.message : undefined} />
      <TextField id="audit-to" label="To" type="date" value={draft.to} onValueChange={(to) => edit({ to })} error={dateError?.field === 'to' ? dateError.message : undefined} />
      <Button variant="ghost" className="audit-clear" disabled={!isFiltered(draft)} onClick={() => onChange(NO_FILTER)}>
        Clear filters
      </Button>
    </div>
  );
}
