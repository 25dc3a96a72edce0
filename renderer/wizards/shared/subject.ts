/**
 * A subject as typed into a form (raw text per field), its validation with the very schema main
 * uses, and its preview as a distinguished name. Shared by every wizard that asks for a subject.
 */
import { SUBJECT_FIELDS, SubjectInput, type SubjectFields } from '../../../shared/validation/subject.js';

export type SubjectKey = keyof SubjectFields;
export type SubjectDraft = Readonly<Record<SubjectKey, string>>;

export const SUBJECT_KEYS: readonly SubjectKey[] = SUBJECT_FIELDS.map((f) => f.key);

export const EMPTY_SUBJECT: SubjectDraft = { commonName: '', organization: '', organizationalUnit: '', country: '', state: '', locality: '' };

export function subjectDraft(fields: Partial<SubjectFields>): SubjectDraft {
  return { ...EMPTY_SUBJECT, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string')) };
}

export function isSubjectKey(name: string): name is SubjectKey {
  return (SUBJECT_KEYS as readonly string[]).includes(name);
}

/** Each field's first problem, in main's words. */
export function subjectErrors(draft: SubjectDraft): Partial<Record<SubjectKey, string>> {
  const parsed = SubjectInput.safeParse({ ...draft });
  const errors: Partial<Record<SubjectKey, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (isSubjectKey(key) && errors[key] === undefined) errors[key] = issue.message;
    }
  }
  return errors;
}

/** RFC 4514 order: most specific attribute first. */
const DISPLAY_ORDER = ['CN', 'OU', 'O', 'L', 'ST', 'C'] as const;

/** The distinguished name as it will read, e.g. `CN=Acme Root, O=Acme, C=DE`, for previews. */
export function subjectPreview(subject: SubjectDraft): string {
  const parts: string[] = [];
  for (const short of DISPLAY_ORDER) {
    const field = SUBJECT_FIELDS.find((f) => f.short === short);
    if (!field) continue;
    const raw = subject[field.key].trim();
    if (raw === '') continue;
    const value = field.key === 'country' ? raw.toUpperCase() : raw;
    parts.push(`${short}=${value.replace(/([,+"\\<>;=])/g, '\\$1')}`);
  }
  return parts.join(', ');
}
