/**
 * PKCS#12 (RFC 7292) export and import.
 *
 * Two targets:
 * - `modern`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the shrouded key bag and for the
 *   certificates' SafeContents, and an HMAC-SHA256 MAC — what OpenSSL 3 writes by default. Opens in
 *   OpenSSL 3 without `-legacy`, in GnuTLS certtool, and as Node's `tls` `pfx`.
 * - `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for the key bag and the certificates, HMAC-SHA1 MAC,
 *   2048 iterations — what old Java, Windows and macOS import. OpenSSL 3 opens it with or without
 *   `-legacy` (3DES is in its default provider; only RC2, which we never write, needs `-legacy`).
 *
 * The MAC key always comes from the PKCS#12 KDF (RFC 7292 Appendix B), as every reader expects (PBMAC1,
 * RFC 9579, is not understood by OpenSSL 3.0 or GnuTLS 3.7). Its iteration count is the cheap path
 * for someone guessing the password offline, so the modern default keeps it above OpenSSL's 2048.
 *
 * Reading handles PBES2 (PBKDF2 with HMAC-SHA1/256/384/512, or scrypt; AES-128/192/256-CBC or 3DES)
 * and the PKCS#12 PBE schemes (3DES, 2-key 3DES, RC2-128, RC2-40), plain and shrouded key bags,
 * nested SafeContents, and BER (indefinite lengths, constructed OCTET STRINGs). A file's key
 * derivations together are held to one budget (../kdf-budget.ts), checked before any runs.
 *
 * The structures are the @peculiar/asn1-pfx, -cms, -pkcs8 and -x509 classes, written by
 * asn1-schema's serializer and read through `parseBer` (pkcs12-pbe.ts), which lets asn1js parse the
 * BER and joins constructed OCTET STRINGs before asn1-schema maps them. asn1-schema writes both
 * encrypted payloads as primitive OCTET STRINGs, as GnuTLS needs for the shrouded key.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ContentInfo, EncryptedContent, EncryptedContentInfo, UnprotectedAttributes } from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe,
  CertBag,
  MacData,
  PFX,
  PKCS12Attribute,
  PKCS8ShroudedKeyBag,
  SafeBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
import { EncryptedData as EncryptedKeyData } from '@peculiar/asn1-pkcs8';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AsnPropTypes, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, DirectoryString } from '@peculiar/asn1-x509';
import { bmpPassword, KDF_ID, pkcs12Kdf, type KdfHash } from './pkcs12-kdf.js';
import { AsnShapeError, DecryptFailedError, MAX_PKCS12_KDF_ITERATIONS, parseBer, pbeDecrypt, pbeEncrypt, pbeSteps, toCount, UnsupportedSchemeError } from './pkcs12-pbe.js';
import { KdfBudget, KdfBudgetError, type KdfStep } from '../kdf-budget.js';
import { asnFields } from '../asn-fields.js';
import { OID } from '../oids.js';
import type { Bytes, EngineCrypto } from '../webcrypto.js';
import { ReasonedError } from '../../../shared/i18n/reasoned-error.js';

export type Pkcs12Target = 'modern' | 'legacy';

/** PBKDF2-HMAC-SHA256 iterations for the modern target (OWASP 2023 figure; ~0.1 s per derivation). */
export const MODERN_ITERATIONS = 600_000;
/** PKCS#12-KDF iterations of the modern MAC: above OpenSSL's 2048, kept to ~20 ms. */
export const MODERN_MAC_ITERATIONS = 20_000;
/** The classic count for the legacy schemes and their MAC; old importers may refuse much more. */
export const LEGACY_ITERATIONS = 2048;

const MAC_HASHES: Readonly<Record<string, KdfHash>> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };
const HASH_LENGTH: Readonly<Record<KdfHash, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** CMS EncryptedData (RFC 5652 §8), which @peculiar/asn1-cms does not define. */
class CmsEncryptedData {
  version: number | string = 0;
  encryptedContentInfo = new EncryptedContentInfo();
  /** Never written; read (and ignored) when present. */
  unprotectedAttrs?: UnprotectedAttributes;
}
asnFields(CmsEncryptedData, {
  version: { type: AsnPropTypes.Integer },
  encryptedContentInfo: { type: EncryptedContentInfo },
  unprotectedAttrs: { type: UnprotectedAttributes, context: 1, implicit: true, optional: true },
});

const der = (value: object): ArrayBuffer => AsnSerializer.serialize(value);
const bytesOf = (buffer: ArrayBuffer): Bytes => new Uint8Array(buffer);

// ---- Errors -------------------------------------------------------------------------------------

