/**
 * DER of an X.501 Name built from @peculiar/asn1-x509 objects, written directly — because a
 * measurement said so: AsnConvert.serialize spent ≈ 100 µs on a one-attribute subject, a fifth of
 * the main thread's time per certificate in a bulk issue (test/bench/issue.bench.ts, --cpu-prof);
 * this takes a few µs. Only the string choices Certwright writes (and the other one-byte or BMP
 * DirectoryString ones) are handled; any other value falls back to the schema library, so the output is always the
 * library's, byte for byte (test/unit/name-der.test.ts compares them).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import type * as asn from '@peculiar/asn1-x509';
import { tlv, tlvOf, TAG } from './der.js';

const STRING_TAGS = { utf8String: 0x0c, printableString: 0x13, teletexString: 0x14, ia5String: 0x16, bmpString: 0x1e } as const;
const SET = 0x31;
const oids = new Map<string, Uint8Array>();

/** An OBJECT IDENTIFIER's DER from its dotted form (memoised: a handful of attribute types). */
function oidDer(dotted: string): Uint8Array {
  let der = oids.get(dotted);
  if (!der) {
    const arcs = dotted.split('.').map(Number);
    const bytes: number[] = [];
    const base128 = (value: number) => {
      const chunk = [value & 0x7f];
      for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
      bytes.push(...chunk);
    };
    base128(arcs[0]! * 40 + arcs[1]!);
    for (const arc of arcs.slice(2)) base128(arc);
    der = tlv(TAG.oid, new Uint8Array(bytes));
    oids.set(dotted, der);
  }
  return der;
}

function stringBytes(kind: keyof typeof STRING_TAGS, value: string): Uint8Array {
  if (kind === 'bmpString') return Buffer.from(value, 'utf16le').swap16();
  // PrintableString and IA5String are ASCII; TeletexString as the library writes it (one byte per char).
  return Buffer.from(value, kind === 'utf8String' ? 'utf8' : 'latin1');
}

/** One AttributeValue, or null for a choice this file does not write (the library does). */
function valueDer(value: asn.AttributeValue): Uint8Array | null {
  for (const kind of Object.keys(STRING_TAGS) as Array<keyof typeof STRING_TAGS>) {
    const text = value[kind];
    if (typeof text === 'string') return tlv(STRING_TAGS[kind], stringBytes(kind, text));
  }
  return null;
}

export function encodeName(name: asn.Name): Uint8Array {
  const rdns: Uint8Array[] = [];
  for (const rdn of name) {
    const atvs: Uint8Array[] = [];
    for (const atv of rdn) {
      const value = valueDer(atv.value);
      if (!value) return new Uint8Array(AsnConvert.serialize(name));
      atvs.push(tlv(TAG.sequence, oidDer(atv.type), value));
    }
    // More than one attribute in an RDN: DER sorts the SET, the library may not; let it decide.
    if (atvs.length !== 1) return new Uint8Array(AsnConvert.serialize(name));
    rdns.push(tlvOf(SET, atvs));
  }
  return tlvOf(TAG.sequence, rdns);
}
