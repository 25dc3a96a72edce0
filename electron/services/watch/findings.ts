/**
 * What one probe of a watched endpoint found, judged against what the vault issued (issue 19). Pure:
 * the probe's observations (services/watch/probe.ts reads them out of the live inspection's report)
 * and the vault's facts in, findings, "is the latest served" and the latest out. The chain itself is
 * not judged here: the live inspection already did (its chain's effective expiry, its diagnosis of
 * an incomplete chain, the order, the host name), and its finding ids are mapped to the watch's.
 */
import type { EndpointReach, FindingId } from '../../../shared/domain/inspect.js';
import type { ExpectedCertificate, ProbeOutcome, ServedCertificate, WatchedEndpoint, WatchFinding, WatchFindingId } from '../../../shared/domain/watch.js';
import { WATCH_FINDINGS } from '../../../shared/domain/watch.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { nestedMsg } from '../../engine/tls/failures.js';
import type { InspectionScope } from '../../workers/protocol.js';

const DAY_MS = 86_400_000;

/** One vault certificate, as a probe's judgement needs it. */
export interface VaultCertificateFact {
  readonly id: string;
  readonly authorityId: string;
  readonly serialHex: string;
  readonly commonName: string;
  readonly notAfter: string;
  /** When it was issued (the record's createdAt): "renewed on …". */
  readonly issuedAt: string;
  readonly replacedById: string | null;
  readonly revocation: { readonly revokedAt: string; readonly reason: string | null } | null;
  /** The service it belongs to (its common name) for leaf profiles; null for a sub-CA. */
  readonly service: string | null;
}

/** The vault's indexes for one round of probes: built once (probe.ts vaultFacts), read by every probe. */
export interface VaultFacts {
  readonly builtAt: string;
  /** Every vault certificate by id. */
  readonly certificates: ReadonlyMap<string, VaultCertificateFact>;
  /**
   * … and by SHA-256 fingerprint of its DER, colon-separated upper-case hex as the catalog keeps it
   * (removing the colons from 100,000 fingerprints costs more than the rest of the index): look up a
   * served certificate with {@link vaultCertificateOf}.
   */
  readonly byFingerprint: ReadonlyMap<string, VaultCertificateFact>;
  /** For every renewed certificate (replacedById set): the end of its chain of renewals. Absent: it is its own latest. */
  readonly latestRenewal: ReadonlyMap<string, VaultCertificateFact>;
  /** Each service's latest certificate in service (not renewed, not revoked; the last issued), by service name. */
  readonly services: ReadonlyMap<string, VaultCertificateFact>;
  /** The vault's CA certificates (chain completion) for the inspection in the worker. */
  readonly scope: InspectionScope;
}

/** The vault certificate with this SHA-256 (ServedCertificate.sha256: hex without separators), if any. */
export function vaultCertificateOf(facts: VaultFacts, sha256: string): VaultCertificateFact | null {
  return facts.byFingerprint.get(sha256.toUpperCase().replace(/(..)(?!$)/g, '$1:')) ?? null;
}

/** The latest renewal of a vault certificate (itself when never renewed). */
export function latestOf(facts: VaultFacts, fact: VaultCertificateFact): VaultCertificateFact {
  return facts.latestRenewal.get(fact.id) ?? fact;
}

/** What the probe saw, as data: everything a judgement reads. */
export interface Observed {
  readonly reached: EndpointReach;
  /** The probe's failure sentence; null when the handshake completed. */
  readonly failure: Msg | null;
  /** The end-entity certificate served; null when none was (or none could be read). */
  readonly leaf: ServedCertificate | null;
  /** The earliest notAfter of the leaf's chain (served, completed by the vault's CAs), and whose it is. */
  readonly effectiveNotAfter: string | null;
  readonly effectiveLimitedBy: string | null;
  readonly clientCertificateRequested: boolean | null;
  /** The vault client certificate presented and the server's verdict on it (null: none presented). */
  readonly clientCertificate: { readonly commonName: string; readonly accepted: boolean | null } | null;
  /** The live inspection's diagnosis of what was served (ids and titles). */
  readonly diagnosis: ReadonlyArray<{ readonly id: FindingId; readonly title: Msg }>;
}