/** Every PKCS#12 failure, for a person: `reason` as data (the window words it), `message` its English. */
export class Pkcs12Error extends ReasonedError {}
/** Export refused: PKCS#12 files are always password-protected here. */
export class Pkcs12PasswordRequiredError extends Pkcs12Error {}
/** The bytes are not a PKCS#12 file (or are damaged beyond reading). */
export class NotPkcs12Error extends Pkcs12Error {}
/** The MAC (or the decryption) does not match: the password is wrong. */
export class WrongPasswordError extends Pkcs12Error {}
/** A real PKCS#12 file that uses something we do not read (public-key mode, an unknown cipher). */
export class UnsupportedPkcs12Error extends Pkcs12Error {}

// ---- Export -------------------------------------------------------------------------------------

export interface Pkcs12Input {
  /** The leaf certificate (DER). */
  readonly certificateDer: Uint8Array;
  /** Issuing CAs up to (and optionally including) the root, DER, nearest first. */
  readonly chainDer: readonly Uint8Array[];
  /** The leaf's private key, PKCS#8 DER. */
  readonly privateKeyPkcs8: Uint8Array;
  readonly password: string;
  /** Shown by importers (Keychain, certmgr, `openssl pkcs12 -info`). */
  readonly friendlyName: string;
  readonly target: Pkcs12Target;
  /** Override the PBE iterations (default: MODERN_ITERATIONS or LEGACY_ITERATIONS). */
  readonly iterations?: number;
  /** Override the MAC iterations (default: MODERN_MAC_ITERATIONS or LEGACY_ITERATIONS). */
  readonly macIterations?: number;
}

function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  // PKCS12Attribute's constructor drops its argument (`Object.assign(params)`): set the fields.
  const attr = new PKCS12Attribute();
  attr.attrId = attrId;
  attr.attrValues = [value];
  return attr;
}

function attributes(friendlyName: string | null, localKeyId: Uint8Array): PKCS12Attribute[] {
  const items = [attribute(OID.localKeyId, der(new OctetString(localKeyId)))];
  if (friendlyName) items.push(attribute(OID.friendlyName, der(new DirectoryString({ bmpString: friendlyName }))));
  // DER orders a SET OF by the elements' encodings; asn1-schema keeps the array's order.
  const encoded = new Map(items.map((item) => [item, Buffer.from(der(item))]));
  return items.sort((a, b) => Buffer.compare(encoded.get(a)!, encoded.get(b)!));
}

function certBag(certificateDer: Uint8Array, attrs: PKCS12Attribute[] | null): SafeBag {
  const value = new CertBag({ certId: OID.x509Certificate, certValue: der(new OctetString(certificateDer)) });
  const bag = new SafeBag({ bagId: OID.certBag, bagValue: der(value) });
  if (attrs) bag.bagAttributes = attrs;
  return bag;
}

function dataContentInfo(content: ArrayBuffer): ContentInfo {
  return new ContentInfo({ contentType: OID.data, content: der(new OctetString(content)) });
}

async function encryptedContentInfo(plain: ArrayBuffer, password: string, target: Pkcs12Target, iterations: number, crypto: EngineCrypto): Promise<ContentInfo> {
  const { algorithm, ciphertext } = await pbeEncrypt(new Uint8Array(plain), password, { target, iterations }, crypto);
  const encrypted = new CmsEncryptedData();
  encrypted.encryptedContentInfo = new EncryptedContentInfo({
    contentType: OID.data,
    contentEncryptionAlgorithm: algorithm,
    // [0] IMPLICIT OCTET STRING, primitive (the `value` choice), as OpenSSL writes it.
    encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }),
  });
  return new ContentInfo({ contentType: OID.encryptedData, content: der(encrypted) });
}

function macKeyAndHmac(hash: KdfHash, password: Uint8Array, salt: Uint8Array, iterations: number, data: Uint8Array): Bytes {
  const key = pkcs12Kdf(hash, password, salt, KDF_ID.mac, iterations, HASH_LENGTH[hash]);
  const mac = new Uint8Array(createHmac(hash, key).update(data).digest());
  key.fill(0);
  return mac;
}

