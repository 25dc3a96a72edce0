/**
 * Password-based encryption as PKCS#12 uses it: PBES2 (PBKDF2 + AES-CBC, on WebCrypto) for modern
 * files, and the PKCS#12 PBE schemes (RFC 7292 Appendix C: PKCS#12 KDF + 3DES or RC2, on node:crypto
 * and our RC2) for legacy ones; reading also takes PBES2 with scrypt (what `openssl pkcs8 -scrypt`
 * writes). Every derivation is costed first ({@link pbeSteps}) so that a reader can hold a whole
 * input to one key-derivation budget (../kdf-budget.ts). Also `parseBer`, the BER entry into
 * asn1-schema that the PKCS#12 reader uses for every structure.
 */
import { createCipheriv, createDecipheriv, scrypt } from 'node:crypto';
import { AsnParser, AsnPropTypes, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { bmpPassword, KDF_ID, pkcs12Kdf } from './pkcs12-kdf.js';
import { rc2CbcDecrypt } from './rc2.js';
import { asnFields } from '../asn-fields.js';
import { UNIVERSAL, walkDer, type DerNode } from '../inspect/der.js';
import { OID } from '../oids.js';
import { Pbes2Params, Pbkdf2Params } from './pbes2-params.js';
import type { KdfBudget, KdfStep } from '../kdf-budget.js';
import type { Bytes, EngineCrypto } from '../webcrypto.js';

// ---- ASN.1 ----------------------------------------------------------------------------------------
// The parameter structures below are not in the installed @peculiar/asn1-* packages (there is no
// asn1-pkcs5), so they are declared here as asn1-schema classes, as pkcs8-encrypt.ts does.

/** RFC 7292 Appendix C pkcs-12PbeParams. */
class Pkcs12PbeParams {
  salt = new ArrayBuffer(0);
  iterations: number | string = 0;
}
asnFields(Pkcs12PbeParams, {
  salt: { type: AsnPropTypes.OctetString },
  iterations: { type: AsnPropTypes.Integer },
});

/** RFC 7914 §7.1 scrypt-params. */
class ScryptParams {
  salt = new ArrayBuffer(0);
  costParameter: number | string = 0;
  blockSize: number | string = 0;
  parallelizationParameter: number | string = 0;
  keyLength?: number | string;
}
asnFields(ScryptParams, {
  salt: { type: AsnPropTypes.OctetString },
  costParameter: { type: AsnPropTypes.Integer },
  blockSize: { type: AsnPropTypes.Integer },
  parallelizationParameter: { type: AsnPropTypes.Integer },
  keyLength: { type: AsnPropTypes.Integer, optional: true },
});

/** Thrown for bytes that are not the ASN.1 we expect. */
export class AsnShapeError extends Error {}

/** The asn1js nodes of asn1-schema's own asn1js copy, as far as {@link parseBer} touches them. */
interface BerNode {
  readonly idBlock: { readonly tagClass: number; readonly tagNumber: number; readonly isConstructed: boolean };
  readonly lenBlock: { isIndefiniteForm: boolean };
  readonly valueBlock: { value?: BerNode[]; isIndefiniteForm?: boolean; readonly valueHexView?: Uint8Array };
  readonly blockLength: number;
  toBER(sizeOnly?: boolean): ArrayBuffer;
}

/** Keeps asn1js's parse tree (from the asn1js copy asn1-schema itself uses) instead of mapping it. */
class BerTree {
  node: BerNode | null = null;
  fromASN(asn: BerNode): this {
    this.node = asn;
    return this;
  }
  toASN(): BerNode {
    if (!this.node) throw new AsnShapeError('empty ASN.1 tree');
    return this.node;
  }
}

function joinOctets(node: BerNode): Uint8Array[] {
  if (!node.idBlock.isConstructed) return [node.valueBlock.valueHexView ?? new Uint8Array(0)];
  return (node.valueBlock.value ?? []).flatMap(joinOctets);
}

/**
 * Rewrites a parsed BER tree the way asn1-schema's classes can map it: a constructed OCTET STRING
 * (Windows and Java write them) becomes a primitive one — asn1-schema rejects the constructed form
 * wherever a schema says OCTET STRING, or silently reads it as empty — and indefinite lengths
 * become definite, so the bytes an ANY field hands back (a PKCS#8 key, a certificate) are DER-like.
 */
function normalise(node: BerNode): BerNode {
  const { tagClass, tagNumber, isConstructed } = node.idBlock;
  if (!isConstructed) return node;
  if (tagClass === 1 && tagNumber === 4) {
    const pieces = joinOctets(node);
    const joined = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const piece of pieces) {
      joined.set(piece, offset);
      offset += piece.length;
    }
    return new OctetString(joined).toASN() as unknown as BerNode;
  }
  node.lenBlock.isIndefiniteForm = false;
  node.valueBlock.isIndefiniteForm = false;
  if (node.valueBlock.value) node.valueBlock.value = node.valueBlock.value.map(normalise);
  return node;
}

