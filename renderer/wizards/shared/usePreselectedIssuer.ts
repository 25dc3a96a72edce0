import { useEffect } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { preselectedAuthority } from '../../app/authority-tree.js';
import type { AuthoritiesLoad } from '../../app/useAuthorities.js';
import { issuerInfo, type IssuerInfo } from './leaf.js';

/**
 * Once the authorities are known, preselects the active CA the wizard was opened from (or the only
 * one), unless a CA is chosen already. Only when the list arrives; later changes are the user's.
 */
export function usePreselectedIssuer(load: AuthoritiesLoad, authorities: readonly AuthoritySummary[], authorityId: string | undefined, issuer: IssuerInfo | null, choose: (issuer: IssuerInfo) => void): void {
  useEffect(() => {
    if (load.state !== 'ready' || issuer) return;
    const chosen = preselectedAuthority(authorities.filter((a) => a.state === 'active'), authorityId);
    if (chosen) choose(issuerInfo(chosen));
  }, [load.state]);
}
