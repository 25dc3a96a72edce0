import { z } from 'zod';
import { refuse } from './schema-messages.js';

/** Upper bounds from RFC 5280 Appendix A (ub-common-name etc.). */
const MAX = { commonName: 64, organization: 64, organizationalUnit: 64, state: 128, locality: 128 } as const;

// Control characters make names that render differently in different tools; refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

type DnField = 'commonName' | 'organization' | 'organizationalUnit' | 'state' | 'locality';

function dnText(field: DnField, max: number) {
  const label = `validation:subject.label.${field}`;
  return z
    .string()
    .trim()
    .max(max, refuse('validation:subject.tooLong', { label, max }))
    .refine((s) => !CONTROL_CHARS.test(s), refuse('validation:subject.controlChars', { label }));
}

function optionalDnText(field: DnField, max: number) {
  // An empty field in a form means "not set".
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), dnText(field, max).optional());
}

export const SubjectInput = z.object({
  commonName: dnText('commonName', MAX.commonName).min(1, refuse('validation:subject.commonNameRequired')),
  organization: optionalDnText('organization', MAX.organization),
  organizationalUnit: optionalDnText('organizationalUnit', MAX.organizationalUnit),
  country: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toUpperCase()) : v),
    z.string().regex(/^[A-Z]{2}$/, refuse('validation:subject.country')).optional(),
  ),
  state: optionalDnText('state', MAX.state),
  locality: optionalDnText('locality', MAX.locality),
}).transform(
  // Unset fields are absent, not present-but-undefined: records and outputs stay minimal.
  (subject) => Object.fromEntries(Object.entries(subject).filter(([, value]) => value !== undefined)) as typeof subject,
);

export type SubjectFields = z.output<typeof SubjectInput>;

/** The subject fields in display order, with their labels and X.500 short names. */
export const SUBJECT_FIELDS = [
  { key: 'commonName', label: 'Common name', short: 'CN' },
  { key: 'organization', label: 'Organization', short: 'O' },
  { key: 'organizationalUnit', label: 'Organizational unit', short: 'OU' },
  { key: 'country', label: 'Country', short: 'C' },
  { key: 'state', label: 'State or province', short: 'ST' },
  { key: 'locality', label: 'Locality', short: 'L' },
] as const satisfies ReadonlyArray<{ key: keyof SubjectFields; label: string; short: string }>;
