/**
 * Watching what endpoints actually serve (issue 19, docs/watch.md): the list of endpoints (kept in the
 * vault, every change audited), probes on a schedule (scheduler.ts) through the live inspection's
 * untrusted-input worker, each result judged against what the vault issued last (probe.ts), the
 * history of what was served, and what the dashboard, notifications and metrics read.
 */
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { ValidInput } from '../../../shared/ipc/contract.js';
import {
  DEPLOYED_MAX_FINDINGS,
  endpointTarget,
  WATCH_FINDINGS,
  type DeployedSummary,
  type EndpointHistory,
  type EndpointStatus,
  type ExpectedCertificate,
  type ProbeOutcome,
  type WatchedEndpoint,
  type WatchHealth,
  type WatchImportResult,
  type WatchRunResult,
  type WatchSettings,
} from '../../../shared/domain/watch.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import type { EndpointState } from '../../vault/endpoints-file.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { Catalog } from '../catalog.js';
import type { Timer } from '../expiry-watch.js';
import type { Notice, Notifier } from '../notifier.js';
import { noProgress, type OnProgress } from '../progress.js';
import { parseImport, type EndpointInput } from './import.js';
import { probeEndpoints, vaultFacts } from './probe.js';
import { dueIds, nextProbeAt, WatchScheduler } from './scheduler.js';

/** Endpoints a notification names; the rest are counted. */
const NAMES_SHOWN = 3;

export interface WatchingDeps {
  readonly vault: Vault;
  readonly catalog: Catalog;
  readonly untrusted: UntrustedPool;
  readonly now: () => Date;
  /** OS notifications for new errors found by a scheduled round (the app). */
  readonly notifier?: Notifier | null;
  /** Probe in the background while the vault is unlocked (the app); without it start() does nothing (the CLI, tests, the e2e harness). */
  readonly schedule?: boolean;
  /** The schedule's tick and the probes' cut-off timer (tests pass fakes). */
  readonly timer?: Timer;
  /** A scheduled round that failed (the vault locked mid-way, a full disk). */
  readonly log?: (message: string, error: unknown) => void;
  /** The probes of a round and the vault facts they read (probe.ts); tests may pass their own. */
  readonly probe?: typeof probeEndpoints;
  readonly facts?: typeof vaultFacts;
}

/** A certificate id an endpoint names that the vault cannot honour. */
interface ReferenceProblem {
  readonly field: 'clientCertificateId' | 'expect.certificateId';
  readonly problem: 'noSuchCertificate' | 'clientWithoutKey';
  readonly id: string;
}

export class Watching {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;
  readonly #notifier: Notifier | null;
  readonly #probe: typeof probeEndpoints;
  readonly #facts: typeof vaultFacts;
  readonly #scheduler: WatchScheduler | null;

