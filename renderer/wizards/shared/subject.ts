/**
 * A subject as typed into a form (raw text per field), its validation with the very schema main
 * uses, and its preview as a distinguished name. Shared by every wizard that asks for a subject.
 */
import { dnText, SUBJECT_ENCODING_ORDER } from '../../../shared/dn.js';
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

/**
 * The distinguished name as it will read once issued, e.g. `CN=Acme Root,O=Acme,C=DE`: written by
 * the same RFC 4514 writer as every name main shows (shared/dn.ts), from the fields in encoding order.
 */
export function subjectPreview(subject: SubjectDraft): string {
  const rdns = SUBJECT_ENCODING_ORDER.flatMap((key) => {
    const raw = subject[key].trim();
    if (raw === '') return [];
    const field = SUBJECT_FIELDS.find((f) => f.key === key)!;
    return [[{ type: field.short, value: key === 'country' ? raw.toUpperCase() : raw }]];
  });
  return dnText(rdns);
}
