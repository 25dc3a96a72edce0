/**
 * The private keys of an unlocked vault: sealing new ones (after checking each belongs to its
 * certificate), opening sealed ones for the record kind, id and public key they were sealed for, and
 * the authorities' signing keys as non-extractable CryptoKeys, cached by the public key they were
 * checked against. One per session; dropped with it at lock.
 */
import { CertwrightError } from '../../shared/errors.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { exportPkcs8, importPrivateKey } from '../engine/keys.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { AUTHORITIES } from './authorities.js';
import { TOKEN_ISSUERS } from './token-issuers.js';
import { REMOTES } from './remotes-file.js';
import { tampered } from './files.js';
import type { AuthorityRecord } from './records.js';
import { open, seal, SealOpenError, type SealedBox } from './seal.js';
import { expectedSpkiHash, sealedKeyContext, sha256Hex, spkiHashOfPrivateKey, type KeyHolder } from './sealed-keys.js';
import { msg } from '../../shared/i18n/message.js';

/** The fields a record's sealed key is bound to. */
export interface KeyedRecord {
  readonly id: string;
  readonly sealedKey?: SealedBox | undefined;
  readonly certificateDerB64?: string | undefined;
  readonly csrDerB64?: string | undefined;
  readonly spkiDerB64?: string | undefined;
}

/** The file that holds each kind of record's sealed keys, for the tamper message. */
const FILE_OF: Readonly<Record<KeyHolder, string>> = { authority: AUTHORITIES, certificate: 'certificates', 'token-issuer': TOKEN_ISSUERS, 'remote-provisioner': REMOTES };

export class KeyRing {
  readonly #sealKey: CryptoKey;
  readonly #crypto: EngineCrypto;
  readonly #directory: string;
  readonly #signing = new Map<string, { readonly key: CryptoKey; readonly spki: string }>();
  readonly #tokenKeys = new Map<string, CryptoKey>();

  constructor(sealKey: CryptoKey, crypto: EngineCrypto, directory: string) {
    this.#sealKey = sealKey;
    this.#crypto = crypto;
    this.#directory = directory;
  }

  /**
   * Seals a key for the record (an extractable CryptoKey is exported once; PKCS#8 bytes are wiped).
   * With `cacheAs`, an authority's key is kept ready to sign. `publicKey`: the SPKI the caller made
   * the key pair with and the certificate from, which spares deriving it from the private key (0.5 ms
   * a key, most of a bulk issue's sealing); a key is compared with its certificate again before it is
   * used or exported.
   */
  async seal(holder: KeyHolder, record: Omit<KeyedRecord, 'sealedKey'>, privateKey: CryptoKey | Bytes, cacheAs: KeyAlgorithmId | null, publicKey?: Uint8Array): Promise<SealedBox> {
    const pkcs8 = privateKey instanceof Uint8Array ? privateKey : await exportPkcs8(privateKey, this.#crypto);
    try {
      const spki = publicKey && !cacheAs ? sha256Hex(publicKey) : spkiHashOfPrivateKey(pkcs8);
      if (spki !== expectedSpkiHash(record)) throw new CertwrightError('INTERNAL', msg('errors:vault.keyMismatchNotStored'));
      const sealed = await seal(this.#sealKey, pkcs8, sealedKeyContext(holder, record.id, spki), this.#crypto);
      if (cacheAs) this.#signing.set(record.id, { key: await importPrivateKey(pkcs8, cacheAs, this.#crypto), spki });
      return sealed;
    } finally {
      pkcs8.fill(0);
    }
  }

  /** Forgets a signing key cached by seal() for a record that was not stored after all. */
  forget(id: string): void {
    this.#signing.delete(id);
  }

  /** The PKCS#8 of a record's key, checked against the record's certificate; the caller zeroes it. */
  async open(holder: KeyHolder, record: KeyedRecord): Promise<Bytes> {
    if (!record.sealedKey) throw new CertwrightError('NOT_FOUND', msg('errors:vault.keyNotHeld'));
    const spki = expectedSpkiHash(record);
    let pkcs8: Bytes;
    try {
      pkcs8 = await open(this.#sealKey, record.sealedKey, sealedKeyContext(holder, record.id, spki), this.#crypto);
    } catch (error) {
      if (error instanceof SealOpenError) {
        throw tampered(FILE_OF[holder], msg('errors:tamper.sealedKeyMoved', { id: record.id }), this.#directory);
      }
      throw error;
    }
    if (spkiHashOfPrivateKey(pkcs8) !== spki) {
      pkcs8.fill(0);
      throw tampered(FILE_OF[holder], msg('errors:tamper.keyMismatch', { id: record.id }), this.#directory);
    }
    return pkcs8;
  }

  /**
   * An authority's key as a non-extractable CryptoKey. Opened only for the public key in its
   * certificate (or request) and compared with it again: a record whose certificate changed is
   * opened afresh, and one whose certificate was swapped never signs.
   */
  async signingKey(record: AuthorityRecord): Promise<CryptoKey> {
    const spki = expectedSpkiHash(record);
    const cached = this.#signing.get(record.id);
    if (cached?.spki === spki) return cached.key;
    const pkcs8 = await this.open('authority', record);
    try {
      const key = await importPrivateKey(pkcs8, record.keyAlgorithm, this.#crypto);
      this.#signing.set(record.id, { key, spki });
      return key;
    } finally {
      pkcs8.fill(0);
    }
  }

  /**
   * A token issuer's key (or a remote authority's provisioner key, which signs step-ca's one-time
   * tokens) as a non-extractable CryptoKey, opened for the public key its record names.
   */
  async tokenSigningKey(record: KeyedRecord & { readonly keyAlgorithm: KeyAlgorithmId }, holder: 'token-issuer' | 'remote-provisioner' = 'token-issuer'): Promise<CryptoKey> {
    // Cached by holder, record and public key: a record whose key changed is opened afresh.
    const cacheKey = `${holder}:${record.id}:${expectedSpkiHash(record)}`;
    const cached = this.#tokenKeys.get(cacheKey);
    if (cached) return cached;
    const pkcs8 = await this.open(holder, record);
    try {
      const key = await importPrivateKey(pkcs8, record.keyAlgorithm, this.#crypto);
      this.#tokenKeys.set(cacheKey, key);
      return key;
    } finally {
      pkcs8.fill(0);
    }
  }
}
