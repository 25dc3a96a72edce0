/**
 * RFC 8018 PBES2 parameter structures (there is no @peculiar/asn1-pkcs5), declared once for the
 * encrypted PKCS#8 and PKCS#12 code.
 */
import { AsnPropTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { asnFields } from '../asn-fields.js';

/** RFC 8018 PBKDF2-params; the salt is the `specified` OCTET STRING (the only choice in use). */
export class Pbkdf2Params {
  salt = new ArrayBuffer(0);
  iterationCount: number | string = 0;
  keyLength?: number | string;
  /** DEFAULT hmacWithSHA1. */
  prf?: AlgorithmIdentifier;
}
asnFields(Pbkdf2Params, {
  salt: { type: AsnPropTypes.OctetString },
  iterationCount: { type: AsnPropTypes.Integer },
  keyLength: { type: AsnPropTypes.Integer, optional: true },
  prf: { type: AlgorithmIdentifier, optional: true },
});

/** RFC 8018 PBES2-params. */
export class Pbes2Params {
  keyDerivationFunc = new AlgorithmIdentifier();
  encryptionScheme = new AlgorithmIdentifier();
}
asnFields(Pbes2Params, {
  keyDerivationFunc: { type: AlgorithmIdentifier },
  encryptionScheme: { type: AlgorithmIdentifier },
});

