/**
 * The publication server: over plain HTTP, what clients fetch to check revocation — each served CA's
 * latest CRL (DER, application/pkix-crl), its certificate (DER, application/pkix-cert, the CA Issuers
 * URL) and OCSP answers (the same responder as `ocsp serve`) — on one address, so the three URLs a
 * certificate carries can all point at it. Several CAs share a listener when started on the same
 * address (a root and its intermediates behind one http://127.0.0.1:8080); their paths differ by name.
 *
 * It is a local listener (services/listeners/http.ts): 127.0.0.1 unless the user names another
 * address, the Host check (the address, and the hosts of the CAs' URLs that point here), caps and
 * timeouts. The CRL is read from the vault on every request, so a publish (in the app or the CLI) is
 * served at once; while the vault is locked the last one read is served (a CRL is public and signed).
 */
import { publicationName, publicationPaths, exposureWarning, type PublicationStatus } from '../../../shared/domain/publication.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { MAX_OCSP_REQUEST_BYTES } from '../../engine/ocsp.js';
import { X509, type EngineCrypto } from '../../engine/webcrypto.js';
import type { Vault } from '../../vault/vault.js';
import type { Issuing } from '../issuing.js';
import { hostLiteral } from '../listeners/host.js';
import { LOOPBACK_ADDRESS, startLocalHttpListener, type LocalReply, type RunningListener } from '../listeners/http.js';
import { OcspResponder } from '../ocsp-responder.js';
import { ocspRequestFromPath } from '../ocsp-server.js';
import type { Revoking } from '../revoking.js';
import { configuredHosts, route, type ServedCa } from './routes.js';

const STOPPED: PublicationStatus = { running: false, url: null, urls: null, warning: null };

/** One CA on a listener: what was last read of it (served while the vault is locked) and its OCSP responder. */
interface Served {
  ca: ServedCa;
  crlDer: Uint8Array | null;
  certificateDer: Uint8Array;
  readonly responder: OcspResponder;
}

interface Listener {
  readonly key: string;
  readonly bind: string;
  readonly running: RunningListener;
  readonly served: Map<string, Served>;
}

export interface PublicationDeps {
  readonly vault: Vault;
  readonly issuing: Issuing;
  readonly revoking: Revoking;
  readonly crypto: EngineCrypto;
  readonly now: () => Date;
}

const text = (status: number, message: string): LocalReply => ({ status, type: 'text/plain; charset=utf-8', body: `${message}\n` });

function commonNameOf(der: Uint8Array): string {
  return new X509.X509Certificate(new Uint8Array(der)).subjectName.getField('CN')[0] ?? 'ca';
}

