/**
 * The vault: persistence and key protection. Private keys are sealed (AES-256-GCM under a key
 * derived from the passphrase with scrypt) before they touch disk, and live in clear only as
 * non-extractable CryptoKeys while the vault is unlocked.
 */
import { randomBytes } from 'node:crypto';
import { dirname, extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { VaultState } from '../../shared/domain/vault.js';
import type { AppSettings } from '../../shared/domain/expiry.js';
import { CertwrightError } from '../../shared/ipc/errors.js';
import { exportPkcs8, importPrivateKey } from '../engine/keys.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { deriveKeyEncryptionKey, freshScryptParams } from './kdf.js';
import { AuthorityRecord, CertificateRecord, DEFAULT_SETTINGS, LEGACY_VAULT_FORMAT_VERSION, RECORD_SCHEMA_VERSION, StoredAppSettings, TrustedCaRecord, VAULT_FORMAT_VERSION, VaultMeta } from './records.js';
import { CertificateTable } from './certificates.js';
import { ShardFiles } from './shard-files.js';
import { open, seal, SealOpenError } from './seal.js';
import { EMPTY_BOOK, parseBook, serializeEntries, CRL_HISTORY_LIMIT, type CrlRecord, type Revocation, type RevocationBook } from './revocations.js';
import { noLock, type VaultLock } from './lock.js';
import type { KeyValueStore, StoreFactory } from './store.js';

const CHECK_CONTEXT = 'certwright:vault-check:v1';
const CHECK_PLAINTEXT = new TextEncoder().encode('certwright vault check v1');
const keyContext = (recordId: string) => `certwright:private-key:${recordId}`;
const newId = () => randomBytes(16).toString('hex');
const ID = /^[0-9a-f]{32}$/;

function checkId(id: string, what: 'authority'): void {
  if (!ID.test(id)) throw new CertwrightError('NOT_FOUND', `No such ${what} in this vault`);
}

export interface VaultOptions {
  readonly stores: StoreFactory;
  /** Serialises writes with other processes using the same vault (see lock.ts). */
  readonly lock?: VaultLock;
  readonly crypto: EngineCrypto;
  readonly now?: () => Date;
}

export interface NewAuthority {
  readonly kind: 'root' | 'intermediate';
  readonly state?: 'active' | 'pending';
  readonly parentId?: string | null;
  readonly keyAlgorithm: KeyAlgorithmId;
  /** Null while pending. */
  readonly certificateDer: Uint8Array | null;
  readonly serialNumberHex?: string;
  readonly csrDer?: Uint8Array;
  /** An extractable CryptoKey (exported once to be sealed), or PKCS#8 bytes (wiped once sealed). */
  readonly privateKey: CryptoKey | Bytes;
  readonly settings?: AuthorityRecord['settings'];
}

export interface AuthorityPatch {
  readonly settings?: AuthorityRecord['settings'];
  readonly state?: 'active';
  readonly parentId?: string | null;
  readonly certificateDer?: Uint8Array;
  readonly serialNumberHex?: string;
  readonly externalChainDer?: readonly Uint8Array[];
}

export interface NewCertificate {
  readonly profile: CertificateRecord['profile'];
  readonly certificateDer: Uint8Array;
  readonly serialNumberHex: string;
  readonly keyAlgorithm: KeyAlgorithmId | null;
  /** The generated key to seal (extractable, or its PKCS#8, which is wiped once sealed), or null for a certificate signed from a CSR. */
  readonly privateKey: CryptoKey | Bytes | null;
  /** The certificate this one renews or rekeys. */
  readonly replacesId?: string | null;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

interface Session {
  readonly kek: CryptoKey;
  readonly signingKeys: Map<string, CryptoKey>;
}

/** What the last unlock spent, for benchmarks (test/bench/vault.bench.ts) and diagnostics. */
export interface UnlockTimings {
  /** Deriving the key-encryption key from the passphrase (scrypt): the deliberate cost. */
  readonly kdfMs: number;
  /** The whole unlock, the KDF included. */
  readonly totalMs: number;
  /** Certificate records moved from a format-1 vault (0 when it was already current). */
  readonly migratedRecords: number;
}

function freezeAuthority(record: AuthorityRecord): AuthorityRecord {
  Object.freeze(record.sealedKey);
  Object.freeze(record.settings);
  Object.freeze(record.externalChainDerB64);
  return Object.freeze(record);
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
  #trusted: KeyValueStore | null = null;
  readonly #stores: StoreFactory;
  readonly #lock: VaultLock;
  /** Reads shard files by version (stamp), past the stores. */
  readonly #files: ShardFiles;
  /** Certificates in bucket shards by record id (see certificates.ts). */
  readonly #certificates: CertificateTable;
  /** Opened stores of the certificate shards, by shard name. */
  readonly #certificateStores = new Map<string, KeyValueStore>();
  /** The parsed authorities, while authorities.json has not changed. */
  #authorityCache: { readonly stamp: string; readonly list: readonly AuthorityRecord[]; readonly byId: ReadonlyMap<string, AuthorityRecord> } | null = null;
  #unlockTimings: UnlockTimings | null = null;
  readonly #revocationShards = new Map<string, KeyValueStore>();
  readonly #crlShards = new Map<string, KeyValueStore>();
  readonly #books = new Map<string, { stamp: string; book: RevocationBook }>();
  #session: Session | null = null;

  constructor(options: VaultOptions) {
    this.#crypto = options.crypto;
    this.#now = options.now ?? (() => new Date());
    this.#stores = options.stores;
    this.#lock = options.lock ?? noLock;
    try {
      this.#meta = options.stores('vault');
      this.#authorities = options.stores('authorities');
    } catch (error) {
      throw new CertwrightError('VAULT_CORRUPT', `The vault files cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Every shard sits next to the header as `<name>.json` (shardOptions).
    this.#files = new ShardFiles(dirname(this.#meta.path), extname(this.#meta.path));
    this.#certificates = new CertificateTable(this.#files, (name) => this.#certificateStore(name));
  }

  /** What the last unlock of this instance spent (null before one). */
  get unlockTimings(): UnlockTimings | null {
    return this.#unlockTimings;
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
    this.#write('create the vault', () => {
      if (this.#meta.has('meta')) throw new CertwrightError('VAULT_EXISTS', 'A vault already exists here; unlock it instead');
      this.#meta.set('meta', meta);
    });
    this.#session = { kek, signingKeys: new Map() };
  }

  async unlock(passphrase: string): Promise<void> {
    const started = performance.now();
    const meta = this.#readMeta();
    const kek = await deriveKeyEncryptionKey(passphrase, meta.kdf, this.#crypto);
    const kdfMs = performance.now() - started;
    try {
      await open(kek, meta.check, CHECK_CONTEXT, this.#crypto);
    } catch (error) {
      if (error instanceof SealOpenError) throw new CertwrightError('WRONG_PASSPHRASE', 'That passphrase is not correct; the vault stays locked');
      throw error;
    }
    // Only a right passphrase changes files: a format-1 vault is migrated now.
    const migratedRecords = this.#upgradeLayout();
    this.#session = { kek, signingKeys: new Map() };
    this.#unlockTimings = { kdfMs, totalMs: performance.now() - started, migratedRecords };
  }

  /**
   * Format 1 → 2 (see certificates.ts), under the lock: the buckets are written from the old shards
   * (replacing anything an interrupted attempt left), then the header's format version is raised —
   * the commit — then the old shards are removed. A crash before the commit leaves a format-1 vault
   * that migrates again; after it, old shards that are still there are removed at the next unlock.
   */
  #upgradeLayout(): number {
    const needed = () => this.#readMeta().formatVersion === LEGACY_VAULT_FORMAT_VERSION || this.#certificates.legacyLeft(this.#rawAuthorityIds()).length > 0;
    if (!needed()) return 0;
    return this.#write('upgrade the vault to the current format', () => {
      const meta = this.#readMeta();
      const authorityIds = this.#rawAuthorityIds();
      let migrated = 0;
      if (meta.formatVersion === LEGACY_VAULT_FORMAT_VERSION) {
        migrated = this.#certificates.migrate(authorityIds);
        this.#meta.set('meta', { ...meta, formatVersion: VAULT_FORMAT_VERSION });
      }
      this.#certificates.removeLegacy(authorityIds);
      return migrated;
    });
  }

  /** Authority ids in list order (oldest first), read without the schema: a damaged record is reported where it is used, not here. */
  #rawAuthorityIds(): string[] {
    const doc = this.#files.read('authorities')?.doc ?? {};
    const createdAt = (raw: unknown) => String((raw as { createdAt?: unknown } | null)?.createdAt ?? '');
    return Object.entries(doc)
      .filter(([id]) => ID.test(id))
      .sort(([, a], [, b]) => createdAt(a).localeCompare(createdAt(b)))
      .map(([id]) => id);
  }

  assertUnlocked(): void {
    this.#requireSession();
  }

  lock(): void {
    this.#session = null;
    this.#books.clear();
    this.#certificates.clear();
    this.#authorityCache = null;
  }

  /** Oldest first. The records are shared and frozen: copy one to change it. */
  listAuthorities(): AuthorityRecord[] {
    this.#requireSession();
    return [...this.#authorityIndex().list];
  }

  getAuthority(id: string): AuthorityRecord {
    this.#requireSession();
    const record = this.#authorityIndex().byId.get(id);
    if (record === undefined) throw new CertwrightError('NOT_FOUND', 'No such authority in this vault');
    return record;
  }

  /** authorities.json parsed once per version of the file (lists look an authority up per certificate). */
  #authorityIndex(): { readonly list: readonly AuthorityRecord[]; readonly byId: ReadonlyMap<string, AuthorityRecord> } {
    const stamp = this.#files.stamp('authorities');
    if (this.#authorityCache?.stamp === stamp) return this.#authorityCache;
    const read = this.#files.read('authorities');
    const list = Object.values(read?.doc ?? {})
      .map((raw) => freezeAuthority(this.#parseAuthority(raw)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.#authorityCache = { stamp: read?.stamp ?? stamp, list, byId: new Map(list.map((a) => [a.id, a])) };
    return this.#authorityCache;
  }

  async addAuthority(input: NewAuthority): Promise<AuthorityRecord> {
    const session = this.#requireSession();
    const id = newId();
    const record: AuthorityRecord = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      id,
      kind: input.kind,
      state: input.state ?? 'active',
      parentId: input.parentId ?? null,
      keyAlgorithm: input.keyAlgorithm,
      ...(input.certificateDer ? { certificateDerB64: b64(input.certificateDer) } : {}),
      ...(input.serialNumberHex ? { serialNumberHex: input.serialNumberHex } : {}),
      ...(input.csrDer ? { csrDerB64: b64(input.csrDer) } : {}),
      externalChainDerB64: [],
      sealedKey: await this.#sealKey(session, id, input.privateKey, input.keyAlgorithm),
      settings: input.settings ?? DEFAULT_SETTINGS,
      createdAt: this.#now().toISOString(),
    };
    try {
      this.#write('save the authority', () => this.#authorities.set(id, record));
    } catch (error) {
      session.signingKeys.delete(id);
      throw error;
    }
    return record;
  }

  /** Vault-wide preferences (expiry thresholds and notifications); defaults until changed. */
  appSettings(): AppSettings {
    this.#requireSession();
    const parsed = StoredAppSettings.safeParse(this.#meta.get('settings') ?? {});
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', 'The vault settings are damaged or from a newer version of Certwright');
    return parsed.data;
  }

  updateAppSettings(settings: AppSettings): AppSettings {
    this.#requireSession();
    const parsed = StoredAppSettings.parse(settings);
    this.#write('save the settings', () => this.#meta.set('settings', parsed));
    return parsed;
  }

  /** Outside CA certificates the vault trusts for chains, oldest first. */
  listTrustedCas(): TrustedCaRecord[] {
    this.#requireSession();
    return Object.values(this.#trustedStore().store)
      .map((raw) => {
        const parsed = TrustedCaRecord.safeParse(raw);
        if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', 'A trusted CA record is damaged or from a newer version of Certwright');
        return parsed.data;
      })
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt));
  }

  /** Adds an outside CA certificate; the same certificate twice is one record. */
  addTrustedCa(certificateDer: Uint8Array): TrustedCaRecord {
    this.#requireSession();
    const certificateDerB64 = b64(certificateDer);
    return this.#write('save the trusted CA', () => {
      const existing = this.listTrustedCas().find((r) => r.certificateDerB64 === certificateDerB64);
      if (existing) return existing;
      const record: TrustedCaRecord = { schemaVersion: RECORD_SCHEMA_VERSION, id: newId(), certificateDerB64, addedAt: this.#now().toISOString() };
      this.#trustedStore().set(record.id, record);
      return record;
    });
  }

  #trustedStore(): KeyValueStore {
    if (!this.#trusted) {
      try {
        this.#trusted = this.#stores('trusted');
      } catch (error) {
        throw new CertwrightError('VAULT_CORRUPT', `The trusted CAs cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.#trusted;
  }

  updateAuthority(id: string, patch: AuthorityPatch): AuthorityRecord {
    return this.#write('update the authority', () => this.#updateAuthority(id, patch));
  }

  #updateAuthority(id: string, patch: AuthorityPatch): AuthorityRecord {
    const current = this.getAuthority(id);
    const record: AuthorityRecord = {
      ...current,
      ...(patch.settings ? { settings: patch.settings } : {}),
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
      ...(patch.certificateDer ? { certificateDerB64: b64(patch.certificateDer) } : {}),
      ...(patch.serialNumberHex ? { serialNumberHex: patch.serialNumberHex } : {}),
      ...(patch.externalChainDer ? { externalChainDerB64: patch.externalChainDer.map(b64) } : {}),
    };
    this.#authorities.set(id, record);
    return record;
  }

  /**
   * Stores issued certificates with their sealed keys in one atomic write of the issuer's shard:
   * a certificate is never stored without its key, and a batch lands whole or not at all.
   */
  async addCertificates(authorityId: string, items: readonly NewCertificate[]): Promise<CertificateRecord[]> {
    const session = this.#requireSession();
    this.getAuthority(authorityId);
    const createdAt = this.#now().toISOString();
    // Sealing is WebCrypto work on the thread pool: let the batch run side by side.
    const records: CertificateRecord[] = await Promise.all(
      items.map(async (item) => {
        const id = newId();
        return {
          schemaVersion: RECORD_SCHEMA_VERSION,
          id,
          authorityId,
          profile: item.profile,
          certificateDerB64: b64(item.certificateDer),
          serialNumberHex: item.serialNumberHex,
          keyAlgorithm: item.keyAlgorithm,
          ...(item.privateKey && item.keyAlgorithm ? { sealedKey: await this.#sealKey(session, id, item.privateKey, null) } : {}),
          createdAt,
          replacesId: item.replacesId ?? null,
          replacedById: null,
          scheduledRevocation: null,
        };
      }),
    );
    this.#write('save the certificates', () => this.#certificates.add(records));
    return records;
  }

  /** Changes the renewal links and scheduled revocation of certificates of one authority, in one atomic write. */
  updateCertificates(authorityId: string, patches: ReadonlyArray<{ readonly id: string } & Partial<Pick<CertificateRecord, 'replacedById' | 'scheduledRevocation'>>>): void {
    this.#requireSession();
    checkId(authorityId, 'authority');
    this.#write('update the certificates', () => {
      const changed = new Map<string, { record: CertificateRecord; seq: number }>();
      for (const { id, ...patch } of patches) {
        const current = changed.get(id) ?? (ID.test(id) ? this.#certificates.entry(id) : undefined);
        if (current === undefined || current.record.authorityId !== authorityId) throw new CertwrightError('NOT_FOUND', 'No such certificate in this vault');
        // Through the schema, as a stored record is read back (an undefined field becomes its default).
        changed.set(id, { record: this.#parseCertificate({ ...current.record, ...patch }), seq: current.seq });
      }
      this.#certificates.replace([...changed.values()]);
    });
  }

  /** Every certificate an authority issued (leaves; its child CAs are authorities), in issue order. The records are shared and frozen. */
  listCertificates(authorityId: string): CertificateRecord[] {
    this.#requireSession();
    checkId(authorityId, 'authority');
    return [...(this.#certificates.view().byAuthority.get(authorityId) ?? [])];
  }

  /** Every certificate of every authority: authorities in creation order, each one's in issue order. */
  listAllCertificates(): CertificateRecord[] {
    return this.listAuthorities().flatMap((authority) => this.listCertificates(authority.id));
  }

  getCertificate(id: string): CertificateRecord {
    this.#requireSession();
    const entry = ID.test(id) ? this.#certificates.entry(id) : undefined;
    if (entry === undefined) throw new CertwrightError('NOT_FOUND', 'No such certificate in this vault');
    return entry.record;
  }

  /** The authority's revocation book, read once (entries, CRL numbers, history, latest CRL). */
  revocations(authorityId: string): RevocationBook {
    this.#requireSession();
    // No authority lookup here: lists ask once per certificate, and an unknown id has an empty book.
    return this.#book(authorityId);
  }

  /**
   * Changes the revocation book under the cross-process lock, reading it fresh first: `change` gets
   * the current book and returns what to write (entries and/or the last CRL number). One write.
   */
  updateRevocations<T>(authorityId: string, change: (book: RevocationBook) => { entries?: ReadonlyMap<string, Revocation>; lastCrlNumber?: number; result: T }): T {
    this.#requireSession();
    this.getAuthority(authorityId);
    const shard = this.#shard(this.#revocationShards, 'revocations', authorityId);
    return this.#write('save the revocations', () => {
      const book = this.#book(authorityId);
      const { entries, lastCrlNumber, result } = change(book);
      if (lastCrlNumber !== undefined && lastCrlNumber < book.lastCrlNumber) throw new CertwrightError('INTERNAL', 'CRL numbers never go down');
      // The whole shard is written from what we hold (conf's set() would parse the file twice more).
      shard.store = { entries: serializeEntries(entries ?? book.entries), lastCrlNumber: lastCrlNumber ?? book.lastCrlNumber };
      this.#remember(authorityId, { ...book, entries: entries ?? book.entries, lastCrlNumber: lastCrlNumber ?? book.lastCrlNumber });
      return result;
    });
  }

  /**
   * Records a signed CRL. A CRL whose number is not above the latest published one (another process
   * published a newer one meanwhile) goes into the history but does not replace the latest.
   */
  recordCrl(authorityId: string, crl: CrlRecord, der: Uint8Array): void {
    this.#requireSession();
    const shard = this.#shard(this.#crlShards, 'crls', authorityId);
    this.#write('save the CRL', () => {
      const book = this.#book(authorityId);
      const newest = book.history.reduce((max, r) => Math.max(max, r.number), 0);
      const history = [...book.history, crl].sort((a, b) => a.number - b.number).slice(-CRL_HISTORY_LIMIT);
      const latestCrlDerB64 = crl.number > newest ? b64(der) : book.latestCrlDerB64;
      shard.store = { history, latestCrlDerB64 };
      this.#remember(authorityId, { ...book, history, latestCrlDerB64 });
    });
  }

  /**
   * The book from its two shards. Parsing 100,000 entries takes a while and lists ask per certificate:
   * the parse is reused while neither file (which other processes may write) has changed.
   */
  #book(authorityId: string): RevocationBook {
    const revocations = this.#shard(this.#revocationShards, 'revocations', authorityId);
    const crls = this.#shard(this.#crlShards, 'crls', authorityId);
    const stamp = this.#bookStamp(authorityId);
    const cached = this.#books.get(authorityId);
    if (cached?.stamp === stamp) return cached.book;
    const book = stamp === 'none|none' ? EMPTY_BOOK : parseBook(revocations.store, crls.store);
    this.#books.set(authorityId, { stamp, book });
    return book;
  }

  /** Serial numbers an authority has used: for its leaves and for the CAs it signed. */
  usedSerials(authorityId: string): Set<string> {
    this.#requireSession();
    checkId(authorityId, 'authority');
    const serials = new Set(this.#certificates.serials(authorityId));
    for (const child of this.#authorityIndex().list) if (child.parentId === authorityId && child.serialNumberHex) serials.add(child.serialNumberHex);
    return serials;
  }

  async #sealKey(session: Session, id: string, privateKey: CryptoKey | Bytes, cacheAs: KeyAlgorithmId | null): Promise<AuthorityRecord['sealedKey']> {
    const pkcs8 = privateKey instanceof Uint8Array ? privateKey : await exportPkcs8(privateKey, this.#crypto);
    try {
      const sealed = await seal(session.kek, pkcs8, keyContext(id), this.#crypto);
      if (cacheAs) session.signingKeys.set(id, await importPrivateKey(pkcs8, cacheAs, this.#crypto));
      return sealed;
    } finally {
      pkcs8.fill(0);
    }
  }

  /**
   * A write under the cross-process lock; storage errors become one clear message. File versions
   * seen before are forgotten on the way in (the write starts from the disk) and on the way out (it
   * may have changed files through a store, such as authorities.json).
   */
  #write<T>(action: string, fn: () => T): T {
    try {
      return this.#lock.withLock(() => {
        this.#files.forget();
        try {
          return fn();
        } finally {
          this.#files.forget();
        }
      });
    } catch (error) {
      if (error instanceof CertwrightError) throw error;
      throw storageError(action, error);
    }
  }

  /** The store of one certificate shard, opened once (to write; reads go through #files). */
  #certificateStore(name: string): KeyValueStore {
    let store = this.#certificateStores.get(name);
    if (!store) {
      try {
        store = this.#stores(name);
      } catch (error) {
        throw new CertwrightError('VAULT_CORRUPT', `The certificate shard ${name} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.#certificateStores.set(name, store);
    }
    return store;
  }

  #bookStamp(authorityId: string): string {
    return `${this.#files.stamp(`revocations-${authorityId}`)}|${this.#files.stamp(`crls-${authorityId}`)}`;
  }

  /** What we just wrote is the book now: no need to read it back. */
  #remember(authorityId: string, book: RevocationBook): void {
    this.#books.set(authorityId, { stamp: `${this.#files.wrote(`revocations-${authorityId}`)}|${this.#files.wrote(`crls-${authorityId}`)}`, book });
  }

  /** The per-authority shard `<kind>-<authorityId>`, opened once. */
  #shard(cache: Map<string, KeyValueStore>, kind: 'revocations' | 'crls', authorityId: string): KeyValueStore {
    if (!/^[0-9a-f]{32}$/.test(authorityId)) throw new CertwrightError('NOT_FOUND', 'No such authority in this vault');
    let shard = cache.get(authorityId);
    if (!shard) {
      try {
        shard = this.#stores(`${kind}-${authorityId}`);
      } catch (error) {
        throw new CertwrightError('VAULT_CORRUPT', `The ${kind} of authority ${authorityId} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      cache.set(authorityId, shard);
    }
    return shard;
  }

  #parseCertificate(raw: unknown): CertificateRecord {
    const parsed = CertificateRecord.safeParse(raw);
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', 'A certificate record is damaged or from a newer version of Certwright');
    return parsed.data;
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
    const session = this.#requireSession();
    const record = this.#authorityIndex().byId.get(id) ?? this.getCertificate(id);
    if (!record.sealedKey) throw new CertwrightError('NOT_FOUND', 'Certwright does not hold the private key of this certificate (it was signed from a request)');
    return this.#openKey(session, { id: record.id, sealedKey: record.sealedKey });
  }

  async #openKey(session: Session, record: Pick<AuthorityRecord, 'id' | 'sealedKey'>): Promise<Bytes> {
    try {
      return await open(session.kek, record.sealedKey, keyContext(record.id), this.#crypto);
    } catch (error) {
      if (error instanceof SealOpenError) {
        throw new CertwrightError('VAULT_CORRUPT', `The sealed key of record ${record.id} failed its integrity check; it may have been tampered with`);
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
