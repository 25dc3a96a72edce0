/**
 * The one composition root of the service layer (docs/DESIGN.md §1): the app's handlers, the CLI, the
 * e2e harness and the benchmarks all get their services here, so there is one way the pieces fit.
 * Nothing here imports `electron`; what only the app has (notifications, the auto-lock's window
 * event) comes in as options.
 */
import type { EngineCrypto } from '../engine/webcrypto.js';
import { untrustedPool, type UntrustedPool } from '../workers/pool.js';
import { fileLock } from '../vault/lock.js';
import { Vault } from '../vault/vault.js';
import { Authorities } from './authorities.js';
import { AutoLock, type AutoLockOptions } from './auto-lock.js';
import { Catalog } from './catalog.js';
import { Certificates } from './certificates.js';
import { ExpiryWatch, type Timer } from './expiry-watch.js';
import { Exports } from './exports.js';
import { Inspection } from './inspection.js';
import { ByoPki } from './byo-pki.js';
import { Inventory } from './inventory.js';
import { Issuing } from './issuing.js';
import type { Notifier } from './notifier.js';
import { OcspResponders } from './ocsp-responders.js';
import { Publication } from './publication/publication.js';
import { Operations } from './operations.js';
import { Renewing } from './renewing.js';
import { Revocations } from './revocations.js';
import { Revoking } from './revoking.js';
import { VaultCare } from './vault-care.js';
import { VaultSession } from './vault-session.js';
import { ServiceIdentity } from './service-identity.js';
import { TokenEndpoints } from './token-endpoints.js';
import { AcmeServers } from './acme/servers.js';
import { Watching } from './watch/watching.js';
import { MetricsServer } from './watch/metrics-server.js';
import { Remotes } from './remote/remotes.js';
import { RemoteIssuing } from './remote/remote-issuing.js';

export interface ServiceOptions {
  /** The vault folder (opened with the cross-process file lock) … */
  readonly directory?: string;
  /** … or a vault made by the caller (tests with their own clock or lock). */
  readonly vault?: Vault;
  readonly crypto?: EngineCrypto;
  readonly now?: () => Date;
  /** OS notifications (the app): with one, expiry is watched while the vault is unlocked. */
  readonly notifier?: Notifier;
  /** The daily tick of the expiry watch, and the endpoint schedule's (tests pass their own). */
  readonly timer?: Timer;
  /**
   * Probe watched endpoints on their schedule while the vault is unlocked (the app). The CLI and the
   * e2e harness leave it off: they probe only when asked (`watch run`, watch.run).
   */
  readonly watchSchedule?: boolean;
  /**
   * Serve /metrics on 127.0.0.1 while the vault is unlocked when Settings → Watching says so (the app).
   * The CLI serves only with `certwright metrics serve`: another command must not take the port.
   */
  readonly metricsAtUnlock?: boolean;
  /**
   * The vault locks itself when idle (the app and the e2e harness); `onLocked` tells the window.
   * Without it (the CLI) the vault locks only when asked.
   */
  readonly autoLock?: Pick<AutoLockOptions, 'onLocked' | 'timer' | 'log'> & { /** The idle clock, when it is not `now` (tests move it on). */ readonly now?: () => Date };
  /** Where outside input is read: the process's pool of untrusted-input workers by default; tests pass one with other limits. */
  readonly untrusted?: UntrustedPool;
}

export interface Services {
  readonly vault: Vault;
  readonly crypto: EngineCrypto;
  readonly now: () => Date;
  readonly autoLock: AutoLock | null;
  // What a user can do: the front ends call these.
  readonly session: VaultSession;
  readonly authorities: Authorities;
  readonly certificates: Certificates;
  /** The certificate list's index in main: windows, selections, the dashboard's figures (inventory.ts). */
  readonly inventory: Inventory;
  readonly revocations: Revocations;
  readonly exports: Exports;
  readonly inspection: Inspection;
  /** Bring your own PKI: import a CA, sign an outside sub-CA, export for Istio (byo-pki.ts). */
  readonly byoPki: ByoPki;
  readonly ocsp: OcspResponders;
  /** Publishing a CA's CRL and certificate (a folder, the publication server) and checking its URLs (publication/). */
  readonly publication: Publication;
  /** Long operations a front end can cancel by their operationId (a bulk issue). */
  readonly operations: Operations;
  readonly vaultCare: VaultCare;
  /** Token issuers, service tokens, the service policy, the services view (service-identity.ts). */
  readonly identity: ServiceIdentity;
  /** The lab token endpoints, one per issuer. */
  readonly tokenEndpoints: TokenEndpoints;
  /** The ACME servers (RFC 8555), one per authority (acme/servers.ts). */
  readonly acme: AcmeServers;
  /** Watched endpoints: what they serve, probed on a schedule (watch/watching.ts). */
  readonly watching: Watching;
  /** The metrics listener for Prometheus (watch/metrics-server.ts). */
  readonly metricsServer: MetricsServer;
  /** Remote authorities: step-ca servers issued, renewed and revoked through (remote/remotes.ts). */
  readonly remotes: Remotes;
  // The pieces they are built from, for work that is not a user's action (a throwaway certificate for a handshake proof).
  readonly catalog: Catalog;
  readonly issuing: Issuing;
  readonly revoking: Revoking;
  readonly renewing: Renewing;
  readonly watch: ExpiryWatch | null;
  /** Stops what runs in the background (responders, the expiry watch, the auto-lock's timer). */
  close(): Promise<void>;
}

