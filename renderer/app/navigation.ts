/**
 * Where the user is: one of the views, or a wizard opened from one. Wizards open in the main area;
 * when they succeed they return to the relevant view with the new item selected and a message.
 */
import { createContext, useContext } from 'react';

export type ViewId = 'authorities' | 'certificates' | 'inspect' | 'settings';
export type WizardId = 'new-root' | 'new-intermediate' | 'offline-intermediate' | 'issue' | 'mtls-pair' | 'bulk-issue' | 'sign-csr' | 'export' | 'revoke';

/** A message a view shows once, after a wizard brought the user there. */
export interface Flash {
  readonly message: string;
  readonly notes?: readonly string[];
  readonly warnings?: readonly string[];
}

export type Screen =
  | { readonly kind: 'view'; readonly view: ViewId; readonly select?: string | undefined; readonly flash?: Flash | undefined }
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
}

export interface Navigation {
  show(view: ViewId, options?: { readonly select?: string | undefined; readonly flash?: Flash | undefined }): void;
  /** Opens a wizard; `authorityId` preselects the CA it starts from, `certificateId` the certificate it works on. */
  open(wizard: WizardId, options?: WizardOptions): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside the Shell');
  return nav;
}
