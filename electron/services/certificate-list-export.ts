/**
 * The Certificates list as CSV (RFC 4180) or JSON, for spreadsheets and inventories. Cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a leading apostrophe:
 * a certificate's subject is attacker-chosen text as far as a CSR is concerned.
 */
import type { CertificateSummary } from '../../shared/domain/certificate.js';

const COLUMNS: ReadonlyArray<readonly [string, (c: CertificateSummary) => string]> = [
  ['id', (c) => c.id],
  ['common_name', (c) => c.subject.commonName],
  ['profile', (c) => c.profile],
  ['issuer', (c) => c.issuerCommonName],
  ['status', (c) => c.status],
  ['serial', (c) => c.serialNumberHex],
  ['not_before', (c) => c.notBefore],
  ['not_after', (c) => c.notAfter],
  ['effective_not_after', (c) => c.effectiveNotAfter],
  ['sans', (c) => c.sans.map((s) => `${s.type}:${s.value}`).join(' ')],
  ['key', (c) => c.key.label],
  ['sha256', (c) => c.sha256Fingerprint],
  ['revoked_at', (c) => c.revocation?.revokedAt ?? ''],
  ['revocation_reason', (c) => c.revocation?.reason ?? ''],
  ['replaces', (c) => c.replacesId ?? ''],
  ['replaced_by', (c) => c.replacedById ?? ''],
];

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function certificatesCsv(certificates: readonly CertificateSummary[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...certificates.map((c) => COLUMNS.map(([, value]) => csvCell(value(c))))];
  return `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
}

export function certificatesJson(certificates: readonly CertificateSummary[]): string {
  return `${JSON.stringify(certificates, null, 2)}\n`;
}