export async function buildPkcs12(input: Pkcs12Input, crypto: EngineCrypto): Promise<Bytes> {
  const { password, target } = input;
  if (!password) {
    throw new Pkcs12PasswordRequiredError(target === 'legacy' ? 'errors:pkcs12.passwordRequired.legacy' : 'errors:pkcs12.passwordRequired.modern');
  }
  if (target !== 'modern' && target !== 'legacy') throw new Pkcs12Error('errors:pkcs12.unknownTarget', { target: String(target) });
  const iterations = input.iterations ?? (target === 'modern' ? MODERN_ITERATIONS : LEGACY_ITERATIONS);
  const macIterations = input.macIterations ?? (target === 'modern' ? MODERN_MAC_ITERATIONS : LEGACY_ITERATIONS);
  if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(macIterations) || macIterations < 1) {
    throw new Pkcs12Error('errors:pkcs12.badIterations');
  }

  // localKeyId ties the key to its certificate: the SHA-1 of the leaf, as OpenSSL sets it.
  const localKeyId = new Uint8Array(createHash('sha1').update(input.certificateDer).digest());
  const attrs = attributes(input.friendlyName || null, localKeyId);

  const certs = new SafeContents([certBag(input.certificateDer, attrs), ...input.chainDer.map((certificate) => certBag(certificate, null))]);
  const certsInfo = await encryptedContentInfo(der(certs), password, target, iterations, crypto);

  const shrouded = await pbeEncrypt(input.privateKeyPkcs8, password, { target, iterations }, crypto);
  // asn1-pkcs8 writes encryptedData as a primitive OCTET STRING, which GnuTLS requires.
  const epki = new PKCS8ShroudedKeyBag({ encryptionAlgorithm: shrouded.algorithm, encryptedData: new EncryptedKeyData(shrouded.ciphertext) });
  const keyBag = new SafeBag({ bagId: OID.shroudedKeyBag, bagValue: der(epki), bagAttributes: attrs });
  const keyInfo = dataContentInfo(der(new SafeContents([keyBag])));

  const authSafe = new Uint8Array(der(new AuthenticatedSafe([certsInfo, keyInfo])));
  const hash: KdfHash = target === 'modern' ? 'sha256' : 'sha1';
  const macSalt = crypto.getRandomValues(new Uint8Array(target === 'modern' ? 16 : 8));
  const bmp = bmpPassword(password);
  const mac = macKeyAndHmac(hash, bmp, macSalt, macIterations, authSafe);
  bmp.fill(0);
  const macData = new MacData({
    mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: hash === 'sha256' ? OID.sha256 : OID.sha1, parameters: null }), digest: new OctetString(mac) }),
    macSalt: new OctetString(macSalt),
    iterations: macIterations,
  });
  return bytesOf(der(new PFX({ version: 3, authSafe: dataContentInfo(authSafe.buffer), macData })));
}

// ---- Import -------------------------------------------------------------------------------------

export interface Pkcs12Contents {
  /** Every certificate, DER, in file order (usually the leaf first). */
  readonly certificates: Uint8Array[];
  /** Every private key, PKCS#8 DER. */
  readonly privateKeys: Uint8Array[];
  /** Every distinct friendlyName on any bag. */
  readonly friendlyNames: string[];
}

interface Collected {
  certificates: Uint8Array[];
  privateKeys: Uint8Array[];
  friendlyNames: string[];
}

/** `detail`: the parser's own words, quoted as they are. */
function notPkcs12(detail: string): NotPkcs12Error {
  return new NotPkcs12Error('errors:pkcs12.notPkcs12', { detail });
}

function wrongPassword(): WrongPasswordError {
  return new WrongPasswordError('errors:pkcs12.wrongPassword');
}

/** The passwords the MAC is tried with: an empty one is hashed as nothing or as a lone NUL, depending on the writer. */
function macCandidates(password: string): Bytes[] {
  return password === '' ? [bmpPassword(''), bmpPassword(null)] : [bmpPassword(password)];
}

function macSteps(macData: MacData, password: string): KdfStep[] {
  const hashId = macData.mac.digestAlgorithm.algorithm;
  const hash = MAC_HASHES[hashId];
  if (!hash) throw new UnsupportedPkcs12Error('errors:pkcs12.unsupportedHash', { hash: hashId });
  const iterations = toCount(macData.iterations, 'the MAC iteration count');
  if (iterations > MAX_PKCS12_KDF_ITERATIONS) throw new UnsupportedPkcs12Error('errors:pkcs12.tooManyIterations', { iterations, max: MAX_PKCS12_KDF_ITERATIONS });
  return macCandidates(password).map(() => ({ what: 'the PKCS#12 MAC', work: { kind: 'pkcs12-kdf', hash, iterations, outputs: [HASH_LENGTH[hash]] } }));
}

