/**
 * Extensions in words, for certificates, CSRs and CRLs alike: each known extension is decoded once
 * with its @peculiar/asn1-x509 schema (callers that need the decoded value for checks reuse it) and
 * then put into words — catalog texts of the `x509` namespace (shared/i18n/message.ts), so the window
 * says them in its language and the CLI in English. Data (names, URLs, key identifiers, OIDs) are
 * their parameters. Unknown ones are shown by OID with their bytes; a known one that does not decode
 * says "(malformed)" and shows its bytes too.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { ExtensionView } from '../../shared/domain/certificate.js';
import { english } from '../../shared/i18n/english.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { colonHex } from './describe.js';
import { contents, smallInteger, walkDer } from './inspect/der.js';
import { OID } from './oids.js';
import { X509 } from './webcrypto.js';

/** A value that is data only (a key identifier, a URL, an OID): the same in every language. */
const data = (value: string | number): Msg => msg('x509:value.data', { value: String(value) });

/** Another text nested in this one's words (`$t({{<name>Key}})` in the catalog), with its parameters. */
const nested = (name: string, inner: Msg) => ({ ...inner.params, [`${name}Key`]: inner.key });

const KEY_USAGE_BITS: ReadonlyArray<[number, string]> = [
  [asn.KeyUsageFlags.digitalSignature, 'x509:keyUsage.digitalSignature'],
  [asn.KeyUsageFlags.nonRepudiation, 'x509:keyUsage.nonRepudiation'],
  [asn.KeyUsageFlags.keyEncipherment, 'x509:keyUsage.keyEncipherment'],
  [asn.KeyUsageFlags.dataEncipherment, 'x509:keyUsage.dataEncipherment'],
  [asn.KeyUsageFlags.keyAgreement, 'x509:keyUsage.keyAgreement'],
  [asn.KeyUsageFlags.keyCertSign, 'x509:keyUsage.keyCertSign'],
  [asn.KeyUsageFlags.cRLSign, 'x509:keyUsage.cRLSign'],
  [asn.KeyUsageFlags.encipherOnly, 'x509:keyUsage.encipherOnly'],
  [asn.KeyUsageFlags.decipherOnly, 'x509:keyUsage.decipherOnly'],
];

/** Extended key usages in words, by OID. */
const EKU_WORDS: Readonly<Record<string, string>> = {
  [OID.serverAuth]: 'x509:eku.serverAuth',
  [OID.clientAuth]: 'x509:eku.clientAuth',
  [OID.codeSigning]: 'x509:eku.codeSigning',
  [OID.emailProtection]: 'x509:eku.emailProtection',
  [OID.timeStamping]: 'x509:eku.timeStamping',
  [OID.ocspSigning]: 'x509:eku.ocspSigning',
  [OID.anyExtendedKeyUsage]: 'x509:eku.anyExtendedKeyUsage',
  [OID.msServerGatedCrypto]: 'x509:eku.msServerGatedCrypto',
  [OID.nsServerGatedCrypto]: 'x509:eku.nsServerGatedCrypto',
  [OID.ipsecIke]: 'x509:eku.ipsecIke',
  [OID.msSmartcardLogon]: 'x509:eku.msSmartcardLogon',
};

/** Certificate policies in words, by OID. */
const POLICY_WORDS: Readonly<Record<string, string>> = {
  [OID.anyPolicy]: 'x509:policyName.anyPolicy',
  [OID.evGuidelines]: 'x509:policyName.extendedValidation',
  [OID.domainValidated]: 'x509:policyName.domainValidated',
  [OID.organizationValidated]: 'x509:policyName.organizationValidated',
  [OID.individualValidated]: 'x509:policyName.individualValidated',
};