  constructor(deps: WatchingDeps) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
    this.#notifier = deps.notifier ?? null;
    this.#probe = deps.probe ?? probeEndpoints;
    this.#facts = deps.facts ?? vaultFacts;
    this.#scheduler = deps.schedule
      ? new WatchScheduler({
          ...(deps.timer ? { timer: deps.timer } : {}),
          now: deps.now,
          due: (now) => this.#due(now),
          round: (ids, signal) => this.#scheduledRound(ids, signal),
          ...(deps.log ? { log: deps.log } : {}),
        })
      : null;
  }

  list(): EndpointStatus[] {
    const settings = this.#vault.appSettings().watch;
    const states = this.#vault.endpointStates();
    return this.#vault.endpoints().list.map((e) => statusOf(e, states.get(e.id) ?? null, settings));
  }

  async add(input: ValidInput<'watch.add'>): Promise<EndpointStatus> {
    this.#assertReferences(input);
    const [added] = this.#vault.addEndpoints([fromInput(input)], 'add');
    this.#lookSoon();
    return statusOf(added!, null, this.#vault.appSettings().watch);
  }

  async update(input: ValidInput<'watch.update'>): Promise<EndpointStatus> {
    this.#assertReferences(input);
    const updated = this.#vault.updateEndpoint({ id: input.id, ...fromInput(input) });
    this.#lookSoon();
    return statusOf(updated, this.#vault.endpointState(updated.id), this.#vault.appSettings().watch);
  }

  remove(ids: readonly string[]): { removed: number } {
    return { removed: this.#vault.removeEndpoints(ids).length };
  }

  /**
   * Reads many at once (import.ts). Any problem — a malformed line, an unknown certificate id, the
   * limit — and nothing is added, saying so; duplicates are skipped and listed.
   */
  async import(text: string): Promise<WatchImportResult> {
    const parsed = parseImport(text, this.#vault.endpoints().list);
    const problems: Array<{ line: number; text: Msg }> = [...parsed.problems];
    for (const { line, input } of parsed.endpoints) {
      // Named by the CSV column the id came from.
      for (const p of this.#referenceProblems(input)) problems.push({ line, text: msg(`watch:import.${p.problem}`, { id: p.id, line, field: p.field === 'clientCertificateId' ? 'client' : 'expect' }) });
    }
    // Any problem and nothing is added: the answer's empty `added` beside its problems says so (the window and the CLI word it).
    if (problems.length > 0) return { added: [], duplicates: parsed.duplicates, problems: problems.sort((a, b) => a.line - b.line) };
    if (parsed.endpoints.length === 0) return { added: [], duplicates: parsed.duplicates, problems: [] };
    const added = this.#vault.addEndpoints(
      parsed.endpoints.map((e) => fromInput(e.input)),
      'import',
    );
    this.#lookSoon();
    const settings = this.#vault.appSettings().watch;
    return { added: added.map((e) => statusOf(e, null, settings)), duplicates: parsed.duplicates, problems: [] };
  }

  /** Probes now (all, or `ids`); `signal` stops it between probes. */
  async run(ids: readonly string[], onProgress: OnProgress = noProgress, signal?: AbortSignal): Promise<WatchRunResult> {
    const index = this.#vault.endpoints();
    const chosen = ids.length === 0 ? index.list : ids.map((id) => index.byId.get(id) ?? notWatched());
    const at = this.#now().toISOString();
    const round = await this.#round(chosen, onProgress, signal);
    const settings = this.#vault.appSettings().watch;
    const states = this.#vault.endpointStates();
    const statuses = chosen.map((e) => statusOf(e, states.get(e.id) ?? null, settings));
    let errors = 0;
    let warnings = 0;
    for (const outcome of round.outcomes.values()) {
      for (const f of outcome.findings) {
        if (f.severity === 'error') errors++;
        else warnings++;
      }
    }
    return { at, statuses, errors, warnings, cancelled: round.cancelled };
  }

  history(id: string): EndpointHistory {
    const endpoint = this.#vault.endpoints().byId.get(id) ?? notWatched();
    const { results, changes } = this.#vault.endpointHistory(id);
    return { status: statusOf(endpoint, this.#vault.endpointState(id), this.#vault.appSettings().watch), results, changes };
  }

  /** The dashboard's "Deployed" panel. */
  deployed(): DeployedSummary {
    const statuses = this.list();
    const health: Record<WatchHealth, number> = { ok: 0, warning: 0, error: 0, unprobed: 0 };
    const findings: Array<DeployedSummary['findings'][number]> = [];
    let lastRoundAt: string | null = null;
    for (const s of statuses) {
      health[s.health]++;
      if (!s.last) continue;
      if (lastRoundAt === null || s.last.at > lastRoundAt) lastRoundAt = s.last.at;
      for (const finding of s.last.findings) findings.push({ endpointId: s.endpoint.id, target: s.target, finding });
    }
    const rank = (f: DeployedSummary['findings'][number]) => (f.finding.severity === 'error' ? 0 : 1000) + WATCH_FINDINGS.indexOf(f.finding.id);
    findings.sort((a, b) => rank(a) - rank(b));
    return { watched: statuses.length, health, findings: findings.slice(0, DEPLOYED_MAX_FINDINGS), lastRoundAt };
  }

  /** Starts the schedule (the vault was unlocked); idempotent. Nothing without the `schedule` option. */
  start(): void {
    if (this.#vault.state() === 'unlocked') this.#scheduler?.start();
  }

  /** Stops the schedule (the vault locked, the app quits); a round under way stops before its next probe. */
  stop(): void {
    this.#scheduler?.stop();
  }

  /** The scheduled round under way, if any (tests). */
  idle(): Promise<void> {
    return this.#scheduler?.idle() ?? Promise.resolve();
  }

  /** After the list changed: new endpoints are probed at once rather than at the next tick. */
  #lookSoon(): void {
    if (this.#scheduler?.started) void this.#scheduler.tick();
  }

  #due(now: Date): readonly string[] {
    if (this.#vault.state() !== 'unlocked') return [];
    const interval = this.#vault.appSettings().watch.intervalMinutes;
    const states = this.#vault.endpointStates();
    return dueIds(
      this.#vault.endpoints().list.map((endpoint) => {
        const state = states.get(endpoint.id);
        return { endpoint, lastAt: state?.last.at ?? null, failuresInRow: state?.failuresInRow ?? 0 };
      }),
      interval,
      now,
    );
  }

  async #scheduledRound(ids: readonly string[], signal: AbortSignal): Promise<void> {
    const index = this.#vault.endpoints();
    const endpoints = ids.map((id) => index.byId.get(id)).filter((e): e is WatchedEndpoint => e !== undefined);
    const before = this.#vault.endpointStates();
    const round = await this.#round(endpoints, noProgress, signal);
    const { notifications } = this.#vault.appSettings().expiry;
    if (!this.#notifier || !notifications) return;
    const notice = newErrorsNotice(endpoints, before, round.outcomes);
    if (notice) this.#notifier.notify(notice);
  }

  /**
   * One round: the vault's facts read once, the endpoints probed with the settings' concurrency and
   * timeout, then every result recorded in one write (no audit entry: a probe changes nothing the
   * user decided). A cancelled round records those it probed.
   */
  async #round(endpoints: readonly WatchedEndpoint[], onProgress: OnProgress, signal: AbortSignal | undefined): Promise<{ outcomes: Map<string, ProbeOutcome>; cancelled: boolean }> {
    const settings = this.#vault.appSettings();
    const { concurrency, timeoutSeconds } = settings.watch;
    const { warningDays, urgentDays } = settings.expiry;
    const timeoutMs = timeoutSeconds * 1000;
    const states = this.#vault.endpointStates();
    const facts = await this.#facts({ vault: this.#vault, catalog: this.#catalog, now: this.#now });
    const deps = { vault: this.#vault, catalog: this.#catalog, untrusted: this.#untrusted };
    const total = endpoints.length;
    let done = 0;
    // probeEndpoints bounds its own time (each probe in its worker, each batch by its size) and never throws.
    const outcomes = await this.#probe(
      deps,
      facts,
      endpoints.map((e) => ({ endpoint: e, previous: { clientAuthSeenAt: states.get(e.id)?.clientAuthSeenAt ?? null } })),
      {
        timeoutMs,
        warningDays,
        urgentDays,
        now: this.#now(),
        concurrency,
        ...(signal ? { signal } : {}),
        onResult: (e) => onProgress(++done, total, msg('watch:progress.probed', { target: endpointTarget(e) })),
      },
    );
    const cancelled = signal?.aborted === true && outcomes.size < total;
    if (outcomes.size > 0) await this.#vault.recordProbes(outcomes);
    if (cancelled) onProgress(outcomes.size, total, msg('watch:progress.cancelled', { done: outcomes.size, total }));
    return { outcomes, cancelled };
  }

  /** A client certificate must be in the vault with its key; an expected certificate must be in the vault. */
  #referenceProblems(input: Pick<EndpointInput, 'clientCertificateId' | 'expect'>): ReferenceProblem[] {
    const problems: ReferenceProblem[] = [];
    const client = input.clientCertificateId;
    if (client !== null) {
      const record = this.#certificate(client);
      if (!record) problems.push({ field: 'clientCertificateId', problem: 'noSuchCertificate', id: client });
      else if (!record.sealedKey) problems.push({ field: 'clientCertificateId', problem: 'clientWithoutKey', id: client });
    }
    if (input.expect?.kind === 'certificate' && !this.#certificate(input.expect.certificateId)) {
      problems.push({ field: 'expect.certificateId', problem: 'noSuchCertificate', id: input.expect.certificateId });
    }
    return problems;
  }

  /** Refuses the first reference problem at its field. */
  #assertReferences(input: Pick<EndpointInput, 'clientCertificateId' | 'expect'>): void {
    const [first] = this.#referenceProblems(input);
    if (first) throw new CertwrightError('INVALID_INPUT', atField(first.field, `errors:watch.${first.problem}`, { id: first.id }), { field: first.field });
  }

  #certificate(id: string): { sealedKey?: unknown } | null {
    try {
      return this.#vault.getCertificate(id);
    } catch (error) {
      if (error instanceof CertwrightError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

function notWatched(): never {
  throw new CertwrightError('NOT_FOUND', msg('errors:vault.noSuchEndpoint'));
}

function fromInput(input: EndpointInput): Omit<WatchedEndpoint, 'id' | 'addedAt'> {
  const expect: ExpectedCertificate | null = input.expect === null ? null : input.expect.kind === 'certificate' ? { kind: 'certificate', certificateId: input.expect.certificateId } : { kind: 'service', service: input.expect.service };
  return { host: input.host, port: input.port, servername: input.servername, clientCertificateId: input.clientCertificateId, expect, intervalMinutes: input.intervalMinutes };
}

/** The worst severity of the last probe's findings. */
export function healthOf(last: ProbeOutcome | null): WatchHealth {
  if (!last) return 'unprobed';
  if (last.findings.some((f) => f.severity === 'error')) return 'error';
  return last.findings.length > 0 ? 'warning' : 'ok';
}

export function statusOf(endpoint: WatchedEndpoint, state: EndpointState | null, settings: WatchSettings): EndpointStatus {
  const last = state?.last ?? null;
  const failuresInRow = state?.failuresInRow ?? 0;
  const next = nextProbeAt({ endpoint, lastAt: last?.at ?? null, failuresInRow }, settings.intervalMinutes);
  return {
    endpoint,
    target: endpointTarget(endpoint),
    health: healthOf(last),
    last,
    lastOkAt: state?.lastOkAt ?? null,
    failuresInRow,
    nextProbeAt: next ? next.toISOString() : null,
    clientAuthSeen: (state?.clientAuthSeenAt ?? null) !== null,
  };
}

/** One notification for the endpoints whose probe found an error their previous probe did not; null when none. */
export function newErrorsNotice(endpoints: readonly WatchedEndpoint[], before: ReadonlyMap<string, EndpointState>, outcomes: ReadonlyMap<string, ProbeOutcome>): Notice | null {
  const fresh: string[] = [];
  for (const endpoint of endpoints) {
    const outcome = outcomes.get(endpoint.id);
    if (!outcome) continue;
    const known = new Set((before.get(endpoint.id)?.last.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.id));
    if (outcome.findings.some((f) => f.severity === 'error' && !known.has(f.id))) fresh.push(endpointTarget(endpoint));
  }
  if (fresh.length === 0) return null;
  return {
    title: msg('watch:notification.title', { count: fresh.length }),
    groups: [{ label: msg('watch:notification.endpoints'), names: fresh.slice(0, NAMES_SHOWN).map((name) => ({ name })), more: Math.max(0, fresh.length - NAMES_SHOWN) }],
    closing: msg('watch:notification.closing'),
    urgent: true,
  };
}
