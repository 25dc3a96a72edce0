/**
 * Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo) with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256
 * derives an AES-256-CBC key from a password and a random salt. Everything runs on WebCrypto; the
 * ASN.1 is @peculiar/asn1-pkcs8 plus the PBES2/PBKDF2 parameter structures defined here.
 * OpenSSL reads the result with `openssl pkey -in key.enc.pem -passin …`.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { EncryptedData, EncryptedPrivateKeyInfo, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { OID } from '../oids.js';
import { decodeObjects, toPem } from '../pem.js';
import { Pbes2Params, Pbkdf2Params } from './pbes2-params.js';
import type { Bytes, EngineCrypto } from '../webcrypto.js';

export const ENCRYPTED_KEY_PEM_LABEL = 'ENCRYPTED PRIVATE KEY';

/**
 * Default PBKDF2 iteration count: 600 000, OWASP's 2023 figure for PBKDF2-HMAC-SHA256. It costs
 * a few hundred milliseconds per encryption/decryption, which is paid once per export.
 */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** Below this we refuse to encrypt: the protection would be nominal. */
export const MIN_PBKDF2_ITERATIONS = 10_000;
/** Above this we refuse to decrypt, so a crafted file cannot make us spin for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 16;

export class Pkcs8PasswordError extends Error {}

export interface EncryptOptions {
  /** PBKDF2 iterations; {@link DEFAULT_PBKDF2_ITERATIONS} when omitted. */
  readonly iterations?: number;
}

function bytes(buffer: ArrayBuffer | ArrayBufferView): Bytes {
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}

async function deriveKey(password: string, salt: Bytes, iterations: number, crypto: EngineCrypto, usage: KeyUsage): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-CBC', length: 256 }, false, [usage]);
}

/** DER EncryptedPrivateKeyInfo of a DER PKCS#8 PrivateKeyInfo. */
export async function encryptPkcs8(pkcs8: Uint8Array, password: string, crypto: EngineCrypto, options: EncryptOptions = {}): Promise<Bytes> {
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be an integer from ${MIN_PBKDF2_ITERATIONS} to ${MAX_PBKDF2_ITERATIONS}`);
  }
  if (password.length === 0) throw new Pkcs8PasswordError('The password must not be empty');
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(password, salt, iterations, crypto, 'encrypt');
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, bytes(pkcs8));

  const kdf = new Pbkdf2Params();
  kdf.salt = salt.buffer;
  kdf.iterationCount = iterations;
  kdf.prf = new AlgorithmIdentifier({ algorithm: OID.hmacWithSHA256, parameters: null });
  const params = new Pbes2Params();
  params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: OID.pbkdf2, parameters: AsnConvert.serialize(kdf) });
  params.encryptionScheme = new AlgorithmIdentifier({ algorithm: OID.aes256cbc, parameters: AsnConvert.serialize(new OctetString(iv)) });
  const info = new EncryptedPrivateKeyInfo({
    encryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: AsnConvert.serialize(params) }),
    encryptedData: new EncryptedData(ciphertext),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

/** PEM ("ENCRYPTED PRIVATE KEY") of {@link encryptPkcs8}. */
export async function encryptPkcs8Pem(pkcs8: Uint8Array, password: string, crypto: EngineCrypto, options: EncryptOptions = {}): Promise<string> {
  return toPem(ENCRYPTED_KEY_PEM_LABEL, await encryptPkcs8(pkcs8, password, crypto, options));
}

/**
 * Decrypts what {@link encryptPkcs8} (or OpenSSL with the same algorithms) wrote. Throws
 * {@link Pkcs8PasswordError} for a wrong password, and a plain Error for other algorithms.
 */
export async function decryptPkcs8(encrypted: Uint8Array | string, password: string, crypto: EngineCrypto): Promise<Bytes> {
  let der: Uint8Array;
  if (typeof encrypted === 'string') {
    const block = decodeObjects(encrypted).find((b) => b.label === ENCRYPTED_KEY_PEM_LABEL || b.label === null);
    if (!block) throw new Error(`No ${ENCRYPTED_KEY_PEM_LABEL} block found`);
    der = block.der;
  } else der = encrypted;
  const info = AsnConvert.parse(bytes(der), EncryptedPrivateKeyInfo);
  if (info.encryptionAlgorithm.algorithm !== OID.pbes2 || !info.encryptionAlgorithm.parameters) throw new Error('Only PBES2-encrypted keys are supported');
  const params = AsnConvert.parse(info.encryptionAlgorithm.parameters, Pbes2Params);
  if (params.keyDerivationFunc.algorithm !== OID.pbkdf2 || !params.keyDerivationFunc.parameters) throw new Error('Only PBKDF2 key derivation is supported');
  if (params.encryptionScheme.algorithm !== OID.aes256cbc || !params.encryptionScheme.parameters) throw new Error('Only AES-256-CBC encryption is supported');
  const kdf = AsnConvert.parse(params.keyDerivationFunc.parameters, Pbkdf2Params);
  if ((kdf.prf?.algorithm ?? OID.hmacWithSHA1) !== OID.hmacWithSHA256) throw new Error('Only the HMAC-SHA256 PRF is supported');
  if (kdf.keyLength !== undefined && Number(kdf.keyLength) !== 32) throw new Error('AES-256 needs a 32-byte key');
  // asn1-schema gives large INTEGERs as strings; anything not a safe number is out of range anyway.
  const iterations = Number(kdf.iterationCount);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) throw new Error(`PBKDF2 iteration count ${String(kdf.iterationCount)} is out of range`);
  const iv = bytes(AsnConvert.parse(params.encryptionScheme.parameters, OctetString).buffer);
  if (iv.length !== IV_BYTES) throw new Error('The AES-CBC IV must be 16 bytes');
  const key = await deriveKey(password, bytes(kdf.salt), iterations, crypto, 'decrypt');
  let plain: Bytes;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, bytes(info.encryptedData.buffer)));
  } catch {
    // Bad padding is what a wrong password looks like with CBC.
    throw new Pkcs8PasswordError('Wrong password, or the key file is damaged');
  }
  try {
    // About 1 in 256 wrong passwords still ends in valid padding; the result is then not PKCS#8.
    AsnConvert.parse(plain, PrivateKeyInfo);
  } catch {
    plain.fill(0);
    throw new Pkcs8PasswordError('Wrong password, or the key file is damaged');
  }
  return plain;
}
