/** Conversions between our subject fields and X.500 names. */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name as AsnName, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { X509 } from './webcrypto.js';

const ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
};

/** Characters of ASN.1 PrintableString; anything else is written as UTF8String. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Encoding order, least specific first (C … CN), as most CAs write them. */
const ORDER = [
  ['country', 'C'],
  ['state', 'ST'],
  ['locality', 'L'],
  ['organization', 'O'],
  ['organizationalUnit', 'OU'],
  ['commonName', 'CN'],
] as const satisfies ReadonlyArray<readonly [keyof SubjectFields, string]>;

/**
 * Builds the DER name from the ASN.1 schema directly. (x509's JSON form reads a value that starts
 * with `#` as hex-encoded DER, so a user's "#ops" would become arbitrary bytes or an exception.)
 */
export function subjectToName(subject: SubjectFields): X509.Name {
  return new X509.Name(AsnConvert.serialize(subjectToAsnName(subject)));
}

export function subjectToAsnName(subject: SubjectFields): AsnName {
  const rdns: RelativeDistinguishedName[] = [];
  for (const [key, short] of ORDER) {
    const value = subject[key];
    if (value === undefined) continue;
    const encoded = new AttributeValue(PRINTABLE.test(value) ? { printableString: value } : { utf8String: value });
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: ATTRIBUTE_OIDS[short]!, value: encoded })]));
  }
  return new AsnName(rdns);
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

/** RFC 4514 escaping of one attribute value. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** The name as an RFC 4514 string: most specific first, e.g. `CN=Acme Root,O=Acme,C=DE`. */
export function rfc4514(name: X509.Name): string {
  return name
    .toJSON()
    .slice()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((value) => `${type}=${escapeDnValue(value)}`))
        .join('+'),
    )
    .join(',');
}
