/** Extensions in words, for certificates and CSRs alike. Unknown ones are shown by OID with their bytes. */
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { ExtensionView } from '../../shared/domain/certificate.js';
import { colonHex } from './describe.js';
import { OID } from './extensions.js';

const EKU_NAMES: Readonly<Record<string, string>> = {
  [OID.serverAuth]: 'TLS Web Server Authentication (serverAuth)',
  [OID.clientAuth]: 'TLS Web Client Authentication (clientAuth)',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Email Protection',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  [OID.ocspSigning]: 'OCSP Signing',
  '2.5.29.37.0': 'Any Extended Key Usage',
};

const KEY_USAGE_BITS: ReadonlyArray<[number, string]> = [
  [asn.KeyUsageFlags.digitalSignature, 'Digital Signature'],
  [asn.KeyUsageFlags.nonRepudiation, 'Non Repudiation'],
  [asn.KeyUsageFlags.keyEncipherment, 'Key Encipherment'],
  [asn.KeyUsageFlags.dataEncipherment, 'Data Encipherment'],
  [asn.KeyUsageFlags.keyAgreement, 'Key Agreement'],
  [asn.KeyUsageFlags.keyCertSign, 'Certificate Sign'],
  [asn.KeyUsageFlags.cRLSign, 'CRL Sign'],
  [asn.KeyUsageFlags.encipherOnly, 'Encipher Only'],
  [asn.KeyUsageFlags.decipherOnly, 'Decipher Only'],
];

export function generalNameText(name: asn.GeneralName): string {
  if (name.dNSName !== undefined) return `DNS: ${name.dNSName}`;
  if (name.iPAddress !== undefined) return `IP: ${name.iPAddress}`;
  if (name.rfc822Name !== undefined) return `Email: ${name.rfc822Name}`;
  if (name.uniformResourceIdentifier !== undefined) return `URI: ${name.uniformResourceIdentifier}`;
  if (name.directoryName !== undefined) return 'Directory name';
  if (name.registeredID !== undefined) return `Registered ID: ${name.registeredID}`;
  return 'Other name';
}

type Explainer = { readonly name: string; readonly values: (der: ArrayBuffer) => string[] };

const EXPLAINERS: Readonly<Record<string, Explainer>> = {
  [asn.id_ce_basicConstraints]: {
    name: 'Basic Constraints',
    values: (der) => {
      const bc = AsnConvert.parse(der, asn.BasicConstraints);
      return bc.cA ? [`CA: yes${bc.pathLenConstraint === undefined ? ', no path length limit' : `, path length ${bc.pathLenConstraint}`}`] : ['CA: no (an end-entity certificate)'];
    },
  },
  [asn.id_ce_keyUsage]: {
    name: 'Key Usage',
    values: (der) => {
      const flags = AsnConvert.parse(der, asn.KeyUsage).toNumber();
      return KEY_USAGE_BITS.filter(([bit]) => flags & bit).map(([, label]) => label);
    },
  },
  [asn.id_ce_extKeyUsage]: {
    name: 'Extended Key Usage',
    values: (der) => AsnConvert.parse(der, asn.ExtendedKeyUsage).map((oid) => EKU_NAMES[oid] ?? oid),
  },
  [asn.id_ce_subjectAltName]: {
    name: 'Subject Alternative Name',
    values: (der) => AsnConvert.parse(der, asn.SubjectAlternativeName).map(generalNameText),
  },
  [asn.id_ce_subjectKeyIdentifier]: {
    name: 'Subject Key Identifier',
    values: (der) => [colonHex(new Uint8Array(AsnConvert.parse(der, asn.SubjectKeyIdentifier).buffer))],
  },
  [asn.id_ce_authorityKeyIdentifier]: {
    name: 'Authority Key Identifier',
    values: (der) => {
      const aki = AsnConvert.parse(der, asn.AuthorityKeyIdentifier);
      return aki.keyIdentifier ? [colonHex(new Uint8Array(aki.keyIdentifier.buffer))] : ['(issuer name and serial)'];
    },
  },
  [asn.id_ce_cRLDistributionPoints]: {
    name: 'CRL Distribution Points',
    values: (der) => AsnConvert.parse(der, asn.CRLDistributionPoints).flatMap((dp) => (dp.distributionPoint?.fullName ?? []).map(generalNameText)),
  },
  [asn.id_pe_authorityInfoAccess]: {
    name: 'Authority Information Access',
    values: (der) =>
      AsnConvert.parse(der, asn.AuthorityInfoAccessSyntax).map(
        (d) => `${d.accessMethod === asn.id_ad_ocsp ? 'OCSP' : d.accessMethod === asn.id_ad_caIssuers ? 'CA Issuers' : d.accessMethod}: ${generalNameText(d.accessLocation).replace(/^URI: /, '')}`,
      ),
  },
  [asn.id_ce_nameConstraints]: {
    name: 'Name Constraints',
    values: (der) => {
      const nc = AsnConvert.parse(der, asn.NameConstraints);
      return [
        ...(nc.permittedSubtrees ?? []).map((s) => `Permitted ${generalNameText(s.base)}`),
        ...(nc.excludedSubtrees ?? []).map((s) => `Excluded ${generalNameText(s.base)}`),
      ];
    },
  },
  '1.3.6.1.5.5.7.48.1.5': { name: 'OCSP No Check', values: () => ['Clients do not check this responder certificate for revocation'] },
};

export function explainExtension(oid: string, critical: boolean, value: ArrayBuffer): ExtensionView {
  const explainer = EXPLAINERS[oid];
  if (explainer) {
    try {
      return { oid, name: explainer.name, critical, values: explainer.values(value) };
    } catch {
      return { oid, name: `${explainer.name} (malformed)`, critical, values: [colonHex(new Uint8Array(value))] };
    }
  }
  return { oid, name: `Unknown extension ${oid}`, critical, values: [colonHex(new Uint8Array(value))] };
}

export function explainExtensions(extensions: ReadonlyArray<{ type: string; critical: boolean; value: ArrayBuffer }>): ExtensionView[] {
  return extensions.map((e) => explainExtension(e.type, e.critical, e.value));
}
