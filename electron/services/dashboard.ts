/**
 * The dashboard's figures, from the same summaries the lists show (main's inventory index, see
 * inventory.ts: no summary is made again for it): counts by status, what expires within 7 / 30 / 90
 * days and when (by effective expiry), CRLs due, authorities nearing their end and what dies with
 * them, recent issues and revocations. A pure function of its inputs and the clock, in one pass over
 * the certificates.
 */
import type { BackupStatus } from '../../shared/domain/vault.js';
import { NO_DEPLOYED, type DeployedSummary } from '../../shared/domain/watch.js';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { PROFILES, type CertificateStatus, type CertificateSummary } from '../../shared/domain/certificate.js';
import { EXPIRY_WINDOWS, TIMELINE_WEEKS, type AuthorityExpiry, type CrlDue, type DashboardData, type ExpirySettings } from '../../shared/domain/expiry.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const RECENT = 8;
/** Authorities are listed when they end within this many days. */
const AUTHORITY_HORIZON_DAYS = 365;

/** What the dashboard reads of an authority (an AuthoritySummary has it all; its counts are not needed). */
export type DashboardAuthority = Pick<AuthoritySummary, 'id' | 'kind' | 'state' | 'parentId' | 'subject' | 'notAfter' | 'revocation'>;

export interface DashboardInput {
  readonly now: Date;
  readonly settings: ExpirySettings;
  readonly backup: BackupStatus;
  /** Every authority, pending ones too (they count as authorities below an expiring one). */
  readonly authorities: readonly DashboardAuthority[];
  readonly certificates: readonly CertificateSummary[];
  /** Each certificate's effective expiry in ms, when the caller has it (the index does): spares parsing 100,000 dates. */
  readonly effectiveNotAfterMs?: ArrayLike<number>;
  /** Per authority: the latest CRL's nextUpdate (null: never published) and how many revocations it holds. */
  readonly crls: ReadonlyMap<string, { readonly nextUpdate: string | null; readonly revocations: number }>;
  /** What the watched endpoints serve (services/watch/); nothing watched when absent. */
  readonly deployed?: DeployedSummary;
}

/** A certificate still in service: valid, and not yet replaced by a renewal. */
export function inService(c: CertificateSummary): boolean {
  return c.status === 'valid' && c.replacedById === null;
}

/** Days from now to an instant, rounded down (negative once past). */
export function daysUntil(iso: string, now: Date): number {
  return Math.floor((Date.parse(iso) - now.getTime()) / DAY_MS);
}

function descendants(authorities: readonly DashboardAuthority[], id: string): Set<string> {
  const below = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = authorities.filter((a) => a.parentId !== null && frontier.includes(a.parentId) && !below.has(a.id)).map((a) => a.id);
    next.forEach((n) => below.add(n));
    frontier = next;
  }
  return below;
}

/** What stops working with the authority: certificates in service it or any CA below it issued, and those CAs. */
function blastRadius(input: DashboardInput, inServiceBy: ReadonlyMap<string, number>, authority: DashboardAuthority): AuthorityExpiry['blastRadius'] {
  const below = descendants(input.authorities, authority.id);
  let certificates = inServiceBy.get(authority.id) ?? 0;
  for (const id of below) certificates += inServiceBy.get(id) ?? 0;
  return { certificates, authorities: below.size };
}

/**
 * The newest `max` of a list by an ISO instant, newest first; equal instants keep the list's order
 * (as a stable sort would). One pass, a comparison or so per certificate: the list may be 100,000 long.
 */
class Newest {
  readonly #max: number;
  readonly #items: Array<{ readonly at: string; readonly c: CertificateSummary }> = [];

  constructor(max: number) {
    this.#max = max;
  }

