/**
 * The window's words for a certificate's kind, in its language (a revocation reason's are
 * components/CrlEntryTable.tsx reasonLabel). The English in shared/domain (PROFILE_INFO) stays for
 * main and the CLI.
 */
import type { CertificateKind } from '../../shared/domain/certificate.js';
import { t } from '../i18n/instance.js';

/** "Server", "Client", "Peer", "Sub-CA". */
export const profileLabel = (kind: CertificateKind): string => t(`certificates:profile.${kind}` as const);

/** "Server certificate" … */
export const profileCertificateLabel = (kind: CertificateKind): string => t(`certificates:profileCertificate.${kind}` as const);