function verifyMac(macData: MacData, authSafe: Uint8Array, password: string, budget: KdfBudget): void {
  const steps = macSteps(macData, password);
  const hash = MAC_HASHES[macData.mac.digestAlgorithm.algorithm]!;
  const expected = new Uint8Array(macData.mac.digest.buffer);
  const salt = new Uint8Array(macData.macSalt.buffer);
  const iterations = toCount(macData.iterations, 'the MAC iteration count');
  for (const [i, candidate] of macCandidates(password).entries()) {
    budget.charge(steps[i]!);
    const mac = macKeyAndHmac(hash, candidate, salt, iterations, authSafe);
    if (mac.length === expected.length && timingSafeEqual(mac, expected)) return;
  }
  throw wrongPassword();
}

async function decrypt(algorithm: AlgorithmIdentifier, ciphertext: Bytes, password: string, crypto: EngineCrypto, budget: KdfBudget, what: string): Promise<Bytes> {
  try {
    return await pbeDecrypt(algorithm, ciphertext, password, crypto, budget, what);
  } catch (error) {
    if (error instanceof DecryptFailedError) throw wrongPassword();
    if (error instanceof UnsupportedSchemeError) throw new UnsupportedPkcs12Error('errors:pkcs12.unsupportedScheme', { detail: error.message });
    throw error;
  }
}

/** The contents of a `data` ContentInfo's OCTET STRING. */
function dataOf(contentInfo: ContentInfo): Bytes {
  return bytesOf(parseBer(contentInfo.content, OctetString).buffer);
}

function readAttributes(bag: SafeBag, into: Collected): void {
  for (const attr of bag.bagAttributes ?? []) {
    if (attr.attrId !== OID.friendlyName) continue;
    for (const value of attr.attrValues) {
      // A BMPString as the standard says, or the UTF8String a few tools write.
      const name = parseBer(value, DirectoryString).toString();
      if (!into.friendlyNames.includes(name)) into.friendlyNames.push(name);
    }
  }
}

async function readSafeContents(safeContents: SafeContents, password: string, crypto: EngineCrypto, budget: KdfBudget, into: Collected, depth = 0): Promise<void> {
  for (const bag of safeContents) {
    switch (bag.bagId) {
      case OID.keyBag:
        into.privateKeys.push(bytesOf(bag.bagValue.slice(0)));
        break;
      case OID.shroudedKeyBag: {
        const epki = parseBer(bag.bagValue, PKCS8ShroudedKeyBag);
        into.privateKeys.push(await decrypt(epki.encryptionAlgorithm, bytesOf(epki.encryptedData.buffer), password, crypto, budget, SHROUDED_KEY));
        break;
      }
      case OID.certBag: {
        const cert = parseBer(bag.bagValue, CertBag);
        if (cert.certId !== OID.x509Certificate) continue; // SDSI certificates: skipped
        into.certificates.push(bytesOf(parseBer(cert.certValue, OctetString).buffer));
        break;
      }
      case OID.safeContentsBag:
        if (depth > 4) throw new AsnShapeError('SafeContents nested too deeply');
        await readSafeContents(parseBer(bag.bagValue, SafeContents), password, crypto, budget, into, depth + 1);
        break;
      default:
        continue; // CRL and secret bags carry nothing we import
    }
    readAttributes(bag, into);
  }
}

function encryptedContentOf(content: EncryptedContent | undefined): Bytes | null {
  if (!content) return null;
  if (content.value) return bytesOf(content.value.buffer);
  // BER writers may split [0] into pieces (a constructed encoding): join them.
  return content.constructedValue ? new Uint8Array(Buffer.concat(content.constructedValue.map((piece) => new Uint8Array(piece.buffer)))) : null;
}

const SHROUDED_KEY = 'a shrouded key';
const ENCRYPTED_SAFE = 'encrypted SafeContents';

/** The derivations of the bags a SafeContents shows without decrypting anything. */
function bagSteps(safeContents: SafeContents, depth: number, into: KdfStep[]): void {
  for (const bag of safeContents) {
    if (bag.bagId === OID.shroudedKeyBag) into.push(...pbeSteps(parseBer(bag.bagValue, PKCS8ShroudedKeyBag).encryptionAlgorithm, SHROUDED_KEY));
    else if (bag.bagId === OID.safeContentsBag && depth <= 4) bagSteps(parseBer(bag.bagValue, SafeContents), depth + 1, into);
  }
}

/**
 * Every key derivation opening this file visibly asks for — the MAC (twice for an empty password),
 * each shrouded key in plain SafeContents, each encrypted SafeContents — without deriving anything.
 * What is inside encrypted SafeContents cannot be seen; the budget charges it when it is reached.
 * Parts that do not parse, or that exceed a per-derivation limit, are left out: reading them fails
 * with its own message before any derivation of theirs runs.
 */
