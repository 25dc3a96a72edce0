import { z } from 'zod';

/** Upper bounds from RFC 5280 Appendix A (ub-common-name etc.). */
const MAX = { commonName: 64, organization: 64, organizationalUnit: 64, state: 128, locality: 128 } as const;

// Control characters make names that render differently in different tools; refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function dnText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), `${label} must not contain control characters`);
}

function optionalDnText(label: string, max: number) {
  // An empty field in a form means "not set".
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), dnText(label, max).optional());
}

export const SubjectInput = z.object({
  commonName: dnText('Common name', MAX.commonName).min(1, 'Common name is required'),
  organization: optionalDnText('Organization', MAX.organization),
  organizationalUnit: optionalDnText('Organizational unit', MAX.organizationalUnit),
  country: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toUpperCase()) : v),
    z.string().regex(/^[A-Z]{2}$/, 'Country must be a two-letter ISO 3166 code, such as DE or US').optional(),
  ),
  state: optionalDnText('State or province', MAX.state),
  locality: optionalDnText('Locality', MAX.locality),
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