export class PublicationServers {
  readonly #deps: PublicationDeps;
  /** By address ("bind port"; an ephemeral port is never shared). */
  readonly #listeners = new Map<string, Listener>();
  /** Which listener serves a CA. */
  readonly #byCa = new Map<string, Listener>();
  /** Starts and stops run one at a time: two CAs joining one address never race to bind it. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: PublicationDeps) {
    this.#deps = deps;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  status(id: string): PublicationStatus {
    const listener = this.#byCa.get(id);
    const served = listener?.served.get(id);
    if (!listener || !served) return STOPPED;
    const paths = publicationPaths(served.ca.name);
    const base = listener.running.url;
    return { running: true, url: base, urls: { crl: `${base}${paths.crl}`, certificate: `${base}${paths.certificate}`, ocsp: `${base}${paths.ocsp}` }, warning: exposureWarning(listener.bind) };
  }

  /** Serves the CA on bind:port (127.0.0.1 by default; port 0: any free one). Already served: its status. */
  start(id: string, options: { readonly bind?: string | undefined; readonly port: number }): Promise<PublicationStatus> {
    return this.#serial(async () => {
      const { vault, revoking } = this.#deps;
      vault.assertUnlocked();
      const record = vault.getAuthority(id);
      if (record.state !== 'active' || !record.certificateDerB64) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:publication.pending'), { field: 'id' });
      const bind = options.bind ?? LOOPBACK_ADDRESS;
      const key = options.port === 0 ? `${bind} 0 ${id}` : `${bind} ${options.port}`;
      const current = this.#byCa.get(id);
      if (current && current.key !== key) throw new CertwrightError('INVALID_INPUT', atField('port', 'errors:publication.alreadyPublished', { url: current.running.url }), { field: 'port' });
      if (current) return this.status(id);
      // Clients need a CRL from the first request: an authority that never published one publishes it now.
      await revoking.latestOrFirst(id);
      const served = this.#read(id, null);
      let listener = this.#listeners.get(key);
      if (listener) {
        const clash = [...listener.served.values()].find((s) => s.ca.name === served.ca.name);
        if (clash) throw new CertwrightError('INVALID_INPUT', atField('port', 'errors:publication.nameClash', { url: listener.running.url, file: `${served.ca.name}.crl` }), { field: 'port' });
        listener.served.set(id, served);
      } else {
        listener = await this.#open(key, bind, options.port, new Map([[id, served]]));
        this.#listeners.set(key, listener);
      }
      this.#byCa.set(id, listener);
      try {
        vault.recordAudit([{ kind: 'publication.started', authorityId: id, details: { url: listener.running.url, bind, crlPath: publicationPaths(served.ca.name).crl } }]);
      } catch (error) {
        await this.#remove(id);
        throw error;
      }
      return this.status(id);
    });
  }

  stop(id: string): Promise<PublicationStatus> {
    return this.#serial(async () => {
      const url = this.#byCa.get(id)?.running.url;
      const removed = await this.#remove(id);
      if (removed && this.#deps.vault.state() === 'unlocked') this.#deps.vault.recordAudit([{ kind: 'publication.stopped', authorityId: id, details: { url: url ?? null } }]);
      return this.status(id);
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#byCa.keys()].map((id) => this.stop(id)));
  }

  async #remove(id: string): Promise<boolean> {
    const listener = this.#byCa.get(id);
    if (!listener) return false;
    this.#byCa.delete(id);
    listener.served.delete(id);
    if (listener.served.size === 0) {
      this.#listeners.delete(listener.key);
      await listener.running.close();
    }
    return true;
  }

  /** The CA as the vault has it now (its URLs may change while it is served); `last` when the vault cannot be read. */
  #read(id: string, last: Served | null): Served {
    const { vault } = this.#deps;
    try {
      const record = vault.getAuthority(id);
      const certificateDer = new Uint8Array(Buffer.from(record.certificateDerB64 ?? '', 'base64'));
      const latest = vault.revocations(id).latestCrlDerB64;
      const ca: ServedCa = { id, name: last?.ca.name ?? publicationName(commonNameOf(certificateDer)), crlUrl: record.settings.crlUrl, ocspUrl: record.settings.ocspUrl, caIssuersUrl: record.settings.caIssuersUrl };
      const responder = last?.responder ?? new OcspResponder(vault, this.#deps.issuing, id, this.#deps.crypto, this.#deps.now);
      return { ca, certificateDer, crlDer: latest ? new Uint8Array(Buffer.from(latest, 'base64')) : (last?.crlDer ?? null), responder };
    } catch (error) {
      if (last) return last;
      throw error;
    }
  }

  async #open(key: string, bind: string, port: number, served: Map<string, Served>): Promise<Listener> {
    const current = () => [...served.values()].map((s) => s.ca);
    const running = await startLocalHttpListener({
      bind,
      port,
      methods: ['GET', 'HEAD', 'POST'],
      maxBodyBytes: MAX_OCSP_REQUEST_BYTES,
      alsoKnownAs: (p) => configuredHosts(current(), p),
      handle: async ({ method, path, body }): Promise<LocalReply> => {
        // Settings and the CRL are re-read first: a path configured a moment ago is served now.
        for (const [id, last] of served) served.set(id, this.#read(id, last));
        const target = route(path, method, current(), running.port);
        if (target === null) return text(404, 'Nothing is published at this path');
        const entry = served.get(target.id)!;
        if (target.what === 'certificate') return { status: 200, type: 'application/pkix-cert', body: entry.certificateDer };
        if (target.what === 'crl') return entry.crlDer ? { status: 200, type: 'application/pkix-crl', body: entry.crlDer } : text(503, 'No CRL is published yet');
        if (method === 'HEAD') return text(405, 'OCSP takes GET or POST');
        const der = target.request === null ? body : ocspRequestFromPath(target.request);
        if (der === null) return text(400, 'Not an OCSP request');
        return { status: 200, type: 'application/ocsp-response', body: await entry.responder.respond(der) };
      },
    });
    return { key, bind, running: { ...running, url: `http://${hostLiteral(bind)}:${running.port}` }, served };
  }
}