export function generalNameMsg(name: asn.GeneralName): Msg {
  if (name.dNSName !== undefined) return msg('x509:generalName.dns', { value: name.dNSName });
  if (name.iPAddress !== undefined) return msg('x509:generalName.ip', { value: name.iPAddress });
  if (name.rfc822Name !== undefined) return msg('x509:generalName.email', { value: name.rfc822Name });
  if (name.uniformResourceIdentifier !== undefined) return msg('x509:generalName.uri', { value: name.uniformResourceIdentifier });
  if (name.directoryName !== undefined) return msg('x509:generalName.directoryName', { value: new X509.Name(name.directoryName).toString() });
  if (name.registeredID !== undefined) return msg('x509:generalName.registeredId', { value: name.registeredID });
  if (name.otherName !== undefined) return msg('x509:generalName.otherNameOf', { value: name.otherName.typeId });
  return msg('x509:generalName.otherName');
}

/** A general name in English ("DNS: api.example.com"), for texts that are not yet catalog texts. */
export const generalNameText = (name: asn.GeneralName): string => english(generalNameMsg(name));

/** A SkipCerts INTEGER (RFC 5280 §4.2.1.11), which the schema gives as its bytes. */
const skipCerts = (n: ArrayBuffer | number): number => (typeof n === 'number' ? n : n.byteLength === 0 ? 0 : Buffer.from(n).readUIntBE(0, Math.min(6, n.byteLength)));

/** Signed Certificate Timestamps (RFC 6962 §3.3): a TLS-encoded list inside an OCTET STRING. */
function sctWords(value: OctetString): Msg[] {
  const list = Buffer.from(value.buffer);
  const words: Msg[] = [];
  let at = 2;
  while (at + 2 <= list.length && words.length < 16) {
    const length = list.readUInt16BE(at);
    const sct = list.subarray(at + 2, at + 2 + length);
    if (sct.length >= 41) {
      const millis = Number(sct.readBigUInt64BE(33));
      words.push(msg('x509:sct.logged', { logId: sct.subarray(1, 9).toString('hex').toUpperCase(), time: new Date(millis).toISOString().slice(0, 19).replace('T', ' ') }));
    }
    at += 2 + length;
  }
  return words.length > 0 ? words : [msg('x509:sct.none')];
}

interface Explainer<T> {
  /** The extension's name: a key of `x509:extension`. */
  readonly name: string;
  /** The schema of the value; null for values read from their bytes (NULL, or no schema exists). */
  readonly type: (new () => T) | null;
  readonly words: (value: T, der: ArrayBuffer) => Msg[];
}

const explainer = <T>(e: Explainer<T>): Explainer<unknown> => e as Explainer<unknown>;

const TLS_FEATURES: Readonly<Record<number, Msg>> = { 5: msg('x509:tlsFeature.statusRequest'), 17: data('status_request_v2') };

/** TLS Feature (RFC 7633): SEQUENCE OF INTEGER, for which no schema class exists. */
function tlsFeatureWords(der: ArrayBuffer): Msg[] {
  const bytes = new Uint8Array(der);
  const root = walkDer(bytes);
  return root.children.map((n) => {
    const value = smallInteger(contents(bytes, n));
    return value === null ? msg('x509:value.unknown') : (TLS_FEATURES[value] ?? msg('x509:tlsFeature.other', { number: value }));
  });
}

/** Where an access description points: a URL as itself, any other name in words. */
const accessLocation = (name: asn.GeneralName): Msg => (name.uniformResourceIdentifier !== undefined ? data(name.uniformResourceIdentifier) : generalNameMsg(name));

function authorityAccess(d: asn.AccessDescription): Msg {
  const location = nested('location', accessLocation(d.accessLocation));
  if (d.accessMethod === asn.id_ad_ocsp) return msg('x509:access.ocsp', location);
  if (d.accessMethod === asn.id_ad_caIssuers) return msg('x509:access.caIssuers', location);
  return msg('x509:access.other', { ...location, method: d.accessMethod });
}