  offer(c: CertificateSummary, at: string): void {
    const items = this.#items;
    // ISO instants as Date#toISOString writes them: code-unit order is time order.
    if (items.length === this.#max && !(at > items[items.length - 1]!.at)) return;
    let i = items.length;
    while (i > 0 && items[i - 1]!.at < at) i--;
    items.splice(i, 0, { at, c });
    if (items.length > this.#max) items.pop();
  }

  list(): CertificateSummary[] {
    return this.#items.map((item) => item.c);
  }
}

function crlsDue(input: DashboardInput): CrlDue[] {
  const soon = input.now.getTime() + DAY_MS;
  const due: CrlDue[] = [];
  for (const a of input.authorities) {
    const crl = input.crls.get(a.id);
    if (!crl || a.state !== 'active') continue;
    const base = { authorityId: a.id, commonName: a.subject.commonName, nextUpdate: crl.nextUpdate };
    if (crl.nextUpdate === null) {
      if (crl.revocations > 0) due.push({ ...base, state: 'unpublished' });
    } else if (Date.parse(crl.nextUpdate) <= input.now.getTime()) due.push({ ...base, state: 'overdue' });
    else if (Date.parse(crl.nextUpdate) <= soon) due.push({ ...base, state: 'due' });
  }
  return due.sort((x, y) => (x.nextUpdate ?? '').localeCompare(y.nextUpdate ?? ''));
}

export function buildDashboard(input: DashboardInput): DashboardData {
  const { now, certificates } = input;
  const nowMs = now.getTime();
  const counts: Record<CertificateStatus, number> = { valid: 0, expired: 0, 'not-yet-valid': 0, revoked: 0 };
  const expiringCounts = EXPIRY_WINDOWS.map(() => 0);
  /** Per authority: certificates in service, and those by week of effective expiry. */
  const inServiceBy = new Map<string, number>();
  const weeksBy = new Map<string, number[]>();
  const issued = new Newest(RECENT);
  const revoked = new Newest(RECENT);
  const effective = input.effectiveNotAfterMs;
  // Leaves in service that a root signed itself (a sub-CA it signed is what a root is for).
  const roots = new Set(input.authorities.filter((a) => a.kind === 'root').map((a) => a.id));
  const leaves: ReadonlySet<string> = new Set(PROFILES);
  const fromRootBy = new Map<string, number>();
  // One pass over every certificate (the index's summaries, 100,000 of them in a big CA).
  for (let i = 0; i < certificates.length; i++) {
    const c = certificates[i]!;
    counts[c.status]++;
    issued.offer(c, c.createdAt);
    if (c.revocation !== null) revoked.offer(c, c.revocation.revokedAt);
    if (!inService(c)) continue;
    inServiceBy.set(c.authorityId, (inServiceBy.get(c.authorityId) ?? 0) + 1);
    if (roots.has(c.authorityId) && leaves.has(c.profile)) fromRootBy.set(c.authorityId, (fromRootBy.get(c.authorityId) ?? 0) + 1);
    const left = (effective ? effective[i]! : Date.parse(c.effectiveNotAfter)) - nowMs;
    EXPIRY_WINDOWS.forEach((days, i) => {
      if (left <= days * DAY_MS) expiringCounts[i]!++;
    });
    const week = Math.floor(left / WEEK_MS);
    if (week >= 0 && week < TIMELINE_WEEKS) {
      let weeks = weeksBy.get(c.authorityId);
      if (!weeks) weeksBy.set(c.authorityId, (weeks = new Array<number>(TIMELINE_WEEKS).fill(0)));
      weeks[week]!++;
    }
  }
  const expiring = EXPIRY_WINDOWS.map((days, i) => ({ days, count: expiringCounts[i]! }));

  const timeline = input.authorities
    .filter((a) => a.state === 'active')
    .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, weeks: weeksBy.get(a.id) ?? new Array<number>(TIMELINE_WEEKS).fill(0) }))
    .filter((t) => t.weeks.some((n) => n > 0));

  const authoritiesExpiring = input.authorities
    .filter((a) => a.state === 'active' && a.revocation === null && a.notAfter !== '' && daysUntil(a.notAfter, now) <= AUTHORITY_HORIZON_DAYS)
    .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, kind: a.kind, notAfter: a.notAfter, daysLeft: daysUntil(a.notAfter, now), blastRadius: blastRadius(input, inServiceBy, a) }))
    .sort((x, y) => x.notAfter.localeCompare(y.notAfter));

  return {
    now: now.toISOString(),
    settings: input.settings,
    backup: input.backup,
    counts: { ...counts, total: certificates.length },
    expiring,
    timeline: { start: now.toISOString(), authorities: timeline },
    crlsDue: crlsDue(input),
    authoritiesExpiring,
    recentlyIssued: issued.list(),
    recentlyRevoked: revoked.list(),
    leavesFromRoots: input.authorities
      .filter((a) => fromRootBy.has(a.id))
      .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, count: fromRootBy.get(a.id)! }))
      .sort((x, y) => y.count - x.count),
    deployed: input.deployed ?? NO_DEPLOYED,
  };
}
