/** What kind of public key a SubjectPublicKeyInfo holds, in words and as our algorithm id. */
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import type * as asn from '@peculiar/asn1-x509';
import type { KeyDescription } from '../../shared/domain/certificate.js';
import { CURVES, OID } from './oids.js';

export type KeyFamily = 'rsa' | 'ec' | 'ed25519' | 'other';

export interface KeyInfo extends KeyDescription {
  readonly family: KeyFamily;
  /** RSA modulus bits, EC field bits. */
  readonly bits: number | null;
}

function rsaBits(spki: asn.SubjectPublicKeyInfo): number {
  const key = AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey);
  const modulus = new Uint8Array(key.modulus);
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  const first = modulus[start] ?? 0;
  return (modulus.length - start - 1) * 8 + (first === 0 ? 0 : Math.floor(Math.log2(first)) + 1);
}

export function describeKey(spki: asn.SubjectPublicKeyInfo): KeyInfo {
  const oid = spki.algorithm.algorithm;
  if (oid === OID.rsaEncryption) {
    const bits = rsaBits(spki);
    const id = bits === 2048 ? 'rsa2048' : bits === 3072 ? 'rsa3072' : bits === 4096 ? 'rsa4096' : null;
    return { family: 'rsa', bits, algorithm: id, label: `RSA ${bits}` };
  }
  if (oid === OID.ecPublicKey && spki.algorithm.parameters) {
    const curveOid = AsnConvert.parse(spki.algorithm.parameters, ECParameters).namedCurve ?? '';
    const curve = CURVES[curveOid];
    return curve
      ? { family: 'ec', bits: curve.bits, algorithm: curve.id, label: `ECDSA ${curve.name}` }
      : { family: 'ec', bits: null, algorithm: null, label: `ECDSA (curve ${curveOid || 'unnamed'})` };
  }
  if (oid === OID.ed25519) return { family: 'ed25519', bits: 256, algorithm: 'ed25519', label: 'Ed25519' };
  return { family: 'other', bits: null, algorithm: null, label: `Unknown key type (${oid})` };
}
