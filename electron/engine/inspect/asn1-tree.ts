/** The raw ASN.1 tree of an object, for the curious: every node with its tag, offset, length and a short value. */
import { ASN1_TREE_NODE_LIMIT, type AsnNode, type AsnTree } from '../../../shared/domain/inspect.js';
import { contents, DerError, oidText, smallInteger, stringValue, timeValue, UNIVERSAL, walkDer, type DerNode } from './der.js';
import { oidName } from '../oids.js';

const UNIVERSAL_NAMES: Readonly<Record<number, string>> = {
  1: 'BOOLEAN',
  2: 'INTEGER',
  3: 'BIT STRING',
  4: 'OCTET STRING',
  5: 'NULL',
  6: 'OBJECT IDENTIFIER',
  10: 'ENUMERATED',
  12: 'UTF8String',
  16: 'SEQUENCE',
  17: 'SET',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'T61String',
  22: 'IA5String',
  23: 'UTCTime',
  24: 'GeneralizedTime',
  26: 'VisibleString',
  28: 'UniversalString',
  30: 'BMPString',
};

const CLASS_PREFIX = ['', 'APPLICATION ', '', 'PRIVATE '];

function tagName(node: DerNode): string {
  if (node.tagClass === 0) return UNIVERSAL_NAMES[node.tagNumber] ?? `UNIVERSAL ${node.tagNumber}`;
  return `${CLASS_PREFIX[node.tagClass]}[${node.tagNumber}]`;
}

const PREVIEW_BYTES = 24;

function hexPreview(value: Uint8Array): string {
  const hex = Buffer.from(value.subarray(0, PREVIEW_BYTES)).toString('hex').toUpperCase();
  return value.length > PREVIEW_BYTES ? `${hex}… (${value.length} bytes)` : hex;
}

function valueOf(bytes: Uint8Array, node: DerNode): string | null {
  if (node.constructed) return null;
  const value = contents(bytes, node);
  if (node.tagClass !== 0) return value.length === 0 ? null : hexPreview(value);
  switch (node.tagNumber) {
    case UNIVERSAL.boolean:
      return value[0] ? 'TRUE' : 'FALSE';
    case UNIVERSAL.integer: {
      const small = value.length <= 6 ? smallInteger(value) : null;
      return small !== null ? String(small) : hexPreview(value);
    }
    case UNIVERSAL.oid: {
      const oid = oidText(value);
      const name = oidName(oid);
      return name ? `${oid} (${name})` : oid;
    }
    case UNIVERSAL.null:
      return null;
    case UNIVERSAL.utcTime:
    case UNIVERSAL.generalizedTime:
      return timeValue(bytes, node)?.toISOString() ?? hexPreview(value);
    case UNIVERSAL.bitString:
    case UNIVERSAL.octetString:
      return hexPreview(node.tagNumber === UNIVERSAL.bitString ? value.subarray(1) : value);
    default: {
      const text = stringValue(bytes, node);
      return text !== null ? JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text) : hexPreview(value);
    }
  }
}

/** OCTET and BIT STRINGs often wrap DER (extension values, keys): show what is inside when it parses whole. */
function encapsulated(bytes: Uint8Array, node: DerNode): { inner: Uint8Array; base: number } | null {
  if (node.tagClass !== 0 || node.constructed) return null;
  if (node.tagNumber !== UNIVERSAL.octetString && node.tagNumber !== UNIVERSAL.bitString) return null;
  let inner = contents(bytes, node);
  let base = node.offset + node.headerLength;
  if (node.tagNumber === UNIVERSAL.bitString) {
    if (inner[0] !== 0) return null;
    inner = inner.subarray(1);
    base += 1;
  }
  const first = inner[0];
  if (inner.length < 2 || (first !== 0x30 && first !== 0x31 && first !== 0x04 && first !== 0x03 && first !== 0x02)) return null;
  return { inner, base };
}

export function asn1Tree(bytes: Uint8Array, root: DerNode, limit = ASN1_TREE_NODE_LIMIT): AsnTree {
  let budget = limit;
  let truncated = false;
  const convert = (node: DerNode, bytesOf: Uint8Array, base: number): AsnNode | null => {
    if (budget <= 0) {
      truncated = true;
      return null;
    }
    budget--;
    let children: AsnNode[] = [];
    const wrapped = encapsulated(bytesOf, node);
    let value = valueOf(bytesOf, node);
    if (node.constructed) {
      children = node.children.flatMap((c) => convert(c, bytesOf, base) ?? []);
    } else if (wrapped) {
      try {
        const inner = walkDer(wrapped.inner);
        const child = convert(inner, wrapped.inner, base + wrapped.base);
        if (child) {
          children = [child];
          value = null;
        }
      } catch (error) {
        if (!(error instanceof DerError)) throw error;
      }
    }
    return { tag: tagName(node), offset: base + node.offset, length: node.length, value, children };
  };
  return { root: convert(root, bytes, 0)!, truncated };
}