export function pkcs12KdfSteps(der: Uint8Array, password: string): KdfStep[] {
  const steps: KdfStep[] = [];
  const tryAdd = (add: () => void) => {
    try {
      add();
    } catch {
      // reported by the read itself
    }
  };
  let pfx: PFX;
  let authSafe: AuthenticatedSafe;
  try {
    pfx = parseBer(der, PFX);
    if (pfx.authSafe.contentType !== OID.data) return steps;
    authSafe = parseBer(dataOf(pfx.authSafe), AuthenticatedSafe);
  } catch {
    return steps;
  }
  const macData = pfx.macData;
  if (macData) tryAdd(() => steps.push(...macSteps(macData, password)));
  for (const contentInfo of authSafe) {
    if (contentInfo.content.byteLength === 0) continue;
    if (contentInfo.contentType === OID.data) tryAdd(() => bagSteps(parseBer(dataOf(contentInfo), SafeContents), 0, steps));
    else if (contentInfo.contentType === OID.encryptedData) {
      tryAdd(() => steps.push(...pbeSteps(parseBer(contentInfo.content, CmsEncryptedData).encryptedContentInfo.contentEncryptionAlgorithm, ENCRYPTED_SAFE)));
    }
  }
  return steps;
}

/**
 * Opens a PKCS#12 file. Its key derivations are held to `budget` (a fresh {@link KdfBudget} unless
 * the caller's input shares one): the visible total is checked before any runs, and each is charged
 * as it runs. A {@link KdfBudgetError} is the one failure that is not a {@link Pkcs12Error}.
 */
export async function readPkcs12(der: Uint8Array, password: string, crypto: EngineCrypto, budget: KdfBudget = new KdfBudget()): Promise<Pkcs12Contents> {
  const bytes = new Uint8Array(der);
  budget.preflight(pkcs12KdfSteps(bytes, password));
  let pfx: PFX;
  let authSafeBytes: Bytes;
  try {
    pfx = parseBer(bytes, PFX);
    if (toCount(pfx.version, 'the version') !== 3) throw new AsnShapeError('the version is not 3');
    const type = pfx.authSafe.contentType;
    if (type === OID.signedData) {
      throw new UnsupportedPkcs12Error('errors:pkcs12.publicKeyMode');
    }
    if (type !== OID.data || pfx.authSafe.content.byteLength === 0) throw new AsnShapeError('the content is not data');
    authSafeBytes = dataOf(pfx.authSafe);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw error;
    throw notPkcs12(error instanceof Error ? error.message : String(error));
  }

  const macData = pfx.macData;
  try {
    if (macData) verifyMac(macData, authSafeBytes, password, budget);
  } catch (error) {
    if (error instanceof Pkcs12Error || error instanceof KdfBudgetError) throw error;
    throw new NotPkcs12Error('errors:pkcs12.macMalformed', { detail: error instanceof Error ? error.message : String(error) });
  }

  const into: Collected = { certificates: [], privateKeys: [], friendlyNames: [] };
  try {
    for (const contentInfo of parseBer(authSafeBytes, AuthenticatedSafe)) {
      const type = contentInfo.contentType;
      if (contentInfo.content.byteLength === 0) continue;
      if (type === OID.data) {
        await readSafeContents(parseBer(dataOf(contentInfo), SafeContents), password, crypto, budget, into);
      } else if (type === OID.encryptedData) {
        const eci = parseBer(contentInfo.content, CmsEncryptedData).encryptedContentInfo;
        const encrypted = encryptedContentOf(eci.encryptedContent);
        if (!encrypted) continue;
        const plain = await decrypt(eci.contentEncryptionAlgorithm, encrypted, password, crypto, budget, ENCRYPTED_SAFE);
        let safeContents: SafeContents;
        try {
          safeContents = parseBer(plain, SafeContents);
        } catch {
          // Without a MAC, a wrong password can decrypt to bytes with valid padding by chance.
          throw macData ? new NotPkcs12Error('errors:pkcs12.undecodable') : wrongPassword();
        }
        await readSafeContents(safeContents, password, crypto, budget, into);
      } else if (type === OID.envelopedData) {
        throw new UnsupportedPkcs12Error('errors:pkcs12.envelopedPart');
      }
    }
  } catch (error) {
    into.privateKeys.forEach((key) => key.fill(0));
    if (error instanceof Pkcs12Error || error instanceof KdfBudgetError) throw error;
    throw notPkcs12(error instanceof Error ? error.message : String(error));
  }
  return into;
}
