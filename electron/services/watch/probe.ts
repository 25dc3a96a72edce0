/**
 * Probing one watched endpoint (issue 19): the live inspection's task in the untrusted-input worker
 * (services/inspection.ts does the same for inspect.endpoint: what the server sends is read there,
 * and a client certificate's key goes to a worker of its own), with the watch's timeout, then judged
 * against the vault (findings.ts). The vault's side of the judgement is indexed once per round
 * (vaultFacts), not once per endpoint.
 */
import { inLanes } from '../../../shared/lanes.js';
import { CertwrightError } from '../../../shared/errors.js';
import { PROFILES } from '../../../shared/domain/certificate.js';
import type { EndpointReport, InspectedCertificate } from '../../../shared/domain/inspect.js';
import type { ProbeOutcome, ServedCertificate, WatchedEndpoint } from '../../../shared/domain/watch.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { nestedMsg } from '../../engine/tls/failures.js';
import type { CertificateRecord } from '../../vault/records.js';
import { normalizeSerial, type Revocation } from '../../vault/revocations.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { Catalog } from '../catalog.js';
import { inspectionScope, revocationAnswer } from '../inspecting.js';
import { clientBundle } from '../inspection.js';
import { judge, type Observed, type VaultCertificateFact, type VaultFacts } from './findings.js';

export type { VaultCertificateFact, VaultFacts } from './findings.js';

/** The profiles whose certificates are a service's (its common name): every leaf, not a sub-CA. */
const SERVICE_PROFILES: ReadonlySet<string> = new Set(PROFILES);
/**
 * What the worker task may take beyond the probe's own bound: two connections of timeoutMs each, the
 * wait for a client certificate's verdict, and reading what was served (64 certificates at most).
 */
const TASK_MARGIN_MS = 5_000;

/** What one build of the indexes was made from: the records and revocation books, compared by identity at the next round. */
interface Built {
  readonly lists: ReadonlyMap<string, readonly CertificateRecord[]>;
  readonly books: ReadonlyMap<string, ReadonlyMap<string, Revocation>>;
  readonly indexes: Pick<VaultFacts, 'certificates' | 'byFingerprint' | 'latestRenewal' | 'services'>;
}

/** The last build per catalog (one catalog per vault session's services). */
const lastBuilt = new WeakMap<Catalog, Built>();

/**
 * The vault's indexes for one round: its certificates by id and by SHA-256 fingerprint, where each
 * renewal chain ends, revocations, each service's latest certificate, and its CAs. Read from the
 * catalog's per-DER cache (Catalog.leaf: the inventory's own facts) and the revocation books. The
 * vault hands out the same frozen records and books until they change (as Inventory relies on), so
 * a round after one where nothing changed reuses the last build: ~1 s for 100,000 certificates
 * (warm catalog) becomes a comparison of references. A build hands the event loop back every
 * YIELD_EVERY certificates, so the window's calls get in while a big vault is indexed. Never throws
 * on a locked vault (empty facts).
 */
export async function vaultFacts(deps: { vault: Vault; catalog: Catalog; now: () => Date }): Promise<VaultFacts> {
  const now = deps.now();
  const scope = inspectionScope(deps.vault, now);
  if (deps.vault.state() !== 'unlocked') {
    lastBuilt.delete(deps.catalog);
    return { builtAt: now.toISOString(), certificates: new Map(), byFingerprint: new Map(), latestRenewal: new Map(), services: new Map(), scope };
  }
  const lists = new Map<string, readonly CertificateRecord[]>();
  const books = new Map<string, ReadonlyMap<string, Revocation>>();
  for (const authority of deps.vault.listAuthorities()) {
    lists.set(authority.id, deps.vault.listCertificates(authority.id));
    books.set(authority.id, deps.vault.revocations(authority.id).entries);
  }
  const previous = lastBuilt.get(deps.catalog);
  const built = previous && unchanged(previous, lists, books) ? previous : { lists, books, indexes: await buildIndexes(deps.catalog, lists, books) };
  lastBuilt.set(deps.catalog, built);
  return { builtAt: now.toISOString(), ...built.indexes, scope };
}

