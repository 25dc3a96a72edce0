/**
 * The local OCSP responders: a service with a lifecycle. One per CA however calls interleave (two
 * starts share one listener; a stop waits for a start in flight — the listener registry's rules);
 * each start and stop is in the audit log; `stopAll` ends them with the app or the CLI command.
 */
import type { OcspStatus } from '../../shared/domain/revocation.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { Vault } from '../vault/vault.js';
import type { Issuing } from './issuing.js';
import { ListenerRegistry } from './listeners/registry.js';
import type { OcspSigner } from './ocsp-responder.js';
import { startOcspResponder, type RunningOcspServer } from './ocsp-server.js';

export class OcspResponders {
  readonly #vault: Vault;
  readonly #issuing: Issuing;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  readonly #running = new ListenerRegistry<RunningOcspServer & { readonly signer: OcspSigner }>();

  constructor(deps: { vault: Vault; issuing: Issuing; crypto: EngineCrypto; now: () => Date }) {
    this.#vault = deps.vault;
    this.#issuing = deps.issuing;
    this.#crypto = deps.crypto;
    this.#now = deps.now;
  }

  status(id: string): OcspStatus {
    const running = this.#running.get(id);
    return { running: running !== null, url: running?.url ?? null, signer: running?.signer ?? null };
  }

  /** Starts the CA's responder on 127.0.0.1 (a start already running or in flight wins: this answers with its status). */
  async start(id: string, options: { port?: number | undefined; delegated: boolean }): Promise<OcspStatus> {
    const authority = this.#vault.getAuthority(id);
    if (authority.state !== 'active') throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:ocsp.pending'), { field: 'id' });
    // A responder signs with the CA's key (or one it certifies): a remote authority's is on its step-ca server.
    if (authority.remoteId) throw this.#issuing.remote.noLocalKey(authority, 'id');
    const signer: OcspSigner = options.delegated ? 'delegated' : 'ca';
    const { port } = options;
    await this.#running.start(id, async () => {
      const server = await startOcspResponder({ vault: this.#vault, issuing: this.#issuing, authorityId: id, crypto: this.#crypto, now: this.#now, signer, ...(port === undefined ? {} : { port }) });
      try {
        this.#vault.recordAudit([{ kind: 'ocsp.started', authorityId: id, details: { url: server.url, signer } }]);
      } catch (error) {
        await server.close();
        throw error;
      }
      return server;
    });
    return this.status(id);
  }

  async stop(id: string): Promise<OcspStatus> {
    const stopped = await this.#running.stop(id);
    if (stopped && this.#vault.state() === 'unlocked') this.#vault.recordAudit([{ kind: 'ocsp.stopped', authorityId: id, details: { url: stopped.url } }]);
    return this.status(id);
  }

  /** Every running responder, stopped (the app quitting, the CLI's `ocsp serve` ending). */
  async stopAll(): Promise<void> {
    await Promise.all(this.#running.keys().map((id) => this.stop(id)));
  }
}
