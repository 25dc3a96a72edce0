/**
 * The one writer of a distinguished name's text: RFC 4514, most specific first, escaped
 * (`CN=Acme Root,O=Acme\, Inc.,C=DE`). The engine (electron/engine/names.ts) writes every name it
 * reads — x509's Name, DER from a file or a server — through it, and the wizards preview the subject
 * being typed with it, so a name reads the same before and after it is issued. Pure: no Node.
 */
import type { SubjectFields } from './validation/subject.js';

/** One attribute: its type as written (a short name such as `CN`, or dotted digits) and its value. */
export interface DnAttribute {
  readonly type: string;
  readonly value: string;
}

/** One relative distinguished name: its attributes (nearly always one). */
export type DnRdn = readonly DnAttribute[];

/** RFC 4514 §2.4 escaping of one attribute value; control characters as `\XX`, so a name is always one line. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`); // eslint-disable-line no-control-regex
}

/** One RDN: its attributes grouped by type, in the order the types first appear, joined with '+'. */
function rdnText(rdn: DnRdn): string {
  const types = [...new Set(rdn.map((a) => a.type))];
  return types.flatMap((type) => rdn.filter((a) => a.type === type).map((a) => `${type}=${escapeDnValue(a.value)}`)).join('+');
}

/** The RFC 4514 string of RDNs given in encoding (DER) order, least specific first: written most specific first, joined with ','. */
export function dnText(rdns: readonly DnRdn[]): string {
  return rdns.slice().reverse().map(rdnText).join(',');
}

/** The subject fields Certwright writes, in encoding order: least specific first (C … CN), as most CAs write them. */
export const SUBJECT_ENCODING_ORDER = ['country', 'state', 'locality', 'organization', 'organizationalUnit', 'commonName'] as const satisfies ReadonlyArray<keyof SubjectFields>;
