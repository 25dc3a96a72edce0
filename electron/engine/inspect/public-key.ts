/** A SubjectPublicKeyInfo in words: type, size or curve, and its SHA-256 pin. */
import { createHash } from 'node:crypto';
import type { PublicKeyView } from '../../../shared/domain/inspect.js';
import { contents, isUniversal, oidText, UNIVERSAL, walkDer, type DerNode } from './der.js';
import { CURVES, KEY_ALGORITHMS, OID } from '../oids.js';

const RSA: ReadonlySet<string> = new Set([OID.rsaEncryption, OID.rsassaPss]);

function integerBits(value: Uint8Array): number {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  const first = value[start];
  return first === undefined ? 0 : (value.length - start - 1) * 8 + (32 - Math.clz32(first));
}

/** Modulus size of an RSAPublicKey SEQUENCE { n, e }; null when malformed. */
export function rsaModulusBits(bytes: Uint8Array, rsaPublicKey: DerNode): number | null {
  const modulus = rsaPublicKey.children[0];
  return isUniversal(modulus, UNIVERSAL.integer) ? integerBits(contents(bytes, modulus)) : null;
}

export function spkiPin(spki: Uint8Array): string {
  return createHash('sha256').update(spki).digest('base64');
}

export function describePublicKey(spki: Uint8Array): PublicKeyView {
  const spkiSha256 = spkiPin(spki);
  try {
    const root = walkDer(spki);
    const [algorithm, key] = root.children;
    const oidNode = algorithm?.children[0];
    const oid = isUniversal(oidNode, UNIVERSAL.oid) ? oidText(contents(spki, oidNode)) : '';
    if (RSA.has(oid) && isUniversal(key, UNIVERSAL.bitString)) {
      const inner = contents(spki, key).subarray(1);
      const bits = rsaModulusBits(inner, walkDer(inner));
      return { label: `RSA ${bits ?? '?'}${oid === OID.rsassaPss ? ' (PSS)' : ''}`, family: 'rsa', bits, spkiSha256 };
    }
    if (oid === OID.ecPublicKey) {
      const params = algorithm!.children[1];
      const curveOid = isUniversal(params, UNIVERSAL.oid) ? oidText(contents(spki, params)) : '';
      const curve = CURVES[curveOid];
      return { label: curve ? `ECDSA ${curve.name}` : `ECDSA (curve ${curveOid || 'explicit parameters'})`, family: 'ec', bits: curve?.bits ?? null, spkiSha256 };
    }
    if (oid === OID.ed25519) return { label: 'Ed25519', family: 'ed25519', bits: 256, spkiSha256 };
    if (oid === OID.ed448) return { label: 'Ed448', family: 'ed448', bits: 456, spkiSha256 };
    return { label: `${KEY_ALGORITHMS[oid] ?? 'Unknown key type'} (${oid || 'no algorithm'})`, family: 'other', bits: null, spkiSha256 };
  } catch {
    return { label: 'Unreadable public key', family: 'other', bits: null, spkiSha256 };
  }
}
