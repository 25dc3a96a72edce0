/**
 * Reads an X.509 certificate's fields straight from its DER tree (fast enough for a 144-root bundle
 * in well under the time `openssl storeutl` takes) and describes it for the Inspect view. Extension
 * values are decoded with the @peculiar/asn1-x509 schemas (explain.ts); signatures are checked by
 * OpenSSL through node:crypto's X509Certificate, made only when a chain needs it.
 */
import { createHash, X509Certificate as NodeCertificate } from 'node:crypto';
import * as asn from '@peculiar/asn1-x509';
import type { ExtensionView } from '../../../shared/domain/certificate.js';
import type { InspectedCertificate, NameAttribute, PublicKeyView } from '../../../shared/domain/inspect.js';
import { colonHex } from '../describe.js';
import { decodeExtension, explainExtension, generalNameText } from '../explain.js';
import { commonNameOf, readRdns, rfc4514, type Rdn } from '../names.js';
import { toPem } from '../pem.js';
import { SIGNATURE_ALGORITHMS } from '../oids.js';
import { contents, encoding, isContext, isUniversal, oidText, smallInteger, timeValue, UNIVERSAL, walkDer, type DerNode } from './der.js';
import { describePublicKey } from './public-key.js';
import type { Msg } from '../../../shared/i18n/message.js';

/** Thrown when a structure that looked like a certificate is not a well-formed one. */
export class MalformedError extends Error {}

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** Everything the chain checks and the diagnosis need, decoded once. */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly root: DerNode;
  readonly version: number;
  readonly serialHex: string;
  readonly signatureOid: string;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly issuer: NameAttribute[];
  readonly subject: NameAttribute[];
  /** RFC 4514 (names.ts): how the catalog and endpoint reports write these names too. */
  readonly issuerDn: string;
  readonly subjectDn: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spkiDer: Uint8Array;
  readonly publicKey: PublicKeyView;
  readonly extensions: RawExtension[];
  /** Known extensions decoded with their schema, by OID (undefined when malformed). */
  readonly decoded: ReadonlyMap<string, unknown>;
  readonly isCa: boolean;
  readonly pathLength: number | null;
  /** KeyUsage bits as asn1-x509's KeyUsageFlags, or null without the extension. */
  readonly keyUsage: number | null;
  /** EKU OIDs, or null without the extension. */
  readonly extendedKeyUsage: string[] | null;
  readonly sans: asn.GeneralName[] | null;
  readonly nameConstraints: asn.NameConstraints | null;
  readonly selfIssued: boolean;
  readonly sha256: Uint8Array;
  readonly commonName: string;
}

const need = (ok: boolean, what: string): void => {
  if (!ok) throw new MalformedError(`it is not a well-formed certificate: ${what}`);
};

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseExtension(bytes: Uint8Array, node: DerNode): RawExtension {
  const [id, second, third] = node.children;
  need(isUniversal(id, UNIVERSAL.oid), 'an extension has no identifier');
  const critical = isUniversal(second, UNIVERSAL.boolean) ? contents(bytes, second)[0] !== 0 : false;
  const valueNode = isUniversal(second, UNIVERSAL.boolean) ? third : second;
  need(isUniversal(valueNode, UNIVERSAL.octetString), 'an extension value is not an OCTET STRING');
  return { oid: oidText(contents(bytes, id!)), critical, value: contents(bytes, valueNode!) };
}

/**
 * What a certificate is called in titles, chains and cards: its (most specific, non-empty) Common
 * Name; without one its whole subject DN in RFC 4514 (names.ts), as Go Daddy's and Starfield's Class 2
 * roots, which have only OU, O and C, need; "(empty subject)" only when the subject has nothing at all.
 */
export function certificateName(subject: readonly Rdn[], subjectDn: string = rfc4514(subject)): string {
  return commonNameOf(subject, '') || subjectDn || '(empty subject)';
}

