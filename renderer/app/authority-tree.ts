/**
 * Authorities as a tree: roots, and below each CA the intermediates it signed (by parentId).
 * Intermediates signed outside this vault (and pending ones) have no parent here: they stand at
 * the top level. Pure, so the ordering rules are testable.
 */
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { t } from '../i18n/instance.js';

export interface AuthorityNode {
  readonly authority: AuthoritySummary;
  readonly depth: number;
  readonly children: readonly AuthorityNode[];
}

const byAge = (a: AuthoritySummary, b: AuthoritySummary) => a.createdAt.localeCompare(b.createdAt) || a.subject.commonName.localeCompare(b.subject.commonName);

export function buildAuthorityTree(authorities: readonly AuthoritySummary[]): AuthorityNode[] {
  const ids = new Set(authorities.map((a) => a.id));
  const childrenOf = new Map<string, AuthoritySummary[]>();
  const tops: AuthoritySummary[] = [];
  for (const a of authorities) {
    if (a.parentId !== null && a.parentId !== a.id && ids.has(a.parentId)) {
      const list = childrenOf.get(a.parentId) ?? [];
      list.push(a);
      childrenOf.set(a.parentId, list);
    } else tops.push(a);
  }
  const seen = new Set<string>();
  const build = (a: AuthoritySummary, depth: number): AuthorityNode => {
    seen.add(a.id);
    const children = (childrenOf.get(a.id) ?? []).filter((c) => !seen.has(c.id)).sort(byAge);
    return { authority: a, depth, children: children.map((c) => build(c, depth + 1)) };
  };
  // Roots first, then intermediates whose issuer lives elsewhere.
  tops.sort((a, b) => (a.kind === b.kind ? byAge(a, b) : a.kind === 'root' ? -1 : 1));
  const tree = tops.map((a) => build(a, 0));
  // A parent cycle (never written by main, but records are data) must not hide anyone.
  for (const a of authorities) if (!seen.has(a.id)) tree.push(build(a, 0));
  return tree;
}

/** Depth-first, parents before children: the order of the tree read top to bottom. */
export function flattenTree(nodes: readonly AuthorityNode[]): AuthorityNode[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

export function isActive(a: AuthoritySummary): boolean {
  return a.state === 'active';
}

/** May this CA sign another CA below it? Active, and its path length leaves room. */
export function canSignIntermediates(a: AuthoritySummary, now: Date = new Date()): boolean {
  // A remote authority's key is on its step-ca server: nothing here can sign a CA with it.
  return a.state === 'active' && !a.remoteId && (a.pathLength === null || a.pathLength > 0) && new Date(a.notAfter).getTime() > now.getTime();
}

/** Why it may not, in words; undefined when it may. */
export function whyNoIntermediates(a: AuthoritySummary, now: Date = new Date()): string | undefined {
  if (a.state !== 'active') return t('app:authority.waitingForCertificate');
  if (a.remoteId) return t('remote:view.noIntermediates');
  if (new Date(a.notAfter).getTime() <= now.getTime()) return t('app:authority.expired');
  if (a.pathLength === 0) return t('app:authority.pathLengthZero');
  return undefined;
}

/** Active, unexpired CAs in tree order, for choosing an issuer. */
export function issuingAuthorities(authorities: readonly AuthoritySummary[], now: Date = new Date()): AuthorityNode[] {
  return flattenTree(buildAuthorityTree(authorities)).filter((n) => n.authority.state === 'active' && new Date(n.authority.notAfter).getTime() > now.getTime());
}

/** The CA a wizard starts with: the one it was opened from, else the only candidate there is. */
export function preselectedAuthority(candidates: readonly AuthoritySummary[], id: string | undefined): AuthoritySummary | undefined {
  return candidates.find((a) => a.id === id) ?? (candidates.length === 1 ? candidates[0] : undefined);
}
