/**
 * The vault: persistence and key protection, behind one facade (docs/vault-format.md).
 *
 * - Keys: the passphrase unwraps a random vault master key (header.ts); its subkeys seal private
 *   keys, authenticate every file and the audit log (vault-keys.ts). Private keys live in clear only
 *   as non-extractable CryptoKeys while the vault is unlocked, and are checked against the
 *   certificate they sign for before use (sealed-keys.ts).
 * - Files: every file authenticated and recorded in a manifest, written durably (files.ts,
 *   durable.ts); any mismatch is VAULT_TAMPERED and nothing is signed, published or exported.
 * - Writes: one transaction at a time across processes (lock.ts); each ends by appending its audit
 *   entries and recording the new file versions and the audit head in the manifest.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { BackupStatus, VaultState } from '../../shared/domain/vault.js';
import type { AppSettings } from '../../shared/domain/expiry.js';
import type { AuditDetails, AuditEntry } from '../../shared/domain/audit.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { Bytes, EngineCrypto } from '../engine/webcrypto.js';
import { AuditLog, AUDIT_LOG_FILE, firstProblem, MAX_DETAIL_STRING, type AuditEventInput, type AuditFilter, type AuditHead, type AuditVerification } from './audit-log.js';
import { CertificateRecord, DEFAULT_SETTINGS, RECORD_SCHEMA_VERSION, StoredAppSettings, TrustedCaRecord, type AuthorityRecord } from './records.js';
import { AuthorityTable } from './authorities.js';
import { RevocationBooks } from './revocation-books.js';
import { FRESH_SETTINGS_DOC, SETTINGS, SettingsFile } from './settings-file.js';
import { CertificateTable, isCertificateShard, SCHEDULED } from './certificates.js';
import { HEADER, MANIFEST, VaultFiles, tampered } from './files.js';
import { parseHeader, unwrapMasterKey, wrapMasterKey, type VaultHeader } from './header.js';
import { expectedSpkiHash } from './sealed-keys.js';
import { CRL_HISTORY_LIMIT, type CrlRecord, type Revocation, type RevocationBook } from './revocations.js';
import { noLock, type VaultLock } from './lock.js';
import { deriveVaultKeys, freshMasterKey, masterBytes, type VaultKeys } from './vault-keys.js';
import { KeyRing } from './key-ring.js';
import { hasLegacyVault } from './legacy.js';
import { migrateLegacyVault, removeLegacyFiles, type Migrated } from './migrate.js';
import { countUnlockFailures, recordUnlockFailure } from './unlock-failures.js';
import { currentKey, TokenIssuerTable, type TokenIssuerRecord, type TokenKeyRecord } from './token-issuers.js';
import { ServicePolicyFile } from './service-policy-file.js';
import { advance, EndpointsFile, endpointKey, WatchHistoryFiles, WatchStatusFiles, type EndpointHistoryRecord, type EndpointIndex, type EndpointState } from './endpoints-file.js';
import { endpointTarget, WATCH_HISTORY_CHANGES, WATCH_HISTORY_RESULTS, WATCH_MAX_ENDPOINTS, type ProbeOutcome, type ServedChange, type WatchedEndpoint } from '../../shared/domain/watch.js';
import { AcmeAccountTable, type AcmeAccountRecord } from './acme-accounts.js';
import { RemoteTable, type RemoteRecord } from './remotes-file.js';
import type { ServicePolicy } from '../../shared/domain/service-policy.js';
import type { TokenAlgorithm } from '../../shared/domain/service-identity.js';
import { msg } from '../../shared/i18n/message.js';

const newId = () => randomBytes(16).toString('hex');
/** Keys sealed per turn of the event loop in addCertificates. */
const SEAL_SLICE = 200;
const ID = /^[0-9a-f]{32}$/;
const TRUSTED = 'trusted';

function checkId(id: string, what: 'authority'): void {
  if (!ID.test(id)) throw new CertwrightError('NOT_FOUND', msg(NO_SUCH[what]));
}

const NO_SUCH = { authority: 'errors:vault.noSuchAuthority' } as const;

export interface VaultOptions {
  /** The vault's directory (created 0700 on first write). */
  readonly directory: string;
  /** Serialises writes with other processes using the same vault (see lock.ts). */
  readonly lock?: VaultLock;
  readonly crypto: EngineCrypto;
  readonly now?: () => Date;
  /**
   * scrypt's N for vaults this instance creates or re-keys. Tests and benchmarks only, to make many
   * vaults quickly; the app and the CLI never pass it (the default is 2^17).
   */
  readonly scryptN?: number;
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
  /** How it came to be, for the audit log: made here (default) or imported with its key. */
  readonly origin?: 'created' | 'imported';
  /** Its common name, for the audit log. */
  readonly commonName?: string;
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
  /** Its common name, for the audit log. */
  readonly commonName?: string;
  /** The SubjectPublicKeyInfo the key pair was made with (and the certificate from): spares deriving it again to seal. */
  readonly publicKeySpki?: Uint8Array;
  /** The ACME account that ordered it. */
  readonly acmeAccountId?: string | null;
  /** More to record in its audit entry (a sub-CA's path length and name constraints). */
  readonly auditDetails?: AuditDetails;
}

/** A token issuer's key just generated, to be sealed. */
export interface NewTokenKey {
  readonly privateKey: CryptoKey;
  readonly spki: Uint8Array;
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly publicJwk: Record<string, string>;
}

/** A step-ca server just connected to (issue 20): its pinned root, its provisioner's key, its issuing CA. */
export interface NewRemote {
  readonly name: string;
  readonly urls: readonly string[];
  readonly rootDer: Uint8Array;
  readonly provisioner: string;
  readonly kid: string;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly jwsAlgorithm: RemoteRecord['jwsAlgorithm'];
  readonly spki: Uint8Array;
  /** The decrypted provisioner key: sealed, then wiped. */
  readonly pkcs8: Bytes;
  /** The server's issuing CA (its intermediate), from its TLS chain. */
  readonly intermediateDer: Uint8Array;
  readonly intermediateKeyAlgorithm: KeyAlgorithmId;
  readonly intermediateSerialHex: string;
  readonly intermediateCommonName: string;
  /** SHA-256 of the root, for the audit entry. */
  readonly rootFingerprint: string;
}

/** What the audit log keeps of a signed token: never the token. */
export interface SignedTokenFacts {
  readonly subject: string;
  readonly audience: string;
  readonly jti: string;
  readonly expiresAt: string;
  readonly scope: string;
  readonly via: 'mint' | 'endpoint';
}

/** What the audit log keeps of a watched endpoint's settings. */
function endpointAuditDetails(e: WatchedEndpoint): AuditDetails {
  const expect = e.expect === null ? null : e.expect.kind === 'certificate' ? `certificate:${e.expect.certificateId}` : `service:${e.expect.service}`;
  return { endpointId: e.id, servername: e.servername, clientCertificateId: e.clientCertificateId, expect, intervalMinutes: e.intervalMinutes };
}

/** A detail cut to fit the audit log, with an ellipsis saying so. */
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

interface Session {
  readonly keys: VaultKeys;
  readonly audit: AuditLog;
  readonly ring: KeyRing;
}

