/**
 * The validity of a sub-CA signed from an outside request: chosen by the signer, by default well
 * before the issuing chain ends (shared/domain/sub-ca.ts), and refused — never clamped — past it:
 * a sub-CA that outlives its issuer would fail in every client the day the issuer expires.
 */
import { subCaDefaultDays, subCaMaxDays } from '../../shared/domain/sub-ca.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import { validityWindow } from './validity.js';
import type { X509 } from './webcrypto.js';

function earliestEnd(chain: readonly X509.X509Certificate[]): X509.X509Certificate {
  return chain.reduce((earliest, cert) => (cert.notAfter < earliest.notAfter ? cert : earliest));
}

export function subCaValidity(days: number | undefined, chain: readonly X509.X509Certificate[], now: Date): { notBefore: Date; notAfter: Date; days: number } {
  const limit = earliestEnd(chain);
  const name = limit.subjectName.getField('CN')[0] ?? limit.subject;
  const end = limit.notAfter.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  const chosen = days ?? subCaDefaultDays(limit.notAfter, now);
  if (chosen < 1) throw new CertwrightError('INVALID_INPUT', atField('validityDays', 'errors:policy.issuerEndsTooSoon', { name, end }), { field: 'validityDays' });
  const window = validityWindow(now, chosen);
  if (window.notAfter > limit.notAfter) {
    throw new CertwrightError('INVALID_INPUT', atField('validityDays', 'errors:policy.subCaTooLong', { name, end, max: subCaMaxDays(limit.notAfter, now) }), { field: 'validityDays' });
  }
  return { ...window, days: chosen };
}
