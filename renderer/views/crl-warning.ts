/** When an authority's CRL needs attention: its nextUpdate is within a day, or past. */
import type { CrlSummary } from '../../shared/domain/revocation.js';
import { formatDateTime } from '../app/format.js';

const HOUR_MS = 3_600_000;

/** Why the CRL needs attention (its nextUpdate is near or past), or null. */
export function crlWarning(crl: Pick<CrlSummary, 'number' | 'nextUpdate'>, now = new Date()): string | null {
  const left = Date.parse(crl.nextUpdate) - now.getTime();
  if (left <= 0) return `CRL #${crl.number} expired ${formatDateTime(crl.nextUpdate)}: clients that check revocation now refuse every certificate of this CA. Publish a new one.`;
  if (left <= 24 * HOUR_MS) return `CRL #${crl.number} expires within ${Math.max(1, Math.round(left / HOUR_MS))} hour(s): publish a new one before clients start refusing this CA's certificates.`;
  return null;
}