/** What the last unlock spent, for benchmarks (test/bench/vault.bench.ts) and diagnostics. */
export interface UnlockTimings {
  /** Deriving the key-encryption key from the passphrase (scrypt): the deliberate cost. */
  readonly kdfMs: number;
  /** The whole unlock, the KDF included. */
  readonly totalMs: number;
  /** Records moved from an earlier format (0 when the vault was already current). */
  readonly migratedRecords: number;
}

/** Everything a backup holds: every vault file's document and the audit log. */
export interface VaultSnapshot {
  readonly header: VaultHeader;
  readonly files: ReadonlyMap<string, Record<string, unknown>>;
  readonly auditLog: string;
  readonly auditHead: AuditHead;
}

/** The words of each #write action, so a storage failure reads in the window's language (the CLI keeps the English). */
const STORAGE_ACTIONS: Readonly<Record<string, string>> = {
  'create the vault': 'errors:vault.action.createVault',
  'record failed unlocks': 'errors:vault.action.recordFailedUnlocks',
  'index the scheduled revocations': 'errors:vault.action.indexScheduled',
  'change the passphrase': 'errors:vault.action.changePassphrase',
  'save the authority': 'errors:vault.action.saveAuthority',
  'save the settings': 'errors:vault.action.saveSettings',
  'save the trusted CA': 'errors:vault.action.saveTrustedCa',
  'update the authority': 'errors:vault.action.updateAuthority',
  'save the certificates': 'errors:vault.action.saveCertificates',
  'update the certificates': 'errors:vault.action.updateCertificates',
  'save the revocations': 'errors:vault.action.saveRevocations',
  'save the CRL': 'errors:vault.action.saveCrl',
  'record the audit entry': 'errors:vault.action.recordAudit',
  'save the token issuer': 'errors:vault.action.saveTokenIssuer',
  'rotate the token issuer': 'errors:vault.action.rotateTokenIssuer',
  'record the signed token': 'errors:vault.action.recordToken',
  'save the service policy': 'errors:vault.action.savePolicy',
  'save the ACME account': 'errors:vault.action.saveAcmeAccount',
  'save the remote authority': 'errors:vault.action.saveRemote',
  'save the watched endpoints': 'errors:vault.action.saveEndpoints',
  'record the probe results': 'errors:vault.action.recordProbes',
  'record the backup': 'errors:vault.action.recordBackup',
};

function storageError(action: string, error: unknown): CertwrightError {
  const known = STORAGE_ACTIONS[action];
  const params = { action: known ?? action, ...(error instanceof Error && 'code' in error ? { code: String((error as NodeJS.ErrnoException).code) } : {}) };
  return new CertwrightError('STORAGE_FAILURE', msg(`errors:vault.storage.${'code' in params ? 'withCode' : 'plain'}${known ? '' : 'Untold'}`, params));
}

export class Vault {
  readonly directory: string;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  readonly #lock: VaultLock;
  readonly #scryptN: number | undefined;
  readonly #files: VaultFiles;
  /** Certificates in bucket shards by record id (see certificates.ts). */
  readonly #certificates: CertificateTable;
  readonly #authorities: AuthorityTable;
  readonly #books: RevocationBooks;
  readonly #settings: SettingsFile;
  readonly #tokenIssuers: TokenIssuerTable;
  readonly #policy: ServicePolicyFile;
  readonly #endpoints: EndpointsFile;
  readonly #watchStatus: WatchStatusFiles;
  readonly #watchHistory: WatchHistoryFiles;
  readonly #acmeAccounts: AcmeAccountTable;
  readonly #remotes: RemoteTable;
  #unlockTimings: UnlockTimings | null = null;
  #session: Session | null = null;
  /** The integrity pass over the certificate shards that goes on after unlock (see fullyVerified). */
  #background: { readonly session: Session; readonly promise: Promise<void> } | null = null;
  /** What the background pass found: the vault locked itself, and refuses with this until an unlock checks everything again. */
  #tamperedBy: CertwrightError | null = null;

  constructor(options: VaultOptions) {
    this.directory = options.directory;
    this.#crypto = options.crypto;
    this.#now = options.now ?? (() => new Date());
    this.#lock = options.lock ?? noLock;
    this.#scryptN = options.scryptN;
    this.#files = new VaultFiles(options.directory);
    this.#certificates = new CertificateTable(this.#files);
    this.#authorities = new AuthorityTable(this.#files);
    this.#books = new RevocationBooks(this.#files);
    this.#settings = new SettingsFile(this.#files);
    this.#tokenIssuers = new TokenIssuerTable(this.#files);
    this.#policy = new ServicePolicyFile(this.#files);
    this.#endpoints = new EndpointsFile(this.#files);
    this.#watchStatus = new WatchStatusFiles(this.#files);
    this.#watchHistory = new WatchHistoryFiles(this.#files);
    this.#acmeAccounts = new AcmeAccountTable(this.#files);
    this.#remotes = new RemoteTable(this.#files);
  }

  /** What the last unlock of this instance spent (null before one). */
  get unlockTimings(): UnlockTimings | null {
    return this.#unlockTimings;
  }

