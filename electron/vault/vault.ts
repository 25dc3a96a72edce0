/**
 * The vault: persistence and key protection. Private keys are sealed (AES-256-GCM under a key
 * derived from the passphrase with scrypt) before they touch disk, and live in clear only as
 * non-extractable CryptoKeys while the vault is unlocked.
 */
import { randomBytes } from 'node:crypto';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { VaultState } from '../../shared/domain/vault.js';
import { CertwrightError } from '../../shared/ipc/errors.js';
import { exportPkcs8, importPrivateKey } from '../engine/keys.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { deriveKeyEncryptionKey, freshScryptParams } from './kdf.js';
import { AuthorityRecord, RECORD_SCHEMA_VERSION, VAULT_FORMAT_VERSION, VaultMeta } from './records.js';
import { open, seal, SealOpenError } from './seal.js';
import type { KeyValueStore, StoreFactory } from './store.js';

const CHECK_CONTEXT = 'certwright:vault-check:v1';
const CHECK_PLAINTEXT = new TextEncoder().encode('certwright vault check v1');
const keyContext = (recordId: string) => `certwright:private-key:${recordId}`;

export interface VaultOptions {
  readonly stores: StoreFactory;
  readonly crypto: EngineCrypto;
  readonly now?: () => Date;
}

export interface NewAuthority {
  readonly kind: 'root';
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly certificateDer: Uint8Array;
  /** Must be extractable: it is exported once to be sealed. */
  readonly privateKey: CryptoKey;
}

interface Session {
  readonly kek: CryptoKey;
  readonly signingKeys: Map<string, CryptoKey>;
}

function storageError(action: string, error: unknown): CertwrightError {
  const reason = error instanceof Error && 'code' in error ? ` (${String((error as NodeJS.ErrnoException).code)})` : '';
  return new CertwrightError('STORAGE_FAILURE', `Could not ${action}${reason}; nothing was changed`);
}

export class Vault {
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  readonly #meta: KeyValueStore;
  readonly #authorities: KeyValueStore;
  #session: Session | null = null;

  constructor(options: VaultOptions) {
    this.#crypto = options.crypto;
    this.#now = options.now ?? (() => new Date());
    try {
      this.#meta = options.stores('vault');
      this.#authorities = options.stores('authorities');
    } catch (error) {
      throw new CertwrightError('VAULT_CORRUPT', `The vault files cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  state(): VaultState {
    if (!this.#meta.has('meta')) return 'uninitialized';
    return this.#session ? 'unlocked' : 'locked';
  }

  async create(passphrase: string): Promise<void> {
    if (this.#meta.has('meta')) throw new CertwrightError('VAULT_EXISTS', 'A vault already exists here; unlock it instead');
    const kdf = freshScryptParams();
    const kek = await deriveKeyEncryptionKey(passphrase, kdf, this.#crypto);
    const meta: VaultMeta = {
      formatVersion: VAULT_FORMAT_VERSION,
      createdAt: this.#now().toISOString(),
      kdf,
      check: await seal(kek, CHECK_PLAINTEXT, CHECK_CONTEXT, this.#crypto),
    };
    try {
      this.#meta.set('meta', meta);
    } catch (error) {
      throw storageError('create the vault', error);
    }
    this.#session = { kek, signingKeys: new Map() };
  }

  async unlock(passphrase: string): Promise<void> {
    const meta = this.#readMeta();
    const kek = await deriveKeyEncryptionKey(passphrase, meta.kdf, this.#crypto);
    try {
      await open(kek, meta.check, CHECK_CONTEXT, this.#crypto);
    } catch (error) {
      if (error instanceof SealOpenError) throw new CertwrightError('WRONG_PASSPHRASE', 'That passphrase is not correct; the vault stays locked');
      throw error;
    }
    this.#session = { kek, signingKeys: new Map() };
  }

  assertUnlocked(): void {
    this.#requireSession();
  }

  lock(): void {
    this.#session = null;
  }

  listAuthorities(): AuthorityRecord[] {
    this.#requireSession();
    return Object.values(this.#authorities.store)
      .map((raw) => this.#parseAuthority(raw))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  getAuthority(id: string): AuthorityRecord {
    this.#requireSession();
    const raw = this.#authorities.get(id);
    if (raw === undefined) throw new CertwrightError('NOT_FOUND', 'No such authority in this vault');
    return this.#parseAuthority(raw);
  }

  async addAuthority(input: NewAuthority): Promise<AuthorityRecord> {
    const session = this.#requireSession();
    const id = randomBytes(16).toString('hex');
    const pkcs8 = await exportPkcs8(input.privateKey, this.#crypto);
    let record: AuthorityRecord;
    try {
      record = {
        schemaVersion: RECORD_SCHEMA_VERSION,
        id,
        kind: input.kind,
        keyAlgorithm: input.keyAlgorithm,
        certificateDerB64: Buffer.from(input.certificateDer).toString('base64'),
        sealedKey: await seal(session.kek, pkcs8, keyContext(id), this.#crypto),
        createdAt: this.#now().toISOString(),
      };
      session.signingKeys.set(id, await importPrivateKey(pkcs8, input.keyAlgorithm, this.#crypto));
    } finally {
      pkcs8.fill(0);
    }
    try {
      this.#authorities.set(id, record);
    } catch (error) {
      session.signingKeys.delete(id);
      throw storageError('save the authority', error);
    }
    return record;
  }

  /** The authority's private key as a non-extractable CryptoKey, for signing inside main. */
  async signingKey(id: string): Promise<CryptoKey> {
    const session = this.#requireSession();
    const cached = session.signingKeys.get(id);
    if (cached) return cached;
    const record = this.getAuthority(id);
    const pkcs8 = await this.#openKey(session, record);
    try {
      const key = await importPrivateKey(pkcs8, record.keyAlgorithm, this.#crypto);
      session.signingKeys.set(id, key);
      return key;
    } finally {
      pkcs8.fill(0);
    }
  }

  /**
   * The PKCS#8 bytes of an authority's key, for a file the user explicitly exports (and for tests
   * that prove the bytes appear nowhere else). The caller must zero the array when done.
   */
  async exportPrivateKeyPkcs8(id: string): Promise<Bytes> {
    return this.#openKey(this.#requireSession(), this.getAuthority(id));
  }

  async #openKey(session: Session, record: AuthorityRecord): Promise<Bytes> {
    try {
      return await open(session.kek, record.sealedKey, keyContext(record.id), this.#crypto);
    } catch (error) {
      if (error instanceof SealOpenError) {
        throw new CertwrightError('VAULT_CORRUPT', `The sealed key of authority ${record.id} failed its integrity check; it may have been tampered with`);
      }
      throw error;
    }
  }

  #readMeta(): VaultMeta {
    const raw = this.#meta.get('meta');
    if (raw === undefined) throw new CertwrightError('VAULT_MISSING', 'There is no vault yet; create one first');
    const parsed = VaultMeta.safeParse(raw);
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', 'The vault header is damaged or from a newer version of Certwright');
    return parsed.data;
  }

  #parseAuthority(raw: unknown): AuthorityRecord {
    const parsed = AuthorityRecord.safeParse(raw);
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', 'An authority record is damaged or from a newer version of Certwright');
    return parsed.data;
  }

  #requireSession(): Session {
    if (!this.#session) {
      throw new CertwrightError(this.state() === 'uninitialized' ? 'VAULT_MISSING' : 'VAULT_LOCKED', this.state() === 'uninitialized' ? 'There is no vault yet; create one first' : 'The vault is locked; unlock it first');
    }
    return this.#session;
  }
}
