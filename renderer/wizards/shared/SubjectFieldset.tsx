import { TextField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';
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
export function SubjectFieldset({ subject, errors, onChange, onBlur, commonName, organizationPlaceholder, autoFocus = false, preview = true }: SubjectFieldsetProps) {
  const t = useT();
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
        {/* eslint-disable-next-line i18next/no-literal-string -- field ids, not text */}
        <TextField {...field('commonName')} label={t('wizard:subject.commonName')} required autoFocus={autoFocus} placeholder={commonName.placeholder} hint={commonName.hint} fieldClassName="span-2" />
        <TextField {...field('organization')} label={t('wizard:subject.organization')} optional placeholder={organizationPlaceholder ?? t('wizard:subject.organizationPlaceholder')} />
        {/* eslint-disable-next-line i18next/no-literal-string -- a field id, not text */}
        <TextField {...field('organizationalUnit')} label={t('wizard:subject.organizationalUnit')} optional placeholder={t('wizard:subject.organizationalUnitPlaceholder')} />
        <TextField {...field('country')} label={t('wizard:subject.country')} optional placeholder="DE" hint={t('wizard:subject.countryHint')} className="input-short" />
        <TextField {...field('state')} label={t('wizard:subject.state')} optional />
        <TextField {...field('locality')} label={t('wizard:subject.locality')} optional fieldClassName="span-2" />
      </div>
      {preview ? (
        <div className="preview" aria-live="polite">
          <span className="preview-label">{t('wizard:subject.preview')}</span>
          <code className="preview-value">{dn === '' ? '—' : dn}</code>
        </div>
      ) : null}
    </>
  );
}