function unchanged(built: Built, lists: ReadonlyMap<string, readonly CertificateRecord[]>, books: ReadonlyMap<string, ReadonlyMap<string, Revocation>>): boolean {
  if (built.lists.size !== lists.size) return false;
  for (const [id, list] of lists) {
    const before = built.lists.get(id);
    if (before === undefined || before.length !== list.length || built.books.get(id) !== books.get(id)) return false;
    for (let i = 0; i < list.length; i++) if (before[i] !== list[i]) return false;
  }
  return true;
}

/** Certificates indexed between two turns of the event loop (≈ 15 ms warm). */
const YIELD_EVERY = 1000;

async function buildIndexes(catalog: Catalog, lists: ReadonlyMap<string, readonly CertificateRecord[]>, books: ReadonlyMap<string, ReadonlyMap<string, Revocation>>): Promise<Built['indexes']> {
  let counted = 0;
  const certificates = new Map<string, VaultCertificateFact>();
  const byFingerprint = new Map<string, VaultCertificateFact>();
  for (const [authorityId, records] of lists) {
    const revoked = books.get(authorityId)!;
    for (const record of records) {
      if (++counted % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const leaf = catalog.leaf(record.certificateDerB64);
      const entry = revoked.size > 0 ? revoked.get(normalizeSerial(record.serialNumberHex)) : undefined;
      const fact: VaultCertificateFact = {
        id: record.id,
        authorityId: record.authorityId,
        serialHex: leaf.serialNumberHex,
        commonName: leaf.subject.commonName,
        notAfter: leaf.notAfterIso,
        issuedAt: record.createdAt,
        replacedById: record.replacedById,
        revocation: entry ? { revokedAt: entry.revokedAt, reason: entry.reason } : null,
        service: SERVICE_PROFILES.has(record.profile) ? leaf.subject.commonName : null,
      };
      certificates.set(fact.id, fact);
      byFingerprint.set(leaf.sha256Fingerprint, fact);
    }
  }
  return { certificates, byFingerprint, latestRenewal: renewalEnds(certificates), services: servicesLatest(certificates) };
}

/** For each renewed certificate, the last of its renewals (each chain walked once; a broken or looping link ends it). */
function renewalEnds(certificates: ReadonlyMap<string, VaultCertificateFact>): Map<string, VaultCertificateFact> {
  const ends = new Map<string, VaultCertificateFact>();
  for (const start of certificates.values()) {
    if (start.replacedById === null || ends.has(start.id)) continue;
    const path: VaultCertificateFact[] = [];
    const seen = new Set<string>();
    let current: VaultCertificateFact = start;
    let end: VaultCertificateFact | undefined;
    while (end === undefined) {
      path.push(current);
      seen.add(current.id);
      const next = current.replacedById === null ? undefined : certificates.get(current.replacedById);
      if (next === undefined || seen.has(next.id)) end = current;
      else end = ends.get(next.id) ?? (next.replacedById === null ? next : undefined);
      if (end === undefined) current = next!;
    }
    for (const fact of path) if (fact.id !== end.id) ends.set(fact.id, end);
  }
  return ends;
}

/** Each service's certificate in service (not renewed, not revoked) issued last. */
function servicesLatest(certificates: ReadonlyMap<string, VaultCertificateFact>): Map<string, VaultCertificateFact> {
  const latest = new Map<string, VaultCertificateFact>();
  for (const fact of certificates.values()) {
    if (fact.service === null || fact.replacedById !== null || fact.revocation !== null) continue;
    const best = latest.get(fact.service);
    if (best === undefined || fact.issuedAt > best.issuedAt || (fact.issuedAt === best.issuedAt && fact.notAfter > best.notAfter)) latest.set(fact.service, fact);
  }
  return latest;
}

/** A served certificate as the watch records it. */
function servedOf(certificate: InspectedCertificate, facts: VaultFacts): ServedCertificate {
  const sha256 = certificate.sha256Fingerprint.replaceAll(':', '');
  return {
    sha256,
    serialHex: certificate.serialNumberHex,
    subjectCommonName: certificate.commonName,
    issuerCommonName: certificate.issuer.find((a) => a.short === 'CN')?.value ?? certificate.issuerDn,
    notAfter: certificate.notAfter,
    vaultCertificateId: facts.byFingerprint.get(certificate.sha256Fingerprint)?.id ?? null,
  };
}

/** What the live inspection's report says, as the judgement reads it (and how many were served, the earliest notAfter of them). */
export function observedFrom(report: EndpointReport, facts: VaultFacts): { observed: Observed; servedCount: number; earliestNotAfter: string | null } {
  const served = report.report.objects.filter((o): o is InspectedCertificate => o.kind === 'certificate');
  const leafObject = report.report.leafIndex === null ? served[0] : (served.find((o) => o.index === report.report.leafIndex) ?? served[0]);
  // As blackbox_exporter's probe_ssl_earliest_cert_expiry: the minimum over every certificate the server sent.
  const earliest = served.reduce<string | null>((min, c) => (min === null || Date.parse(c.notAfter) < Date.parse(min) ? c.notAfter : min), null);
  const chain = report.report.chain;
  return {
    observed: {
      reached: report.reached,
      failure: report.failure,
      leaf: leafObject ? servedOf(leafObject, facts) : null,
      effectiveNotAfter: chain?.effectiveNotAfter ?? leafObject?.notAfter ?? null,
      effectiveLimitedBy: chain?.effectiveLimitedBy ?? leafObject?.commonName ?? null,
      clientCertificateRequested: report.clientCertificateRequested,
      clientCertificate: report.clientCertificate ? { commonName: report.clientCertificate.commonName, accepted: report.clientCertificate.accepted } : null,
      diagnosis: report.report.findings.map((f) => ({ id: f.id, title: f.title })),
    },
    // Certificates the inspection could not read were served too.
    servedCount: served.length + report.report.problems.length,
    earliestNotAfter: earliest,
  };
}

/** How a probe is judged (the settings of the round) and when. */
export interface ProbeOptions {
  readonly timeoutMs: number;
  readonly warningDays: number;
  readonly urgentDays: number;
  readonly now: Date;
}

/** The live inspection's request for a watched endpoint: the host name checked as the client names it, the system's roots too. */
function requestOf(endpoint: WatchedEndpoint) {
  return { host: endpoint.host, port: endpoint.port, servername: endpoint.servername, clientCertificateId: endpoint.clientCertificateId, hostCheck: null, role: 'server' as const, useSystemStore: true };
}

/** What the endpoint served, judged: the one judgement of a probe, alone or in a batch. */
function outcomeOf(report: EndpointReport, durationMs: number, facts: VaultFacts, endpoint: WatchedEndpoint, previous: { clientAuthSeenAt: string | null }, options: ProbeOptions): ProbeOutcome {
  const { observed, servedCount, earliestNotAfter } = observedFrom(report, facts);
  const judgement = judge(observed, facts, endpoint, previous, options);
  return {
    at: options.now.toISOString(),
    durationMs,
    reached: judgement.reached,
    failure: report.failure,
    leaf: observed.leaf,
    servedCount,
    earliestNotAfter,
    effectiveNotAfter: observed.leaf ? observed.effectiveNotAfter : null,
    clientCertificateRequested: report.clientCertificateRequested,
    servedIsLatest: judgement.servedIsLatest,
    latest: judgement.latest,
    findings: judgement.findings,
  };
}

/**
 * A probe that could not finish (the vault locked, the client certificate lost its key, the worker
 * was cut off): a result all the same, saying why when the reason is known (`reason`).
 */
function failedOutcome(reason: Msg | null, durationMs: number, facts: VaultFacts, endpoint: WatchedEndpoint, previous: { clientAuthSeenAt: string | null }, options: ProbeOptions): ProbeOutcome {
  const failure = reason ? msg('watch:reached.probeFailed', nestedMsg('cause', reason)) : msg('watch:reached.probeCrashed');
  const { findings } = judge(
    { reached: 'handshake-failed', failure, leaf: null, effectiveNotAfter: null, effectiveLimitedBy: null, clientCertificateRequested: null, clientCertificate: null, diagnosis: [] },
    facts,
    endpoint,
    previous,
    options,
  );
  return { at: options.now.toISOString(), durationMs, reached: 'handshake-failed', failure, leaf: null, servedCount: 0, earliestNotAfter: null, effectiveNotAfter: null, clientCertificateRequested: null, servedIsLatest: null, latest: null, findings };
}

/**
 * Probes `endpoint` once and judges what it served. Never throws, and is bounded in time: each of the
 * probe's connections is cut at timeoutMs, and the worker task at twice that plus a margin.
 */
export async function probeEndpoint(
  deps: { vault: Vault; catalog: Catalog; untrusted: UntrustedPool },
  facts: VaultFacts,
  endpoint: WatchedEndpoint,
  previous: { clientAuthSeenAt: string | null },
  options: ProbeOptions,
): Promise<ProbeOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const client = endpoint.clientCertificateId ? await clientBundle(deps.vault, deps.catalog, endpoint.clientCertificateId) : null;
    const report = await deps.untrusted.run(
      'inspect.endpoint',
      { request: requestOf(endpoint), client, scope: { ...facts.scope, now: options.now.getTime() }, timeoutMs: options.timeoutMs },
      // A client key goes to a worker of its own, ended with the probe (as Inspection.endpoint does).
      { answers: { revocations: (serials) => revocationAnswer(deps.vault, serials) }, dedicated: client !== null, timeoutMs: 2 * options.timeoutMs + TASK_MARGIN_MS },
    );
    return outcomeOf(report, elapsed(), facts, endpoint, previous, options);
  } catch (error) {
    return failedOutcome(error instanceof CertwrightError && error.reason ? error.reason : null, elapsed(), facts, endpoint, previous, options);
  }
}