  state(): VaultState {
    if (this.#session) return 'unlocked';
    // A manifest without its header is a vault that lost its header (unlock says so), never an empty place to create one in.
    return this.#files.exists(HEADER) || this.#files.exists(MANIFEST) || hasLegacyVault(this.directory) ? 'locked' : 'uninitialized';
  }

  async create(passphrase: string): Promise<void> {
    if (this.state() !== 'uninitialized') throw new CertwrightError('VAULT_EXISTS', msg('errors:vault.exists'));
    const master = freshMasterKey();
    try {
      const header = await wrapMasterKey(passphrase, master, this.#now().toISOString(), this.#crypto, this.#scryptN);
      const keys = await deriveVaultKeys(master, this.#crypto);
      this.#lock.withLock(() => {
        if (this.state() !== 'uninitialized') throw new CertwrightError('VAULT_EXISTS', msg('errors:vault.exists'));
        this.#open(keys);
        const audit = this.#session!.audit;
        try {
          // Left by a create that died before its header was written: not a vault yet.
          for (const name of this.#files.list()) this.#files.remove(name);
          audit.reset();
          const head = audit.append([{ kind: 'vault.created', details: { format: header.formatVersion } }], this.#now());
          this.#files.writeFresh(new Map<string, unknown>([[SETTINGS, FRESH_SETTINGS_DOC()], [SCHEDULED, {}]]), header, head);
        } catch (error) {
          this.lock();
          throw error instanceof CertwrightError ? error : storageError('create the vault', error);
        }
      });
      this.#tamperedBy = null;
      this.#verifyInBackground([]);
    } finally {
      master.fill(0);
    }
  }

  async unlock(passphrase: string): Promise<void> {
    const started = performance.now();
    if (!this.#files.exists(HEADER) && hasLegacyVault(this.directory)) {
      let migrated: Migrated | null;
      try {
        migrated = await migrateLegacyVault(this.directory, passphrase, this.#crypto, this.#now, this.#scryptN, (fn) => this.#lock.withLock(fn));
      } catch (error) {
        if (error instanceof CertwrightError && error.code === 'WRONG_PASSPHRASE') recordUnlockFailure(this.directory, this.#now());
        throw error;
      }
      if (migrated) {
        this.#open(migrated.keys);
        // Every file was just written from records checked one by one.
        this.#tamperedBy = null;
        this.#verifyInBackground([]);
        this.#unlockTimings = { kdfMs: migrated.kdfMs, totalMs: performance.now() - started, migratedRecords: migrated.records };
        return;
      }
    }
    const raw = this.#files.readUnverified(HEADER);
    if (raw === null) {
      if (this.#files.exists(MANIFEST)) throw tampered(HEADER, msg('errors:tamper.headerMissing'), this.directory);
      throw new CertwrightError('VAULT_MISSING', msg('errors:vault.missing'));
    }
    const header = parseHeader(raw);
    let master: Uint8Array;
    try {
      master = await unwrapMasterKey(passphrase, header, this.#crypto);
    } catch (error) {
      if (error instanceof CertwrightError && error.code === 'WRONG_PASSPHRASE') recordUnlockFailure(this.directory, this.#now());
      throw error;
    }
    const kdfMs = performance.now() - started;
    let keys: VaultKeys;
    try {
      keys = await deriveVaultKeys(master, this.#crypto);
    } finally {
      master.fill(0);
    }
    this.#open(keys);
    let deferred: string[];
    try {
      // After the background pass found something, this instance checks everything before it opens again.
      deferred = this.#verifyAtUnlock(this.#tamperedBy !== null);
      // A migration that died after its commit left the old files behind.
      if (hasLegacyVault(this.directory)) this.#lock.withLock(() => removeLegacyFiles(this.directory));
      const failures = countUnlockFailures(this.directory);
      if (failures) {
        this.#write('record failed unlocks', () => failures.clear(), [
          { kind: 'vault.unlockFailed', details: { count: failures.count, first: failures.first, last: failures.last } },
        ]);
      }
      try {
        this.#certificates.ensureScheduledIndex((fn) => this.#write('index the scheduled revocations', fn));
      } catch (error) {
        // Busy or a full disk: the due check reads every record until the index is written (next unlock).
        if (!(error instanceof CertwrightError) || error.code === 'VAULT_TAMPERED' || error.code === 'VAULT_CORRUPT') throw error;
      }
    } catch (error) {
      this.lock();
      throw error;
    }
    this.#tamperedBy = null;
    this.#verifyInBackground(deferred);
    this.#unlockTimings = { kdfMs, totalMs: performance.now() - started, migratedRecords: 0 };
  }

  /**
   * At unlock: the header, the manifest and every file it names check (MAC, name, generation), and
   * the audit log reaches the head the manifest recorded — except the certificate shards, which hold
   * nearly all of a big vault's bytes (≈ 150 MB at 100,000 certificates): they must be there now,
   * and their MACs are checked on first read and by the background pass that starts once unlocked.
   * `everything`: check those too, now (after the background pass found a file that did not check).
   * Returns the files left to the background pass.
   */
  #verifyAtUnlock(everything: boolean): string[] {
    this.#files.forget();
    parseHeader(this.#files.read(HEADER)?.doc);
    const deferred: string[] = [];
    for (const name of this.#files.manifestNames()) {
      if (everything || !isCertificateShard(name)) {
        this.#files.verify(name);
      } else {
        this.#files.checkPresent(name);
        deferred.push(name);
      }
    }
    const recorded = this.#files.auditHead();
    const head = this.#requireSession().audit.head();
    if (head.seq < recorded.seq || (head.seq === recorded.seq && head.hash !== recorded.hash)) {
      throw new CertwrightError(
        'VAULT_TAMPERED',
        msg(head.seq === recorded.seq ? 'errors:vault.auditLogChanged' : 'errors:vault.auditLogCut', { seq: head.seq, recorded: recorded.seq, directory: this.directory }),
      );
    }
    return deferred;
  }

  /**
   * Checks the files left from unlock, one per turn of the event loop (≈ 1–2 ms each at 100,000
   * certificates), skipping any a reader checked meanwhile. A file that does not check ends the
   * session as a failed unlock would: the keys are dropped and every call answers VAULT_TAMPERED,
   * naming the file, until an unlock that checks everything again succeeds.
   */
  #verifyInBackground(names: readonly string[]): void {
    const session = this.#requireSession();
    const run = async () => {
      for (const name of names) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#session !== session) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedDuringCheck'));
        this.#files.verify(name);
      }
    };
    const background = {
      session,
      promise: run().catch((error: unknown) => {
        if (this.#session === session && error instanceof CertwrightError && error.code === 'VAULT_TAMPERED') {
          this.lock();
          this.#tamperedBy = error;
        }
        throw error;
      }),
    };
    // Handled here so an unobserved failure is no unhandled rejection; fullyVerified() hands it on.
    background.promise.catch(() => undefined);
    this.#background = background;
  }

  /**
   * Resolves once every file of this session has been checked (at unlock or by the background pass
   * after it); rejects with VAULT_TAMPERED — the vault has locked itself — when one did not check, or
   * VAULT_LOCKED when the vault was locked first. Tests and benchmarks wait for it, and so should a
   * front end that exits as soon as its work is done; the app need not (every read checks its file
   * before use, and a failure found later locks the vault).
   */
  fullyVerified(): Promise<void> {
    const background = this.#background;
    if (this.#tamperedBy) return Promise.reject(this.#tamperedBy);
    if (!background || background.session !== this.#session) return Promise.reject(new CertwrightError('VAULT_LOCKED', msg('errors:vault.locked')));
    return background.promise;
  }

  #open(keys: VaultKeys): void {
    this.#files.setKey(keys.file);
    this.#session = { keys, audit: new AuditLog(join(this.directory, AUDIT_LOG_FILE), keys.audit), ring: new KeyRing(keys.seal, this.#crypto, this.directory) };
  }

  assertUnlocked(): void {
    this.#requireSession();
  }

  lock(): void {
    this.#session = null;
    this.#background = null;
    this.#files.setKey(null);
    this.#books.clear();
    this.#certificates.clear();
    this.#authorities.clear();
    this.#endpoints.clear();
    this.#watchStatus.clear();
  }

  /**
   * Re-wraps the master key under a new passphrase: one atomic write of the header, so at any moment
   * exactly one of the two passphrases opens the vault. Nothing else is rewritten.
   */
  async changePassphrase(current: string, next: string): Promise<void> {
    const session = this.#requireSession();
    const header = parseHeader(this.#files.read(HEADER)?.doc);
    const master = await unwrapMasterKey(current, header, this.#crypto);
    const held = masterBytes(session.keys);
    try {
      if (!Buffer.from(master).equals(held)) throw new CertwrightError('VAULT_TAMPERED', msg('errors:vault.foreignHeader'));
      const rewrapped = await wrapMasterKey(next, master, header.createdAt, this.#crypto, this.#scryptN);
      this.#write('change the passphrase', () => this.#files.write(HEADER, rewrapped), [{ kind: 'vault.passphraseChanged', details: { scryptN: rewrapped.kdf.N } }]);
    } finally {
      master.fill(0);
      held.fill(0);
    }
  }

  /** Oldest first. The records are shared and frozen: copy one to change it. */
  listAuthorities(): AuthorityRecord[] {
    this.#requireSession();
    return [...this.#authorities.index().list];
  }

  getAuthority(id: string): AuthorityRecord {
    this.#requireSession();
    const record = this.#authorities.index().byId.get(id);
    if (record === undefined) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchAuthority'));
    return record;
  }

  async addAuthority(input: NewAuthority): Promise<AuthorityRecord> {
    const session = this.#requireSession();
    const id = newId();
    const base: Omit<AuthorityRecord, 'sealedKey'> = {
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
      remoteId: null,
      settings: input.settings ?? DEFAULT_SETTINGS,
      createdAt: this.#now().toISOString(),
    };
    const record: AuthorityRecord = { ...base, sealedKey: await session.ring.seal('authority', base, input.privateKey, input.keyAlgorithm) };
    if (this.#session !== session) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedSavingAuthority'));
    try {
      this.#write(
        'save the authority',
        () => this.#authorities.put(record),
        [
          {
            kind: input.origin === 'imported' ? 'authority.imported' : 'authority.created',
            authorityId: id,
            subject: input.commonName ?? null,
            serial: input.serialNumberHex ?? null,
            details: { kind: input.kind, state: record.state, keyAlgorithm: input.keyAlgorithm, parentId: record.parentId },
          },
        ],
      );
    } catch (error) {
      session.ring.forget(id);
      throw error;
    }
    return record;
  }

  /** Vault-wide preferences (expiry thresholds, notifications, auto-lock, backup reminder); defaults until changed. */
  appSettings(): AppSettings {
    this.#requireSession();
    return this.#settings.app();
  }

  updateAppSettings(settings: AppSettings): AppSettings {
    this.#requireSession();
    const parsed = StoredAppSettings.parse(settings);
    this.#write('save the settings', () => this.#settings.writeApp(parsed), [
      { kind: 'settings.changed', details: { autoLockMinutes: parsed.security.autoLockMinutes, backupReminderDays: parsed.security.backupReminderDays, warningDays: parsed.expiry.warningDays, urgentDays: parsed.expiry.urgentDays } },
    ]);
    return parsed;
  }

  /** When the vault was last backed up, judged against the reminder setting. */
  backupStatus(): BackupStatus {
    const reminderDays = this.appSettings().security.backupReminderDays;
    const lastBackupAt = this.#settings.lastBackupAt();
    const overdue = lastBackupAt === null || this.#now().getTime() - Date.parse(lastBackupAt) > reminderDays * 86_400_000;
    return { lastBackupAt, reminderDays, overdue };
  }

  /** Outside CA certificates the vault trusts for chains, oldest first. */
  listTrustedCas(): TrustedCaRecord[] {
    this.#requireSession();
    return Object.values(this.#files.read(TRUSTED)?.doc ?? {})
      .map((raw) => {
        const parsed = TrustedCaRecord.safeParse(raw);
        if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedTrustedCa'));
        return parsed.data;
      })
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt));
  }

  /** Adds an outside CA certificate; the same certificate twice is one record. */
  addTrustedCa(certificateDer: Uint8Array, commonName?: string): TrustedCaRecord {
    this.#requireSession();
    const certificateDerB64 = b64(certificateDer);
    let added = false;
    const record: TrustedCaRecord = this.#write(
      'save the trusted CA',
      (): TrustedCaRecord => {
        const existing = this.listTrustedCas().find((r) => r.certificateDerB64 === certificateDerB64);
        if (existing) return existing;
        const fresh: TrustedCaRecord = { schemaVersion: RECORD_SCHEMA_VERSION, id: newId(), certificateDerB64, addedAt: this.#now().toISOString() };
        this.#files.write(TRUSTED, { ...(this.#files.read(TRUSTED)?.doc ?? {}), [fresh.id]: fresh });
        added = true;
        return fresh;
      },
      (written) => (added ? [{ kind: 'trust.added', subject: commonName ?? null, details: { trustedId: written.id } }] : []),
    );
    return record;
  }

  updateAuthority(id: string, patch: AuthorityPatch): AuthorityRecord {
    this.#requireSession();
    return this.#write(
      'update the authority',
      () => {
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
        // A new certificate must be for the key this authority holds.
        if (patch.certificateDer && expectedSpkiHash(record) !== expectedSpkiHash({ csrDerB64: current.csrDerB64, certificateDerB64: current.certificateDerB64 })) {
          throw new CertwrightError('INVALID_INPUT', msg('errors:vault.notThisAuthorityKey'));
        }
        this.#authorities.put(record);
        return record;
      },
      patch.state === 'active' ? [{ kind: 'authority.activated', authorityId: id, serial: patch.serialNumberHex ?? null }] : patch.settings ? [{ kind: 'settings.changed', authorityId: id, details: { crlUrl: patch.settings.crlUrl, ocspUrl: patch.settings.ocspUrl, caIssuersUrl: patch.settings.caIssuersUrl } }] : [],
    );
  }

  /**
   * Stores issued certificates with their sealed keys in one atomic write: a certificate is never
   * stored without its key, and a batch lands whole or not at all. One audit entry per certificate.
   */
  async addCertificates(authorityId: string, items: readonly NewCertificate[]): Promise<CertificateRecord[]> {
    const session = this.#requireSession();
    this.getAuthority(authorityId);
    const createdAt = this.#now().toISOString();
    // Sealing runs side by side in slices, with a turn of the event loop between (a bulk issue's
    // batch of 1,000 would otherwise hold it ≈ 50 ms).
    const records: CertificateRecord[] = [];
    for (let start = 0; start < items.length; start += SEAL_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      records.push(...(await Promise.all(items.slice(start, start + SEAL_SLICE).map(async (item) => {
        const id = newId();
        const base = {
          schemaVersion: RECORD_SCHEMA_VERSION,
          id,
          authorityId,
          profile: item.profile,
          certificateDerB64: b64(item.certificateDer),
          serialNumberHex: item.serialNumberHex,
          keyAlgorithm: item.keyAlgorithm,
          createdAt,
          replacesId: item.replacesId ?? null,
          replacedById: null,
          scheduledRevocation: null,
          acmeAccountId: item.acmeAccountId ?? null,
        } as const;
        return { ...base, ...(item.privateKey && item.keyAlgorithm ? { sealedKey: await session.ring.seal('certificate', base, item.privateKey, null, item.publicKeySpki) } : {}) };
      }))));
    }
    // Locked (or locked and opened again) while the keys were sealed: they were sealed for a session that is gone.
    if (this.#session !== session) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedSavingCertificates'));
    this.#write('save the certificates', () => this.#certificates.add(records), records.map((r, i) => ({
      kind: r.sealedKey ? 'certificate.issued' : 'csr.signed',
      authorityId,
      subject: items[i]!.commonName ?? null,
      serial: r.serialNumberHex,
      details: { ...items[i]!.auditDetails, certificateId: r.id, profile: r.profile, ...(r.replacesId ? { replaces: r.replacesId } : {}), ...(r.acmeAccountId ? { acmeAccount: r.acmeAccountId } : {}) },
    })));
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
        if (current === undefined || current.record.authorityId !== authorityId) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchCertificate'));
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

  /**
   * The certificates whose scheduled revocation (the end of a renewal's overlap) is due at `now`, in
   * issue order. Reads a small index and the records it names, not the whole inventory: it runs at
   * every unlock.
   */
  dueScheduledRevocations(now: Date = this.#now()): CertificateRecord[] {
    this.#requireSession();
    return this.#certificates.scheduledDue(now.toISOString());
  }

  /** Every certificate of every authority: authorities in creation order, each one's in issue order. */
  listAllCertificates(): CertificateRecord[] {
    return this.listAuthorities().flatMap((authority) => this.listCertificates(authority.id));
  }

  getCertificate(id: string): CertificateRecord {
    this.#requireSession();
    const entry = ID.test(id) ? this.#certificates.entry(id) : undefined;
    if (entry === undefined) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchCertificate'));
    return entry.record;
  }

  /** The authority's revocation book, read once (entries, CRL numbers, history, latest CRL). */
  revocations(authorityId: string): RevocationBook {
    this.#requireSession();
    // No authority lookup here: lists ask once per certificate, and an unknown id has an empty book.
    if (!ID.test(authorityId)) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchAuthority'));
    return this.#books.book(authorityId);
  }

  /**
   * Changes the revocation book under the cross-process lock, reading it fresh first: `change` gets
   * the current book and returns what to write (entries and/or the last CRL number) and what to
   * record in the audit log. One write.
   */
  updateRevocations<T>(authorityId: string, change: (book: RevocationBook) => { entries?: ReadonlyMap<string, Revocation>; lastCrlNumber?: number; result: T; audit?: readonly AuditEventInput[] }): T {
    this.#requireSession();
    this.getAuthority(authorityId);
    let audit: readonly AuditEventInput[] = [];
    const result = this.#write(
      'save the revocations',
      () => {
        const book = this.#books.book(authorityId);
        const changed = change(book);
        const { entries, lastCrlNumber } = changed;
        audit = changed.audit ?? [];
        if (lastCrlNumber !== undefined && lastCrlNumber < book.lastCrlNumber) throw new CertwrightError('INTERNAL', msg('errors:vault.crlNumberDown'));
        this.#books.writeEntries(authorityId, book, entries ?? book.entries, lastCrlNumber ?? book.lastCrlNumber);
        return changed.result;
      },
      () => audit,
    );
    return result;
  }

  /**
   * Records a signed CRL; true when it became the latest. A CRL whose number is not above the latest
   * published one (another process published a newer one meanwhile) goes into the history only.
   */
  recordCrl(authorityId: string, crl: CrlRecord, der: Uint8Array): boolean {
    this.#requireSession();
    checkId(authorityId, 'authority');
    return this.#write(
      'save the CRL',
      () => {
        const book = this.#books.book(authorityId);
        const newest = book.history.reduce((max, r) => Math.max(max, r.number), 0);
        const history = [...book.history, crl].sort((a, b) => a.number - b.number).slice(-CRL_HISTORY_LIMIT);
        const latest = crl.number > newest;
        this.#books.writeCrls(authorityId, book, history, latest ? b64(der) : book.latestCrlDerB64);
        return latest;
      },
      (latest) => [{ kind: 'crl.published', authorityId, details: { number: crl.number, entries: crl.entries, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, sha256: crl.sha256, latest } }],
    );
  }

  /**
   * Serial numbers an authority has used — for its leaves and the CAs it signed — with room for the
   * ones a batch draws before it is stored. The vault's own set is shared, not copied (at 10,000
   * certificates a copy per issuance cost more than the rest of the lookup).
   */
  usedSerials(authorityId: string): { has(serialHex: string): boolean; add(serialHex: string): void; values(): Iterable<string> } {
    this.#requireSession();
    checkId(authorityId, 'authority');
    const stored = this.#certificates.serials(authorityId);
    const extra = new Set<string>();
    for (const child of this.#authorities.index().list) if (child.parentId === authorityId && child.serialNumberHex) extra.add(child.serialNumberHex);
    return {
      has: (serial) => stored.has(serial) || extra.has(serial),
      add: (serial) => void extra.add(serial),
      values: function* () {
        yield* stored;
        yield* extra;
      },
    };
  }

  /**
   * Appends entries to the audit log for uses of a CA key that store nothing else (a handshake
   * proof's throwaway certificate, a delegated OCSP certificate, a responder started or stopped, a
   * key exported, a backup written).
   */
  recordAudit(events: readonly AuditEventInput[]): void {
    this.#requireSession();
    if (events.length > 0) this.#write('record the audit entry', () => undefined, events);
  }

  /** Audit entries newest first, filtered and windowed. */
  auditEntries(filter: AuditFilter & { readonly everything?: boolean }): { total: number; entries: AuditEntry[] } {
    return this.#requireSession().audit.query(filter);
  }

  /** Checks the whole audit log: chain, MACs, and that it reaches the head the manifest recorded. */
  verifyAudit(): AuditVerification {
    const session = this.#requireSession();
    this.#files.forget();
    return session.audit.verify(this.#files.auditHead());
  }

  /**
   * A transaction under the cross-process lock: `fn` writes files, then the audit entries are
   * appended and the manifest records the new versions and the audit head. Storage errors become one
   * clear message. File versions seen before are forgotten on the way in (the write starts from the disk).
   */
  #write<T>(action: string, fn: () => T, events: readonly AuditEventInput[] | ((result: T) => readonly AuditEventInput[]) = []): T {
    const session = this.#requireSession();
    try {
      return this.#lock.withLock(() => {
        this.#files.forget();
        this.#files.begin();
        try {
          const result = fn();
          const entries = typeof events === 'function' ? events(result) : events;
          const head = entries.length > 0 ? session.audit.append(entries, this.#now(), this.#files.auditHead()) : null;
          this.#files.commit(head);
          return result;
        } catch (error) {
          this.#files.abort();
          throw error;
        } finally {
          this.#files.forget();
        }
      });
    } catch (error) {
      if (error instanceof CertwrightError) throw error;
      throw storageError(action, error);
    }
  }

  #parseCertificate(raw: unknown): CertificateRecord {
    const parsed = CertificateRecord.safeParse(raw);
    if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedCertificate'));
    return parsed.data;
  }

  /**
   * The authority's private key as a non-extractable CryptoKey, for signing inside main. Opened only
   * for the public key in the authority's certificate (or request), and checked against it on every
   * call: a record whose certificate was swapped never signs.
   */
  async signingKey(id: string): Promise<CryptoKey> {
    const session = this.#requireSession();
    return session.ring.signingKey(this.getAuthority(id));
  }

  /**
   * The PKCS#8 bytes of a certificate's key (never an authority's): for a file the user explicitly
   * exports (`purpose: 'export'`, recorded in the audit log), a renewal that keeps the key, or a
   * client certificate for a live probe. The caller must zero the array when done.
   */
  async exportPrivateKeyPkcs8(id: string, purpose: 'export' | 'use' = 'use'): Promise<Bytes> {
    const session = this.#requireSession();
    const record = this.getCertificate(id);
    if (!record.sealedKey) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noPrivateKey'));
    const pkcs8 = await session.ring.open('certificate', record);
    if (purpose === 'export') {
      try {
        this.recordAudit([{ kind: 'key.exported', authorityId: record.authorityId, serial: record.serialNumberHex, details: { certificateId: record.id } }]);
      } catch (error) {
        pkcs8.fill(0);
        throw error;
      }
    }
    return pkcs8;
  }

  /**
   * The PKCS#8 of an authority's key, only for a file the user explicitly exports (Istio's plug-in CA
   * needs its intermediate's ca-key.pem); recorded in the audit log before it is handed over. The
   * caller must zero the array when done.
   */
  async exportAuthorityKeyPkcs8(id: string, purpose: string): Promise<Bytes> {
    const session = this.#requireSession();
    const record = this.getAuthority(id);
    const pkcs8 = await session.ring.open('authority', record);
    try {
      this.recordAudit([{ kind: 'key.exported', authorityId: record.id, serial: record.serialNumberHex ?? null, details: { authorityKey: true, purpose } }]);
    } catch (error) {
      pkcs8.fill(0);
      throw error;
    }
    return pkcs8;
  }

  #requireSession(): Session {
    if (!this.#session) {
      if (this.#tamperedBy) throw this.#tamperedBy;
      const state = this.state();
      throw new CertwrightError(state === 'uninitialized' ? 'VAULT_MISSING' : 'VAULT_LOCKED', msg(state === 'uninitialized' ? 'errors:vault.missing' : 'errors:vault.locked'));
    }
    return this.#session;
  }

  // ---- Service identity: token issuers and the service policy -------------------------------------

  /** Every token issuer, oldest first. */
  listTokenIssuers(): TokenIssuerRecord[] {
    this.#requireSession();
    return this.#tokenIssuers.list();
  }

  getTokenIssuer(id: string): TokenIssuerRecord {
    const issuer = ID.test(id) ? this.listTokenIssuers().find((i) => i.id === id) : undefined;
    if (!issuer) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchTokenIssuer'));
    return issuer;
  }

  /** A new issuer with its first key, sealed (the key's PKCS#8 never stays in memory in clear). */
  async addTokenIssuer(input: { name: string; algorithm: TokenAlgorithm; key: NewTokenKey }): Promise<TokenIssuerRecord> {
    const session = this.#requireSession();
    const createdAt = this.#now().toISOString();
    const key = await this.#sealTokenKey(session, input.key, createdAt);
    const record: TokenIssuerRecord = { schemaVersion: RECORD_SCHEMA_VERSION, id: newId(), name: input.name, algorithm: input.algorithm, createdAt, tokensSigned: 0, keys: [key] };
    return this.#write(
      'save the token issuer',
      () => {
        if (this.#tokenIssuers.list().some((i) => i.name === input.name)) throw new CertwrightError('INVALID_INPUT', atField('name', 'errors:vault.tokenIssuerNameTaken', { name: input.name }), { field: 'name' });
        this.#tokenIssuers.put(record);
        return record;
      },
      [{ kind: 'token.issuerCreated', subject: input.name, details: { issuerId: record.id, algorithm: input.algorithm, kid: key.kid } }],
    );
  }

  /**
   * Makes a new key current; the old one is retired and stays in the JWKS until the last token it
   * signed has expired. Keys whose time is past are dropped from the record (sealed key and all).
   */
  async rotateTokenIssuer(id: string, next: NewTokenKey): Promise<TokenIssuerRecord> {
    const session = this.#requireSession();
    const at = this.#now();
    const key = await this.#sealTokenKey(session, next, at.toISOString());
    let previous = '';
    return this.#write(
      'rotate the token issuer\'s key',
      () => {
        const issuer = this.getTokenIssuer(id);
        previous = currentKey(issuer).kid;
        const kept = issuer.keys
          .map((k) => (k.retiredAt === null ? { ...k, retiredAt: at.toISOString() } : k))
          .filter((k) => (k.lastTokenExpiresAt ?? '') > at.toISOString());
        const record = { ...issuer, keys: [key, ...kept] };
        this.#tokenIssuers.put(record);
        return record;
      },
      (record) => [{ kind: 'token.keyRotated', subject: record.name, details: { issuerId: id, kid: key.kid, previousKid: previous } }],
    );
  }

