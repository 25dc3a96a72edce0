/** The certificates table as pure data: text and status filters, sorting, and how a row reads. */
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { unicodeForm } from '../components/san-model.js';

export const SORT_KEYS = ['commonName', 'sans', 'profile', 'issuer', 'serial', 'notAfter', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: SortState = { key: 'notAfter', direction: 'ascending' };

export type StatusFilter = 'all' | CertificateStatus;

/** How a SAN reads in the table: IDNs in Unicode. */
export function sanText(entry: SanEntry): string {
  return unicodeForm(entry) ?? entry.value;
}

/** First SAN and how many more: "api.acme.internal +2". */
export function sanSummary(sans: readonly SanEntry[]): { readonly first: string; readonly more: number } {
  return { first: sans[0] ? sanText(sans[0]) : '', more: Math.max(0, sans.length - 1) };
}

const hexOnly = (s: string) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();

/** Matches on common name, subject, any SAN (both IDN forms), serial and fingerprint (colons optional). */
export function matchesText(c: CertificateSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const words = [c.subject.commonName, c.subjectDn, c.issuerCommonName, ...c.sans.flatMap((s) => [s.value, unicodeForm(s) ?? ''])].map((w) => w.toLowerCase());
  if (words.some((w) => w.includes(q))) return true;
  const hex = hexOnly(q);
  // Only look into serials and fingerprints for something that is hex (after dropping colons and spaces).
  return hex.length >= 4 && /^[0-9a-f:\s]+$/i.test(q) && (hexOnly(c.serialNumberHex).includes(hex) || hexOnly(c.sha256Fingerprint).includes(hex));
}

export function filterCertificates(list: readonly CertificateSummary[], query: string, status: StatusFilter): CertificateSummary[] {
  return list.filter((c) => (status === 'all' || c.status === status) && matchesText(c, query));
}

const STATUS_ORDER: Readonly<Record<CertificateStatus, number>> = { valid: 0, 'not-yet-valid': 1, expired: 2, revoked: 3 };

function sortValue(c: CertificateSummary, key: SortKey): string | number {
  switch (key) {
    case 'commonName':
      return c.subject.commonName.toLowerCase();
    case 'sans':
      return sanSummary(c.sans).first.toLowerCase();
    case 'profile':
      return c.profile;
    case 'issuer':
      return c.issuerCommonName.toLowerCase();
    case 'serial':
      return c.serialNumberHex.toLowerCase();
    case 'notAfter':
      return new Date(c.notAfter).getTime();
    case 'status':
      return STATUS_ORDER[c.status];
  }
}

export function sortCertificates(list: readonly CertificateSummary[], sort: SortState): CertificateSummary[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    // Ties keep a stable, useful order: newest first.
    return order !== 0 ? sign * order : b.createdAt.localeCompare(a.createdAt);
  });
}

/** Clicking a header: sort by it ascending, or flip the direction when it is already the key. */
export function toggleSort(current: SortState, key: SortKey): SortState {
  return current.key === key ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' };
}
