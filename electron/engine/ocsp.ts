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
import { canonicalSerialHex } from './serial.js';
import type { EngineCrypto } from './webcrypto.js';

const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const HASHES: Readonly<Record<string, 'sha1' | 'sha256'>> = { [SHA1]: 'sha1', [SHA256]: 'sha256' };

/** Requests above this are refused as malformed before parsing. */
export const MAX_OCSP_REQUEST_BYTES = 64 * 1024;

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
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === ocsp.id_pkix_ocsp_nonce)?.extnValue.buffer ?? null;
  return {
    nonce,
    certificates: list.map(({ reqCert }) => ({
      certId: reqCert,
      hash: HASHES[reqCert.hashAlgorithm.algorithm] ?? null,
      issuerNameHash: hex(reqCert.issuerNameHash.buffer),
      issuerKeyHash: hex(reqCert.issuerKeyHash.buffer),
      serialNumberHex: canonicalSerialHex(hex(reqCert.serialNumber)),
    })),
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
