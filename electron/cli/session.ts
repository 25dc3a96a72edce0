/**
 * The CLI's way into the same engine and vault the app uses: the vault directory, the real handlers
 * behind the real router (so input validation and error codes are exactly the window's), and the
 * look-ups that turn "an id, a serial or a unique CN" into a record.
 */
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { Channel, EventPayload, Input, Output } from '../../shared/ipc/contract.js';
import { createHandlers } from '../main/ipc/handlers/index.js';
import { Catalog } from '../services/catalog.js';
import { Issuing } from '../services/issuing.js';
import type { Caller } from '../main/ipc/handler.js';
import { createRouter, type Router } from '../main/ipc/router.js';
import { fileLock } from '../vault/lock.js';
import { Vault } from '../vault/vault.js';
import { CliError } from './errors.js';
import type { ProgressSink } from './progress.js';

const CLI_ORIGIN = 'cli://certwright';
const CLI_CALLER: Caller = { url: `${CLI_ORIGIN}/`, isMainFrame: true, isOwnWindow: true };

export class Session {
  readonly directory: string;
  readonly vault: Vault;
  /** For work that is not a channel (a throwaway certificate for a handshake proof). */
  readonly issuing: Issuing;
  readonly #router: Router;
  #progress: ProgressSink | null = null;

  constructor(directory: string) {
    this.directory = directory;
    const crypto = globalThis.crypto;
    const now = () => new Date();
    this.vault = new Vault({ directory: directory, lock: fileLock(directory), crypto, now });
    this.issuing = new Issuing(this.vault, new Catalog(this.vault, crypto, now), crypto, now);
    this.#router = createRouter({
      handlers: createHandlers({ vault: this.vault, crypto, now }),
      trustedOrigin: CLI_ORIGIN,
      emit: (_caller, _event, payload) => {
        const p = payload as EventPayload<'operation.progress'>;
        this.#progress?.update(p.done, p.total, p.step);
      },
    });
  }

  static exists(directory: string): boolean {
    return new Vault({ directory, crypto: globalThis.crypto }).state() !== 'uninitialized';
  }

  /** Calls a channel; a refusal becomes a one-line CliError (exit 1). */
  async call<C extends Channel>(channel: C, input: Input<C>, progress?: ProgressSink): Promise<Output<C>> {
    this.#progress = progress ?? null;
    try {
      const result = await this.#router.invoke(channel, input, CLI_CALLER);
      if (!result.ok) throw new CliError(result.error.message);
      return result.value as Output<C>;
    } finally {
      progress?.finish();
      this.#progress = null;
    }
  }

  async authority(reference: string): Promise<AuthoritySummary> {
    return pick(await this.call('authority.list', {}), reference, 'authority', (a) => a.subject.commonName);
  }

  async certificate(reference: string): Promise<CertificateSummary> {
    return pick(await this.call('certificate.list', {}), reference, 'certificate', (c) => c.subject.commonName);
  }
}

const normalizeSerial = (text: string) => text.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');

/** Finds one record by id, serial (hex, colons allowed) or common name when that is unique. */
function pick<T extends { id: string; serialNumberHex: string }>(items: readonly T[], reference: string, kind: string, cn: (item: T) => string): T {
  const byId = items.find((i) => i.id === reference.toLowerCase());
  if (byId) return byId;
  const serial = normalizeSerial(reference);
  const bySerial = serial ? items.filter((i) => i.serialNumberHex && normalizeSerial(i.serialNumberHex) === serial) : [];
  if (bySerial.length === 1) return bySerial[0]!;
  const byName = items.filter((i) => cn(i) === reference);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new CliError(`"${reference}" is ambiguous: ${byName.length} ${kind === 'authority' ? 'authorities' : 'certificates'} have that common name (${byName.map((i) => i.id).join(', ')}); use the id or serial`);
  }
  throw new CliError(`No ${kind} matches "${reference}" (give its id, serial or common name)`);
}
