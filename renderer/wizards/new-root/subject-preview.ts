import { SUBJECT_FIELDS } from '../../../shared/validation/subject.js';
import type { WizardState } from './model.js';

/** RFC 4514 order: most specific attribute first. */
const DISPLAY_ORDER = ['CN', 'OU', 'O', 'L', 'ST', 'C'] as const;

/** The distinguished name as it will read, e.g. `CN=Acme Root, O=Acme, C=DE`, for previews. */
export function subjectPreview(subject: WizardState['subject']): string {
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