export interface JudgeOptions {
  readonly warningDays: number;
  readonly urgentDays: number;
  readonly now: Date;
}

export type Judgement = Pick<ProbeOutcome, 'reached' | 'findings' | 'servedIsLatest' | 'latest'>;

const ERRORS: ReadonlySet<WatchFindingId> = new Set(['unreachable', 'not-tls', 'handshake-failed', 'expired', 'revoked', 'renewed-not-deployed', 'unexpected-certificate', 'host-mismatch', 'client-certificate-refused', 'expires-urgent']);

/** The catalog key of a finding: `watch:finding.<id in camel case>`. */
const keyOf = (id: WatchFindingId): string => `watch:finding.${id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;

function finding(id: WatchFindingId, text: Msg): WatchFinding {
  return { id, severity: ERRORS.has(id) ? 'error' : 'warning', text };
}

const day = (iso: string): string => iso.slice(0, 10);

/** The inspection's diagnosis ids that are watch findings of their own. */
const FROM_DIAGNOSIS: ReadonlyArray<readonly [FindingId, WatchFindingId]> = [
  ['incomplete-chain', 'chain-incomplete'],
  ['wrong-order', 'chain-order'],
  ['hostname-mismatch', 'host-mismatch'],
];

/**
 * How far the probe got, for judging. A vault client certificate the server refused still leaves a
 * server that speaks TLS and served its chain: that is judged (with the refusal as a finding), not
 * reported as a failed handshake.
 */
export function reachOf(observed: Observed): EndpointReach {
  if (observed.reached === 'handshake-failed' && observed.leaf !== null && observed.clientCertificate?.accepted === false) return 'ok';
  return observed.reached;
}

/** The findings of one probe, worst first (WATCH_FINDINGS order), each id at most once. */
export function judge(observed: Observed, facts: VaultFacts, endpoint: Pick<WatchedEndpoint, 'host' | 'servername' | 'expect'>, previous: { readonly clientAuthSeenAt: string | null }, options: JudgeOptions): Judgement {
  const reached = reachOf(observed);
  if (reached !== 'ok') {
    const reason = observed.failure ?? msg('watch:reached.probeCrashed');
    return { reached, findings: [finding(reached, msg(keyOf(reached), nestedMsg('reason', reason)))], servedIsLatest: null, latest: null };
  }
  const found = new Map<WatchFindingId, WatchFinding>();
  const add = (id: WatchFindingId, text: Msg) => {
    if (!found.has(id)) found.set(id, finding(id, text));
  };
  const leaf = observed.leaf;
  const leafFact = leaf ? vaultCertificateOf(facts, leaf.sha256) : null;

  // Expiry, of the chain as a client gets it.
  if (observed.effectiveNotAfter !== null) {
    const left = Date.parse(observed.effectiveNotAfter) - options.now.getTime();
    const date = day(observed.effectiveNotAfter);
    if (left <= 0) add('expired', msg(keyOf('expired'), { name: observed.effectiveLimitedBy ?? leaf?.subjectCommonName ?? '', date }));
    else if (left <= options.urgentDays * DAY_MS) add('expires-urgent', msg('watch:finding.expiresUrgent', { count: Math.floor(left / DAY_MS), date }));
    else if (left <= options.warningDays * DAY_MS) add('expires-soon', msg('watch:finding.expiresSoon', { count: Math.floor(left / DAY_MS), date }));
  }

  // Revoked: the vault's own record of it, or the inspection's (a served leaf the vault's CA signed, revoked there).
  if (leaf !== null && (leafFact?.revocation || observed.diagnosis.some((d) => d.id === 'revoked'))) add('revoked', msg(keyOf('revoked'), { name: leaf.subjectCommonName, serial: leaf.serialHex }));

  // What should be served, and whether it is.
  const identity = judgeIdentity(leaf, leafFact, facts, endpoint.expect);
  for (const [id, text] of identity.findings) add(id, text);

  if (observed.clientCertificate?.accepted === false) add('client-certificate-refused', msg(keyOf('client-certificate-refused'), { name: observed.clientCertificate.commonName }));

  for (const [from, to] of FROM_DIAGNOSIS) {
    const diagnosed = observed.diagnosis.find((d) => d.id === from);
    if (!diagnosed) continue;
    if (to === 'chain-incomplete') add(to, msg(keyOf(to), nestedMsg('detail', diagnosed.title)));
    else if (to === 'host-mismatch') add(to, msg(keyOf(to), { host: endpoint.servername ?? endpoint.host }));
    else add(to, msg(keyOf(to)));
  }

  if (previous.clientAuthSeenAt !== null && observed.clientCertificateRequested === false) add('client-auth-dropped', msg(keyOf('client-auth-dropped'), { date: day(previous.clientAuthSeenAt) }));

  const findings = [...found.values()].sort((a, b) => WATCH_FINDINGS.indexOf(a.id) - WATCH_FINDINGS.indexOf(b.id));
  return { reached, findings, servedIsLatest: identity.servedIsLatest, latest: identity.latest };
}

interface Identity {
  readonly servedIsLatest: boolean | null;
  readonly latest: ProbeOutcome['latest'];
  readonly findings: ReadonlyArray<readonly [WatchFindingId, Msg]>;
}

const latestOutOf = (fact: VaultCertificateFact): NonNullable<ProbeOutcome['latest']> => ({ certificateId: fact.id, serialHex: fact.serialHex, issuedAt: fact.issuedAt });

/**
 * Is the served leaf the one that should be served? Expected a certificate: it, or the latest of its
 * renewals; expected a service: its latest certificate; nothing expected: the served one's own latest
 * renewal, when it is one of the vault's.
 */
function judgeIdentity(leaf: ServedCertificate | null, leafFact: VaultCertificateFact | null, facts: VaultFacts, expect: ExpectedCertificate | null): Identity {
  const renewed = (latest: VaultCertificateFact): Identity => ({ servedIsLatest: false, latest: latestOutOf(latest), findings: [['renewed-not-deployed', msg('watch:finding.renewedNotDeployed', { date: day(latest.issuedAt) })]] });
  if (expect === null) {
    if (leafFact === null) return { servedIsLatest: null, latest: null, findings: [] };
    const latest = latestOf(facts, leafFact);
    return latest.id === leafFact.id ? { servedIsLatest: true, latest: null, findings: [] } : renewed(latest);
  }
  const expectedFact = expect.kind === 'certificate' ? facts.certificates.get(expect.certificateId) : undefined;
  const expectedLatest = expect.kind === 'certificate' ? (expectedFact ? latestOf(facts, expectedFact) : null) : (facts.services.get(expect.service) ?? null);
  if (leafFact !== null && expectedLatest !== null && latestOf(facts, leafFact).id === expectedLatest.id) {
    return leafFact.id === expectedLatest.id ? { servedIsLatest: true, latest: null, findings: [] } : renewed(expectedLatest);
  }
  if (leaf === null) return { servedIsLatest: null, latest: expectedLatest ? latestOutOf(expectedLatest) : null, findings: [] };
  const served = { served: leaf.subjectCommonName, servedSerial: leaf.serialHex };
  const text =
    expect.kind === 'service'
      ? msg('watch:finding.unexpectedService', { ...served, service: expect.service })
      : msg('watch:finding.unexpectedCertificate', { ...served, expected: expectedFact?.commonName ?? expect.certificateId, expectedSerial: expectedFact?.serialHex ?? '?' });
  return { servedIsLatest: false, latest: expectedLatest ? latestOutOf(expectedLatest) : null, findings: [['unexpected-certificate', text]] };
}