export function createServices(options: ServiceOptions): Services {
  const crypto = options.crypto ?? globalThis.crypto;
  const now = options.now ?? (() => new Date());
  const vault = options.vault ?? (options.directory !== undefined ? new Vault({ directory: options.directory, lock: fileLock(options.directory), crypto, now }) : missing('a vault or its directory'));
  const untrusted = options.untrusted ?? untrustedPool();

  const catalog = new Catalog(vault, crypto, now);
  const remotes = new Remotes({ vault, catalog, crypto, untrusted, now });
  const issuing = new Issuing(vault, catalog, crypto, now, new RemoteIssuing({ vault, catalog, crypto, remotes, now }));
  const revoking = new Revoking(vault, issuing, crypto, now);
  const renewing = new Renewing(vault, catalog, issuing, revoking, now);
  const watch = options.notifier ? new ExpiryWatch({ vault, catalog, renewing, notifier: options.notifier, now, ...(options.timer ? { timer: options.timer } : {}) }) : null;
  const autoLock = options.autoLock
    ? new AutoLock({ ...options.autoLock, vault, now: options.autoLock.now ?? now })
    : null;
  const ocsp = new OcspResponders({ vault, issuing, crypto, now });
  const publication = new Publication({ vault, issuing, revoking, untrusted, crypto, now });
  const operations = new Operations();
  const inventory = new Inventory({ vault, catalog, revoking, now, autoLock, deployed: () => watching.deployed() });
  const tokenEndpoints = new TokenEndpoints({ vault, issuing, now });
  const identity = new ServiceIdentity({ vault, catalog, crypto, untrusted, now, endpointOf: (id) => tokenEndpoints.status(id) });
  tokenEndpoints.attach(identity);
  const acme = new AcmeServers({ vault, catalog, issuing, revoking, untrusted, crypto, now });
  const watching = new Watching({
    vault,
    catalog,
    untrusted,
    now,
    notifier: options.notifier ?? null,
    schedule: options.watchSchedule === true,
    ...(options.timer ? { timer: options.timer } : {}),
  });
  const authorities = new Authorities({ vault, catalog, issuing, crypto, now, operations });
  const certificates = new Certificates({ vault, catalog, issuing, renewing, untrusted, operations });
  const revocations = new Revocations({ vault, catalog, revoking, untrusted, now });
  const metricsServer = new MetricsServer({ vault, authorities, certificates, revocations, watching });

  return {
    vault,
    crypto,
    now,
    autoLock,
    session: new VaultSession({ vault, renewing, autoLock, watch, inventory, watching, remotes, ...(options.metricsAtUnlock === true ? { metricsServer } : {}) }),
    authorities,
    certificates,
    inventory,
    revocations,
    exports: new Exports({ vault, catalog, issuing, crypto, tokenSnippets: (service) => identity.snippetsForService(service), operations }),
    inspection: new Inspection({ vault, catalog, untrusted, now }),
    byoPki: new ByoPki({ vault, catalog, issuing, untrusted, crypto, now }),
    ocsp,
    publication,
    operations,
    vaultCare: new VaultCare({ vault, crypto, now }),
    identity,
    tokenEndpoints,
    acme,
    watching,
    metricsServer,
    remotes,
    catalog,
    issuing,
    revoking,
    renewing,
    watch,
    async close() {
      watch?.stop();
      watching.stop();
      autoLock?.stop();
      await Promise.all([ocsp.stopAll(), publication.stopAll(), tokenEndpoints.stopAll(), acme.stopAll(), metricsServer.stop()]);
    },
  };
}

function missing(what: string): never {
  throw new Error(`createServices needs ${what}`);
}
