import { useEffect } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { issuingAuthorities, preselectedAuthority } from '../../app/authority-tree.js';
import type { AuthoritiesLoad } from '../../app/useAuthorities.js';
import { issuerInfo, type IssuerInfo } from './leaf.js';

/**
 * The CA a leaf wizard starts with: the one it was opened from; else an intermediate (roots should
 * sign only CAs: the first unrevoked intermediate in tree order); else the only candidate there is.
 */
export function preselectedIssuer(candidates: readonly AuthoritySummary[], id: string | undefined): AuthoritySummary | undefined {
  const opened = candidates.find((a) => a.id === id);
  if (opened) return opened;
  return candidates.find((a) => a.kind === 'intermediate' && a.revocation === null) ?? preselectedAuthority(candidates, id);
}

/**
 * Once the authorities are known, preselects the CA for a leaf (see preselectedIssuer) unless a CA
 * is chosen already. Only when the list arrives; later changes are the user's.
 */
export function usePreselectedIssuer(load: AuthoritiesLoad, authorities: readonly AuthoritySummary[], authorityId: string | undefined, issuer: IssuerInfo | null, choose: (issuer: IssuerInfo) => void): void {
  useEffect(() => {
    if (load.state !== 'ready' || issuer) return;
    const chosen = preselectedIssuer(
      issuingAuthorities(authorities).map((n) => n.authority),
      authorityId,
    );
    if (chosen) choose(issuerInfo(chosen));
  }, [load.state]);
}
