/**
 * Extensions in words, for certificates, CSRs and CRLs alike: each known extension is decoded once
 * with its @peculiar/asn1-x509 schema (callers that need the decoded value for checks reuse it) and
 * then put into words. Unknown ones are shown by OID with their bytes; a known one that does not
 * decode says "(malformed)" and shows its bytes too.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { ExtensionView } from '../../shared/domain/certificate.js';
import { colonHex } from './describe.js';
import { contents, smallInteger, walkDer } from './inspect/der.js';
import { EKU_LABELS, OID, POLICY_LABELS } from './oids.js';
import { X509 } from './webcrypto.js';

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
  if (name.directoryName !== undefined) return `Directory name: ${new X509.Name(name.directoryName).toString()}`;
  if (name.registeredID !== undefined) return `Registered ID: ${name.registeredID}`;
  if (name.otherName !== undefined) return `Other name (${name.otherName.typeId})`;
  return 'Other name';
}

const skipCerts = (n: unknown) => (typeof n === 'number' ? n : Number(n));

/** Signed Certificate Timestamps (RFC 6962 §3.3): a TLS-encoded list inside an OCTET STRING. */
function sctWords(value: OctetString): string[] {
  const list = Buffer.from(value.buffer);
  const words: string[] = [];
  let at = 2;
  while (at + 2 <= list.length && words.length < 16) {
    const length = list.readUInt16BE(at);
    const sct = list.subarray(at + 2, at + 2 + length);
    if (sct.length >= 41) {
      const millis = Number(sct.readBigUInt64BE(33));
      words.push(`Log ${sct.subarray(1, 9).toString('hex').toUpperCase()}…, logged ${new Date(millis).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    }
    at += 2 + length;
  }
  return words.length > 0 ? words : ['(no timestamps)'];
}

interface Explainer<T> {
  readonly name: string;
  /** The schema of the value; null for values read from their bytes (NULL, or no schema exists). */
  readonly type: (new () => T) | null;
  readonly words: (value: T, der: ArrayBuffer) => string[];
}

const explainer = <T>(e: Explainer<T>): Explainer<unknown> => e as Explainer<unknown>;

const TLS_FEATURES: Readonly<Record<number, string>> = { 5: 'status_request (OCSP Must-Staple)', 17: 'status_request_v2' };

/** TLS Feature (RFC 7633): SEQUENCE OF INTEGER, for which no schema class exists. */
function tlsFeatureWords(der: ArrayBuffer): string[] {
  const bytes = new Uint8Array(der);
  const root = walkDer(bytes);
  return root.children.map((n) => {
    const value = smallInteger(contents(bytes, n));
    return value === null ? 'unknown' : (TLS_FEATURES[value] ?? `TLS extension ${value}`);
  });
}
const EXPLAINERS: Readonly<Record<string, Explainer<unknown>>> = {
  [asn.id_ce_basicConstraints]: explainer({
    name: 'Basic Constraints',
    type: asn.BasicConstraints,
    words: (bc) => (bc.cA ? [`CA: yes${bc.pathLenConstraint === undefined ? ', no path length limit' : `, path length ${bc.pathLenConstraint}`}`] : ['CA: no (an end-entity certificate)']),
  }),
  [asn.id_ce_keyUsage]: explainer({
    name: 'Key Usage',
    type: asn.KeyUsage,
    words: (ku) => {
      const flags = ku.toNumber();
      return KEY_USAGE_BITS.filter(([bit]) => flags & bit).map(([, label]) => label);
    },
  }),
  [asn.id_ce_extKeyUsage]: explainer({ name: 'Extended Key Usage', type: asn.ExtendedKeyUsage, words: (eku) => eku.map((oid) => EKU_LABELS[oid] ?? oid) }),
  [asn.id_ce_subjectAltName]: explainer({ name: 'Subject Alternative Name', type: asn.SubjectAlternativeName, words: (san) => san.map(generalNameText) }),
  [asn.id_ce_issuerAltName]: explainer({ name: 'Issuer Alternative Name', type: asn.IssueAlternativeName, words: (ian) => ian.map(generalNameText) }),
  [asn.id_ce_subjectKeyIdentifier]: explainer({ name: 'Subject Key Identifier', type: asn.SubjectKeyIdentifier, words: (ski) => [colonHex(new Uint8Array(ski.buffer))] }),
  [asn.id_ce_authorityKeyIdentifier]: explainer({
    name: 'Authority Key Identifier',
    type: asn.AuthorityKeyIdentifier,
    words: (aki) => [
      ...(aki.keyIdentifier ? [colonHex(new Uint8Array(aki.keyIdentifier.buffer))] : []),
      ...(aki.authorityCertIssuer ? aki.authorityCertIssuer.map((n) => `Issuer ${generalNameText(n)}`) : []),
      ...(aki.authorityCertSerialNumber ? [`Issuer serial ${colonHex(new Uint8Array(aki.authorityCertSerialNumber))}`] : []),
    ],
  }),
  [asn.id_ce_cRLDistributionPoints]: explainer({
    name: 'CRL Distribution Points',
    type: asn.CRLDistributionPoints,
    words: (dps) => dps.flatMap((dp) => (dp.distributionPoint?.fullName ?? []).map(generalNameText)),
  }),
  [asn.id_ce_freshestCRL]: explainer({ name: 'Freshest CRL (delta CRLs)', type: asn.FreshestCRL, words: (dps) => dps.flatMap((dp) => (dp.distributionPoint?.fullName ?? []).map(generalNameText)) }),
  [asn.id_pe_authorityInfoAccess]: explainer({
    name: 'Authority Information Access',
    type: asn.AuthorityInfoAccessSyntax,
    words: (aia) => aia.map((d) => `${d.accessMethod === asn.id_ad_ocsp ? 'OCSP' : d.accessMethod === asn.id_ad_caIssuers ? 'CA Issuers' : d.accessMethod}: ${generalNameText(d.accessLocation).replace(/^URI: /, '')}`),
  }),
  [asn.id_pe_subjectInfoAccess]: explainer({ name: 'Subject Information Access', type: asn.SubjectInfoAccessSyntax, words: (sia) => sia.map((d) => `${d.accessMethod}: ${generalNameText(d.accessLocation)}`) }),
  [asn.id_ce_nameConstraints]: explainer({
    name: 'Name Constraints',
    type: asn.NameConstraints,
    words: (nc) => [...(nc.permittedSubtrees ?? []).map((s) => `Permitted ${generalNameText(s.base)}`), ...(nc.excludedSubtrees ?? []).map((s) => `Excluded ${generalNameText(s.base)}`)],
  }),
  [asn.id_ce_certificatePolicies]: explainer({
    name: 'Certificate Policies',
    type: asn.CertificatePolicies,
    words: (policies) =>
      policies.map((p) => {
        const cps = (p.policyQualifiers ?? []).filter((q) => q.policyQualifierId === OID.cps).map((q) => {
          try {
            return AsnConvert.parse(q.qualifier, asn.DisplayText).toString();
          } catch {
            return null;
          }
        });
        const name = POLICY_LABELS[p.policyIdentifier];
        return `${name ? `${name} (${p.policyIdentifier})` : `Policy ${p.policyIdentifier}`}${cps.filter(Boolean).length > 0 ? `, CPS ${cps.filter(Boolean).join(', ')}` : ''}`;
      }),
  }),
  [asn.id_ce_policyConstraints]: explainer({
    name: 'Policy Constraints',
    type: asn.PolicyConstraints,
    words: (pc) => [
      ...(pc.requireExplicitPolicy !== undefined ? [`Require explicit policy after ${skipCerts(pc.requireExplicitPolicy)} certificate(s)`] : []),
      ...(pc.inhibitPolicyMapping !== undefined ? [`Inhibit policy mapping after ${skipCerts(pc.inhibitPolicyMapping)} certificate(s)`] : []),
    ],
  }),
  [asn.id_ce_policyMappings]: explainer({ name: 'Policy Mappings', type: asn.PolicyMappings, words: (pm) => pm.map((m) => `${m.issuerDomainPolicy} → ${m.subjectDomainPolicy}`) }),
  [asn.id_ce_inhibitAnyPolicy]: explainer({ name: 'Inhibit Any Policy', type: asn.InhibitAnyPolicy, words: (iap) => [`Any Policy is not honoured after ${Buffer.from(iap.value).readUIntBE(0, Math.min(6, iap.value.byteLength) || 1)} certificate(s)`] }),
  [asn.id_ce_cRLNumber]: explainer({ name: 'CRL Number', type: asn.CRLNumber, words: (n) => [String(n.value)] }),
  [OID.tlsFeature]: explainer({ name: 'TLS Feature', type: null, words: (_, der) => tlsFeatureWords(der) }),
  [OID.ctPrecertificateScts]: explainer({ name: 'CT Precertificate SCTs', type: OctetString, words: sctWords }),
  [OID.ctPrecertificatePoison]: explainer({ name: 'CT Precertificate Poison', type: null, words: () => ['This is a precertificate for Certificate Transparency, not a usable certificate'] }),
  [OID.ocspNoCheck]: explainer({ name: 'OCSP No Check', type: null, words: () => ['Clients do not check this responder certificate for revocation'] }),
  [OID.netscapeComment]: explainer({ name: 'Netscape Comment', type: asn.DisplayText, words: (t) => [t.toString()] }),
};

/** The extension's decoded value with its schema, or undefined for unknown or malformed extensions. */
export function decodeExtension(oid: string, value: ArrayBuffer): unknown {
  const e = EXPLAINERS[oid];
  if (!e?.type) return undefined;
  try {
    return AsnConvert.parse(value, e.type);
  } catch {
    return undefined;
  }
}

/** Words for one extension; `decoded` is what {@link decodeExtension} returned, when the caller has it. */
export function explainExtension(oid: string, critical: boolean, value: ArrayBuffer, decoded?: unknown): ExtensionView {
  const e = EXPLAINERS[oid];
  if (!e) return { oid, name: `Unknown extension ${oid}`, critical, values: [colonHex(new Uint8Array(value))] };
  try {
    return { oid, name: e.name, critical, values: e.words(e.type ? (decoded ?? AsnConvert.parse(value, e.type)) : undefined, value) };
  } catch {
    return { oid, name: `${e.name} (malformed)`, critical, values: [colonHex(new Uint8Array(value))] };
  }
}

export function explainExtensions(extensions: ReadonlyArray<{ type: string; critical: boolean; value: ArrayBuffer }>): ExtensionView[] {
  return extensions.map((e) => explainExtension(e.type, e.critical, e.value));
}
