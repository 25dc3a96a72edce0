/**
 * The certificates table in the renderer: how a row reads, the chip of a handed-over filter, the
 * count line, and which pages of rows to ask main for.
 *
 * Main keeps the list (electron/services/inventory.ts): it filters, sorts and counts, and the
 * view asks for the window of rows it shows (`certificate.query`), a page at a time. The rules of
 * the list itself — what is retired, how a SAN reads, the sort keys — are shared with main in
 * shared/domain/certificate-query.ts and re-exported here for the view.
 */
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import type { CertificateQuery, SortState } from '../../shared/domain/certificate-query.js';
import { daysLeft, expiryTone, formatDate, type ExpiryTone } from '../app/format.js';
import { t } from '../i18n/instance.js';

export {
  DEFAULT_SORT,
  filterCertificates,
  isExpiringWithin,
  isRenewable,
  isRetired,
  sanSummary,
  sanText,
  sortCertificates,
  SORT_KEYS,
  STATUS_FILTERS,
  toggleSort,
  type ListFilter,
  type SortDirection,
  type SortKey,
  type SortState,
  type StatusFilter,
} from '../../shared/domain/certificate-query.js';

// ---- How a row reads ---------------------------------------------------------------------------

export interface ExpiryNote {
  /** "expires in 12 days — limited by its CA", "expired 3 days ago", "expires today". */
  readonly text: string;
  readonly tone: ExpiryTone;
  /** Its chain ends before it does: the effective expiry is an issuer's. */
  readonly limited: boolean;
}

/**
 * The effective expiry in words: the earliest notAfter in its chain, and whether a CA sets it. A
 * revoked certificate says so with the date instead of days left (it no longer works at all).
 */
export function expiryNote(c: Pick<CertificateSummary, 'notAfter' | 'effectiveNotAfter'> & { readonly revocation?: CertificateSummary['revocation'] }, now: Date = new Date()): ExpiryNote {
  if (c.revocation) {
    const date = formatDate(c.revocation.revokedAt);
    const text = c.revocation.reason === 'certificateHold' ? t('certificates:expiry.onHold', { date }) : t('certificates:expiry.revoked', { date });
    return { text, tone: 'expired', limited: false };
  }
  const limited = Date.parse(c.effectiveNotAfter) < Date.parse(c.notAfter);
  const days = daysLeft(c.effectiveNotAfter, now);
  const text =
    days < 0
      ? limited
        ? t('certificates:expiry.expiredAgoLimited', { count: -days })
        : t('certificates:expiry.expiredAgo', { count: -days })
      : days === 0
        ? limited
          ? t('certificates:expiry.todayLimited')
          : t('certificates:expiry.today')
        : limited
          ? t('certificates:expiry.inDaysLimited', { count: days })
          : t('certificates:expiry.inDays', { count: days });
  return { text, tone: expiryTone(c.effectiveNotAfter, now), limited };
}

/** The chip of a handed-over filter: "Expiring within 30 days", "Status: Revoked". */
export function describeListFilter(
  filter: { readonly expiringWithinDays?: number | undefined; readonly status?: CertificateStatus | undefined; readonly authorityId?: string | undefined; readonly authorityName?: string | undefined },
  statusLabel: (s: CertificateStatus) => string,
): string {
  const parts: string[] = [];
  if (filter.authorityId !== undefined) parts.push(filter.authorityName !== undefined ? t('certificates:chip.authority', { name: filter.authorityName }) : t('certificates:chip.authorityUnnamed'));
  if (filter.expiringWithinDays !== undefined) parts.push(t('certificates:chip.expiring', { count: filter.expiringWithinDays }));
  if (filter.status !== undefined) parts.push(t('certificates:chip.status', { status: statusLabel(filter.status) }));
  // Separate conditions, each a whole phrase: a list, not a sentence.
  return parts.join(' · ');
}

/** "12 certificates", or "3 of 12 certificates" when some are filtered out or hidden. */
export function countText(shown: number, total: number): string {
  return shown === total ? t('certificates:count.all', { count: total }) : t('certificates:count.some', { shown, count: total });
}

// ---- Pages of rows -------------------------------------------------------------------------------

/** Rows per request to main: a few screens' worth, well under the window limit. */
export const PAGE_ROWS = 100;

/** What the view asks main for, besides the window: one key per distinct list (its pages fit together). */
export interface ListRequest extends CertificateQuery {
  readonly sort: SortState;
}

/** A stable key of a request: pages of the same key and revision belong to one list. */
export function requestKey(request: ListRequest): string {
  const { query, status, showRetired, filter, pinnedId, withKey, sort } = request;
  return JSON.stringify([query, status, showRetired, filter ?? null, pinnedId ?? null, withKey === true, sort.key, sort.direction]);
}

/**
 * The pages that hold rows `first`…`last` (the rows in view, with some margin), of a list of
 * `count` rows: page numbers, in order.
 */
export function pagesFor(first: number, last: number, count: number, pageRows = PAGE_ROWS): number[] {
  if (count <= 0 || last < first) return [];
  const from = Math.floor(Math.max(0, first) / pageRows);
  const to = Math.floor(Math.min(count - 1, last) / pageRows);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}
