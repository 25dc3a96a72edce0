/**
 * OCSP (RFC 6960) with @peculiar/asn1-ocsp: read a request's CertIDs and nonce, and build a signed
 * BasicOCSPResponse — good, revoked (with time and reason) or unknown per certificate — or an
 * unsigned error response (malformedRequest, internalError, tryLater, unauthorized).
 */
import { createHash } from 'node:crypto';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { REASON_INFO, type RevocationReason } from '../../shared/domain/revocation.js';
import { encode, signatureAlgorithmIdentifier, signDer, type Signer } from './certificate-builder.js';
import { OID } from './oids.js';
import { canonicalSerialHex } from './serial.js';
import type { EngineCrypto } from './webcrypto.js';

const HASHES: Readonly<Record<string, 'sha1' | 'sha256'>> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256' };

/** Requests above this are refused as malformed before parsing. */
export const MAX_OCSP_REQUEST_BYTES = 64 * 1024;

/**
 * RFC 8954 §2.1: a nonce is 1 to 32 octets, and a responder rejects any other length with
 * malformedRequest. The nonce is echoed into the signed response, so this is also how many bytes of
 * the requester's choosing the CA key will sign there.
 */
export const MAX_OCSP_NONCE_BYTES = 32;

/** A CertID is echoed into the signed response too: its parts are bounded like the nonce. */
const HASH_LENGTHS: Readonly<Record<'sha1' | 'sha256', number>> = { sha1: 20, sha256: 32 };
/** The longest hash any CertID algorithm produces (SHA-512), for algorithms this responder does not use. */
const MAX_FOREIGN_HASH_BYTES = 64;
const MAX_FOREIGN_OID_CHARS = 64;
/** RFC 5280 §4.1.2.2: conforming CAs use serial numbers of at most 20 octets. */
const MAX_SERIAL_BYTES = 20;
/** DER NULL: the only AlgorithmIdentifier parameters a hash algorithm takes. */
const DER_NULL = '0500';

export class OcspRequestError extends Error {}

export interface RequestedCertificate {
  /** The CertID as sent, echoed in the response. */
  readonly certId: ocsp.CertID;
  readonly hash: 'sha1' | 'sha256' | null;
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  /** Lower-case hex, no leading zero bytes. */
  readonly serialNumberHex: string;
}

export interface ParsedOcspRequest {
  readonly certificates: readonly RequestedCertificate[];
  /** The nonce extension's value, echoed in the response (RFC 8954). */
  readonly nonce: ArrayBuffer | null;
}

const hex = (buffer: ArrayBuffer | Uint8Array) => Buffer.from(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer)).toString('hex');