function policyWords(p: asn.PolicyInformation): Msg {
  const cps = (p.policyQualifiers ?? [])
    .filter((q) => q.policyQualifierId === OID.cps)
    .map((q) => {
      try {
        return AsnConvert.parse(q.qualifier, asn.DisplayText).toString();
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  const label = POLICY_WORDS[p.policyIdentifier];
  const params = { oid: p.policyIdentifier, cps: cps.join(', '), ...(label ? { labelKey: label } : {}) };
  if (label) return msg(cps.length > 0 ? 'x509:policy.namedCps' : 'x509:policy.named', params);
  return msg(cps.length > 0 ? 'x509:policy.unnamedCps' : 'x509:policy.unnamed', params);
}

const distributionPointWords = (dps: asn.CRLDistributionPoints | asn.FreshestCRL): Msg[] => dps.flatMap((dp) => (dp.distributionPoint?.fullName ?? []).map(generalNameMsg));

const EXPLAINERS: Readonly<Record<string, Explainer<unknown>>> = {
  [asn.id_ce_basicConstraints]: explainer({
    name: 'x509:extension.basicConstraints',
    type: asn.BasicConstraints,
    words: (bc) => [bc.cA ? (bc.pathLenConstraint === undefined ? msg('x509:basicConstraints.caUnlimited') : msg('x509:basicConstraints.caPathLength', { length: bc.pathLenConstraint })) : msg('x509:basicConstraints.endEntity')],
  }),
  [asn.id_ce_keyUsage]: explainer({
    name: 'x509:extension.keyUsage',
    type: asn.KeyUsage,
    words: (ku) => {
      const flags = ku.toNumber();
      return KEY_USAGE_BITS.filter(([bit]) => flags & bit).map(([, key]) => msg(key));
    },
  }),
  [asn.id_ce_extKeyUsage]: explainer({ name: 'x509:extension.extKeyUsage', type: asn.ExtendedKeyUsage, words: (eku) => eku.map((oid) => (EKU_WORDS[oid] ? msg(EKU_WORDS[oid]) : data(oid))) }),
  [asn.id_ce_subjectAltName]: explainer({ name: 'x509:extension.subjectAltName', type: asn.SubjectAlternativeName, words: (san) => san.map(generalNameMsg) }),
  [asn.id_ce_issuerAltName]: explainer({ name: 'x509:extension.issuerAltName', type: asn.IssueAlternativeName, words: (ian) => ian.map(generalNameMsg) }),
  [asn.id_ce_subjectKeyIdentifier]: explainer({ name: 'x509:extension.subjectKeyIdentifier', type: asn.SubjectKeyIdentifier, words: (ski) => [data(colonHex(new Uint8Array(ski.buffer)))] }),
  [asn.id_ce_authorityKeyIdentifier]: explainer({
    name: 'x509:extension.authorityKeyIdentifier',
    type: asn.AuthorityKeyIdentifier,
    words: (aki) => [
      ...(aki.keyIdentifier ? [data(colonHex(new Uint8Array(aki.keyIdentifier.buffer)))] : []),
      ...(aki.authorityCertIssuer ? aki.authorityCertIssuer.map((n) => msg('x509:authorityKey.issuer', nested('name', generalNameMsg(n)))) : []),
      ...(aki.authorityCertSerialNumber ? [msg('x509:authorityKey.issuerSerial', { serial: colonHex(new Uint8Array(aki.authorityCertSerialNumber)) })] : []),
    ],
  }),
  [asn.id_ce_cRLDistributionPoints]: explainer({ name: 'x509:extension.crlDistributionPoints', type: asn.CRLDistributionPoints, words: distributionPointWords }),
  [asn.id_ce_freshestCRL]: explainer({ name: 'x509:extension.freshestCrl', type: asn.FreshestCRL, words: distributionPointWords }),
  [asn.id_pe_authorityInfoAccess]: explainer({ name: 'x509:extension.authorityInfoAccess', type: asn.AuthorityInfoAccessSyntax, words: (aia) => aia.map(authorityAccess) }),
  [asn.id_pe_subjectInfoAccess]: explainer({
    name: 'x509:extension.subjectInfoAccess',
    type: asn.SubjectInfoAccessSyntax,
    words: (sia) => sia.map((d) => msg('x509:access.other', { ...nested('location', generalNameMsg(d.accessLocation)), method: d.accessMethod })),
  }),
  [asn.id_ce_nameConstraints]: explainer({
    name: 'x509:extension.nameConstraints',
    type: asn.NameConstraints,
    words: (nc) => [
      ...(nc.permittedSubtrees ?? []).map((s) => msg('x509:nameConstraints.permitted', nested('name', generalNameMsg(s.base)))),
      ...(nc.excludedSubtrees ?? []).map((s) => msg('x509:nameConstraints.excluded', nested('name', generalNameMsg(s.base)))),
    ],
  }),
  [asn.id_ce_certificatePolicies]: explainer({ name: 'x509:extension.certificatePolicies', type: asn.CertificatePolicies, words: (policies) => policies.map(policyWords) }),
  [asn.id_ce_policyConstraints]: explainer({
    name: 'x509:extension.policyConstraints',
    type: asn.PolicyConstraints,
    words: (pc) => [
      ...(pc.requireExplicitPolicy !== undefined ? [msg('x509:policy.requireExplicit', { count: skipCerts(pc.requireExplicitPolicy) })] : []),
      ...(pc.inhibitPolicyMapping !== undefined ? [msg('x509:policy.inhibitMapping', { count: skipCerts(pc.inhibitPolicyMapping) })] : []),
    ],
  }),
  [asn.id_ce_policyMappings]: explainer({ name: 'x509:extension.policyMappings', type: asn.PolicyMappings, words: (pm) => pm.map((m) => data(`${m.issuerDomainPolicy} → ${m.subjectDomainPolicy}`)) }),
  [asn.id_ce_inhibitAnyPolicy]: explainer({
    name: 'x509:extension.inhibitAnyPolicy',
    type: asn.InhibitAnyPolicy,
    words: (iap) => [msg('x509:policy.inhibitAny', { count: skipCerts(iap.value) })],
  }),
  [asn.id_ce_cRLNumber]: explainer({ name: 'x509:extension.crlNumber', type: asn.CRLNumber, words: (n) => [data(String(n.value))] }),
  [OID.tlsFeature]: explainer({ name: 'x509:extension.tlsFeature', type: null, words: (_, der) => tlsFeatureWords(der) }),
  [OID.ctPrecertificateScts]: explainer({ name: 'x509:extension.ctScts', type: OctetString, words: sctWords }),
  [OID.ctPrecertificatePoison]: explainer({ name: 'x509:extension.ctPoison', type: null, words: () => [msg('x509:poison')] }),
  [OID.ocspNoCheck]: explainer({ name: 'x509:extension.ocspNoCheck', type: null, words: () => [msg('x509:ocspNoCheck')] }),
  [OID.netscapeComment]: explainer({ name: 'x509:extension.netscapeComment', type: asn.DisplayText, words: (t) => [data(t.toString())] }),
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
  if (!e) return { oid, name: msg('x509:extension.unknown', { oid }), critical, values: [data(colonHex(new Uint8Array(value)))] };
  try {
    return { oid, name: msg(e.name), critical, values: e.words(e.type ? (decoded ?? AsnConvert.parse(value, e.type)) : undefined, value) };
  } catch {
    return { oid, name: msg('x509:extension.malformed', { nameKey: e.name }), critical, values: [data(colonHex(new Uint8Array(value)))] };
  }
}

export function explainExtensions(extensions: ReadonlyArray<{ type: string; critical: boolean; value: ArrayBuffer }>): ExtensionView[] {
  return extensions.map((e) => explainExtension(e.type, e.critical, e.value));
}
