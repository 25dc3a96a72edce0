/**
 * Revocation that reaches clients, as one service: publish a CA's CRL and certificate to a folder,
 * serve them (and OCSP) over HTTP, and check what clients see at the CA's URLs. The app (IPC), the
 * CLI (`certwright publish`) and the tests call these.
 */
import type { FolderPublication, PublicationStatus, ReachabilityReport } from '../../../shared/domain/publication.js';
import { PUBLICATION_DEFAULT_PORT } from '../../../shared/domain/publication.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { ChooseDestination } from '../destination.js';
import type { Issuing } from '../issuing.js';
import type { Revoking } from '../revoking.js';
import { publishToFolder } from './folder.js';
import { checkReachability } from './reachability.js';
import { PublicationServers } from './server.js';

export interface PublicationServiceDeps {
  readonly vault: Vault;
  readonly issuing: Issuing;
  readonly revoking: Revoking;
  readonly untrusted: Pick<UntrustedPool, 'run'>;
  readonly crypto: EngineCrypto;
  readonly now: () => Date;
}

export class Publication {
  readonly #deps: PublicationServiceDeps;
  readonly #servers: PublicationServers;

  constructor(deps: PublicationServiceDeps) {
    this.#deps = deps;
    this.#servers = new PublicationServers(deps);
  }

  toFolder(id: string, choose: ChooseDestination): Promise<FolderPublication> {
    return publishToFolder(this.#deps, id, choose);
  }

  /** Serves the CA on bind:port: 127.0.0.1 and {@link PUBLICATION_DEFAULT_PORT} unless given; port 0 picks a free one. */
  start(id: string, options: { readonly bind?: string | undefined; readonly port?: number | undefined } = {}): Promise<PublicationStatus> {
    return this.#servers.start(id, { bind: options.bind, port: options.port ?? PUBLICATION_DEFAULT_PORT });
  }

  stop(id: string): Promise<PublicationStatus> {
    return this.#servers.stop(id);
  }

  status(id: string): PublicationStatus {
    return this.#servers.status(id);
  }

  stopAll(): Promise<void> {
    return this.#servers.stopAll();
  }

  check(id: string): Promise<ReachabilityReport> {
    return checkReachability(this.#deps, id);
  }
}
