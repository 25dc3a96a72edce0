/**
 * Remote authorities (issue 20, docs/step-ca.md): step-ca servers the vault drives. Connecting pins
 * the root, checks the provisioner's password and records the server's issuing CA as an authority
 * (`remoteId` set, no key in the vault); issuing, renewing and revoking under that authority go to
 * the server. Also the export that hands a new intermediate to step-ca.
 *
 * FOUNDATION: signatures fixed; bodies are the helpers' (issue 20).
 */
import type { RemoteSummary, StepCaExport } from '../../../shared/domain/remote.js';
import type { KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { ValidInput } from '../../../shared/ipc/contract.js';
import { msg } from '../../../shared/i18n/message.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { AuthorityRecord } from '../../vault/records.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { Catalog } from '../catalog.js';
import type { ChooseDestination } from '../destination.js';
import type { Issuing } from '../issuing.js';
import { noProgress, type OnProgress } from '../progress.js';
import { exportForStepCa } from './step-ca-export.js';
import { fingerprintOf, StepClient, type ProvisionerEntry, type ServerStatus, type StepClientOptions, type StepServer } from './step-client.js';
import { decryptProvisionerKey, keyAlgorithmOfKey, provisionerPublicKey, signOneTimeToken } from './one-time-token.js';
import type { RemoteRecord } from '../../vault/remotes-file.js';
import { canonicalSerialHex } from '../../engine/serial.js';
import { X509 } from '../../engine/webcrypto.js';
import { X509Certificate as NodeCertificate } from 'node:crypto';

/** What a URL answering with another certificate than the pinned root's says. */
const IMPOSTOR: ReadonlySet<string> = new Set(['remote:errors.rootMismatch', 'remote:errors.hostMismatch']);

const serverOf = (remote: RemoteRecord): StepServer => ({ urls: remote.urls, rootDer: new Uint8Array(Buffer.from(remote.rootDerB64, 'base64')) });

/** The JWK provisioner the user named, or why not: none of that name (the server's are listed), or one of another type. */
function provisionerNamed(provisioners: readonly ProvisionerEntry[], name: string): ProvisionerEntry & { readonly key: JsonWebKey } {
  const named = provisioners.filter((p) => p.name === name);
  const jwk = named.find((p) => p.type === 'JWK');
  if (jwk?.key && jwk.encryptedKey) return jwk as ProvisionerEntry & { readonly key: JsonWebKey };
  if (jwk) throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.noEncryptedKey', { name }));
  if (named.length > 0) throw new CertwrightError('INVALID_INPUT', atField('provisioner', 'remote:errors.notJwk', { name, type: named[0]!.type }), { field: 'provisioner' });
  const listed = provisioners.map((p) => `${p.name} (${p.type})`).join(', ');
  throw new CertwrightError('INVALID_INPUT', atField('provisioner', listed ? 'remote:errors.noSuchProvisioner' : 'remote:errors.noProvisioners', { name, listed }), { field: 'provisioner' });
}

/** What the authority record keeps of the server's intermediate: its key algorithm (from its certificate), serial and name. */
function intermediateFacts(der: Uint8Array, url: string): { keyAlgorithm: KeyAlgorithmId; serialNumberHex: string; commonName: string } {
  const keyAlgorithm = keyAlgorithmOfKey(new NodeCertificate(der).publicKey);
  const parsed = new X509.X509Certificate(new Uint8Array(der));
  if (keyAlgorithm === null) throw new CertwrightError('REMOTE_REFUSED', msg('remote:errors.intermediateKeyUnsupported', { url, subject: parsed.subject }));
  return { keyAlgorithm, serialNumberHex: canonicalSerialHex(parsed.serialNumber), commonName: parsed.subjectName.getField('CN')[0] ?? '' };
}

export class Remotes {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  /** The server's certificates are parsed in the untrusted-input worker, never next to the keys. */
  readonly #client: StepClientOptions;
  /** What each remote answered when last asked, this session (connect, check): never stored. */
  readonly #checks = new Map<string, { readonly status: ServerStatus; readonly at: string }>();

  /** Forgets what the servers answered (at lock: the next session asks again). */
  forget(): void {
    this.#checks.clear();
  }

  constructor(deps: { vault: Vault; catalog: Catalog; crypto: EngineCrypto; untrusted: UntrustedPool; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#crypto = deps.crypto;
    this.#now = deps.now;
    this.#client = { readCertificates: (pems) => deps.untrusted.run('remote.certificates', { pems }) };
  }

  async list(): Promise<RemoteSummary[]> {
    this.#vault.assertUnlocked();
    return this.#vault.listRemotes().map((r) => this.#summary(r));
  }

  /**
   * First contact (the root pinned by its fingerprint, the server's TLS chain checked against it),
   * its health, version and provisioners, the JWK provisioner's key decrypted with the password and
   * sealed, the server's intermediate recorded as a remote authority — all in one transaction at the
   * end: a refusal anywhere on the way stores nothing.
   */
  async connect(input: ValidInput<'remote.connect'>): Promise<RemoteSummary> {
    this.#vault.assertUnlocked();
    if (this.#vault.listRemotes().some((r) => r.name === input.name)) throw new CertwrightError('INVALID_INPUT', atField('name', 'remote:errors.nameTaken', { name: input.name }), { field: 'name' });
    const { server, intermediateDer } = await StepClient.firstContact(input.urls, input.fingerprint, this.#client);
    const status = await new StepClient(server, this.#client).status();
    // A URL of the list answering with another root is not a down instance but another server: refused.
    const impostor = status.urlStatus.find((u) => u.problem !== null && IMPOSTOR.has(u.problem.key));
    if (impostor?.problem) throw new CertwrightError('REMOTE_REFUSED', impostor.problem);
    const answered = status.urlStatus.find((u) => u.health === 'ok');
    if (!answered) {
      // The most telling problem: an answer that was refused or garbage, else the first URL's.
      const problems = status.urlStatus.flatMap((u) => (u.problem ? [u.problem] : []));
      const problem = problems.find((p) => p.key !== 'remote:errors.unreachable') ?? problems[0] ?? msg('remote:errors.unreachable', { attempts: input.urls.join('; ') });
      throw new CertwrightError(problem.key === 'remote:errors.unreachable' ? 'REMOTE_UNREACHABLE' : 'REMOTE_REFUSED', problem);
    }
    const entry = provisionerNamed(status.provisioners, input.provisioner);
    const publicKey = provisionerPublicKey(entry.name, entry.key);
    const key = await decryptProvisionerKey(entry.name, entry.encryptedKey ?? '', input.password, entry.key);
    try {
      const intermediate = intermediateFacts(intermediateDer, answered.url);
      const { remote } = await this.#vault.addRemote({
        name: input.name,
        urls: input.urls,
        rootDer: server.rootDer,
        provisioner: entry.name,
        kid: publicKey.kid,
        keyAlgorithm: key.keyAlgorithm,
        jwsAlgorithm: key.jwsAlgorithm,
        spki: key.spki,
        pkcs8: key.pkcs8,
        intermediateDer,
        intermediateKeyAlgorithm: intermediate.keyAlgorithm,
        intermediateSerialHex: intermediate.serialNumberHex,
        intermediateCommonName: intermediate.commonName,
        rootFingerprint: input.fingerprint,
      });
      this.#checks.set(remote.id, { status, at: this.#now().toISOString() });
      return this.#summary(remote);
    } finally {
      key.pkcs8.fill(0);
    }
  }

  /** Asks every URL of the remote for its health, version and provisioners now (kept for this session). */
  async check(id: string): Promise<RemoteSummary> {
    const remote = this.#vault.getRemote(id);
    const status = await new StepClient(serverOf(remote), this.#client).status();
    this.#checks.set(remote.id, { status, at: this.#now().toISOString() });
    return this.#summary(this.#vault.getRemote(id));
  }

  #summary(remote: RemoteRecord): RemoteSummary {
    const check = this.#checks.get(remote.id);
    const urlStatus = check?.status.urlStatus ?? remote.urls.map((url) => ({ url, health: 'unknown' as const, problem: null }));
    return {
      id: remote.id,
      name: remote.name,
      urls: [...remote.urls],
      rootFingerprint: fingerprintOf(Buffer.from(remote.rootDerB64, 'base64')),
      provisioner: remote.provisioner,
      authorityId: remote.authorityId,
      health: check === undefined ? 'unknown' : urlStatus.some((u) => u.health === 'ok') ? 'ok' : 'unreachable',
      version: check?.status.version ?? null,
      provisioners: (check?.status.provisioners ?? []).map((p) => ({ name: p.name, type: p.type })),
      urlStatus: [...urlStatus],
      checkedAt: check?.at ?? null,
      createdAt: remote.createdAt,
    };
  }

  // ---- What issuing, renewing and revoking through a remote authority use (remote-issuing.ts) ----

  #remoteIdOf(authority: AuthorityRecord): string {
    if (authority.remoteId === null) throw new CertwrightError('INTERNAL', msg('remote:errors.notRemote'));
    return authority.remoteId;
  }

  /** The pinned client of a remote authority's server (its URLs in order, its root). */
  clientFor(authority: AuthorityRecord): StepClient {
    return new StepClient(serverOf(this.#vault.getRemote(this.#remoteIdOf(authority))), this.#client);
  }

  /**
   * A one-time token for the server: a short JWT signed with the provisioner's sealed key (kid, iss =
   * provisioner, aud = the URL's /1.0/sign or /1.0/revoke, sub, sans, sha = root fingerprint, jti).
   */
  async token(authority: AuthorityRecord, purpose: 'sign' | 'revoke', subject: string, sans: readonly string[]): Promise<string> {
    const { key, remote } = await this.#vault.remoteProvisionerKey(this.#remoteIdOf(authority));
    const { token } = await signOneTimeToken(key, {
      provisioner: remote.provisioner,
      kid: remote.kid,
      algorithm: remote.jwsAlgorithm,
      urls: remote.urls,
      purpose,
      subject,
      sans,
      rootFingerprint: fingerprintOf(Buffer.from(remote.rootDerB64, 'base64')),
      now: this.#now(),
    });
    return token;
  }

  /** A new intermediate under a vault root, in step-ca's layout (step-ca-export.ts). `issuing` signs it with the root. */
  async exportStepCa(input: ValidInput<'authority.exportStepCa'>, issuing: Issuing, choose: ChooseDestination, onProgress: OnProgress = noProgress): Promise<StepCaExport> {
    return exportForStepCa({ vault: this.#vault, catalog: this.#catalog, crypto: this.#crypto }, input, issuing, choose, onProgress);
  }
}
