/**
 * Certificates of any shape, for the diagnosis differential, with the flaws a real chain has —
 * dates in the past or future, SHA-1 signatures, RSA 1024 keys, CAs that are not CAs or may not
 * sign, path lengths, EKU and name constraints — at any level. Everything else is what `openssl
 * verify -x509_strict` asks of a well-formed certificate (critical Basic Constraints and Key Usage on
 * CAs, Subject and Authority Key Identifiers), so that a peer refuses a chain for its flaw and not
 * for a formality.
 *
 * The engine's generators refuse SHA-1 and small keys, as they should, so the TBSCertificate is
 * written here with the engine's DER helpers and @peculiar/x509's extension encoders, and signed with
 * node:crypto (synchronously: a thousand certificates in about a second).
 */
import * as asn from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { tlv, time, TAG } from '../../electron/engine/der.js';
import { OID } from '../../electron/engine/oids.js';
import { X509 } from '../../electron/engine/webcrypto.js';

export type KeyKind = 'p256' | 'p224' | 'ed25519' | 'rsa2048' | 'rsa1024';
export type Hash = 'SHA-256' | 'SHA-1';

export const EKU = { server: OID.serverAuth, client: OID.clientAuth } as const;

export interface NameConstraintsSpec {
  readonly permittedDns?: readonly string[];
  readonly excludedDns?: readonly string[];
  /** CIDR, e.g. 10.0.0.0/8 */
  readonly permittedIp?: readonly string[];
}

export interface CertSpec {
  readonly commonName: string;
  readonly key: KeyKind;
  /** The digest of the signature on this certificate (its issuer's, or its own when self-signed). */
  readonly hash: Hash;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** CA:TRUE, CA:FALSE (critical Basic Constraints either way), or null for no Basic Constraints. */
  readonly ca: boolean | null;
  readonly pathLength?: number;
  /** For a CA: whether its Key Usage includes keyCertSign (it always has a Key Usage). */
  readonly certSign?: boolean;
  /** Extended Key Usage OIDs; null or absent for none. */
  readonly eku?: readonly string[] | null;
  readonly dns?: readonly string[];
  readonly ips?: readonly string[];
  readonly nameConstraints?: NameConstraintsSpec;
}

export interface KeyPair {
  readonly kind: KeyKind;
  readonly privateKey: KeyObject;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
  readonly keyId: string;
}

export interface Made {
  readonly spec: CertSpec;
  readonly der: Uint8Array;
  readonly pem: string;
  /** The key it certifies: to sign its children with. */
  readonly key: KeyPair;
  /** DER of its subject Name, for its children's issuer field. */
  readonly subject: Uint8Array;
}

function generate(kind: KeyKind): KeyPair {
  const pair =
    kind === 'p256' || kind === 'p224'
      ? generateKeyPairSync('ec', { namedCurve: kind === 'p256' ? 'P-256' : 'P-224' })
      : kind === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: kind === 'rsa1024' ? 1024 : 2048 });
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  const parsed = AsnConvert.parse(spki, asn.SubjectPublicKeyInfo);
  return { kind, privateKey: pair.privateKey, spki, keyId: createHash('sha1').update(new Uint8Array(parsed.subjectPublicKey)).digest('hex') };
}

/**
 * Keys: P-256 fresh for each certificate (cheap); RSA from a small pool per size (RSA 2048 key
 * generation is ~100 ms), `slot` choosing which, so that a chain can keep its RSA keys distinct.
 */
export class KeyPool {
  readonly #rsa = new Map<string, KeyPair>();

  key(kind: KeyKind, slot: number): KeyPair {
    if (!kind.startsWith('rsa')) return generate(kind);
    const id = `${kind}/${slot % 4}`;
    let key = this.#rsa.get(id);
    if (!key) this.#rsa.set(id, (key = generate(kind)));
    return key;
  }
}

const NULL = new Uint8Array([0x05, 0x00]);
const SIGNATURE_OID: Readonly<Record<'ec' | 'rsa' | 'ed25519', Record<Hash, string>>> = {
  ec: { 'SHA-256': OID.ecdsaWithSha256, 'SHA-1': OID.ecdsaWithSha1 },
  rsa: { 'SHA-256': OID.sha256WithRsa, 'SHA-1': OID.sha1WithRsa },
  // Ed25519 hashes by itself (RFC 8410): a SHA-1 flaw cannot be asked of it.
  ed25519: { 'SHA-256': OID.ed25519, 'SHA-1': OID.ed25519 },
};

const familyOf = (kind: KeyKind) => (kind.startsWith('rsa') ? 'rsa' : kind === 'ed25519' ? 'ed25519' : 'ec');

