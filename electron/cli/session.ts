/**
 * The CLI's way into the same services the app uses (createServices, over the vault directory): each
 * command's input is checked against the same contract schema the window's calls pass, so refusals
 * read the same; a service's refusal becomes a one-line CliError (exit 1). Also the look-ups that turn
 * "an id, a serial or a unique CN" into a record.
 */
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { CertwrightError } from '../../shared/errors.js';
import type { Channel, Input, ValidInput } from '../../shared/ipc/contract.js';
import { parseInput } from '../../shared/ipc/validate.js';
import { createServices, type ServiceOptions, type Services } from '../services/index.js';
import type { OnProgress } from '../services/progress.js';
import { Vault } from '../vault/vault.js';
import { CliError } from './errors.js';
import type { ProgressSink } from './progress.js';
import { english } from '../../shared/i18n/english.js';

export class Session {
  readonly directory: string;
  readonly services: Services;

  /** `watchSchedule`: probe watched endpoints on their schedule while unlocked (`metrics serve`, a long-running command). */
  constructor(directory: string, options: Pick<ServiceOptions, 'watchSchedule'> = {}) {
    this.directory = directory;
    this.services = createServices({ directory, ...options });
  }

  get vault(): Vault {
    return this.services.vault;
  }

  static exists(directory: string): boolean {
    return new Vault({ directory, crypto: globalThis.crypto }).state() !== 'uninitialized';
  }

  /**
   * Runs one service call with the input of `channel`, checked as the window's would be; progress
   * goes to the sink (a bar on a terminal). A refusal (invalid input, a locked vault, a CA that
   * cannot sign…) becomes a CliError with the service's own words.
   */
  async run<C extends Channel, T>(channel: C, input: Input<C>, work: (valid: ValidInput<C>, progress: OnProgress) => Promise<T>, progress?: ProgressSink): Promise<T> {
    const parsed = parseInput(channel, input);
    if (!parsed.ok) throw new CliError(parsed.error.message);
    try {
      return await this.do(() => work(parsed.value, (done, total, step) => progress?.update(done, total, english(step))));
    } finally {
      progress?.finish();
    }
  }

  /** A service call without a channel's input (reads), with refusals as CliErrors. */
  async do<T>(work: () => Promise<T> | T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // The refusal names the flag that acknowledges it (main's message names the input field).
      if (error instanceof CertwrightError && error.code === 'ROOT_ISSUER_UNCONFIRMED') throw new CliError(`${error.message.replace(/^fromRoot: /, '')} To issue from the root anyway, add --from-root.`);
      if (error instanceof CertwrightError) throw new CliError(error.message);
      throw error;
    }
  }

  async authority(reference: string): Promise<AuthoritySummary> {
    const authorities = await this.do(() => this.services.authorities.list());
    // A remote authority goes by its step-ca server's name too (`--ca team-ca`), which its CN need not be.
    const remote = authorities.some((a) => a.remoteId) ? (await this.do(() => this.services.remotes.list())).find((r) => r.name === reference) : undefined;
    const byRemote = remote ? authorities.find((a) => a.id === remote.authorityId) : undefined;
    return byRemote ?? pick(authorities, reference, 'authority', (a) => a.subject.commonName);
  }

  async certificate(reference: string): Promise<CertificateSummary> {
    return pick(await this.do(() => this.services.certificates.list()), reference, 'certificate', (c) => c.subject.commonName);
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