// ---- A round's probes, in batches ----------------------------------------------------------------

/**
 * One probe in a batch beyond its two connections: the wait for a verdict, reading and diagnosing
 * what was served (64 certificates at most). The worker gives up a probe at 2 × timeoutMs plus this.
 */
const PROBE_MARGIN_MS = 2_000;
/**
 * Endpoints with a client certificate probed at once: each needs a worker of its own for its key
 * (≈ 30 MB while it lives), so a list of many mTLS endpoints never starts dozens of them.
 */
const DEDICATED_AT_ONCE = 4;

/** How long a batch task may take: its waves of probes (each bounded in the worker), plus the task's margin. */
export function batchLimitMs(count: number, concurrency: number, timeoutMs: number): number {
  return Math.ceil(count / Math.max(1, concurrency)) * (2 * timeoutMs + PROBE_MARGIN_MS) + TASK_MARGIN_MS;
}

export interface ProbeItem {
  readonly endpoint: WatchedEndpoint;
  readonly previous: { readonly clientAuthSeenAt: string | null };
}

export interface ProbeManyOptions extends ProbeOptions {
  /** Probes at once across the shared workers (the watch's setting); endpoints with a client certificate run beside them, DEDICATED_AT_ONCE at most. */
  readonly concurrency: number;
  /** Stops new probes from starting; the probes under way finish, and every outcome so far is returned. */
  readonly signal?: AbortSignal;
  /** Told of each outcome as it comes (progress). */
  readonly onResult?: (endpoint: WatchedEndpoint, outcome: ProbeOutcome) => void;
}

