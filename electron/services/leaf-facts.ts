/**
 * What a certificate summary needs from a leaf's DER, read with the engine's DER walker in ~10 µs
 * instead of ~1 ms for a full @peculiar/x509 parse (a 10,000-row list cannot afford the latter). It
 * reads the TBSCertificate's fields by position and takes on only the common shapes: names of
 * single-valued C/ST/L/O/OU/CN attributes in ASCII, UTCTime and GeneralizedTime in their DER form,
 * SANs of DNS names, emails, URIs and IPv4 addresses. For anything else it returns null and the
 * catalog builds the certificate with x509. test/unit/vault-summaries.test.ts holds it to x509's
 * results over the inspect corpus and certificates of every shape Certwright issues.
 */
import * as nodeCrypto from 'node:crypto';
import type { KeyDescription } from '../../shared/domain/certificate.js';
import { checkSan, type SanEntry } from '../../shared/validation/san.js';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { contents, DerError, encoding, isContext, isUniversal, oidText, UNIVERSAL, walkDer, type DerNode } from '../engine/inspect/der.js';
import { nameToSubject, rfc4514, SUBJECT_ATTRIBUTE_OIDS } from '../engine/names.js';
import { NAME_ATTRIBUTES, OID } from '../engine/oids.js';
import type { X509 } from '../engine/webcrypto.js';

/** What a certificate summary takes from a leaf's DER. */
export interface LeafFacts {
  readonly issuerCommonName: string;
  readonly subject: SubjectFields;
  readonly subjectDn: string;
  readonly sans: readonly SanEntry[];
  readonly serialNumberHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly notBeforeIso: string;
  readonly notAfterIso: string;
  readonly sha256Fingerprint: string;
  /** SubjectPublicKeyInfo DER, for describing a key Certwright did not generate. */
  readonly spki: Uint8Array;
  /** That description, once asked for. */
  key?: KeyDescription;
}

class NotHandled extends Error {}

function need(condition: boolean): asserts condition {
  if (!condition) throw new NotHandled();
}

/** Bytes below 0x80 read the same as PrintableString, IA5String and UTF-8; anything else goes to x509. */
function ascii(der: Uint8Array, node: DerNode): string {
  const value = contents(der, node);
  for (const b of value) need(b < 0x80);
  return Buffer.from(value).toString('latin1');
}

/** The attribute types read here — those of a Certwright subject (names.ts) — by their short names (oids.ts), which are x509's for these. */
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([...SUBJECT_ATTRIBUTE_OIDS].map((oid) => [oid, NAME_ATTRIBUTES[oid]!.short]));
/**
 * An OBJECT IDENTIFIER's dotted form by der.ts's one reader, remembered for OIDs of up to three
 * bytes (2.5.4.3, 2.5.29.17: the ones looked at on every row) by their bytes as one number, so the
 * tables stay keyed by oids.ts's names and the hot path still compares numbers.
 */
