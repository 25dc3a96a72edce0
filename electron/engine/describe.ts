/** Plain-data facts about a certificate, as the UI shows them. */
import { nameToSubject, rfc4514 } from './names.js';
import { toPem } from './pem.js';
import { X509, type EngineCrypto } from './webcrypto.js';
import type { SubjectFields } from '../../shared/validation/subject.js';

export interface CertificateFacts {
  readonly subject: SubjectFields;
  readonly subjectDn: string;
  readonly serialNumberHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256Fingerprint: string;
  readonly pathLength: number | null;
  readonly signatureAlgorithm: string;
  readonly subjectKeyIdentifier: string;
  readonly spkiSha256: string;
  readonly certificatePem: string;
}

export function colonHex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

const HASH_NAMES: Record<string, string> = { 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512', 'SHA-1': 'SHA1' };

function signatureAlgorithmName(cert: X509.X509Certificate): string {
  const alg = cert.signatureAlgorithm as Algorithm & { hash?: Algorithm };
  const hash = alg.hash ? HASH_NAMES[alg.hash.name] ?? alg.hash.name : '';
  switch (alg.name) {
    case 'ECDSA':
      return `ecdsa-with-${hash}`;
    case 'RSASSA-PKCS1-v1_5':
      return `${hash.toLowerCase()}WithRSAEncryption`;
    case 'RSA-PSS':
      return `rsassaPss (${hash})`;
    default:
      return alg.name;
  }
}

export async function describeCertificate(cert: X509.X509Certificate, crypto: EngineCrypto): Promise<CertificateFacts> {
  const basic = cert.getExtension(X509.BasicConstraintsExtension);
  const ski = cert.getExtension(X509.SubjectKeyIdentifierExtension);
  const [fingerprint, spkiHash] = await Promise.all([
    cert.getThumbprint('SHA-256', crypto),
    crypto.subtle.digest('SHA-256', cert.publicKey.rawData),
  ]);
  return {
    subject: nameToSubject(cert.subjectName),
    subjectDn: rfc4514(cert.subjectName),
    serialNumberHex: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: colonHex(fingerprint),
    pathLength: basic?.pathLength ?? null,
    signatureAlgorithm: signatureAlgorithmName(cert),
    subjectKeyIdentifier: ski ? colonHex(Buffer.from(ski.keyId, 'hex')) : '',
    spkiSha256: Buffer.from(spkiHash).toString('base64'),
    certificatePem: toPem('CERTIFICATE', new Uint8Array(cert.rawData)),
  };
}
