import { TextField } from '../../components/Field.js';
import type { SubjectDraft, SubjectKey } from './subject.js';
import { subjectPreview } from './subject.js';

interface SubjectFieldsetProps {
  readonly subject: SubjectDraft;
  readonly errors: Partial<Record<SubjectKey, string | undefined>>;
  readonly onChange: (field: SubjectKey, value: string) => void;
  readonly onBlur: (field: SubjectKey) => void;
  readonly commonName: { readonly placeholder: string; readonly hint: string };
  readonly organizationPlaceholder?: string;
  readonly autoFocus?: boolean;
  /** Shows the DN preview under the fields. */
  readonly preview?: boolean;
}

/** The six subject fields (common name first and wide), validated by the caller, with a DN preview. */
export function SubjectFieldset({ subject, errors, onChange, onBlur, commonName, organizationPlaceholder = 'Acme Corp', autoFocus = false, preview = true }: SubjectFieldsetProps) {
  const field = (key: SubjectKey) => ({
    id: `subject-${key}`,
    value: subject[key],
    onValueChange: (value: string) => onChange(key, value),
    onBlur: () => onBlur(key),
    error: errors[key],
    autoComplete: 'off',
  });
  const dn = subjectPreview(subject);
  return (
    <>
      <div className="grid-2">
        <TextField {...field('commonName')} label="Common name" required autoFocus={autoFocus} placeholder={commonName.placeholder} hint={commonName.hint} fieldClassName="span-2" />
        <TextField {...field('organization')} label="Organization" optional placeholder={organizationPlaceholder} />
        <TextField {...field('organizationalUnit')} label="Organizational unit" optional placeholder="Platform Security" />
        <TextField {...field('country')} label="Country" optional placeholder="DE" hint="Two-letter ISO 3166 code." className="input-short" />
        <TextField {...field('state')} label="State or province" optional />
        <TextField {...field('locality')} label="Locality" optional fieldClassName="span-2" />
      </div>
      {preview ? (
        <div className="preview" aria-live="polite">
          <span className="preview-label">Subject</span>
          <code className="preview-value">{dn === '' ? '—' : dn}</code>
        </div>
      ) : null}
    </>
  );
}
