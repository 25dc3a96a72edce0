/**
 * PKI hierarchy practice, shared by main (which enforces it) and the window (which explains it):
 * a root signs only CAs, and an intermediate ends well before its root.
 */

/** The explicit acknowledgement an issuing input carries to sign a leaf with a root CA's key. */
export const FROM_ROOT_ACK = 'acknowledged' as const;

/** Why a root should sign only CAs: the words of the confirmation, the refusal and the dashboard. */
export const ROOT_SIGNS_ONLY_CAS =
  'A root CA should sign only intermediate CAs. Its key is the anchor every client trusts, so it should stay offline and be used rarely; ' +
  'and a leaf signed by the root directly can be cut off only by revoking it alone, while leaves under an intermediate can be cut off (and the intermediate replaced) without touching the root.';

const DAY_MS = 86_400_000;
/** Five years: a common life for an issuing intermediate. */
export const INTERMEDIATE_DEFAULT_MAX_DAYS = 1825;
/** At most one year kept free at the end of the parent's life: time enough to roll a new root into every trust store. */
const RENEWAL_MARGIN_MAX_DAYS = 365;

/**
 * The renewal margin under a parent with `remainingDays` to live: a quarter of what is left, at most
 * a year. A quarter keeps a short-lived parent's intermediate useful; a year is enough lead time to
 * create and distribute the parent's successor before anything below it stops verifying.
 */
export function renewalMarginDays(remainingDays: number): number {
  return Math.min(RENEWAL_MARGIN_MAX_DAYS, Math.floor(Math.max(remainingDays, 0) / 4));
}

function remainingDays(parentNotAfter: Date, now: Date): number {
  return Math.floor((parentNotAfter.getTime() - now.getTime()) / DAY_MS);
}

/**
 * A new intermediate's default validity in days: five years, or less so that it ends at least the
 * renewal margin before its parent chain does (never the parent's exact end, where both expire together).
 */
export function defaultIntermediateDays(parentNotAfter: Date, now: Date): number {
  const remaining = remainingDays(parentNotAfter, now);
  return Math.max(1, Math.min(INTERMEDIATE_DEFAULT_MAX_DAYS, remaining - renewalMarginDays(remaining)));
}

/**
 * When an intermediate ending at `end` would end with (or within the renewal margin of) its parent:
 * the days between the two ends; null when it leaves room to renew the parent first.
 */
export function endsWithParent(end: Date, parentNotAfter: Date, now: Date): { readonly daysBefore: number; readonly marginDays: number } | null {
  const marginDays = renewalMarginDays(remainingDays(parentNotAfter, now));
  const daysBefore = Math.max(0, Math.floor((parentNotAfter.getTime() - end.getTime()) / DAY_MS));
  return daysBefore < Math.max(marginDays, 1) ? { daysBefore, marginDays } : null;
}
