// PLACEHOLDER — being written (issue 15): the lab token endpoint's HTTPS listener with mutual TLS.
import type { Vault } from '../vault/vault.js';
import type { Issuing } from './issuing.js';
import type { ServiceIdentity } from './service-identity.js';

export interface RunningTokenServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly authorityId: string;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  readonly vault: Vault;
  readonly issuing: Issuing;
  readonly identity: ServiceIdentity;
  readonly issuerId: string;
  readonly authorityId: string;
  readonly now: () => Date;
  readonly port?: number;
}

export async function startTokenServer(_options: TokenServerOptions): Promise<RunningTokenServer> {
  throw new Error('not written yet');
}
