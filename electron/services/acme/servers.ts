/**
 * The ACME servers of the vault's authorities: at most one per authority, off until the user starts
 * it (the authority view, `certwright acme serve`), stopped with the app. Each start and stop is in
 * the audit log with what matters about it: where it listens, lab mode, external account binding.
 * The panel gathers the server's status, its accounts (the vault's), its recent orders (memory) and
 * how many certificates the authority has issued over ACME.
 */
import type { AcmeAccountView, AcmePanel, AcmeServerOptions, AcmeServerStatus } from '../../../shared/domain/acme.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { Catalog } from '../catalog.js';
import type { Issuing } from '../issuing.js';
import { ListenerRegistry } from '../listeners/registry.js';
import type { Revoking } from '../revoking.js';
import { normalizeOptions, warningsOf } from './options.js';
import { startAcmeServer, type RunningAcmeServer } from './server.js';

const STOPPED: AcmeServerStatus = { running: false, directoryUrl: null, options: null, eab: null, warnings: [] };

export class AcmeServers {
  readonly #deps: { vault: Vault; catalog: Catalog; issuing: Issuing; revoking: Revoking; untrusted: Pick<UntrustedPool, 'run'>; crypto: EngineCrypto; now: () => Date };
  readonly #running = new ListenerRegistry<RunningAcmeServer>();

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; revoking: Revoking; untrusted: Pick<UntrustedPool, 'run'>; crypto: EngineCrypto; now: () => Date }) {
    this.#deps = deps;
  }

  status(authorityId: string): AcmeServerStatus {
    const running = this.#running.get(authorityId);
    if (!running) return STOPPED;
    return { running: true, directoryUrl: running.directoryUrl, options: running.options, eab: running.eab, warnings: warningsOf(running.options) };
  }

  async start(authorityId: string, requested: AcmeServerOptions): Promise<AcmeServerStatus> {
    const { vault } = this.#deps;
    vault.assertUnlocked();
    const options = normalizeOptions(requested);
    const authority = vault.getAuthority(authorityId);
    if (authority.state !== 'active') throw new CertwrightError('INVALID_INPUT', atField('authorityId', 'errors:acme.pending'), { field: 'authorityId' });
    const running = this.#running.get(authorityId);
    if (running && JSON.stringify(running.options) !== JSON.stringify(options)) {
      throw new CertwrightError('INVALID_INPUT', atField('authorityId', 'errors:acme.runningOtherwise'), { field: 'authorityId' });
    }
    await this.#running.start(authorityId, async () => {
      const server = await startAcmeServer(this.#deps, authorityId, options);
      try {
        vault.recordAudit([
          {
            kind: 'acme.started',
            authorityId,
            details: {
              url: server.directoryUrl,
              bind: options.bind,
              labMode: options.labMode,
              eab: options.eab,
              eabKeyId: server.eab?.keyId ?? null,
              http01Port: options.http01Port,
              dnsResolver: options.dnsResolver,
              maxValidityDays: options.maxValidityDays,
            },
          },
        ]);
      } catch (error) {
        await server.close();
        throw error;
      }
      return server;
    });
    return this.status(authorityId);
  }

  async stop(authorityId: string): Promise<AcmeServerStatus> {
    const stopped = await this.#running.stop(authorityId);
    if (stopped && this.#deps.vault.state() === 'unlocked') {
      this.#deps.vault.recordAudit([{ kind: 'acme.stopped', authorityId, details: { url: stopped.directoryUrl } }]);
    }
    return this.status(authorityId);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#running.keys().map((id) => this.stop(id)));
  }

  panel(authorityId: string): AcmePanel {
    const { vault } = this.#deps;
    const issued = new Map<string, number>();
    let certificatesIssued = 0;
    for (const record of vault.listCertificates(authorityId)) {
      if (record.acmeAccountId === null) continue;
      certificatesIssued++;
      issued.set(record.acmeAccountId, (issued.get(record.acmeAccountId) ?? 0) + 1);
    }
    const accounts: AcmeAccountView[] = vault.listAcmeAccounts(authorityId).map((a) => ({
      id: a.id,
      status: a.status,
      contact: a.contact,
      thumbprint: a.thumbprint,
      createdAt: a.createdAt,
      eabKeyId: a.eabKeyId,
      certificates: issued.get(a.id) ?? 0,
    }));
    return { status: this.status(authorityId), accounts, orders: this.#running.get(authorityId)?.orders() ?? [], certificatesIssued };
  }
}
