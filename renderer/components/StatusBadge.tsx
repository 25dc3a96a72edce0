import type { CertificateStatus, LinkStatus } from '../../shared/domain/certificate.js';

const CERTIFICATE: Readonly<Record<CertificateStatus, { label: string; tone: string }>> = {
  valid: { label: 'Valid', tone: 'ok' },
  expired: { label: 'Expired', tone: 'expired' },
  'not-yet-valid': { label: 'Not yet valid', tone: 'soon' },
  revoked: { label: 'Revoked', tone: 'expired' },
};

const LINK: Readonly<Record<LinkStatus, { label: string; tone: string }>> = {
  ok: { label: 'OK', tone: 'ok' },
  expired: { label: 'Expired', tone: 'expired' },
  'not-yet-valid': { label: 'Not yet valid', tone: 'soon' },
  'bad-signature': { label: 'Bad signature', tone: 'expired' },
  'not-a-ca': { label: 'Not a CA', tone: 'expired' },
  'issuer-missing': { label: 'Issuer missing', tone: 'soon' },
  revoked: { label: 'Revoked', tone: 'expired' },
  'constraint-violated': { label: 'Constraint violated', tone: 'expired' },
  untrusted: { label: 'Not trusted', tone: 'soon' },
};

export const CERTIFICATE_STATUS_LABEL = Object.fromEntries(Object.entries(CERTIFICATE).map(([k, v]) => [k, v.label])) as Readonly<Record<CertificateStatus, string>>;

export function StatusBadge({ status }: { readonly status: CertificateStatus }) {
  const s = CERTIFICATE[status];
  return <span className={`tag tag-${s.tone}`}>{s.label}</span>;
}

export function LinkStatusBadge({ status }: { readonly status: LinkStatus }) {
  const s = LINK[status];
  return <span className={`tag tag-${s.tone}`}>{s.label}</span>;
}
