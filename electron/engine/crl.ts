/**
 * Builds and signs an X.509 v2 CRL (RFC 5280 §5) for any number of entries. At 100,000 revoked
 * certificates x509's CrlGenerator takes minutes (it builds an object per entry and re-encodes the
 * whole list through the schema library); here each entry is a handful of bytes written straight
 * from constant pieces — the extension OIDs, reason codes and Time encodings are fixed formats — and
 * the list is wrapped once. Signing is the same path certificates use.
 */
import { REASON_INFO, type RevocationReason } from '../../shared/domain/revocation.js';
import { signDer, signatureAlgorithmIdentifier, encode, type Signer } from './certificate-builder.js';
import { generalizedTime, TAG, time, tlv, tlvOf } from './der.js';
import { canonicalSerialHex } from './serial.js';
import type { Bytes, EngineCrypto } from './webcrypto.js';

export interface CrlEntry {
  readonly serialNumberHex: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
  readonly invalidityDate?: Date | null;
}

export interface CrlContent {
  /** DER of the issuer's Name, byte for byte as in its certificate. */
  readonly issuerName: Uint8Array;
  /** The issuer's subject key identifier, repeated as the CRL's authority key identifier. */
  readonly issuerKeyId: Uint8Array;
  /** Monotonic, never reused (RFC 5280 §5.2.3). */
  readonly crlNumber: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly entries: readonly CrlEntry[];
}

// Object identifiers, DER-encoded (06 len value): id-ce 2.5.29.x is 55 1d x.
const OID_CRL_NUMBER = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x14]);
const OID_REASON_CODE = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x15]);
const OID_INVALIDITY_DATE = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x18]);
const OID_AUTHORITY_KEY_IDENTIFIER = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x23]);
const VERSION_2 = tlv(TAG.integer, new Uint8Array([1]));
/** [0] IMPLICIT KeyIdentifier inside AuthorityKeyIdentifier. */
const KEY_IDENTIFIER_TAG = 0x80;

/** A positive INTEGER from hex: minimal, with a leading zero byte when the top bit is set. */
export function positiveInteger(hex: string): Uint8Array {
  const bytes = Buffer.from(canonicalSerialHex(hex), 'hex');
  return tlv(TAG.integer, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function integer(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`CRL number ${value} is not a non-negative safe integer`);
  return positiveInteger(value.toString(16));
}

function extension(oid: Uint8Array, value: Uint8Array): Uint8Array {
  return tlv(TAG.sequence, oid, tlv(TAG.octetString, value));
}

/**
 * The reasonCode entry extension per reason, encoded once. RFC 5280 §5.3.1: unspecified SHOULD be
 * expressed by leaving the extension out.
 */
const REASON_EXTENSION = new Map<RevocationReason, Uint8Array | null>(
  Object.entries(REASON_INFO).map(([reason, info]) => [reason as RevocationReason, info.code === 0 ? null : extension(OID_REASON_CODE, tlv(TAG.enumerated, new Uint8Array([info.code])))]),
);

function entryDer(entry: CrlEntry): Uint8Array {
  const extensions: Uint8Array[] = [];
  const reason = REASON_EXTENSION.get(entry.reason);
  if (reason === undefined) throw new RangeError(`Unknown revocation reason ${entry.reason}`);
  if (reason) extensions.push(reason);
  if (entry.invalidityDate) extensions.push(extension(OID_INVALIDITY_DATE, generalizedTime(entry.invalidityDate)));
  return extensions.length > 0
    ? tlv(TAG.sequence, positiveInteger(entry.serialNumberHex), time(entry.revokedAt), tlvOf(TAG.sequence, extensions))
    : tlv(TAG.sequence, positiveInteger(entry.serialNumberHex), time(entry.revokedAt));
}

/** Entries encoded between two yields to the event loop: main stays responsive while a huge CRL is built. */
const CHUNK = 10_000;

/** The unsigned TBSCertList. */
export async function crlToBeSigned(content: CrlContent, signer: Pick<Signer, 'algorithm'>): Promise<Uint8Array<ArrayBuffer>> {
  if (content.nextUpdate <= content.thisUpdate) throw new RangeError('A CRL’s nextUpdate must come after its thisUpdate');
  const algorithm = encode(signatureAlgorithmIdentifier(signer.algorithm));
  const crlExtensions = tlv(
    TAG.context0,
    tlv(
      TAG.sequence,
      extension(OID_AUTHORITY_KEY_IDENTIFIER, tlv(TAG.sequence, tlv(KEY_IDENTIFIER_TAG, content.issuerKeyId))),
      extension(OID_CRL_NUMBER, integer(content.crlNumber)),
    ),
  );
  const parts: Uint8Array[] = [VERSION_2, algorithm, content.issuerName, time(content.thisUpdate), time(content.nextUpdate)];
  // An empty list is left out altogether (RFC 5280 §5.1.2.6), not written as an empty SEQUENCE.
  if (content.entries.length > 0) {
    const encoded: Uint8Array[] = new Array(content.entries.length);
    for (let i = 0; i < content.entries.length; i++) {
      encoded[i] = entryDer(content.entries[i]!);
      if ((i + 1) % CHUNK === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    parts.push(tlvOf(TAG.sequence, encoded));
  }
  parts.push(crlExtensions);
  return tlvOf(TAG.sequence, parts);
}

/** CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }. */
export async function buildCrl(content: CrlContent, signer: Signer, crypto: EngineCrypto): Promise<Bytes> {
  const tbs = await crlToBeSigned(content, signer);
  const signature = new Uint8Array(await signDer(signer, tbs, crypto));
  return tlv(TAG.sequence, tbs, encode(signatureAlgorithmIdentifier(signer.algorithm)), tlv(TAG.bitString, new Uint8Array([0]), signature));
}
