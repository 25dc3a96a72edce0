/** Conversions between our subject fields and X.500 names. */
import type { SubjectFields } from '../../shared/validation/subject.js';
import { X509 } from './webcrypto.js';

/** Encoding order, least specific first (C … CN), as most CAs write them. */
const ORDER = [
  ['country', 'C'],
  ['state', 'ST'],
  ['locality', 'L'],
  ['organization', 'O'],
  ['organizationalUnit', 'OU'],
  ['commonName', 'CN'],
] as const satisfies ReadonlyArray<readonly [keyof SubjectFields, string]>;

export function subjectToName(subject: SubjectFields): X509.Name {
  const rdns: X509.JsonName = [];
  for (const [key, short] of ORDER) {
    const value = subject[key];
    if (value !== undefined) rdns.push({ [short]: [value] });
  }
  return new X509.Name(rdns);
}

export function nameToSubject(name: X509.Name): SubjectFields {
  const first = (short: string) => name.getField(short)[0];
  const fields: Record<string, string> = {};
  for (const [key, short] of ORDER) {
    const value = first(short);
    if (value !== undefined) fields[key] = value;
  }
  return { commonName: fields.commonName ?? '', ...fields } as SubjectFields;
}