/**
 * asn1js's default limits (depth, node count, content length) stay on for untrusted input, but it
 * must not look for ASN.1 inside every OCTET STRING: each level a PKCS#12 file nests in an OCTET
 * STRING (AuthenticatedSafe, SafeContents, certificates) is parsed when it is reached, and eager
 * parsing costs ~10x the time and counts a whole certificate chain against the node limit.
 */
const BER_OPTIONS = { berOptions: { parseEmbedded: false } };

/**
 * Parses one complete BER element (indefinite lengths and constructed OCTET STRINGs included) into
 * an asn1-schema class. Trailing bytes are refused.
 */
export function parseBer<T>(bytes: ArrayBuffer | Uint8Array, target: new () => T): T {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (input.length === 0) throw new AsnShapeError('no ASN.1 data');
  let tree: BerNode;
  try {
    tree = AsnParser.parse(input, BerTree, BER_OPTIONS).toASN();
  } catch (error) {
    // asn1js throws a bare RangeError on a BMPString of odd length (two bytes a character): say what it is.
    if (error instanceof RangeError) throw new AsnShapeError(oddBmpString(input) ?? `its ASN.1 does not decode (${error.message})`);
    throw error;
  }
  if (tree.blockLength !== input.length) throw new AsnShapeError('trailing bytes after the ASN.1 element');
  return AsnParser.parse(normalise(tree).toBER(false), target, BER_OPTIONS);
}

/** Where a BMPString of odd length is, if there is one. */
function oddBmpString(input: Uint8Array): string | null {
  let root: DerNode;
  try {
    root = walkDer(input);
  } catch {
    return null;
  }
  const stack = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.tagClass === 0 && node.tagNumber === UNIVERSAL.bmpString && !node.constructed && node.length % 2 === 1) {
      return `the text (BMPString) at byte ${node.offset} has an odd length, ${node.length} bytes: it is damaged`;
    }
    stack.push(...node.children);
  }
  return null;
}

/** A DER INTEGER read by asn1-schema (a string from 4 bytes up) as a whole number. */
export function toCount(value: number | string | undefined, what: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 0) throw new AsnShapeError(`${what} is not a usable whole number`);
  return count;
}

const der = (value: object): ArrayBuffer => AsnSerializer.serialize(value);

function paramsOf(algorithm: AlgorithmIdentifier): ArrayBuffer {
  if (!algorithm.parameters) throw new AsnShapeError(`the algorithm ${algorithm.algorithm} has no parameters`);
  return algorithm.parameters;
}

const PRF: Readonly<Record<string, string>> = {
  [OID.hmacWithSHA1]: 'SHA-1',
  [OID.hmacWithSHA256]: 'SHA-256',
  [OID.hmacWithSHA384]: 'SHA-384',
  [OID.hmacWithSHA512]: 'SHA-512',
};

