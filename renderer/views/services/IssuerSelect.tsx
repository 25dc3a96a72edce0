import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { SelectField } from '../../components/Field.js';

/** Which token issuer: by name (its iss), with its algorithm. */
export function IssuerSelect({ id, issuers, value, onChange, hint }: { readonly id: string; readonly issuers: readonly TokenIssuerSummary[]; readonly value: string; readonly onChange: (id: string) => void; readonly hint?: string }) {
  return <SelectField id={id} label="Token issuer" value={value} onValueChange={onChange} options={issuers.map((i) => ({ value: i.id, label: `${i.name} (${i.algorithm})` }))} hint={hint} />;
}
