/**
 * Remote authorities (issue 20, docs/step-ca.md): step-ca servers the vault drives. Connecting pins
 * the root, checks the provisioner's password and records the server's issuing CA as an authority
 * (`remoteId` set, no key in the vault); issuing, renewing and revoking under that authority go to
 * the server. Also the export that hands a new intermediate to step-ca.
 *
 * FOUNDATION: signatures fixed; bodies are the helpers' (issue 20).
 */
import type { RemoteSummary, StepCaExport } from '../../../shared/domain/remote.js';
import { CertwrightError } from '../../../shared/errors.js';
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
import type { StepClient } from './step-client.js';

const notYet = () => new CertwrightError('INTERNAL', msg('remote:errors.placeholder'));

export class Remotes {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #crypto: EngineCrypto;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; catalog: Catalog; crypto: EngineCrypto; untrusted: UntrustedPool; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#crypto = deps.crypto;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
  }

  async list(): Promise<RemoteSummary[]> {
    this.#vault.assertUnlocked();
    return [];
  }

  async connect(_input: ValidInput<'remote.connect'>): Promise<RemoteSummary> {
    void this.#catalog;
    void this.#crypto;
    void this.#untrusted;
    void this.#now;
    throw notYet();
  }

  async check(_id: string): Promise<RemoteSummary> {
    throw notYet();
  }

  // ---- What issuing, renewing and revoking through a remote authority use (remote-issuing.ts) ----

  /** The pinned client of a remote authority's server (its URLs in order, its root). */
  clientFor(_authority: AuthorityRecord): StepClient {
    throw notYet();
  }

  /**
   * A one-time token for the server: a short JWT signed with the provisioner's sealed key (kid, iss =
   * provisioner, aud = the URL's /1.0/sign or /1.0/revoke, sub, sans, sha = root fingerprint, jti).
   */
  async token(_authority: AuthorityRecord, _purpose: 'sign' | 'revoke', _subject: string, _sans: readonly string[]): Promise<string> {
    throw notYet();
  }

  /** A new intermediate under a vault root, in step-ca's layout (step-ca-export.ts). `issuing` signs it with the root. */
  async exportStepCa(_input: ValidInput<'authority.exportStepCa'>, _issuing: Issuing, _choose: ChooseDestination, _onProgress: OnProgress = noProgress): Promise<StepCaExport> {
    throw notYet();
  }
}
