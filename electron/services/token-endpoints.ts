/**
 * The lab token endpoints: one per token issuer, on 127.0.0.1, HTTPS with mutual TLS against one
 * authority of the vault (token-server.ts). A caller with a valid, unrevoked client certificate of
 * that authority gets a token whose sub is its CommonName and whose scope is what the policy grants
 * it on the audience it asks for. Each start and stop is in the audit log, and so is every token.
 */
import type { TokenEndpointStatus } from '../../shared/domain/service-identity.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { Vault } from '../vault/vault.js';
import { ListenerRegistry } from './listeners/registry.js';
import type { ServiceIdentity } from './service-identity.js';
import type { Issuing } from './issuing.js';
import { startTokenServer, type RunningTokenServer } from './token-server.js';
import { msg } from '../../shared/i18n/message.js';

export class TokenEndpoints {
  readonly #vault: Vault;
  readonly #issuing: Issuing;
  readonly #now: () => Date;
  #identity: ServiceIdentity | null = null;
  readonly #running = new ListenerRegistry<RunningTokenServer>();

  constructor(deps: { vault: Vault; issuing: Issuing; now: () => Date }) {
    this.#vault = deps.vault;
    this.#issuing = deps.issuing;
    this.#now = deps.now;
  }

  /** The identity service mints the tokens (set once by createServices: the two need each other). */
  attach(identity: ServiceIdentity): void {
    this.#identity = identity;
  }

  status(issuerId: string): TokenEndpointStatus {
    const running = this.#running.get(issuerId);
    return { running: running !== null, url: running?.url ?? null, authorityId: running?.authorityId ?? null };
  }

  async start(input: { id: string; authorityId: string; port?: number | undefined }): Promise<TokenEndpointStatus> {
    const identity = this.#identity;
    if (!identity) throw new CertwrightError('INTERNAL', msg('errors:tokens.noIdentity'));
    const issuer = this.#vault.getTokenIssuer(input.id);
    const authority = this.#vault.getAuthority(input.authorityId);
    if (authority.state !== 'active') throw new CertwrightError('INVALID_INPUT', atField('authorityId', 'errors:tokens.pending'), { field: 'authorityId' });
    const running = this.#running.get(input.id);
    if (running && running.authorityId !== input.authorityId) {
      throw new CertwrightError('INVALID_INPUT', atField('authorityId', 'errors:tokens.runningElsewhere', { name: issuer.name }), { field: 'authorityId' });
    }
    await this.#running.start(input.id, async () => {
      const server = await startTokenServer({ vault: this.#vault, issuing: this.#issuing, identity, issuerId: input.id, authorityId: input.authorityId, now: this.#now, ...(input.port === undefined ? {} : { port: input.port }) });
      try {
        this.#vault.recordAudit([{ kind: 'token.endpointStarted', authorityId: input.authorityId, subject: issuer.name, details: { issuerId: input.id, url: server.url } }]);
      } catch (error) {
        await server.close();
        throw error;
      }
      return server;
    });
    return this.status(input.id);
  }

  async stop(issuerId: string): Promise<TokenEndpointStatus> {
    const stopped = await this.#running.stop(issuerId);
    if (stopped && this.#vault.state() === 'unlocked') {
      this.#vault.recordAudit([{ kind: 'token.endpointStopped', authorityId: stopped.authorityId, details: { issuerId, url: stopped.url } }]);
    }
    return this.status(issuerId);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#running.keys().map((id) => this.stop(id)));
  }
}
