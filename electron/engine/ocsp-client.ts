/**
 * The client side of OCSP (RFC 6960), as the reachability check asks a responder what a client would
 * hear: a request for one serial of a CA (SHA-1 CertID, as OpenSSL and browsers send, with a nonce),
 * and a reader for the answer that trusts nothing in it: the status, the signature (by the CA's key
 * or by a certificate the CA issued), the serial and nonce echoed back, the times.
 */
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { OID } from './oids.js';
import { canonicalSerialHex } from './serial.js';

/** The hash each signature algorithm uses (node:crypto's name); null: the algorithm hashes itself (EdDSA). */
const SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': null,
};

const bytes = (b: ArrayBuffer | ArrayBufferView) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

/** The content octets of a positive INTEGER (a serial): minimal, with a leading zero when the top bit is set. */
function integerContent(hex: string): ArrayBuffer {
  const value = Buffer.from(canonicalSerialHex(hex), 'hex');
  return new Uint8Array(value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value).buffer;
}

export interface BuiltOcspRequest {
  readonly der: Uint8Array;
  /** The nonce sent (hex), which the answer must echo when it carries one. */
  readonly nonceHex: string;
}

/** An OCSP request about `serialHex` of the CA whose certificate is `caDer`. */
export function buildOcspRequest(caDer: Uint8Array, serialHex: string): BuiltOcspRequest {
  const ca = AsnConvert.parse(caDer, asn.Certificate);
  const sha1 = (data: ArrayBuffer | Uint8Array) => new Uint8Array(createHash('sha1').update(bytes(data)).digest());
  const certId = new ocsp.CertID({
    hashAlgorithm: new asn.AlgorithmIdentifier({ algorithm: OID.sha1, parameters: null }),
    issuerNameHash: new OctetString(sha1(AsnConvert.serialize(ca.tbsCertificate.subject))),
    issuerKeyHash: new OctetString(sha1(ca.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: integerContent(serialHex),
  });
  const nonce = randomBytes(16);
  const tbsRequest = new ocsp.TBSRequest({
    requestList: [new ocsp.Request({ reqCert: certId })],
    requestExtensions: [new asn.Extension({ extnID: ocsp.id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })],
  });
  return { der: new Uint8Array(AsnConvert.serialize(new ocsp.OCSPRequest({ tbsRequest }))), nonceHex: nonce.toString('hex') };
}

export type OcspResponseStatusName = 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized' | 'unknown';

export interface OcspReading {
  readonly responseStatus: OcspResponseStatusName;
  /** For the serial asked about; null when the response says nothing about it (or is not successful). */
  readonly certStatus: 'good' | 'revoked' | 'unknown' | null;
  readonly revokedAt: string | null;
  /** verified: by the CA's key or a certificate it signed; invalid: the signature does not verify; unverifiable: an algorithm not checked here. */
  readonly signature: 'verified' | 'invalid' | 'unverifiable' | null;
  /** Who signed: the CA itself, or a delegated responder certificate. */
  readonly signer: 'ca' | 'delegated' | null;
  /** true/false when the request had a nonce and the answer carries one; null when the answer has none. */
  readonly nonceMatches: boolean | null;
  readonly thisUpdate: string | null;
  readonly nextUpdate: string | null;
}

const STATUS_NAMES: Readonly<Record<number, OcspResponseStatusName>> = { 0: 'successful', 1: 'malformedRequest', 2: 'internalError', 3: 'tryLater', 5: 'sigRequired', 6: 'unauthorized' };

/** Whether `signature` over `data` verifies with the key of `certificateDer` under `algorithm`; null when the algorithm is not one checked here. */
function verifies(algorithm: string, data: Uint8Array, signature: Uint8Array, certificateDer: Uint8Array): boolean | null {
  if (!(algorithm in SIGNATURE_HASH)) return null;
  try {
    return verify(SIGNATURE_HASH[algorithm] ?? null, data, new X509Certificate(certificateDer).publicKey, signature);
  } catch {
    return false;
  }
}

/** Whether `certificateDer` was signed by the CA `caDer` and is for OCSP signing (RFC 6960 §4.2.2.2). */
function isDelegateOf(certificateDer: Uint8Array, caDer: Uint8Array): boolean {
  try {
    const cert = new X509Certificate(certificateDer);
    return cert.checkIssued(new X509Certificate(caDer)) && cert.verify(new X509Certificate(caDer).publicKey) && (cert.keyUsage ?? []).includes(OID.ocspSigning);
  } catch {
    return false;
  }
}

/** Reads an OCSP response to a request built by {@link buildOcspRequest}. Throws on bytes that are not an OCSP response. */
export function readOcspResponse(der: Uint8Array, asked: { readonly caDer: Uint8Array; readonly serialHex: string; readonly nonceHex: string }): OcspReading {
  const response = AsnConvert.parse(der, ocsp.OCSPResponse);
  const responseStatus = STATUS_NAMES[response.responseStatus] ?? 'unknown';
  const none: OcspReading = { responseStatus, certStatus: null, revokedAt: null, signature: null, signer: null, nonceMatches: null, thisUpdate: null, nextUpdate: null };
  if (responseStatus !== 'successful' || !response.responseBytes) return none;
  if (response.responseBytes.responseType !== ocsp.id_pkix_ocsp_basic) return none;
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, ocsp.BasicOCSPResponse);
  const data = basic.tbsResponseData;
  const tbs = new Uint8Array(AsnConvert.serialize(data));
  const signature = bytes(basic.signature);
  const algorithm = basic.signatureAlgorithm.algorithm;

  // Signed by the CA itself, or by a certificate in the response that the CA issued for OCSP signing.
  let signer: OcspReading['signer'] = null;
  let verdict: OcspReading['signature'] = 'invalid';
  const byCa = verifies(algorithm, tbs, signature, asked.caDer);
  if (byCa === null) verdict = 'unverifiable';
  else if (byCa) [signer, verdict] = ['ca', 'verified'];
  else {
    for (const cert of basic.certs ?? []) {
      const certDer = new Uint8Array(AsnConvert.serialize(cert));
      if (isDelegateOf(certDer, asked.caDer) && verifies(algorithm, tbs, signature, certDer)) {
        [signer, verdict] = ['delegated', 'verified'];
        break;
      }
    }
  }

  const nonceExt = data.responseExtensions?.find((e) => e.extnID === ocsp.id_pkix_ocsp_nonce);
  let nonceMatches: boolean | null = null;
  if (nonceExt) {
    const value = Buffer.from(bytes(nonceExt.extnValue.buffer));
    let echoed = value.toString('hex');
    try {
      echoed = Buffer.from(bytes(AsnConvert.parse(value, OctetString).buffer)).toString('hex');
    } catch {
      // A bare nonce (older responders): compared as it is.
    }
    nonceMatches = echoed === asked.nonceHex;
  }

  const serial = canonicalSerialHex(asked.serialHex);
  const single = data.responses.find((r) => canonicalSerialHex(Buffer.from(bytes(r.certID.serialNumber)).toString('hex')) === serial);
  const base = { ...none, signature: verdict, signer, nonceMatches };
  if (!single) return base;
  const status = single.certStatus;
  const certStatus = status.revoked ? 'revoked' : status.good !== undefined ? 'good' : 'unknown';
  return {
    ...base,
    certStatus,
    revokedAt: status.revoked ? status.revoked.revocationTime.toISOString() : null,
    thisUpdate: single.thisUpdate.toISOString(),
    nextUpdate: single.nextUpdate ? single.nextUpdate.toISOString() : null,
  };
}
