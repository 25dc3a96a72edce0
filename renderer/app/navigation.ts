/**
 * Where the user is: one of the views, or a wizard opened from one. Wizards open in the main area;
 * when they succeed they return to the relevant view with the new item selected and a message.
 */
import { createContext, useContext } from 'react';
import type { CertificateStatus } from '../../shared/domain/certificate.js';
import type { ClipboardHandoff } from './shortcuts/clipboard.js';

export type ViewId = 'dashboard' | 'authorities' | 'certificates' | 'services' | 'endpoints' | 'inspect' | 'audit' | 'settings';
export type WizardId = 'new-root' | 'new-intermediate' | 'offline-intermediate' | 'import-ca' | 'issue' | 'mtls-pair' | 'bulk-issue' | 'sign-csr' | 'export' | 'revoke' | 'renew';

/** A message a view shows once, after a wizard brought the user there. */
export interface Flash {
  readonly message: string;
  readonly notes?: readonly string[];
  readonly warnings?: readonly string[];
}

/**
 * What the Certificates view starts filtered to (the dashboard's tiles open it with one). Every field
 * is optional; those given all apply (AND); none or `undefined` is the unfiltered list. Examples:
 * `{ expiringWithinDays: 30 }`, `{ status: 'revoked' }`.
 *
 * - `expiringWithinDays: n` (a whole number of days, the dashboard sends 7, 30 or 90): the
 *   certificates still in service (status `'valid'` and `replacedById === null`) whose
 *   `effectiveNotAfter` is at most n days from now, i.e. `Date.parse(c.effectiveNotAfter) - now <= n * 86_400_000`.
 *   The same rule as `dashboard.get`'s `expiring` counts (electron/services/dashboard.ts), so the
 *   list shows as many rows as the tile said.
 * - `status`: the certificates with exactly that `CertificateSummary.status`.
 */
export interface CertificateFilter {
  readonly expiringWithinDays?: number | undefined;
  readonly status?: CertificateStatus | undefined;
  /** Issued by this CA itself (the dashboard's "leaves a root signed directly"); `authorityName` is its chip's words. */
  readonly authorityId?: string | undefined;
  readonly authorityName?: string | undefined;
}

export type Screen =
  | { readonly kind: 'view'; readonly view: ViewId; readonly select?: string | undefined; readonly flash?: Flash | undefined; readonly filter?: CertificateFilter | undefined; readonly clipboard?: ClipboardHandoff | undefined }
  | { readonly kind: 'wizard'; readonly wizard: WizardId; readonly from: ViewId } & WizardOptions;

/** What a wizard starts from. */
export interface WizardOptions {
  /** The CA it starts from (preselected). */
  readonly authorityId?: string | undefined;
  /** The certificate it works on (export). */
  readonly certificateId?: string | undefined;
  /** The certificates it works on (revoke several at once). */
  readonly certificateIds?: readonly string[] | undefined;
  /** The server certificate paired with it (export of an mTLS pair's client: proven against it). */
  readonly serverId?: string | undefined;
  /** renew: true for a rekey (a new key pair), false or absent for a renewal with the same key. */
  readonly rekey?: boolean | undefined;
  /** renew: every valid certificate whose effective expiry is within this many days (instead of certificateIds). */
  readonly expiringWithinDays?: number | undefined;
}

/**
 * The section a wizard belongs to: what it makes or changes, where it returns when done. The
 * sidebar marks it while the wizard is open, whichever view it was opened from (issuing from a
 * CA's page is still Certificates).
 */
const WIZARD_SECTION: Readonly<Record<WizardId, ViewId>> = {
  'new-root': 'authorities',
  'new-intermediate': 'authorities',
  'offline-intermediate': 'authorities',
  'import-ca': 'authorities',
  issue: 'certificates',
  'mtls-pair': 'certificates',
  'bulk-issue': 'certificates',
  'sign-csr': 'certificates',
  export: 'certificates',
  revoke: 'certificates',
  renew: 'certificates',
};

/** The sidebar section of a screen: a view is its own; a wizard its section (revoking a CA is Authorities). */
export function sectionOf(screen: Screen): ViewId {
  if (screen.kind === 'view') return screen.view;
  const revokesAuthority = screen.wizard === 'revoke' && screen.authorityId !== undefined && !screen.certificateId && (screen.certificateIds?.length ?? 0) === 0;
  return revokesAuthority ? 'authorities' : WIZARD_SECTION[screen.wizard];
}

export interface Navigation {
  /** `filter` only means something for 'certificates' (see CertificateFilter). */
  /** `clipboard` only for 'inspect': the text Inspect clipboard brought (or why none). */
  show(view: ViewId, options?: { readonly select?: string | undefined; readonly flash?: Flash | undefined; readonly filter?: CertificateFilter | undefined; readonly clipboard?: ClipboardHandoff | undefined }): void;
  /** Opens a wizard; `authorityId` preselects the CA it starts from, `certificateId` the certificate it works on. */
  open(wizard: WizardId, options?: WizardOptions): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside the Shell');
  return nav;
}