  /** The issuer's current key, ready to sign. */
  async tokenSigningKey(issuerId: string): Promise<{ key: CryptoKey; kid: string; algorithm: TokenAlgorithm; issuer: TokenIssuerRecord }> {
    const session = this.#requireSession();
    const issuer = this.getTokenIssuer(issuerId);
    const current = currentKey(issuer);
    return { key: await session.ring.tokenSigningKey(current), kid: current.kid, algorithm: current.algorithm, issuer };
  }

  /**
   * Records tokens just signed, before they are handed out: one audit entry each (never the token
   * itself), the count, and the latest exp of the key that signed them (a retired key stays in the
   * JWKS until then).
   */
  recordTokens(issuerId: string, kid: string, tokens: readonly SignedTokenFacts[]): void {
    this.#requireSession();
    if (tokens.length === 0) return;
    this.#write(
      'record the signed token',
      () => {
        const issuer = this.getTokenIssuer(issuerId);
        if (!issuer.keys.some((k) => k.kid === kid)) throw new CertwrightError('NOT_FOUND', msg('errors:vault.notIssuerKey'));
        const latest = tokens.reduce((max, t) => (t.expiresAt > max ? t.expiresAt : max), '');
        const keys = issuer.keys.map((k) => (k.kid === kid && (k.lastTokenExpiresAt ?? '') < latest ? { ...k, lastTokenExpiresAt: latest } : k));
        this.#tokenIssuers.put({ ...issuer, keys, tokensSigned: issuer.tokensSigned + tokens.length });
        return issuer.name;
      },
      // The name as read inside the write (not read again for the audit entries).
      (name) => tokens.map((t) => ({ kind: 'token.signed' as const, subject: t.subject, details: { issuer: name, issuerId, kid, audience: t.audience, jti: t.jti, expiresAt: t.expiresAt, scope: shorten(t.scope, MAX_DETAIL_STRING), via: t.via } })),
    );
  }

  async #sealTokenKey(session: Session, key: NewTokenKey, createdAt: string): Promise<TokenKeyRecord> {
    const base = { id: newId(), spkiDerB64: b64(key.spki) };
    const sealedKey = await session.ring.seal('token-issuer', base, key.privateKey, null, key.spki);
    return { ...base, kid: key.kid, algorithm: key.algorithm, keyAlgorithm: key.keyAlgorithm, publicJwk: key.publicJwk, sealedKey, createdAt, retiredAt: null, lastTokenExpiresAt: null };
  }

  // ---- Remote authorities: step-ca servers (remotes-file.ts, docs/step-ca.md) ----------------------

  /** Every remote authority, oldest first. */
  listRemotes(): RemoteRecord[] {
    this.#requireSession();
    return this.#remotes.list();
  }

  getRemote(id: string): RemoteRecord {
    const remote = ID.test(id) ? this.listRemotes().find((r) => r.id === id) : undefined;
    if (!remote) throw new CertwrightError('NOT_FOUND', msg('remote:errors.noSuchRemote'));
    return remote;
  }

  /**
   * Records a step-ca server and its issuing CA in one transaction, with one `remote.connected`
   * entry: the remote (its provisioner key sealed, the PKCS#8 wiped) and an authority record for the
   * server's intermediate — no key, `remoteId` set, under the vault's root when the pinned root is
   * one of the vault's (else the root as its outside chain). Names are unique among remotes.
   */
  async addRemote(input: NewRemote): Promise<{ remote: RemoteRecord; authority: AuthorityRecord }> {
    const session = this.#requireSession();
    const remoteId = newId();
    const authorityId = newId();
    const createdAt = this.#now().toISOString();
    const base = { id: remoteId, spkiDerB64: b64(input.spki) };
    const sealedKey = await session.ring.seal('remote-provisioner', base, input.pkcs8, null, input.spki);
    if (this.#session !== session) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedSavingAuthority'));
    let remote: RemoteRecord = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      ...base,
      name: input.name,
      urls: [...input.urls],
      rootDerB64: b64(input.rootDer),
      provisioner: input.provisioner,
      kid: input.kid,
      keyAlgorithm: input.keyAlgorithm,
      jwsAlgorithm: input.jwsAlgorithm,
      sealedKey,
      authorityId,
      createdAt,
    };
    return this.#write(
      'save the remote authority',
      () => {
        if (this.#remotes.list().some((r) => r.name === input.name)) throw new CertwrightError('INVALID_INPUT', atField('name', 'remote:errors.nameTaken', { name: input.name }), { field: 'name' });
        const root = this.#authorities.index().list.find((a) => a.kind === 'root' && a.certificateDerB64 === remote.rootDerB64);
        // The server's intermediate may be one this vault made (the step-ca export): that authority
        // becomes the remote one — one entry, under its root, revocable there. Its sealed key is
        // dropped: an online CA's key lives with the online CA (step-ca, and the export's encrypted
        // copy), not in the offline vault, and nothing here signs with it any more.
        const intermediateB64 = b64(input.intermediateDer);
        const adopted = this.#authorities.index().list.find((a) => a.certificateDerB64 === intermediateB64 && a.remoteId === null);
        const authority: AuthorityRecord = adopted
          ? { ...withoutKey(adopted), remoteId }
          : {
              schemaVersion: RECORD_SCHEMA_VERSION,
              id: authorityId,
              kind: 'intermediate',
              state: 'active',
              parentId: root?.id ?? null,
              keyAlgorithm: input.intermediateKeyAlgorithm,
              certificateDerB64: intermediateB64,
              serialNumberHex: input.intermediateSerialHex,
              externalChainDerB64: root ? [] : [remote.rootDerB64],
              remoteId,
              settings: DEFAULT_SETTINGS,
              createdAt,
            };
        remote = { ...remote, authorityId: authority.id };
        if (adopted) session.ring.forget(adopted.id);
        this.#remotes.put(remote);
        this.#authorities.put(authority);
        return { remote, authority };
      },
      ({ authority }) => [
        {
          kind: 'remote.connected',
          authorityId: authority.id,
          subject: input.intermediateCommonName || input.name,
          serial: input.intermediateSerialHex,
          details: { remoteId, name: input.name, urls: shorten(input.urls.join(' '), MAX_DETAIL_STRING), provisioner: input.provisioner, rootFingerprint: input.rootFingerprint, parentId: authority.parentId, adoptedWithKeyDropped: authority.id !== authorityId },
        },
      ],
    );
  }

  /** The remote's provisioner key, ready to sign one-time tokens (opened for the public key its record names). */
  async remoteProvisionerKey(remoteId: string): Promise<{ key: CryptoKey; remote: RemoteRecord }> {
    const session = this.#requireSession();
    const remote = this.getRemote(remoteId);
    return { key: await session.ring.tokenSigningKey(remote, 'remote-provisioner'), remote };
  }

  servicePolicy(): { policy: ServicePolicy; updatedAt: string | null } {
    this.#requireSession();
    return this.#policy.read();
  }

  /** Replaces the policy (already parsed and checked by the caller). */
  writeServicePolicy(policy: ServicePolicy, details: { source: 'edit' | 'import'; sha256: string; path?: string }): void {
    this.#requireSession();
    this.#write('save the service policy', () => this.#policy.write(policy, this.#now()), [
      { kind: 'policy.changed', details: { services: Object.keys(policy.services).length, ...details } },
    ]);
  }

  // ---- Watched endpoints (endpoints-file.ts, docs/watch.md) ----------------------------------------

  /** The endpoints watched, in the order added, indexed by id and by host|port|servername. */
  endpoints(): EndpointIndex {
    this.#requireSession();
    return this.#endpoints.index();
  }

  /** What the last probes found, by endpoint id (none for one never probed). */
  endpointStates(): Map<string, EndpointState> {
    this.#requireSession();
    return this.#watchStatus.all();
  }

  endpointState(id: string): EndpointState | null {
    this.#requireSession();
    return this.#watchStatus.get(id);
  }

  /** One endpoint's results and changes of what was served, newest first. */
  endpointHistory(id: string): EndpointHistoryRecord {
    this.#requireSession();
    return this.#watchHistory.get(id);
  }

  /**
   * Adds endpoints in one transaction, one `endpoint.added` entry each. One already watched (or named
   * twice), or more than WATCH_MAX_ENDPOINTS in all, refuses the whole change.
   */
  addEndpoints(inputs: ReadonlyArray<Omit<WatchedEndpoint, 'id' | 'addedAt'>>, source: 'add' | 'import'): WatchedEndpoint[] {
    this.#requireSession();
    const addedAt = this.#now().toISOString();
    const added = inputs.map((input) => ({ ...input, id: newId(), addedAt }));
    return this.#write(
      'save the watched endpoints',
      () => {
        const current = this.#endpoints.index();
        if (current.list.length + added.length > WATCH_MAX_ENDPOINTS) {
          throw new CertwrightError('INVALID_INPUT', msg('errors:vault.endpointLimit', { max: WATCH_MAX_ENDPOINTS, watched: current.list.length }));
        }
        const keys = new Set(current.byKey.keys());
        for (const endpoint of added) {
          if (keys.has(endpointKey(endpoint))) throw new CertwrightError('INVALID_INPUT', atField('host', 'errors:vault.endpointWatched', { target: endpointTarget(endpoint) }), { field: 'host' });
          keys.add(endpointKey(endpoint));
        }
        this.#endpoints.write([...current.list, ...added]);
        return added;
      },
      added.map((e) => ({ kind: 'endpoint.added' as const, subject: endpointTarget(e), details: { ...endpointAuditDetails(e), source } })),
    );
  }

  /** Changes one endpoint (`endpoint.changed`); a new host, port or name sent starts its history afresh (it is another server). */
  updateEndpoint(next: Omit<WatchedEndpoint, 'addedAt'>): WatchedEndpoint {
    this.#requireSession();
    return this.#write(
      'save the watched endpoints',
      () => {
        const current = this.#endpoints.index();
        const before = current.byId.get(next.id);
        if (!before) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchEndpoint'));
        const other = current.byKey.get(endpointKey(next));
        if (other && other.id !== next.id) throw new CertwrightError('INVALID_INPUT', atField('host', 'errors:vault.endpointWatched', { target: endpointTarget(next) }), { field: 'host' });
        const updated: WatchedEndpoint = { ...next, addedAt: before.addedAt };
        this.#endpoints.write(current.list.map((e) => (e.id === next.id ? updated : e)));
        if (endpointKey(before) !== endpointKey(updated)) {
          this.#watchStatus.write(new Map([[next.id, null]]));
          this.#watchHistory.drop([next.id]);
        }
        return updated;
      },
      (updated) => [{ kind: 'endpoint.changed', subject: endpointTarget(updated), details: endpointAuditDetails(updated) }],
    );
  }

  /** Stops watching these (ids not watched are skipped), with their history; one `endpoint.removed` each. */
  removeEndpoints(ids: readonly string[]): WatchedEndpoint[] {
    this.#requireSession();
    const wanted = new Set(ids);
    return this.#write(
      'save the watched endpoints',
      () => {
        const current = this.#endpoints.index();
        const removed = current.list.filter((e) => wanted.has(e.id));
        if (removed.length === 0) return removed;
        this.#endpoints.write(current.list.filter((e) => !wanted.has(e.id)));
        this.#watchStatus.write(new Map(removed.map((e) => [e.id, null])));
        this.#watchHistory.drop(removed.map((e) => e.id));
        return removed;
      },
      (removed) => removed.map((e) => ({ kind: 'endpoint.removed' as const, subject: endpointTarget(e), details: { endpointId: e.id } })),
    );
  }

  /**
   * Records a round's results, without audit entries (a probe changes nothing the user decided): one
   * transaction per shard (an endpoint's status and its history always together), yielding between
   * shards so a round of 5,000 endpoints never holds main for long. Endpoints removed meanwhile are
   * skipped; should the vault lock (or the process die) part-way, the endpoints not yet recorded keep
   * their previous result and are due again.
   */
  async recordProbes(outcomes: ReadonlyMap<string, ProbeOutcome>): Promise<void> {
    const session = this.#requireSession();
    const byShard = new Map<string, Array<[string, ProbeOutcome]>>();
    for (const [id, outcome] of outcomes) {
      const name = this.#watchHistory.nameOf(id);
      const shard = byShard.get(name);
      if (shard) shard.push([id, outcome]);
      else byShard.set(name, [[id, outcome]]);
    }
    let first = true;
    for (const shard of byShard.values()) {
      if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
      first = false;
      if (this.#session !== session) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.locked'));
      this.#write('record the probe results', () => {
        const current = this.#endpoints.index();
        const states = new Map<string, EndpointState>();
        const entries = new Map<string, { outcome: ProbeOutcome; change: ServedChange | null }>();
        for (const [id, outcome] of shard) {
          if (!current.byId.has(id)) continue;
          const { state, change } = advance(this.#watchStatus.get(id), outcome);
          states.set(id, state);
          entries.set(id, { outcome, change });
        }
        this.#watchStatus.write(states);
        this.#watchHistory.append(entries, { results: WATCH_HISTORY_RESULTS, changes: WATCH_HISTORY_CHANGES });
      });
    }
  }

  // ---- ACME accounts ------------------------------------------------------------------------------

  /** The ACME accounts registered with an authority's server, oldest first. */
  listAcmeAccounts(authorityId: string): AcmeAccountRecord[] {
    this.#requireSession();
    checkId(authorityId, 'authority');
    return this.#acmeAccounts.list().filter((a) => a.authorityId === authorityId);
  }

  addAcmeAccount(input: { authorityId: string; jwk: Record<string, string>; thumbprint: string; contact: readonly string[]; eabKeyId: string | null }): AcmeAccountRecord {
    this.#requireSession();
    this.getAuthority(input.authorityId);
    const record: AcmeAccountRecord = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      id: newId(),
      authorityId: input.authorityId,
      jwk: { ...input.jwk },
      thumbprint: input.thumbprint,
      status: 'valid',
      contact: [...input.contact],
      createdAt: this.#now().toISOString(),
      eabKeyId: input.eabKeyId,
    };
    return this.#write(
      'save the ACME account',
      () => {
        // One account per key and authority, however two registrations interleave.
        if (this.#acmeAccounts.list().some((a) => a.authorityId === input.authorityId && a.thumbprint === input.thumbprint)) {
          throw new CertwrightError('INVALID_INPUT', msg('errors:vault.acmeKeyRegistered'));
        }
        this.#acmeAccounts.put(record);
        return record;
      },
      [{ kind: 'acme.accountCreated', authorityId: input.authorityId, details: { accountId: record.id, thumbprint: record.thumbprint, contact: record.contact.join(' ').slice(0, MAX_DETAIL_STRING), eabKeyId: record.eabKeyId } }],
    );
  }

  /** Changes an account's status, contacts or key (a rollover), audited by what changed. */
  updateAcmeAccount(authorityId: string, id: string, patch: { status?: AcmeAccountRecord['status']; contact?: readonly string[]; jwk?: Record<string, string>; thumbprint?: string }): AcmeAccountRecord {
    this.#requireSession();
    checkId(authorityId, 'authority');
    let before: AcmeAccountRecord | undefined;
    return this.#write(
      'save the ACME account',
      () => {
        before = this.#acmeAccounts.list().find((a) => a.id === id && a.authorityId === authorityId);
        if (!before) throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchAcmeAccount'));
        if (patch.thumbprint && patch.thumbprint !== before.thumbprint && this.#acmeAccounts.list().some((a) => a.authorityId === authorityId && a.thumbprint === patch.thumbprint)) {
          throw new CertwrightError('INVALID_INPUT', msg('errors:vault.acmeKeyTaken'));
        }
        const record: AcmeAccountRecord = {
          ...before,
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.contact ? { contact: [...patch.contact] } : {}),
          ...(patch.jwk && patch.thumbprint ? { jwk: { ...patch.jwk }, thumbprint: patch.thumbprint } : {}),
        };
        this.#acmeAccounts.put(record);
        return record;
      },
      (record) => {
        const base = { authorityId, details: { accountId: id } };
        if (before && record.thumbprint !== before.thumbprint) return [{ kind: 'acme.keyRolledOver', ...base, details: { accountId: id, from: before.thumbprint, to: record.thumbprint } }];
        if (before && record.status !== before.status && record.status === 'deactivated') return [{ kind: 'acme.accountDeactivated', ...base }];
        return [{ kind: 'acme.accountUpdated', ...base, details: { accountId: id, status: record.status, contact: record.contact.join(' ').slice(0, MAX_DETAIL_STRING) } }];
      },
    );
  }

  // ---- Backup and restore (backup.ts builds and reads the file) ----------------------------------

  /** Everything a backup holds, read and checked under the lock (a consistent picture). */
  snapshot(): VaultSnapshot {
    const session = this.#requireSession();
    return this.#lock.withLock(() => {
      this.#files.forget();
      const files = this.#files.verifyAll();
      const header = parseHeader(files.get(HEADER));
      files.delete(HEADER);
      const verification = session.audit.verify(this.#files.auditHead());
      if (!verification.ok) throw new CertwrightError('VAULT_TAMPERED', msg('errors:vault.auditLogFailedCheck', firstProblem(verification.problems)));
      return { header, files, auditLog: session.audit.readAll(), auditHead: verification.head };
    });
  }

  /** Records a backup just written (its time for the dashboard, an audit entry). */
  recordBackup(at: Date, details: { path: string; bytes: number; sha256: string }): void {
    this.#write('record the backup', () => this.#settings.writeLastBackup(at), [{ kind: 'vault.backup', details }]);
  }

  /** The master key's bytes for the backup key; the caller zeroes them. */
  masterKeyBytes(): Buffer {
    return masterBytes(this.#requireSession().keys);
  }
}

/** An authority record without its sealed key (a remote authority adopting the intermediate this vault exported). */
function withoutKey(record: AuthorityRecord): AuthorityRecord {
  const { sealedKey: _dropped, ...rest } = record;
  return rest;
}
