/**
 * Issuing certificates under an authority: leaves by profile, and intermediate CAs. Pure: the
 * caller supplies the issuer's certificate chain and signing key; nothing is stored here.
 */
import * as asn from '@peculiar/asn1-x509';
import type { AuthoritySettings, NameConstraints } from '../../shared/domain/authority.js';
import type { Profile } from '../../shared/domain/certificate.js';
import type { SanEntry } from '../../shared/validation/san.js';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { buildCertificate, parseSpki, type Signer } from './certificate-builder.js';
import * as ext from './extensions.js';
import { describeKey, type KeyFamily } from './key-info.js';
import { encodeName } from './name-der.js';
import { subjectToAsnName } from './names.js';
import { OID } from './oids.js';
import { randomSerialNumber } from './serial.js';
import { X509, type Bytes, type EngineCrypto } from './webcrypto.js';

/** The issuing side: its certificate (first of `chain`, which runs up to the root) and its key. */
export interface Issuer {
  readonly chain: readonly X509.X509Certificate[];
  readonly signer: Signer;
  readonly settings: AuthoritySettings;
}

export interface IssuedDer {
  readonly der: Bytes;
  readonly serialNumberHex: string;
}

const EKU: Readonly<Record<Profile, readonly string[]>> = {
  server: [OID.serverAuth],
  client: [OID.clientAuth],
  peer: [OID.serverAuth, OID.clientAuth],
};

/** Prepared once per issuer, reused for every certificate it signs (this matters in bulk). */
interface IssuerParts {
  readonly name: Uint8Array;
  readonly keyId: Uint8Array;
  readonly urlExtensions: Uint8Array[];
  /** Leaf extensions that depend only on the issuer and the profile/key family, encoded once. */
  readonly fixed: Map<string, Uint8Array[]>;
}

const issuerCache = new WeakMap<X509.X509Certificate, Map<string, IssuerParts>>();

function subjectNameDer(subject: SubjectFields): Uint8Array {
  // Written directly, not through the schema library: see name-der.ts for the measurement.
  return encodeName(subjectToAsnName(subject));
}

function issuerParts(issuer: Issuer): IssuerParts {
  const cert = issuer.chain[0]!;
  const settingsKey = JSON.stringify([issuer.settings.crlUrl, issuer.settings.ocspUrl, issuer.settings.caIssuersUrl]);
  let perSettings = issuerCache.get(cert);
  if (!perSettings) issuerCache.set(cert, (perSettings = new Map()));
  const cached = perSettings.get(settingsKey);
  if (cached) return cached;
  const ski = cert.getExtension(X509.SubjectKeyIdentifierExtension);
  const keyId = ski ? new Uint8Array(Buffer.from(ski.keyId, 'hex')) : ext.keyIdentifier(new Uint8Array(cert.publicKey.rawData));
  const urlExtensions: Uint8Array[] = [];
  if (issuer.settings.crlUrl) urlExtensions.push(ext.crlDistributionPoint(issuer.settings.crlUrl));
  const aia = ext.authorityInfoAccess(issuer.settings.ocspUrl, issuer.settings.caIssuersUrl);
  if (aia) urlExtensions.push(aia);
  const parts = { name: new Uint8Array(cert.subjectName.toArrayBuffer()), keyId, urlExtensions, fixed: new Map() };
  perSettings.set(settingsKey, parts);
  return parts;
}


/** KeyUsage follows the key: RSA signs and encrypts key exchange (TLS 1.2 RSA kx); EC and Ed25519 only sign. */
export function leafKeyUsage(family: KeyFamily): number {
  return family === 'rsa' ? asn.KeyUsageFlags.digitalSignature | asn.KeyUsageFlags.keyEncipherment : asn.KeyUsageFlags.digitalSignature;
}

/** BasicConstraints, KeyUsage, EKU, AKI and the issuer's URLs: the same for every leaf of a kind. */
function fixedLeafExtensions(parts: IssuerParts, profile: Profile, family: KeyFamily): Uint8Array[] {
  const key = `${profile}:${family}`;
  let fixed = parts.fixed.get(key);
  if (!fixed) {
    fixed = [ext.basicConstraints(false), ext.keyUsage(leafKeyUsage(family)), ext.extendedKeyUsage(EKU[profile]), ext.authorityKeyIdentifier(parts.keyId), ...parts.urlExtensions];
    parts.fixed.set(key, fixed);
  }
  return fixed;
}

