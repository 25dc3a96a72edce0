/**
 * Encrypted private keys from outside — encrypted PKCS#8 and OpenSSL's legacy encrypted PEM — are
 * decrypted here, not by OpenSSL. OpenSSL would run whatever key derivation the file names, for as
 * long as it names (PBKDF2 with 2^31−1 iterations: minutes of synchronous work that nothing can
 * interrupt), so the derivation is costed first and held to the input's budget, and OpenSSL only
 * ever sees the decrypted key, with no passphrase: without one it cannot derive anything.
 */
import { createDecipheriv, createHash, getCipherInfo, type Decipher } from 'node:crypto';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { DecryptFailedError, parseBer, pbeDecrypt, pbeSteps, UnsupportedSchemeError } from '../export/pkcs12-pbe.js';
import type { KdfBudget, KdfStep } from '../kdf-budget.js';
import type { EngineCrypto } from '../webcrypto.js';

const ENCRYPTED_PKCS8 = 'an encrypted PKCS#8 key';
const LEGACY_PEM = 'a legacy encrypted PEM key';

/** Decryption failed the way a wrong password fails (the message says "password"). */
export class KeyPasswordError extends Error {}
/** The key's encryption is not one Certwright opens, or it asks for more than a single derivation may. */
export class KeyEncryptionError extends Error {}

function infoOf(der: Uint8Array): EncryptedPrivateKeyInfo {
  try {
    return parseBer(der, EncryptedPrivateKeyInfo);
  } catch (error) {
    throw new KeyEncryptionError(`its EncryptedPrivateKeyInfo does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The key derivation opening this encrypted PKCS#8 asks for; throws when Certwright would refuse it. */
export function encryptedPkcs8Steps(der: Uint8Array): KdfStep[] {
  try {
    return pbeSteps(infoOf(der).encryptionAlgorithm, ENCRYPTED_PKCS8);
  } catch (error) {
    if (error instanceof UnsupportedSchemeError) throw new KeyEncryptionError(error.message);
    throw error;
  }
}

/** The PKCS#8 inside an EncryptedPrivateKeyInfo (PBES2 with PBKDF2 or scrypt, or a PKCS#12 PBE scheme). */
export async function decryptEncryptedPkcs8(der: Uint8Array, password: string, crypto: EngineCrypto, budget: KdfBudget): Promise<Uint8Array> {
  const info = infoOf(der);
  try {
    return await pbeDecrypt(info.encryptionAlgorithm, new Uint8Array(info.encryptedData.buffer), password, crypto, budget, ENCRYPTED_PKCS8);
  } catch (error) {
    if (error instanceof DecryptFailedError) throw new KeyPasswordError('bad decrypt: the password is wrong');
    if (error instanceof UnsupportedSchemeError) throw new KeyEncryptionError(error.message);
    throw error;
  }
}

/** A DEK-Info header's value: the cipher, a comma, the IV in hex. */
const DEK_INFO = /^([A-Za-z0-9-]+)[ \t]*,[ \t]*([0-9A-Fa-f]+)$/;

function legacyCipher(dekInfo: string): { name: string; label: string; iv: Buffer; keyLength: number } {
  const match = DEK_INFO.exec(dekInfo.trim());
  if (!match) throw new KeyEncryptionError('its DEK-Info header (cipher and IV) is missing or damaged');
  const label = match[1]!;
  const name = label.toLowerCase();
  const iv = Buffer.from(match[2]!, 'hex');
  const info = getCipherInfo(name);
  if (!info || info.mode !== 'cbc' || !info.ivLength || iv.length !== info.ivLength || iv.length < 8) {
    throw new KeyEncryptionError(`its cipher ${label} is not one Certwright decrypts (AES-128/192/256-CBC, DES-EDE3-CBC)`);
  }
  return { name, label, iv, keyLength: info.keyLength };
}

/** The key derivation a legacy encrypted PEM block asks for (always one MD5 iteration). */
export function legacyPemSteps(dekInfo: string): KdfStep[] {
  return [{ what: LEGACY_PEM, work: { kind: 'evp-bytes-to-key', bytes: legacyCipher(dekInfo).keyLength } }];
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration, as PEM_do_header calls it (salt = the IV's first 8 bytes). */
function evpBytesToKey(password: Uint8Array, salt: Uint8Array, length: number): Buffer {
  const parts: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let have = 0;
  while (have < length) {
    previous = createHash('md5').update(previous).update(password).update(salt).digest();
    parts.push(previous);
    have += previous.length;
  }
  return Buffer.concat(parts).subarray(0, length);
}

/**
 * The DER inside a legacy encrypted PEM block ("Proc-Type: 4,ENCRYPTED" + "DEK-Info: cipher,IV"),
 * given its DEK-Info header's value and its base64-decoded body.
 */
export function decryptLegacyPem(dekInfo: string, body: Uint8Array, password: string, budget: KdfBudget): Uint8Array {
  const cipher = legacyCipher(dekInfo);
  budget.charge(legacyPemSteps(dekInfo)[0]!);
  const key = evpBytesToKey(new TextEncoder().encode(password), cipher.iv.subarray(0, 8), cipher.keyLength);
  let decipher: Decipher;
  try {
    decipher = createDecipheriv(cipher.name, key, cipher.iv);
  } catch {
    key.fill(0);
    throw new KeyEncryptionError(`its cipher ${cipher.label} is not available here`);
  }
  try {
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    throw new KeyPasswordError('bad decrypt: the password is wrong');
  } finally {
    key.fill(0);
  }
}