const AES_BITS: Readonly<Record<string, number>> = { [OID.aes128cbc]: 128, [OID.aes192cbc]: 192, [OID.aes256cbc]: 256 };

/**
 * More iterations than any real file uses (we write 600,000 PBKDF2 rounds; PBKDF2 runs natively and
 * off the event loop): a larger count is a damaged or hostile file that would keep a core busy.
 */
export const MAX_READ_ITERATIONS = 2_000_000;
/**
 * The PKCS#12 KDF (legacy PBE and every MAC) runs in JavaScript, on the event loop, several times per
 * file. Real files use 2,048 (OpenSSL, macOS), 2,000 (Windows) or at most 100,000 (Java).
 */
export const MAX_PKCS12_KDF_ITERATIONS = 250_000;
/**
 * scrypt holds 128·r·(N + p + 2) bytes while it runs, outside the JavaScript heap (so outside a
 * worker's resourceLimits). OpenSSL itself decrypts keys up to 32 MiB (`openssl pkcs8 -scrypt`
 * writes N=16384, r=8: 16 MiB); twice that is as far as a file may ask.
 */
export const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;

const scryptMemory = (N: number, r: number, p: number) => 128 * r * (N + p + 2);
const mebibytes = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 0 })} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`);

function boundedIterations(value: number | string | undefined, what: string, limit: number): number {
  const count = toCount(value, what);
  if (count > limit) throw new UnsupportedSchemeError(`${what} is ${count}, more than Certwright will run (${limit})`);
  return count;
}

/** The scheme is not one we can decrypt. */
export class UnsupportedSchemeError extends Error {}
/** Decryption produced garbage (bad padding): the password is wrong, or the file is damaged. */
export class DecryptFailedError extends Error {}

export interface EncryptOptions {
  readonly target: 'modern' | 'legacy';
  readonly iterations: number;
}

const utf8 = (text: string): Bytes => new TextEncoder().encode(text);

function randomBytes(crypto: EngineCrypto, length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

async function pbkdf2(crypto: EngineCrypto, password: string, salt: Bytes, iterations: number, hash: string, bits: number): Promise<Bytes> {
  const base = await crypto.subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations, hash }, base, bits));
}

/** Encrypts `plain`; returns the AlgorithmIdentifier and the ciphertext. */
export async function pbeEncrypt(plain: Uint8Array, password: string, options: EncryptOptions, crypto: EngineCrypto): Promise<{ algorithm: AlgorithmIdentifier; ciphertext: Bytes }> {
  if (options.target === 'modern') {
    const salt = randomBytes(crypto, 16);
    const iv = randomBytes(crypto, 16);
    const keyBytes = await pbkdf2(crypto, password, salt, options.iterations, 'SHA-256', 256);
    const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['encrypt']);
    keyBytes.fill(0);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plain as Bytes));
    const kdf = new Pbkdf2Params();
    kdf.salt = salt.buffer;
    kdf.iterationCount = options.iterations;
    kdf.prf = new AlgorithmIdentifier({ algorithm: OID.hmacWithSHA256, parameters: null });
    const params = new Pbes2Params();
    params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: OID.pbkdf2, parameters: der(kdf) });
    params.encryptionScheme = new AlgorithmIdentifier({ algorithm: OID.aes256cbc, parameters: der(new OctetString(iv)) });
    return { algorithm: new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: der(params) }), ciphertext };
  }
  const salt = randomBytes(crypto, 8);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf('sha1', bmp, salt, KDF_ID.key, options.iterations, 24);
  const iv = pkcs12Kdf('sha1', bmp, salt, KDF_ID.iv, options.iterations, 8);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
  key.fill(0);
  bmp.fill(0);
  const params = new Pkcs12PbeParams();
  params.salt = salt.buffer;
  params.iterations = options.iterations;
  return { algorithm: new AlgorithmIdentifier({ algorithm: OID.pbeSha3DES, parameters: der(params) }), ciphertext };
}

function nodeDecrypt(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Bytes {
  try {
    const decipher = createDecipheriv(name, key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch {
    throw new DecryptFailedError(`${name} decryption failed`);
  }
}

const LEGACY: Readonly<Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number }>> = {
  [OID.pbeSha3DES]: { cipher: 'des-ede3-cbc', keyLength: 24 },
  [OID.pbeSha2DES]: { cipher: 'des-ede-cbc', keyLength: 16 },
  [OID.pbeShaRc2_128]: { cipher: 'rc2', keyLength: 16 },
  [OID.pbeShaRc2_40]: { cipher: 'rc2', keyLength: 5 },
};

/** What a PBES2 scheme will derive and decrypt with, validated (limits included) before anything runs. */
type Pbes2Plan =
  | { readonly kdf: 'pbkdf2'; readonly salt: Bytes; readonly iterations: number; readonly prf: string; readonly cipher: string; readonly keyBytes: number; readonly iv: Bytes }
  | { readonly kdf: 'scrypt'; readonly salt: Bytes; readonly N: number; readonly r: number; readonly p: number; readonly cipher: string; readonly keyBytes: number; readonly iv: Bytes };

function pbes2Plan(params: Pbes2Params): Pbes2Plan {
  const cipherId = params.encryptionScheme.algorithm;
  const aesBits = AES_BITS[cipherId];
  if (!aesBits && cipherId !== OID.desEde3Cbc) throw new UnsupportedSchemeError(`the cipher ${cipherId} is not supported`);
  const keyBytes = aesBits ? aesBits / 8 : 24;
  const iv = new Uint8Array(parseBer(paramsOf(params.encryptionScheme), OctetString).buffer);
  const kdfId = params.keyDerivationFunc.algorithm;
  if (kdfId === OID.scrypt) {
    const kdf = parseBer(paramsOf(params.keyDerivationFunc), ScryptParams);
    const N = toCount(kdf.costParameter, 'the scrypt cost N');
    const r = toCount(kdf.blockSize, 'the scrypt block size r');
    const p = toCount(kdf.parallelizationParameter, 'the scrypt parallelization p');
    if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) throw new UnsupportedSchemeError(`the scrypt parameters N=${N}, r=${r}, p=${p} are not valid (N must be a power of two)`);
    const memory = scryptMemory(N, r, p);
    if (memory > MAX_SCRYPT_MEMORY) {
      throw new UnsupportedSchemeError(`scrypt with N=${N}, r=${r}, p=${p} needs ${mebibytes(memory)} of memory, more than Certwright will use (${mebibytes(MAX_SCRYPT_MEMORY)})`);
    }
    return { kdf: 'scrypt', salt: new Uint8Array(kdf.salt), N, r, p, cipher: cipherId, keyBytes, iv };
  }
  if (kdfId !== OID.pbkdf2) throw new UnsupportedSchemeError(`the key derivation ${kdfId} is not supported`);
  const kdf = parseBer(paramsOf(params.keyDerivationFunc), Pbkdf2Params);
  const iterations = boundedIterations(kdf.iterationCount, 'the PBKDF2 iteration count', MAX_READ_ITERATIONS);
  let prf = 'SHA-1';
  if (kdf.prf) {
    const name = PRF[kdf.prf.algorithm];
    if (!name) throw new UnsupportedSchemeError(`the PBKDF2 function ${kdf.prf.algorithm} is not supported`);
    prf = name;
  }
  return { kdf: 'pbkdf2', salt: new Uint8Array(kdf.salt), iterations, prf, cipher: cipherId, keyBytes, iv };
}

/**
 * The key derivations decrypting with `algorithm` will run, for the input's budget: checked (scheme
 * supported, counts within the per-derivation limits) without deriving anything.
 * Throws {@link UnsupportedSchemeError} exactly where {@link pbeDecrypt} would.
 */
export function pbeSteps(algorithm: AlgorithmIdentifier, what: string): KdfStep[] {
  const id = algorithm.algorithm;
  if (id === OID.pbes2) {
    const plan = pbes2Plan(parseBer(paramsOf(algorithm), Pbes2Params));
    return [{ what, work: plan.kdf === 'scrypt' ? { kind: 'scrypt', N: plan.N, r: plan.r, p: plan.p } : { kind: 'pbkdf2', hash: plan.prf, iterations: plan.iterations, keyBytes: plan.keyBytes } }];
  }
  const scheme = LEGACY[id];
  if (!scheme) throw new UnsupportedSchemeError(`the encryption scheme ${id} is not supported`);
  const iterations = boundedIterations(parseBer(paramsOf(algorithm), Pkcs12PbeParams).iterations, 'the PBE iteration count', MAX_PKCS12_KDF_ITERATIONS);
  return [{ what, work: { kind: 'pkcs12-kdf', hash: 'sha1', iterations, outputs: [scheme.keyLength, 8] } }];
}

/**
 * Decrypts with the scheme an AlgorithmIdentifier names. With a budget, each key derivation is
 * charged to it before it runs (and refused with a {@link KdfBudgetError} when it would not fit).
 */
export async function pbeDecrypt(algorithm: AlgorithmIdentifier, ciphertext: Bytes, password: string, crypto: EngineCrypto, budget?: KdfBudget, what = 'encrypted contents'): Promise<Bytes> {
  const steps = pbeSteps(algorithm, what);
  const id = algorithm.algorithm;
  if (id === OID.pbes2) {
    for (const step of steps) budget?.charge(step);
    return pbes2Decrypt(pbes2Plan(parseBer(paramsOf(algorithm), Pbes2Params)), ciphertext, password, crypto);
  }
  const scheme = LEGACY[id]!;
  const params = parseBer(paramsOf(algorithm), Pkcs12PbeParams);
  const salt = new Uint8Array(params.salt);
  const iterations = toCount(params.iterations, 'the PBE iteration count');
  const bmp = bmpPassword(password);
  for (const step of steps) budget?.charge(step);
  const key = pkcs12Kdf('sha1', bmp, salt, KDF_ID.key, iterations, scheme.keyLength);
  const iv = pkcs12Kdf('sha1', bmp, salt, KDF_ID.iv, iterations, 8);
  try {
    if (scheme.cipher === 'rc2') {
      try {
        return rc2CbcDecrypt(key, scheme.keyLength * 8, iv, ciphertext);
      } catch {
        throw new DecryptFailedError('RC2 decryption failed');
      }
    }
    return nodeDecrypt(scheme.cipher, key, iv, ciphertext);
  } finally {
    key.fill(0);
  }
}

async function pbes2Key(plan: Pbes2Plan, password: string, crypto: EngineCrypto): Promise<Bytes> {
  if (plan.kdf === 'pbkdf2') return pbkdf2(crypto, password, plan.salt, plan.iterations, plan.prf, plan.keyBytes * 8);
  const { N, r, p } = plan;
  return new Promise((resolve, reject) => {
    scrypt(utf8(password), plan.salt, plan.keyBytes, { N, r, p, maxmem: scryptMemory(N, r, p) + 1024 * 1024 }, (error, key) => (error ? reject(new UnsupportedSchemeError(`scrypt failed: ${error.message}`)) : resolve(new Uint8Array(key))));
  });
}

async function pbes2Decrypt(plan: Pbes2Plan, ciphertext: Bytes, password: string, crypto: EngineCrypto): Promise<Bytes> {
  const keyBytes = await pbes2Key(plan, password, crypto);
  if (plan.cipher === OID.desEde3Cbc) {
    try {
      return nodeDecrypt('des-ede3-cbc', keyBytes, plan.iv, ciphertext);
    } finally {
      keyBytes.fill(0);
    }
  }
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['decrypt']);
  keyBytes.fill(0);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: plan.iv }, key, ciphertext));
  } catch {
    throw new DecryptFailedError('AES-CBC decryption failed');
  }
}
