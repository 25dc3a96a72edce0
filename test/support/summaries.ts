/** A CertificateSummary for renderer-side tests: sensible defaults, any field overridden. */
import type { CertificateSummary } from '../../shared/domain/certificate.js';

/** The effective expiry follows notAfter unless the test sets it. */
export function certificateSummary(cn: string, over: Partial<CertificateSummary> = {}): CertificateSummary {
  const notAfter = over.notAfter ?? '2026-03-01T00:00:00Z';
  return {
    id: cn,
    authorityId: 'a'.repeat(32),
    issuerCommonName: 'Acme Root',
    profile: 'server',
    subject: { commonName: cn },
    subjectDn: `CN=${cn}`,
    sans: [],
    serialNumberHex: '0A1B2C3D4E5F',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter,
    status: 'valid',
    revocation: null,
    key: { algorithm: 'p256', label: 'ECDSA P-256' },
    hasPrivateKey: true,
    sha256Fingerprint: 'AB:CD:EF:01',
    createdAt: '2026-01-01T00:00:00Z',
    effectiveNotAfter: notAfter,
    replacesId: null,
    replacedById: null,
    scheduledRevocation: null,
    acmeAccountId: null,
    ...over,
  };
}
