import type { CertificateStatus, LinkStatus } from '../../shared/domain/certificate.js';
import { t } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';
import { Icon, type IconName } from './Icon.js';

/**
 * Each status its own colour AND icon (issue 17): expired (an hourglass, neutral: it ran its course)
 * and revoked (struck through, red: withdrawn) are never one red dot.
 */
const CERTIFICATE: Readonly<Record<CertificateStatus, { tone: string; icon: IconName }>> = {
  valid: { tone: 'ok', icon: 'check' },
  expired: { tone: 'lapsed', icon: 'expired' },
  'not-yet-valid': { tone: 'soon', icon: 'clock' },
  revoked: { tone: 'revoked', icon: 'revoked' },
};

const LINK: Readonly<Record<LinkStatus, { tone: string }>> = {
  ok: { tone: 'ok' },
  expired: { tone: 'expired' },
  'not-yet-valid': { tone: 'soon' },
  'bad-signature': { tone: 'expired' },
  'not-a-ca': { tone: 'expired' },
  'issuer-missing': { tone: 'soon' },
  revoked: { tone: 'expired' },
  'constraint-violated': { tone: 'expired' },
  untrusted: { tone: 'soon' },
};

/** A certificate status in words, in the window's language. */
export function certificateStatusLabel(status: CertificateStatus): string {
  switch (status) {
    case 'valid':
      return t('common:status.valid');
    case 'expired':
      return t('common:status.expired');
    case 'not-yet-valid':
      return t('common:status.notYetValid');
    case 'revoked':
      return t('common:status.revoked');
  }
}

/** A chain link's status in words. */
export function linkStatusLabel(status: LinkStatus): string {
  switch (status) {
    case 'ok':
      return t('common:link.ok');
    case 'expired':
      return t('common:status.expired');
    case 'not-yet-valid':
      return t('common:status.notYetValid');
    case 'bad-signature':
      return t('common:link.badSignature');
    case 'not-a-ca':
      return t('common:link.notACa');
    case 'issuer-missing':
      return t('common:link.issuerMissing');
    case 'revoked':
      return t('common:status.revoked');
    case 'constraint-violated':
      return t('common:link.constraintViolated');
    case 'untrusted':
      return t('common:link.untrusted');
  }
}

/** The same as a record (each read at render time, so it follows the language). */
export const CERTIFICATE_STATUS_LABEL: Readonly<Record<CertificateStatus, string>> = {
  get valid() {
    return certificateStatusLabel('valid');
  },
  get expired() {
    return certificateStatusLabel('expired');
  },
  get 'not-yet-valid'() {
    return certificateStatusLabel('not-yet-valid');
  },
  get revoked() {
    return certificateStatusLabel('revoked');
  },
};

export const CERTIFICATE_STATUS_ICON = Object.fromEntries(Object.entries(CERTIFICATE).map(([k, v]) => [k, v.icon])) as Readonly<Record<CertificateStatus, IconName>>;

export function StatusBadge({ status }: { readonly status: CertificateStatus }) {
  useT(); // re-render on a language change
  const s = CERTIFICATE[status];
  return (
    <span className={`tag tag-${s.tone} tag-status`}>
      <Icon name={s.icon} size={12} />
      {certificateStatusLabel(status)}
    </span>
  );
}

export function LinkStatusBadge({ status }: { readonly status: LinkStatus }) {
  useT(); // re-render on a language change
  const s = LINK[status];
  return <span className={`tag tag-${s.tone}`}>{linkStatusLabel(status)}</span>;
}
