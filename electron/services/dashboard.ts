/**
 * The dashboard's figures, from the same summaries the lists show: counts by status, what expires
 * within 7 / 30 / 90 days and when (by effective expiry), CRLs due, authorities nearing their end and
 * what dies with them, recent issues and revocations. A pure function of its inputs and the clock.
 */
import type { BackupStatus } from '../../shared/domain/vault.js';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import { EXPIRY_WINDOWS, TIMELINE_WEEKS, type AuthorityExpiry, type CrlDue, type DashboardData, type ExpirySettings } from '../../shared/domain/expiry.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const RECENT = 8;
/** Authorities are listed when they end within this many days. */
const AUTHORITY_HORIZON_DAYS = 365;

export interface DashboardInput {
  readonly now: Date;
  readonly settings: ExpirySettings;
  readonly backup: BackupStatus;
  readonly authorities: readonly AuthoritySummary[];
  readonly certificates: readonly CertificateSummary[];
  /** Per authority: the latest CRL's nextUpdate (null: never published) and how many revocations it holds. */
  readonly crls: ReadonlyMap<string, { readonly nextUpdate: string | null; readonly revocations: number }>;
}

/** A certificate still in service: valid, and not yet replaced by a renewal. */
export function inService(c: CertificateSummary): boolean {
  return c.status === 'valid' && c.replacedById === null;
}

/** Days from now to an instant, rounded down (negative once past). */
export function daysUntil(iso: string, now: Date): number {
  return Math.floor((Date.parse(iso) - now.getTime()) / DAY_MS);
}

function descendants(authorities: readonly AuthoritySummary[], id: string): Set<string> {
  const below = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = authorities.filter((a) => a.parentId !== null && frontier.includes(a.parentId) && !below.has(a.id)).map((a) => a.id);
    next.forEach((n) => below.add(n));
    frontier = next;
  }
  return below;
}

function blastRadius(input: DashboardInput, authority: AuthoritySummary): AuthorityExpiry['blastRadius'] {
  const below = descendants(input.authorities, authority.id);
  const issuers = new Set([authority.id, ...below]);
  return { certificates: input.certificates.filter((c) => issuers.has(c.authorityId) && inService(c)).length, authorities: below.size };
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
  const counts: Record<CertificateStatus, number> = { valid: 0, expired: 0, 'not-yet-valid': 0, revoked: 0 };
  for (const c of certificates) counts[c.status]++;
  const live = certificates.filter(inService);
  const expiring = EXPIRY_WINDOWS.map((days) => ({ days, count: live.filter((c) => Date.parse(c.effectiveNotAfter) - now.getTime() <= days * DAY_MS).length }));

  const timeline = input.authorities
    .filter((a) => a.state === 'active')
    .map((a) => {
      const weeks = new Array<number>(TIMELINE_WEEKS).fill(0);
      for (const c of live) {
        if (c.authorityId !== a.id) continue;
        const week = Math.floor((Date.parse(c.effectiveNotAfter) - now.getTime()) / WEEK_MS);
        if (week >= 0 && week < TIMELINE_WEEKS) weeks[week]!++;
      }
      return { authorityId: a.id, commonName: a.subject.commonName, weeks };
    })
    .filter((t) => t.weeks.some((n) => n > 0));

  const authoritiesExpiring = input.authorities
    .filter((a) => a.state === 'active' && a.revocation === null && a.notAfter !== '' && daysUntil(a.notAfter, now) <= AUTHORITY_HORIZON_DAYS)
    .map((a) => ({ authorityId: a.id, commonName: a.subject.commonName, kind: a.kind, notAfter: a.notAfter, daysLeft: daysUntil(a.notAfter, now), blastRadius: blastRadius(input, a) }))
    .sort((x, y) => x.notAfter.localeCompare(y.notAfter));

  const newest = (list: readonly CertificateSummary[], at: (c: CertificateSummary) => string) => [...list].sort((x, y) => at(y).localeCompare(at(x))).slice(0, RECENT);
  return {
    now: now.toISOString(),
    settings: input.settings,
    backup: input.backup,
    counts: { ...counts, total: certificates.length },
    expiring,
    timeline: { start: now.toISOString(), authorities: timeline },
    crlsDue: crlsDue(input),
    authoritiesExpiring,
    recentlyIssued: newest(certificates, (c) => c.createdAt),
    recentlyRevoked: newest(
      certificates.filter((c) => c.revocation !== null),
      (c) => c.revocation!.revokedAt,
    ),
  };
}
