import type { CertificateStatus, LinkStatus } from '../../shared/domain/certificate.js';
import { Icon, type IconName } from './Icon.js';

/**
 * Each status its own colour AND icon (issue 17): expired (an hourglass, neutral: it ran its course)
 * and revoked (struck through, red: withdrawn) are never one red dot.
 */
const CERTIFICATE: Readonly<Record<CertificateStatus, { label: string; tone: string; icon: IconName }>> = {
  valid: { label: 'Valid', tone: 'ok', icon: 'check' },
  expired: { label: 'Expired', tone: 'lapsed', icon: 'expired' },
  'not-yet-valid': { label: 'Not yet valid', tone: 'soon', icon: 'clock' },
  revoked: { label: 'Revoked', tone: 'revoked', icon: 'revoked' },
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

export const CERTIFICATE_STATUS_ICON = Object.fromEntries(Object.entries(CERTIFICATE).map(([k, v]) => [k, v.icon])) as Readonly<Record<CertificateStatus, IconName>>;

export function StatusBadge({ status }: { readonly status: CertificateStatus }) {
  const s = CERTIFICATE[status];
  return (
    <span className={`tag tag-${s.tone} tag-status`}>
      <Icon name={s.icon} size={12} />
      {s.label}
    </span>
  );
}

export function LinkStatusBadge({ status }: { readonly status: LinkStatus }) {
  const s = LINK[status];
  return <span className={`tag tag-${s.tone}`}>{s.label}</span>;
}
