import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { SelectField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';

/** Which token issuer: by name (its iss), with its algorithm. */
export function IssuerSelect({ id, issuers, value, onChange, hint }: { readonly id: string; readonly issuers: readonly TokenIssuerSummary[]; readonly value: string; readonly onChange: (id: string) => void; readonly hint?: string }) {
  const t = useT();
  return <SelectField id={id} label={t('services:issuer.select')} value={value} onValueChange={onChange} options={issuers.map((i) => ({ value: i.id, label: t('services:issuer.option', { name: i.name, algorithm: i.algorithm }) }))} hint={hint} />;
}
