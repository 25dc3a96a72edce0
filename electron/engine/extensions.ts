/**
 * The X.509 extensions Certwright writes, built from the @peculiar/asn1-x509 schema classes. One
 * function per extension; which extensions a certificate gets is decided in profiles.ts.
 */
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { SanEntry } from '../../shared/validation/san.js';
import { TAG, tlv } from './der.js';
import { OID } from './oids.js';
import type { NameConstraints } from '../../shared/domain/authority.js';

/** An encoded Extension: DER, ready to be placed in a certificate or a request. */
export type EncodedExtension = Uint8Array<ArrayBuffer>;

function extension(extnID: string, critical: boolean, value: object): EncodedExtension {
  return new Uint8Array(AsnConvert.serialize(new asn.Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) })));
}

export function basicConstraints(ca: boolean, pathLength: number | null = null): EncodedExtension {
  const value = new asn.BasicConstraints(ca ? { cA: true, ...(pathLength === null ? {} : { pathLenConstraint: pathLength }) } : {});
  return extension(asn.id_ce_basicConstraints, true, value);
}

export function keyUsage(flags: number): EncodedExtension {
  return extension(asn.id_ce_keyUsage, true, new asn.KeyUsage(flags));
}

/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): relying parties need not check a delegated responder's own status. */
export function ocspNoCheck(): EncodedExtension {
  return new Uint8Array(AsnConvert.serialize(new asn.Extension({ extnID: OID.ocspNoCheck, critical: false, extnValue: new OctetString(new Uint8Array([0x05, 0x00])) })));
}

export function extendedKeyUsage(oids: readonly string[]): EncodedExtension {
  return extension(asn.id_ce_extKeyUsage, false, new asn.ExtendedKeyUsage([...oids]));
}

/**
 * Key identifier per RFC 7093 §2 method 4: the leftmost 160 bits of the SHA-256 hash of the DER
 * SubjectPublicKeyInfo. It needs no parsing of the key (RFC 5280's method 1 hashes the BIT STRING
 * inside it), and any method is valid as long as the AKI of children repeats the issuer's SKI.
 */
export function keyIdentifier(subjectPublicKeyInfo: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(subjectPublicKeyInfo).digest().subarray(0, 20));
}

/** Extension { id-ce-subjectKeyIdentifier, OCTET STRING { OCTET STRING keyId } }, written directly: one per certificate. */
const SKI_OID = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x0e]);

export function subjectKeyIdentifier(keyId: Uint8Array): EncodedExtension {
  return tlv(TAG.sequence, SKI_OID, tlv(TAG.octetString, tlv(TAG.octetString, keyId)));
}

export function authorityKeyIdentifier(keyId: Uint8Array): EncodedExtension {
  return extension(asn.id_ce_authorityKeyIdentifier, false, new asn.AuthorityKeyIdentifier({ keyIdentifier: new asn.KeyIdentifier(keyId) }));
}

export function generalName(entry: SanEntry): asn.GeneralName {
  switch (entry.type) {
    case 'dns':
      return new asn.GeneralName({ dNSName: entry.value });
    case 'ip':
      return new asn.GeneralName({ iPAddress: entry.value });
    case 'email':
      return new asn.GeneralName({ rfc822Name: entry.value });
    case 'uri':
      return new asn.GeneralName({ uniformResourceIdentifier: entry.value });
  }
}

export function subjectAltName(entries: readonly SanEntry[]): EncodedExtension {
  return extension(asn.id_ce_subjectAltName, false, new asn.SubjectAlternativeName(entries.map(generalName)));
}

export function crlDistributionPoint(url: string): EncodedExtension {
  const point = new asn.DistributionPoint({
    distributionPoint: new asn.DistributionPointName({ fullName: [new asn.GeneralName({ uniformResourceIdentifier: url })] }),
  });
  return extension(asn.id_ce_cRLDistributionPoints, false, new asn.CRLDistributionPoints([point]));
}

export function authorityInfoAccess(ocspUrl: string | null, caIssuersUrl: string | null): EncodedExtension | null {
  const descriptions: asn.AccessDescription[] = [];
  if (ocspUrl) descriptions.push(new asn.AccessDescription({ accessMethod: asn.id_ad_ocsp, accessLocation: new asn.GeneralName({ uniformResourceIdentifier: ocspUrl }) }));
  if (caIssuersUrl) {
    descriptions.push(new asn.AccessDescription({ accessMethod: asn.id_ad_caIssuers, accessLocation: new asn.GeneralName({ uniformResourceIdentifier: caIssuersUrl }) }));
  }
  return descriptions.length === 0 ? null : extension(asn.id_pe_authorityInfoAccess, false, new asn.AuthorityInfoAccessSyntax(descriptions));
}

/** RFC 5280 §4.2.1.10: name constraints MUST be critical. */
export function nameConstraints(constraints: NameConstraints): EncodedExtension | null {
  const subtrees = (dns: readonly string[], ips: readonly string[]) => {
    const names = [...dns.map((d) => new asn.GeneralName({ dNSName: d })), ...ips.map((ip) => new asn.GeneralName({ iPAddress: ip }))];
    return names.length === 0 ? undefined : new asn.GeneralSubtrees(names.map((base) => new asn.GeneralSubtree({ base })));
  };
  const permittedSubtrees = subtrees(constraints.permittedDns, constraints.permittedIp);
  const excludedSubtrees = subtrees(constraints.excludedDns, constraints.excludedIp);
  if (!permittedSubtrees && !excludedSubtrees) return null;
  return extension(asn.id_ce_nameConstraints, true, new asn.NameConstraints({ permittedSubtrees, excludedSubtrees }));
}