const shortOids = new Map<number, string>();
function oidOf(bytes: Uint8Array): string {
  if (bytes.length > 3 || bytes.length === 0) return oidText(bytes);
  const key = (bytes.length << 24) | (bytes[0]! << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
  let text = shortOids.get(key);
  if (text === undefined) {
    text = oidText(bytes);
    if (shortOids.size < 4096) shortOids.set(key, text);
  }
  return text;
}

const STRING_TAGS = new Set<number>([UNIVERSAL.utf8String, UNIVERSAL.printableString, UNIVERSAL.ia5String]);

/** A name as x509's Name answers getField and toJSON, for the shapes decoded here. */
class FlatName {
  readonly #rdns: ReadonlyArray<{ readonly type: string; readonly value: string }>;
  constructor(rdns: ReadonlyArray<{ readonly type: string; readonly value: string }>) {
    this.#rdns = rdns;
  }
  getField(type: string): string[] {
    return this.#rdns.filter((r) => r.type === type).map((r) => r.value);
  }
  toJSON(): Array<Record<string, string[]>> {
    return this.#rdns.map((r) => ({ [r.type]: [r.value] }));
  }
  /** For the engine's name helpers, which read a name only through getField and toJSON. */
  asName(): X509.Name {
    return this as unknown as X509.Name;
  }
}

function flatName(der: Uint8Array, name: DerNode): FlatName {
  const rdns = name.children.map((set) => {
    need(isUniversal(set, UNIVERSAL.set) && set.children.length === 1); // multi-valued RDNs go to x509
    const attribute = set.children[0]!;
    const [oid, value] = attribute.children;
    need(isUniversal(attribute, UNIVERSAL.sequence) && attribute.children.length === 2 && isUniversal(oid, UNIVERSAL.oid) && value !== undefined);
    const type = ATTRIBUTE_NAMES.get(oidOf(contents(der, oid)));
    need(type !== undefined && value.tagClass === 0 && STRING_TAGS.has(value.tagNumber));
    return { type, value: ascii(der, value) };
  });
  return new FlatName(rdns);
}

/** UTCTime `YYMMDDHHMMSSZ` and GeneralizedTime `YYYYMMDDHHMMSSZ` exactly, read as asn1js reads them. */
function time(der: Uint8Array, node: DerNode): Date {
  const text = ascii(der, node);
  const utc = isUniversal(node, UNIVERSAL.utcTime) && /^\d{12}Z$/.test(text);
  const generalized = isUniversal(node, UNIVERSAL.generalizedTime) && /^\d{14}Z$/.test(text);
  need(utc || generalized);
  const year = utc ? (Number(text.slice(0, 2)) >= 50 ? 1900 : 2000) + Number(text.slice(0, 2)) : Number(text.slice(0, 4));
  need(year >= 100); // Date.UTC would read a two-digit year as 19xx
  const at = utc ? 2 : 4;
  const n = (i: number) => Number(text.slice(at + i, at + i + 2));
  return new Date(Date.UTC(year, n(0) - 1, n(2), n(4), n(6), n(8)));
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
const sha256: (data: Uint8Array) => Uint8Array =
  typeof nodeCrypto.hash === 'function' ? (data) => nodeCrypto.hash('sha256', data, 'buffer') : (data) => nodeCrypto.createHash('sha256').update(data).digest();

/** SHA-256 of the DER as colon hex — what describeCertificate's colonHex(getThumbprint) gives. */
export function fingerprint(der: Uint8Array): string {
  const digest = sha256(der);
  let out = HEX_PAIRS[digest[0]!]!;
  for (let i = 1; i < digest.length; i++) out += `:${HEX_PAIRS[digest[i]!]!}`;
  return out;
}

/** Normalized the way the SAN editor does, so lists compare equal. */
export function normalizeSans(sans: readonly SanEntry[]): SanEntry[] {
  return sans.map((s) => {
    const check = checkSan(s.type, s.value);
    return check.ok ? check.entry : s;
  });
}

function sansFast(der: Uint8Array, value: DerNode): SanEntry[] {
  const inner = contents(der, value);
  const sequence = walkDer(inner);
  need(isUniversal(sequence, UNIVERSAL.sequence));
  return normalizeSans(
    sequence.children.map((name): SanEntry => {
      need(name.tagClass === 2 && !name.constructed);
      if (name.tagNumber === 2) return { type: 'dns', value: ascii(inner, name) };
      if (name.tagNumber === 7 && name.length === 4) return { type: 'ip', value: Array.from(contents(inner, name)).join('.') };
      if (name.tagNumber === 1) return { type: 'email', value: ascii(inner, name) };
      if (name.tagNumber === 6) return { type: 'uri', value: ascii(inner, name) };
      throw new NotHandled();
    }),
  );
}

/** The summary facts of a leaf by a DER walk; null when it is of a shape left to x509. */
export function leafFacts(der: Uint8Array, issuerNames: Map<string, string> = new Map()): LeafFacts | null {
  try {
    const certificate = walkDer(der);
    // The outer shape x509 insists on: TBSCertificate, AlgorithmIdentifier, BIT STRING, nothing else.
    const [tbs, signatureAlgorithm, signatureValue] = certificate.children;
    need(isUniversal(certificate, UNIVERSAL.sequence) && certificate.children.length === 3 && !certificate.indefinite);
    need(isUniversal(tbs, UNIVERSAL.sequence) && isUniversal(signatureAlgorithm, UNIVERSAL.sequence) && isUniversal(signatureValue, UNIVERSAL.bitString));
    const fields = isContext(tbs.children[0], 0) ? tbs.children.slice(1) : tbs.children;
    const [serial, signature, issuer, validity, subject, spki, ...rest] = fields;
    need(isUniversal(serial, UNIVERSAL.integer) && serial.length > 0);
    need(isUniversal(signature, UNIVERSAL.sequence) && isUniversal(issuer, UNIVERSAL.sequence) && isUniversal(validity, UNIVERSAL.sequence));
    need(isUniversal(subject, UNIVERSAL.sequence) && isUniversal(spki, UNIVERSAL.sequence) && validity.children.length === 2);
    // As x509 reads a serial: one leading zero dropped when it only keeps the number positive.
    let serialBytes = contents(der, serial);
    if (serialBytes.length > 1 && serialBytes[0] === 0 && serialBytes[1]! > 0x7f) serialBytes = serialBytes.subarray(1);
    let san: DerNode | null = null;
    for (const item of rest) {
      if (!isContext(item, 3)) continue; // issuer/subject unique ids
      const extensions = item.children[0];
      need(isUniversal(extensions, UNIVERSAL.sequence));
      for (const extension of extensions.children) {
        const [oid, second, third] = extension.children;
        need(isUniversal(oid, UNIVERSAL.oid));
        const value = isUniversal(second, UNIVERSAL.boolean) ? third : second;
        need(isUniversal(value, UNIVERSAL.octetString) && extension.children.length === (value === third ? 3 : 2));
        if (san === null && oidOf(contents(der, oid)) === OID.subjectAltName) san = value;
      }
    }
    const issuerKey = Buffer.from(encoding(der, issuer)).toString('latin1');
    let issuerCommonName = issuerNames.get(issuerKey);
    if (issuerCommonName === undefined) {
      const name = flatName(der, issuer).asName();
      issuerCommonName = name.getField('CN')[0] ?? rfc4514(name);
      issuerNames.set(issuerKey, issuerCommonName);
    }
    const subjectName = flatName(der, subject).asName();
    const notBefore = time(der, validity.children[0]!);
    const notAfter = time(der, validity.children[1]!);
    return {
      issuerCommonName,
      subject: nameToSubject(subjectName),
      subjectDn: rfc4514(subjectName),
      sans: san ? sansFast(der, san) : [],
      serialNumberHex: Buffer.from(serialBytes).toString('hex').toUpperCase(),
      notBefore,
      notAfter,
      notBeforeIso: notBefore.toISOString(),
      notAfterIso: notAfter.toISOString(),
      sha256Fingerprint: fingerprint(der),
      spki: der.slice(spki.offset, spki.offset + spki.headerLength + spki.length), // the whole SubjectPublicKeyInfo, header included
    };
  } catch (error) {
    if (error instanceof NotHandled || error instanceof DerError) return null;
    throw error;
  }
}
