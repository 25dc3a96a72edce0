/**
 * Seeing expiry coming: the dashboard, renewal and rekeying, expiry notifications. Plain data only.
 * Every "expiring" judgement uses the effective expiry — the earliest notAfter anywhere in the chain —
 * not only the leaf's own.
 */
import type { CertificateStatus, CertificateSummary } from './certificate.js';
import type { BackupStatus, SecuritySettings } from './vault.js';
import type { DeployedSummary, WatchSettings } from './watch.js';
import { msg, type Msg } from '../i18n/message.js';

/** The windows the dashboard counts, in days. */
export const EXPIRY_WINDOWS = [7, 30, 90] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

/** The timeline covers this many days from today, in weeks. */
export const TIMELINE_DAYS = 182;
export const TIMELINE_WEEKS = 26;

export interface ExpirySettings {
  /** Certificates expiring within this many days are warned about (default 30). */
  readonly warningDays: number;
  /** … and within this many, urgently (default 7). */
  readonly urgentDays: number;
  /** OS notifications on start and daily while the app runs. */
  readonly notifications: boolean;
}

export const DEFAULT_EXPIRY_SETTINGS: ExpirySettings = { warningDays: 30, urgentDays: 7, notifications: true };

export interface AppSettings {
  readonly expiry: ExpirySettings;
  /** Auto-lock and the backup reminder. */
  readonly security: SecuritySettings;
  /** Endpoint watching and the metrics listener (issue 19). */
  readonly watch: WatchSettings;
}

export interface AuthorityTimeline {
  readonly authorityId: string;
  readonly commonName: string;
  /** Certificates whose effective expiry falls in each week, week 0 starting today. */
  readonly weeks: readonly number[];
}

export interface CrlDue {
  readonly authorityId: string;
  readonly commonName: string;
  /** The latest CRL's nextUpdate; null when none was ever published. */
  readonly nextUpdate: string | null;
  /** overdue: past nextUpdate; due: within a day; unpublished: revocations exist but no CRL. */
  readonly state: 'overdue' | 'due' | 'unpublished';
}

export interface AuthorityExpiry {
  readonly authorityId: string;
  readonly commonName: string;
  readonly kind: 'root' | 'intermediate';
  readonly notAfter: string;
  readonly daysLeft: number;
  /** What stops working with it: valid certificates and authorities below it, at any depth. */
  readonly blastRadius: { readonly certificates: number; readonly authorities: number };
}

export interface DashboardData {
  /** The instant the figures were computed for. */
  readonly now: string;
  readonly settings: ExpirySettings;
  readonly counts: Readonly<Record<CertificateStatus, number>> & { readonly total: number };
  /** Valid certificates whose effective expiry is within each window. */
  readonly expiring: ReadonlyArray<{ readonly days: ExpiryWindow; readonly count: number }>;
  readonly timeline: { readonly start: string; readonly authorities: readonly AuthorityTimeline[] };
  readonly crlsDue: readonly CrlDue[];
  /** Authorities expiring within a year, soonest first, with what dies with them. */
  readonly authoritiesExpiring: readonly AuthorityExpiry[];
  readonly recentlyIssued: readonly CertificateSummary[];
  readonly recentlyRevoked: readonly CertificateSummary[];
  /** Roots that signed leaves in service directly (not through an intermediate), with how many: bad practice to fix. */
  readonly leavesFromRoots: ReadonlyArray<{ readonly authorityId: string; readonly commonName: string; readonly count: number }>;
  /** When the vault was last backed up, and whether that is too long ago. */
  readonly backup: BackupStatus;
  /** What the watched endpoints serve (the "Deployed" panel). */
  readonly deployed: DeployedSummary;
}

export interface RenewResult {
  readonly renewed: ReadonlyArray<{ readonly replacedId: string; readonly certificate: CertificateSummary }>;
  /** Certificates not renewed, and why (a revoked one, a rekey without a key Certwright holds, …): `renew:refusal.*`. */
  readonly skipped: ReadonlyArray<{ readonly id: string; readonly commonName: string; readonly reason: Msg }>;
  /** When the replaced certificates will be revoked as superseded; null when not asked for. */
  readonly revokeOldAt: string | null;
  readonly warnings: readonly Msg[];
  /** Stopped by operation.cancel between certificates: `renewed` were renewed whole; the rest are in `skipped`. */
  readonly cancelled: boolean;
}

/** The reason given in RenewResult.skipped for a certificate a cancelled renewal did not reach (it is unchanged). */
export const RENEW_CANCELLED_REASON: Msg = msg('renew:refusal.cancelled');

/** The maximum overlap before an old certificate is revoked as superseded. */
export const MAX_REVOKE_OLD_AFTER_DAYS = 90;