export function parseCertificate(der: Uint8Array, root: DerNode = walkDer(der)): ParsedCertificate {
  need(isUniversal(root, UNIVERSAL.sequence) && root.children.length === 3, 'the outer SEQUENCE does not hold tbsCertificate, algorithm and signature');
  const [tbs, algorithm] = root.children as [DerNode, DerNode, DerNode];
  const fields = [...tbs.children];
  let version = 1;
  if (isContext(fields[0], 0)) {
    const v = fields.shift()!.children[0];
    need(isUniversal(v, UNIVERSAL.integer), 'the version is not an INTEGER');
    version = (smallInteger(contents(der, v!)) ?? 0) + 1;
  }
  const [serial, , issuer, validity, subject, spki, ...rest] = fields;
  need(isUniversal(serial, UNIVERSAL.integer), 'the serial number is not an INTEGER');
  need(isUniversal(issuer, UNIVERSAL.sequence) && isUniversal(subject, UNIVERSAL.sequence), 'the issuer or subject is not a Name');
  need(isUniversal(validity, UNIVERSAL.sequence) && validity!.children.length === 2, 'the validity is not two times');
  need(isUniversal(spki, UNIVERSAL.sequence), 'the public key is missing');
  const notBefore = timeValue(der, validity!.children[0]!);
  const notAfter = timeValue(der, validity!.children[1]!);
  need(notBefore !== null && notAfter !== null, 'a validity time is malformed');
  const extensionsNode = rest.find((n) => isContext(n, 3))?.children[0];
  const extensions = extensionsNode ? extensionsNode.children.map((e) => parseExtension(der, e)) : [];
  const algorithmOid = isUniversal(algorithm.children[0], UNIVERSAL.oid) ? oidText(contents(der, algorithm.children[0])) : '';

  // Each extension is decoded once: the checks below and the words in describeInspected share it.
  const decoded = new Map<string, unknown>();
  for (const e of extensions) if (!decoded.has(e.oid)) decoded.set(e.oid, decodeExtension(e.oid, bufferOf(e.value)));
  const basic = decoded.get(asn.id_ce_basicConstraints) as asn.BasicConstraints | undefined;
  const keyUsage = decoded.get(asn.id_ce_keyUsage) as asn.KeyUsage | undefined;
  const eku = decoded.get(asn.id_ce_extKeyUsage) as asn.ExtendedKeyUsage | undefined;
  const san = decoded.get(asn.id_ce_subjectAltName) as asn.SubjectAlternativeName | undefined;
  const subjectRdns = readRdns(der, subject!);
  const issuerRdns = readRdns(der, issuer!);
  const subjectDn = rfc4514(subjectRdns);
  const issuerDer = encoding(der, issuer!);
  const subjectDer = encoding(der, subject!);
  const spkiDer = encoding(der, spki!);
  const serialBytes = contents(der, serial!);
  return {
    der,
    root,
    version,
    serialHex: (Buffer.from(serialBytes).toString('hex').replace(/^(00)+(?=.)/, '') || '00').toUpperCase(),
    signatureOid: algorithmOid,
    issuerDer,
    subjectDer,
    issuer: issuerRdns.flat(),
    subject: subjectRdns.flat(),
    issuerDn: rfc4514(issuerRdns),
    subjectDn,
    notBefore: notBefore!,
    notAfter: notAfter!,
    spkiDer,
    publicKey: describePublicKey(spkiDer),
    extensions,
    decoded,
    isCa: basic?.cA === true,
    pathLength: basic?.cA && basic.pathLenConstraint !== undefined ? basic.pathLenConstraint : null,
    keyUsage: keyUsage ? keyUsage.toNumber() : null,
    extendedKeyUsage: eku ? [...eku] : null,
    sans: san ? [...san] : null,
    nameConstraints: (decoded.get(asn.id_ce_nameConstraints) as asn.NameConstraints | undefined) ?? null,
    selfIssued: Buffer.from(issuerDer).equals(subjectDer),
    sha256: new Uint8Array(createHash('sha256').update(der).digest()),
    commonName: certificateName(subjectRdns, subjectDn),
  };
}

const nodeCertificates = new WeakMap<ParsedCertificate, NodeCertificate | null>();

/** OpenSSL's view of the certificate, for signature checks; null when OpenSSL cannot read it. */
export function opensslCertificate(cert: ParsedCertificate): NodeCertificate | null {
  if (!nodeCertificates.has(cert)) {
    let value: NodeCertificate | null;
    try {
      value = new NodeCertificate(cert.der);
    } catch {
      value = null;
    }
    nodeCertificates.set(cert, value);
  }
  return nodeCertificates.get(cert)!;
}

/** Does `issuer`'s key verify `cert`'s signature? */
export function signedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const subject = opensslCertificate(cert);
  const signer = opensslCertificate(issuer);
  if (!subject || !signer) return false;
  try {
    return subject.verify(signer.publicKey);
  } catch {
    return false;
  }
}

const DAY = 86_400_000;

export function sanTexts(cert: ParsedCertificate): string[] {
  return (cert.sans ?? []).map(generalNameText);
}

export function signatureAlgorithmName(oid: string): string {
  return SIGNATURE_ALGORITHMS[oid] ?? oid;
}

export function describeInspected(cert: ParsedCertificate, base: { index: number; source: Msg; now: Date; vaultAuthorityId: string | null; vaultTrusted: boolean }): InspectedCertificate {
  const extensions: ExtensionView[] = cert.extensions.map((e) => explainExtension(e.oid, e.critical, bufferOf(e.value), cert.decoded.get(e.oid)));
  return {
    kind: 'certificate',
    index: base.index,
    source: base.source,
    commonName: cert.commonName,
    subject: cert.subject,
    subjectDn: cert.subjectDn,
    issuer: cert.issuer,
    issuerDn: cert.issuerDn,
    version: cert.version,
    serialNumberHex: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    daysLeft: Math.floor((cert.notAfter.getTime() - base.now.getTime()) / DAY),
    validityDays: Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY),
    publicKey: cert.publicKey,
    signatureAlgorithm: signatureAlgorithmName(cert.signatureOid),
    sha256Fingerprint: colonHex(cert.sha256),
    sha1Fingerprint: colonHex(createHash('sha1').update(cert.der).digest()),
    isCa: cert.isCa,
    selfIssued: cert.selfIssued,
    sans: sanTexts(cert),
    extensions,
    pem: toPem('CERTIFICATE', cert.der),
    vaultAuthorityId: base.vaultAuthorityId,
    vaultTrusted: base.vaultTrusted,
  };
}