/** Keeps an outcome (the first for an endpoint) and tells onResult. */
type Recorder = (item: ProbeItem, outcome: ProbeOutcome) => void;

/**
 * Probes a round's endpoints and judges each as probeEndpoint does. Those without a client
 * certificate go in one batch per shared worker (inspect.endpoints), so every worker is used and a
 * silent host holds one of a batch's lanes for its timeout rather than a whole worker; the batches
 * stream each result back as it settles. Those with a client certificate go one each to a worker of
 * their own, beside the batches. A batch that fails as a whole (a worker limit, a crash) has what it
 * had not reported probed again one by one, so one hostile endpoint fails alone. Never throws; an
 * endpoint listed twice is probed once; outcomes are keyed by endpoint id.
 */
export async function probeEndpoints(
  deps: { vault: Vault; catalog: Catalog; untrusted: UntrustedPool },
  facts: VaultFacts,
  items: readonly ProbeItem[],
  options: ProbeManyOptions,
): Promise<Map<string, ProbeOutcome>> {
  const outcomes = new Map<string, ProbeOutcome>();
  const record: Recorder = (item, outcome) => {
    if (outcomes.has(item.endpoint.id)) return;
    outcomes.set(item.endpoint.id, outcome);
    try {
      options.onResult?.(item.endpoint, outcome);
    } catch {
      // progress that could not be told is no reason to lose the probe
    }
  };
  const unique = [...new Map(items.map((item) => [item.endpoint.id, item])).values()];
  const shared = unique.filter((item) => item.endpoint.clientCertificateId === null);
  const own = unique.filter((item) => item.endpoint.clientCertificateId !== null);
  const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
  const count = Math.min(deps.untrusted.size, concurrency, shared.length);
  // Round-robin, so that each batch goes down the list (most overdue first) at the same pace.
  const batches = Array.from({ length: count }, (_, b) => shared.filter((_item, i) => i % count === b));
  await Promise.all([
    ...batches.map((batch, b) => probeBatch(deps, facts, batch, Math.floor(concurrency / count) + (b < concurrency % count ? 1 : 0), options, record)),
    oneByOne(deps, facts, own, Math.min(concurrency, DEDICATED_AT_ONCE), options, record),
  ]);
  return outcomes;
}