function algorithmIdentifier(signer: KeyPair, hash: Hash): Uint8Array {
  const family = familyOf(signer.kind);
  // RSA signature algorithms carry NULL parameters, ECDSA ones none (RFC 4055, RFC 5758).
  return new Uint8Array(AsnConvert.serialize(new asn.AlgorithmIdentifier({ algorithm: SIGNATURE_OID[family][hash], ...(family === 'rsa' ? { parameters: NULL.buffer } : {}) })));
}

function nameConstraints(spec: NameConstraintsSpec): Uint8Array {
  const subtree = (name: asn.GeneralName) => new asn.GeneralSubtree({ base: name });
  const permitted = [...(spec.permittedDns ?? []).map((d) => subtree(new asn.GeneralName({ dNSName: d }))), ...(spec.permittedIp ?? []).map((cidr) => subtree(new asn.GeneralName({ iPAddress: cidr })))];
  const excluded = (spec.excludedDns ?? []).map((d) => subtree(new asn.GeneralName({ dNSName: d })));
  const value = new asn.NameConstraints({
    ...(permitted.length ? { permittedSubtrees: new asn.GeneralSubtrees(permitted) } : {}),
    ...(excluded.length ? { excludedSubtrees: new asn.GeneralSubtrees(excluded) } : {}),
  });
  return new Uint8Array(new X509.Extension(asn.id_ce_nameConstraints, true, AsnConvert.serialize(value)).rawData);
}

function extensions(spec: CertSpec, key: KeyPair, issuer: Made | null): Uint8Array[] {
  const out: ArrayBuffer[] = [];
  if (spec.ca !== null) out.push(new X509.BasicConstraintsExtension(spec.ca, spec.ca ? spec.pathLength : undefined, true).rawData);
  const usage = spec.ca ? (spec.certSign === false ? X509.KeyUsageFlags.digitalSignature | X509.KeyUsageFlags.cRLSign : X509.KeyUsageFlags.keyCertSign | X509.KeyUsageFlags.cRLSign) : familyOf(key.kind) === 'rsa' ? X509.KeyUsageFlags.digitalSignature | X509.KeyUsageFlags.keyEncipherment : X509.KeyUsageFlags.digitalSignature;
  out.push(new X509.KeyUsagesExtension(usage, true).rawData);
  if (spec.eku) out.push(new X509.ExtendedKeyUsageExtension([...spec.eku], false).rawData);
  const sans = [...(spec.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  if (sans.length) out.push(new X509.SubjectAlternativeNameExtension(sans, false).rawData);
  out.push(new X509.SubjectKeyIdentifierExtension(key.keyId).rawData);
  if (issuer) out.push(new X509.AuthorityKeyIdentifierExtension(issuer.key.keyId).rawData);
  return [...out.map((e) => new Uint8Array(e)), ...(spec.nameConstraints ? [nameConstraints(spec.nameConstraints)] : [])];
}

const pemOf = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').trim()}\n-----END CERTIFICATE-----\n`;

/** Issues `spec` for `key` from `issuer` (self-signed without one). */
export function makeCertificate(spec: CertSpec, key: KeyPair, issuer: Made | null): Made {
  const signer = issuer?.key ?? key;
  const subject = new Uint8Array(new X509.Name(`CN=${spec.commonName}, O=Certwright Differential`).toArrayBuffer());
  const algorithm = algorithmIdentifier(signer, spec.hash);
  const serial = randomBytes(12);
  serial[0] = (serial[0]! & 0x7f) | 0x10;
  const tbs = tlv(
    TAG.sequence,
    tlv(TAG.context0, tlv(TAG.integer, new Uint8Array([2]))),
    tlv(TAG.integer, serial),
    algorithm,
    issuer?.subject ?? subject,
    tlv(TAG.sequence, time(spec.notBefore), time(spec.notAfter)),
    subject,
    key.spki,
    tlv(TAG.context3, tlv(TAG.sequence, ...extensions(spec, key, issuer))),
  );
  const signature = sign(familyOf(signer.kind) === 'ed25519' ? null : spec.hash === 'SHA-1' ? 'sha1' : 'sha256', tbs, signer.privateKey);
  const der = tlv(TAG.sequence, tbs, algorithm, tlv(TAG.bitString, new Uint8Array([0]), signature));
  return { spec, der, pem: pemOf(der), key, subject };
}

/** The same certificate with one bit of its signature flipped. */
export function tampered(made: Made): Made {
  const der = Uint8Array.from(made.der);
  der[der.length - 3]! ^= 0x01;
  return { ...made, der, pem: pemOf(der) };
}

/** A small deterministic PRNG (mulberry32): the corpus is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
