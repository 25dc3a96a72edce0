/**
 * X.500 names: our subject fields to and from them, their attributes read from DER, and their
 * text — RFC 4514, most specific first, escaped (`CN=Acme Root,O=Acme\, Inc.`), by the one writer in
 * shared/dn.ts. Whatever a name comes from (x509's Name, DER from a file, DER a server sent), it is
 * written here, so the catalog, the inspector and an endpoint report name the same CA the same way
 * (and the wizards' preview, which uses shared/dn.ts too).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name as AsnName, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { dnText, SUBJECT_ENCODING_ORDER } from '../../shared/dn.js';
import type { NameAttribute } from '../../shared/domain/inspect.js';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { contents, DerError, encoding, isUniversal, oidText, stringValue, UNIVERSAL, walkDer, type DerNode } from './inspect/der.js';
import { NAME_ATTRIBUTES, nameAttributeOid, OID } from './oids.js';
import { X509 } from './webcrypto.js';

/** Characters of ASN.1 PrintableString; anything else is written as UTF8String. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

const SUBJECT_OIDS = {
  country: OID.countryName,
  state: OID.stateOrProvinceName,
  locality: OID.localityName,
  organization: OID.organizationName,
  organizationalUnit: OID.organizationalUnitName,
  commonName: OID.commonName,
} as const satisfies Record<keyof SubjectFields, string>;

/** The subject fields Certwright writes, in encoding order (shared/dn.ts): least specific first (C … CN). */
const SUBJECT_FIELDS = SUBJECT_ENCODING_ORDER.map((key) => [key, SUBJECT_OIDS[key]] as const);

/** The attribute types a Certwright subject has; a request's other attributes are not copied. */
export const SUBJECT_ATTRIBUTE_OIDS: ReadonlySet<string> = new Set(SUBJECT_FIELDS.map(([, oid]) => oid));

const shortName = (oid: string): string => NAME_ATTRIBUTES[oid]?.short ?? oid;

/**
 * Builds the DER name from the ASN.1 schema directly. (x509's JSON form reads a value that starts
 * with `#` as hex-encoded DER, so a user's "#ops" would become arbitrary bytes or an exception.)
 */
export function subjectToName(subject: SubjectFields): X509.Name {
  return new X509.Name(AsnConvert.serialize(subjectToAsnName(subject)));
}

export function subjectToAsnName(subject: SubjectFields): AsnName {
  const rdns: RelativeDistinguishedName[] = [];
  for (const [key, oid] of SUBJECT_FIELDS) {
    const value = subject[key];
    if (value === undefined) continue;
    const encoded = new AttributeValue(PRINTABLE.test(value) ? { printableString: value } : { utf8String: value });
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: oid, value: encoded })]));
  }
  return new AsnName(rdns);
}

export function nameToSubject(name: X509.Name): SubjectFields {
  const fields: Record<string, string> = {};
  for (const [key, oid] of SUBJECT_FIELDS) {
    const value = name.getField(shortName(oid))[0];
    if (value !== undefined) fields[key] = value;
  }
  return { commonName: fields.commonName ?? '', ...fields } as SubjectFields;
}

// ---- Reading --------------------------------------------------------------------------------------

/** One relative distinguished name: its attributes (nearly always one). */
export type Rdn = readonly NameAttribute[];

export function nameAttribute(oid: string, value: string): NameAttribute {
  const known = NAME_ATTRIBUTES[oid];
  return { oid, short: known?.short ?? oid, label: known?.label ?? `Attribute ${oid}`, value };
}

/**
 * The RDNs of a Name node, in DER order. A value that is not a string reads as `#` and the hex of
 * its DER (RFC 4514 §2.4); attributes that are not a type and a value are passed over.
 */
export function readRdns(bytes: Uint8Array, name: DerNode): Rdn[] {
  return name.children.map((rdn) =>
    rdn.children.flatMap((atv) => {
      const [type, value] = atv.children;
      if (!isUniversal(type, UNIVERSAL.oid) || !value) return [];
      return [nameAttribute(oidText(contents(bytes, type)), stringValue(bytes, value) ?? `#${Buffer.from(encoding(bytes, value)).toString('hex')}`)];
    }),
  );
}

function rdnsOf(name: X509.Name | Uint8Array | readonly Rdn[]): readonly Rdn[] {
  if (Array.isArray(name)) return name as readonly Rdn[];
  if (name instanceof Uint8Array) {
    const root = walkDer(name);
    if (!isUniversal(root, UNIVERSAL.sequence)) throw new DerError('This is not an X.501 Name: a Name is a SEQUENCE of RDNs');
    return readRdns(name, root);
  }
  // x509's JSON form: one object per RDN, its values by type (x509's short names, or OIDs it does not name).
  return (name as X509.Name).toJSON().map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => nameAttribute(nameAttributeOid(type) ?? type, value))));
}

/** The Common Name: the most specific CN attribute, else `fallback`. */
export function commonNameOf(rdns: readonly Rdn[], fallback: string): string {
  return rdns.flat().filter((a) => a.oid === OID.commonName).at(-1)?.value ?? fallback;
}

// ---- Writing (RFC 4514) -----------------------------------------------------------------------------

export { escapeDnValue } from '../../shared/dn.js';

/**
 * The name as an RFC 4514 string: most specific first, e.g. `CN=Acme Root,O=Acme,C=DE`. Takes
 * x509's Name, a Name's DER (throws DerError when it is not one), or RDNs read with {@link readRdns}.
 * Attribute types by their short names (oids.ts), written by shared/dn.ts.
 */
export function rfc4514(name: X509.Name | Uint8Array | readonly Rdn[]): string {
  return dnText(rdnsOf(name).map((rdn) => rdn.map((a) => ({ type: shortName(a.oid), value: a.value }))));
}
