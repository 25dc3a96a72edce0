/**
 * A certs-only ("degenerate") PKCS#7 / CMS SignedData, the .p7b format Windows and Java tools
 * import: version 1, no digest algorithms, id-data content with no eContent, the certificates, no
 * signers (RFC 5652 §5, as `openssl crl2pkcs7 -nocrl` writes it).
 *
 * Built with @peculiar/asn1-cms rather than x509's X509Certificates.export, which puts an empty
 * eContent OCTET STRING in the encapsulated content; a degenerate SignedData leaves it out.
 */
import { CertificateChoices, CertificateSet, ContentInfo, EncapsulatedContentInfo, SignedData, id_data, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { toPem } from '../pem.js';
import type { Bytes } from '../webcrypto.js';

export const PKCS7_PEM_LABEL = 'PKCS7';

function arrayBuffer(der: Uint8Array): ArrayBuffer {
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

/**
 * DER of a certs-only SignedData holding `certificates` in the given order (pass leaf first, root
 * last). The set is written in that order, as OpenSSL does, rather than DER-sorted.
 */
export function pkcs7CertsOnly(certificates: readonly Uint8Array[]): Bytes {
  if (certificates.length === 0) throw new Error('A .p7b needs at least one certificate');
  const signedData = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet(certificates.map((der) => new CertificateChoices({ certificate: AsnConvert.parse(arrayBuffer(der), Certificate) }))),
  });
  const contentInfo = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return new Uint8Array(AsnConvert.serialize(contentInfo));
}

/** PEM ("PKCS7") of {@link pkcs7CertsOnly}. */
export function pkcs7CertsOnlyPem(certificates: readonly Uint8Array[]): string {
  return toPem(PKCS7_PEM_LABEL, pkcs7CertsOnly(certificates));
}

/** The certificates (DER) in a PKCS#7 SignedData, in stored order. */
export function certificatesFromPkcs7(der: Uint8Array): Bytes[] {
  const contentInfo = AsnConvert.parse(arrayBuffer(der), ContentInfo);
  if (contentInfo.contentType !== id_signedData) throw new Error('This PKCS#7 object is not SignedData');
  const signedData = AsnConvert.parse(contentInfo.content, SignedData);
  return Array.from(signedData.certificates ?? []).flatMap((choice) => (choice.certificate ? [new Uint8Array(AsnConvert.serialize(choice.certificate))] : []));
}
