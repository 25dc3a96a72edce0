import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { flattenTree, buildAuthorityTree } from '../../app/authority-tree.js';
import { Button } from '../../components/Button.js';
import { FieldShell, SelectField, TextField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';
import { isFiltered, kindOptionGroups, NO_FILTER, type AuditFilterDraft, type KindChoice } from './model.js';

/** The kind select: everything, or one group or kind, under headed option groups. */
function KindSelect({ value, onChange }: { readonly value: KindChoice; readonly onChange: (value: KindChoice) => void }) {
  const t = useT();
  return (
    <FieldShell id="audit-kind" label={t('audit:filter.kind')}>
      <select id="audit-kind" className="input select" value={value} onChange={(e) => onChange(e.target.value as KindChoice)}>
        <option value="all">{t('audit:filter.everything')}</option>
        {kindOptionGroups().map((g) => (
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
  const t = useT();
  const edit = (patch: Partial<AuditFilterDraft>) => onChange({ ...draft, ...patch });
  const authorityOptions = [{ value: '', label: t('audit:filter.anyAuthority') }, ...flattenTree(buildAuthorityTree(authorities)).map((n) => ({ value: n.authority.id, label: n.authority.subject.commonName }))];
  return (
    <div role="search" className="card audit-filters" aria-label={t('audit:filter.label')}>
      <SelectField id="audit-authority" label={t('audit:filter.authority')} value={draft.authorityId} onValueChange={(authorityId) => edit({ authorityId })} options={authorityOptions} />
      <KindSelect value={draft.kind} onChange={(kind) => edit({ kind })} />
      <TextField id="audit-from" label={t('audit:filter.from')} type="date" value={draft.from} onValueChange={(from) => edit({ from })} error={dateError?.field === 'from' ? dateError.message : undefined} />
      <TextField id="audit-to" label={t('audit:filter.to')} type="date" value={draft.to} onValueChange={(to) => edit({ to })} error={dateError?.field === 'to' ? dateError.message : undefined} />
      <Button variant="ghost" className="audit-clear" disabled={!isFiltered(draft)} onClick={() => onChange(NO_FILTER)}>
        {t('audit:filter.clear')}
      </Button>
    </div>
  );
}