/** One batch in one shared worker; then, one by one, whatever it did not report (unless the round was cancelled). */
async function probeBatch(deps: { vault: Vault; catalog: Catalog; untrusted: UntrustedPool }, facts: VaultFacts, batch: readonly ProbeItem[], lanes: number, options: ProbeManyOptions, record: Recorder): Promise<void> {
  if (batch.length === 0 || options.signal?.aborted) return;
  const reported = new Set<number>();
  let open = true;
  try {
    await deps.untrusted.run(
      'inspect.endpoints',
      {
        requests: batch.map((item) => requestOf(item.endpoint)),
        scope: { ...facts.scope, now: options.now.getTime() },
        timeoutMs: options.timeoutMs,
        probeLimitMs: 2 * options.timeoutMs + PROBE_MARGIN_MS,
        concurrency: lanes,
      },
      {
        timeoutMs: batchLimitMs(batch.length, lanes, options.timeoutMs),
        answers: {
          revocations: (serials) => revocationAnswer(deps.vault, serials),
          probed: ({ index, result }) => {
            const item = batch[index];
            if (open && item !== undefined && !reported.has(index)) {
              // Judged before it counts as reported: should judging throw, the endpoint is probed again on its own.
              const outcome = result.ok ? outcomeOf(result.report, result.durationMs, facts, item.endpoint, item.previous, options) : failedOutcome(result.reason, result.durationMs, facts, item.endpoint, item.previous, options);
              reported.add(index);
              record(item, outcome);
            }
            return { stop: options.signal?.aborted === true };
          },
        },
      },
    );
  } catch {
    // The batch failed as a whole: what it reported stands, the rest is probed again below.
  }
  open = false;
  await oneByOne(
    deps,
    facts,
    batch.filter((_item, i) => !reported.has(i)),
    lanes,
    options,
    record,
  );
}

/** Probes `items` one task each (probeEndpoint), `lanes` at a time, none started once the round is cancelled. */
async function oneByOne(deps: { vault: Vault; catalog: Catalog; untrusted: UntrustedPool }, facts: VaultFacts, items: readonly ProbeItem[], lanes: number, options: ProbeManyOptions, record: Recorder): Promise<void> {
  await inLanes(items, lanes, async (item) => record(item, await probeEndpoint(deps, facts, item.endpoint, item.previous, options)), () => options.signal?.aborted === true);
}