export interface LeafParams {
  readonly profile: Profile;
  readonly subject: SubjectFields;
  readonly sans: readonly SanEntry[];
  /** DER SubjectPublicKeyInfo. */
  readonly subjectPublicKeyInfo: Uint8Array;
  /** The key's family, when the caller knows it (saves parsing the key). */
  readonly keyFamily?: KeyFamily;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Serials the issuer already used; a collision draws again. */
  readonly usedSerials?: UsedSerials;
}

/** The serial numbers an issuer has used, as far as issuing needs to know: a new one is drawn until it is not among them. */
export interface UsedSerials {
  has(serialHex: string): boolean;
}

function freshSerial(crypto: EngineCrypto, used: UsedSerials | undefined): string {
  for (;;) {
    const serial = randomSerialNumber(crypto);
    if (!used?.has(serial)) return serial;
  }
}

export async function issueLeaf(params: LeafParams, issuer: Issuer, crypto: EngineCrypto): Promise<IssuedDer> {
  const parts = issuerParts(issuer);
  const family = params.keyFamily ?? describeKey(parseSpki(params.subjectPublicKeyInfo)).family;
  return signUnder(parts, params, issuer, crypto, [
    ...fixedLeafExtensions(parts, params.profile, family),
    ...(params.sans.length > 0 ? [ext.subjectAltName(params.sans)] : []),
  ]);
}

/**
 * A delegated OCSP responder certificate (RFC 6960 §4.2.2.2): EKU OCSPSigning, id-pkix-ocsp-nocheck,
 * digitalSignature only; short-lived by design, since relying parties will not check its status.
 */
export async function issueOcspSigner(params: Omit<LeafParams, 'profile' | 'sans' | 'keyFamily'>, issuer: Issuer, crypto: EngineCrypto): Promise<IssuedDer> {
  const parts = issuerParts(issuer);
  return signUnder(parts, params, issuer, crypto, [
    ext.basicConstraints(false),
    ext.keyUsage(asn.KeyUsageFlags.digitalSignature),
    ext.extendedKeyUsage([OID.ocspSigning]),
    ext.ocspNoCheck(),
    ext.authorityKeyIdentifier(parts.keyId),
  ]);
}

/** What every certificate we sign has in common: a fresh serial, the issuer's name, SKI, signing. */
async function signUnder(
  parts: IssuerParts,
  params: { subject: SubjectFields; subjectPublicKeyInfo: Uint8Array; notBefore: Date; notAfter: Date; usedSerials?: UsedSerials },
  issuer: Issuer,
  crypto: EngineCrypto,
  extensions: readonly Uint8Array[],
): Promise<IssuedDer> {
  const serialNumberHex = freshSerial(crypto, params.usedSerials);
  const der = await buildCertificate(
    {
      serialNumberHex,
      issuerName: parts.name,
      subjectName: subjectNameDer(params.subject),
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      subjectPublicKeyInfo: params.subjectPublicKeyInfo,
      extensions: [...extensions, ext.subjectKeyIdentifier(ext.keyIdentifier(params.subjectPublicKeyInfo))],
    },
    issuer.signer,
    crypto,
  );
  return { der, serialNumberHex };
}

export interface IntermediateParams {
  readonly subject: SubjectFields;
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly pathLength: number;
  readonly nameConstraints: NameConstraints | null;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly usedSerials?: UsedSerials;
}

export async function issueIntermediate(params: IntermediateParams, issuer: Issuer, crypto: EngineCrypto): Promise<IssuedDer> {
  const parts = issuerParts(issuer);
  const constraints = params.nameConstraints ? ext.nameConstraints(params.nameConstraints) : null;
  return signUnder(parts, params, issuer, crypto, [
    ext.basicConstraints(true, params.pathLength),
    ext.keyUsage(asn.KeyUsageFlags.keyCertSign | asn.KeyUsageFlags.cRLSign | asn.KeyUsageFlags.digitalSignature),
    ...(constraints ? [constraints] : []),
    ext.authorityKeyIdentifier(parts.keyId),
    ...parts.urlExtensions,
  ]);
}
