/** When an authority's CRL needs attention: its nextUpdate is within a day, or past. */
import type { CrlSummary } from '../../shared/domain/revocation.js';
import { formatDateTime } from '../app/format.js';
import { t } from '../i18n/instance.js';

const HOUR_MS = 3_600_000;

/** Why the CRL needs attention (its nextUpdate is near or past), or null. */
export function crlWarning(crl: Pick<CrlSummary, 'number' | 'nextUpdate'>, now = new Date()): string | null {
  const left = Date.parse(crl.nextUpdate) - now.getTime();
  if (left <= 0) return t('revocation:warning.expired', { number: crl.number, date: formatDateTime(crl.nextUpdate) });
  if (left <= 24 * HOUR_MS) return t('revocation:warning.expiring', { number: crl.number, count: Math.max(1, Math.round(left / HOUR_MS)) });
  return null;
}