export function parseOcspRequest(der: Uint8Array): ParsedOcspRequest {
  if (der.length === 0 || der.length > MAX_OCSP_REQUEST_BYTES) throw new OcspRequestError(`An OCSP request of ${der.length} bytes is not acceptable`);
  let request: ocsp.OCSPRequest;
  try {
    request = AsnConvert.parse(der, ocsp.OCSPRequest);
  } catch (error) {
    throw new OcspRequestError(`Not an OCSP request: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = request.tbsRequest.requestList;
  if (list.length === 0 || list.length > 100) throw new OcspRequestError(`An OCSP request must ask about 1 to 100 certificates, not ${list.length}`);
  const nonces = (request.tbsRequest.requestExtensions ?? []).filter((e) => e.extnID === ocsp.id_pkix_ocsp_nonce);
  if (nonces.length > 1) throw new OcspRequestError('An OCSP request carries at most one nonce');
  const nonce = nonces[0]?.extnValue.buffer ?? null;
  if (nonce !== null) {
    const length = nonceLength(new Uint8Array(nonce));
    if (length < 1 || length > MAX_OCSP_NONCE_BYTES) throw new OcspRequestError(`An OCSP nonce is 1 to ${MAX_OCSP_NONCE_BYTES} bytes (RFC 8954), not ${length}`);
  }
  return { nonce, certificates: list.map(({ reqCert }) => requestedCertificate(reqCert)) };
}

/**
 * The nonce's length. RFC 8954 wraps it in an OCTET STRING inside the extension value (as OpenSSL
 * sends it); older clients put the bare bytes there, so anything else counts as a whole.
 */
function nonceLength(value: Uint8Array): number {
  if (value.length < 2 || value[0] !== 0x04) return value.length;
  let length = value[1]!;
  let start = 2;
  if (length & 0x80) {
    const size = length & 0x7f;
    if (size === 0 || size > 3 || value.length < 2 + size) return value.length;
    length = 0;
    for (let i = 0; i < size; i += 1) length = length * 256 + value[2 + i]!;
    start += size;
  }
  return start + length === value.length ? length : value.length;
}

/** One CertID, checked so that echoing it signs nothing unbounded (RFC 6960 §4.1.1). */
function requestedCertificate(reqCert: ocsp.CertID): RequestedCertificate {
  const { algorithm, parameters } = reqCert.hashAlgorithm;
  if (parameters != null && hex(parameters) !== DER_NULL) throw new OcspRequestError('A CertID hash algorithm takes no parameters');
  const hash = HASHES[algorithm] ?? null;
  const [name, key] = [reqCert.issuerNameHash.byteLength, reqCert.issuerKeyHash.byteLength];
  if (hash !== null ? name !== HASH_LENGTHS[hash] || key !== HASH_LENGTHS[hash] : algorithm.length > MAX_FOREIGN_OID_CHARS || name > MAX_FOREIGN_HASH_BYTES || key > MAX_FOREIGN_HASH_BYTES) {
    throw new OcspRequestError('A CertID hash does not have the length of its algorithm');
  }
  if (reqCert.serialNumber.byteLength < 1 || reqCert.serialNumber.byteLength > MAX_SERIAL_BYTES) throw new OcspRequestError(`A serial number is 1 to ${MAX_SERIAL_BYTES} octets (RFC 5280)`);
  return {
    certId: reqCert,
    hash,
    issuerNameHash: hex(reqCert.issuerNameHash.buffer),
    issuerKeyHash: hex(reqCert.issuerKeyHash.buffer),
    serialNumberHex: canonicalSerialHex(hex(reqCert.serialNumber)),
  };
}

/** issuerNameHash and issuerKeyHash of a CA certificate, as a CertID names it. */
export function issuerHashes(caCertificateDer: Uint8Array, hash: 'sha1' | 'sha256'): { name: string; key: string } {
  const cert = AsnConvert.parse(caCertificateDer, asn.Certificate);
  const name = AsnConvert.serialize(cert.tbsCertificate.subject);
  const key = cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey;
  return { name: createHash(hash).update(new Uint8Array(name)).digest('hex'), key: createHash(hash).update(new Uint8Array(key)).digest('hex') };
}

/** SHA-1 of the responder's public key bits: the ResponderID byKey. */
export function responderKeyHash(certificateDer: Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(certificateDer, asn.Certificate);
  return createHash('sha1').update(new Uint8Array(cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest();
}

export type CertificateState = { readonly status: 'good' } | { readonly status: 'unknown' } | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason: RevocationReason };

export interface OcspAnswer {
  readonly certId: ocsp.CertID;
  readonly state: CertificateState;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
}

export interface OcspResponseContent {
  /** The signer's certificate DER: its key hash is the ResponderID. */
  readonly responderCertificateDer: Uint8Array;
  readonly producedAt: Date;
  readonly answers: readonly OcspAnswer[];
  readonly nonce: ArrayBuffer | null;
  /** Certificates sent along (a delegated responder's certificate). */
  readonly certificatesDer?: readonly Uint8Array[];
}

const seconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

function certStatus(state: CertificateState): ocsp.CertStatus {
  if (state.status === 'good') return new ocsp.CertStatus({ good: null });
  if (state.status === 'unknown') return new ocsp.CertStatus({ unknown: null });
  const code = REASON_INFO[state.reason].code;
  return new ocsp.CertStatus({ revoked: new ocsp.RevokedInfo({ revocationTime: seconds(state.revokedAt), ...(code === 0 ? {} : { revocationReason: new asn.CRLReason(code) }) }) });
}

/** A successful, signed OCSP response. */
export async function buildOcspResponse(content: OcspResponseContent, signer: Signer, crypto: EngineCrypto): Promise<Uint8Array> {
  const data = new ocsp.ResponseData({
    responderID: new ocsp.ResponderID({ byKey: new ocsp.KeyHash(responderKeyHash(content.responderCertificateDer)) }),
    producedAt: seconds(content.producedAt),
    responses: content.answers.map((a) => new ocsp.SingleResponse({ certID: a.certId, certStatus: certStatus(a.state), thisUpdate: seconds(a.thisUpdate), nextUpdate: seconds(a.nextUpdate) })),
    ...(content.nonce ? { responseExtensions: [new asn.Extension({ extnID: ocsp.id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(content.nonce) })] } : {}),
  });
  const tbs = encode(data);
  const basic = new ocsp.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: signatureAlgorithmIdentifier(signer.algorithm),
    signature: await signDer(signer, tbs, crypto),
    ...(content.certificatesDer?.length ? { certs: content.certificatesDer.map((d) => AsnConvert.parse(d, asn.Certificate)) } : {}),
  });
  return encode(
    new ocsp.OCSPResponse({
      responseStatus: ocsp.OCSPResponseStatus.successful,
      responseBytes: new ocsp.ResponseBytes({ responseType: ocsp.id_pkix_ocsp_basic, response: new OctetString(encode(basic)) }),
    }),
  );
}

/** An unsigned error response (RFC 6960 §2.3). */
export function ocspErrorResponse(status: 'malformedRequest' | 'internalError' | 'tryLater' | 'unauthorized'): Uint8Array {
  return encode(new ocsp.OCSPResponse({ responseStatus: ocsp.OCSPResponseStatus[status] }));
}
