/**
 * Builds and signs a certificate straight from the ASN.1 schema: TBSCertificate → DER → WebCrypto
 * signature → Certificate DER. No intermediate objects are parsed back, which is what makes bulk
 * issuance fast (x509's generator re-parses every extension and the result).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { time, tlv, TAG } from './der.js';
import { signingAlgorithm } from './keys.js';
import { nodeSignature } from './node-signer.js';
import { OID } from './oids.js';
import { X509, type Bytes, type EngineCrypto } from './webcrypto.js';

const NULL_PARAMETERS = new Uint8Array([0x05, 0x00]).buffer;

const SIGNATURE_ALGORITHM: Readonly<Record<KeyAlgorithmId, { oid: string; nullParameters: boolean; curve?: string }>> = {
  p256: { oid: OID.ecdsaWithSha256, nullParameters: false, curve: 'P-256' },
  p384: { oid: OID.ecdsaWithSha384, nullParameters: false, curve: 'P-384' },
  rsa2048: { oid: OID.sha256WithRsa, nullParameters: true },
  rsa3072: { oid: OID.sha256WithRsa, nullParameters: true },
  rsa4096: { oid: OID.sha256WithRsa, nullParameters: true },
  ed25519: { oid: OID.ed25519, nullParameters: false },
};

export function signatureAlgorithmIdentifier(algorithm: KeyAlgorithmId): asn.AlgorithmIdentifier {
  const spec = SIGNATURE_ALGORITHM[algorithm];
  return new asn.AlgorithmIdentifier(spec.nullParameters ? { algorithm: spec.oid, parameters: NULL_PARAMETERS } : { algorithm: spec.oid });
}

const ecFormatter = new X509.AsnEcSignatureFormatter();

/** WebCrypto's signature bytes as X.509 wants them (ECDSA: r||s → DER SEQUENCE). */
function toAsnSignature(algorithm: KeyAlgorithmId, signature: ArrayBuffer): ArrayBuffer {
  const curve = SIGNATURE_ALGORITHM[algorithm].curve;
  if (!curve) return signature;
  const der = ecFormatter.toAsnSignature({ name: 'ECDSA', namedCurve: curve } as EcKeyAlgorithm, signature);
  if (!der) throw new Error('Could not encode the ECDSA signature');
  return der;
}

export interface Signer {
  readonly privateKey: CryptoKey;
  readonly algorithm: KeyAlgorithmId;
}

export interface CertificateContent {
  readonly serialNumberHex: string;
  /** DER of the issuer's Name, byte for byte as in the issuer's certificate. */
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo, as WebCrypto exports it or a CSR carries it. */
  readonly subjectPublicKeyInfo: Uint8Array;
  /** Each a DER-encoded Extension (see encodeExtension). */
  readonly extensions: readonly Uint8Array[];
}

/** Signs any DER with the signer's key, in the encoding X.509 signatures use. */
export async function signDer(signer: Signer, der: Uint8Array, crypto: EngineCrypto): Promise<ArrayBuffer> {
  // Node's own keys sign through node:crypto: see node-signer.ts for the measurement.
  const fast = nodeSignature(signer, der, crypto);
  if (fast) return fast.slice().buffer;
  const raw = await crypto.subtle.sign(signingAlgorithm(signer.algorithm), signer.privateKey, der as Bytes);
  return toAsnSignature(signer.algorithm, raw);
}

export function encode(value: object): Uint8Array<ArrayBuffer> {
  return new Uint8Array(AsnConvert.serialize(value));
}

const VERSION_3 = tlv(TAG.context0, tlv(TAG.integer, new Uint8Array([2])));
const algorithmIdentifiers = new Map<KeyAlgorithmId, Uint8Array>();

function algorithmIdentifierDer(algorithm: KeyAlgorithmId): Uint8Array {
  let der = algorithmIdentifiers.get(algorithm);
  if (!der) algorithmIdentifiers.set(algorithm, (der = encode(signatureAlgorithmIdentifier(algorithm))));
  return der;
}

/**
 * RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
 * Each element is encoded by the schema library (or is DER already); only the SEQUENCEs around them
 * are written here.
 */
export async function buildCertificate(content: CertificateContent, signer: Signer, crypto: EngineCrypto): Promise<Bytes> {
  const algorithm = algorithmIdentifierDer(signer.algorithm);
  const tbs = tlv(
    TAG.sequence,
    VERSION_3,
    tlv(TAG.integer, Buffer.from(content.serialNumberHex, 'hex')),
    algorithm,
    content.issuerName,
    tlv(TAG.sequence, time(content.notBefore), time(content.notAfter)),
    content.subjectName,
    content.subjectPublicKeyInfo,
    tlv(TAG.context3, tlv(TAG.sequence, ...content.extensions)),
  );
  const signature = new Uint8Array(await signDer(signer, tbs, crypto));
  return tlv(TAG.sequence, tbs, algorithm, tlv(TAG.bitString, new Uint8Array([0]), signature));
}

export function parseName(der: ArrayBuffer | Uint8Array): asn.Name {
  return AsnConvert.parse(der, asn.Name);
}

export function parseSpki(der: ArrayBuffer | Uint8Array): asn.SubjectPublicKeyInfo {
  return AsnConvert.parse(der, asn.SubjectPublicKeyInfo);
}
