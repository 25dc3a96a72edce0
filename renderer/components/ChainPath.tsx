import type { ChainLink } from '../../shared/domain/certificate.js';
import { formatDate } from '../app/format.js';
import { LinkStatusBadge } from './StatusBadge.js';

const ROLE: Readonly<Record<ChainLink['role'], string>> = { leaf: 'Leaf', intermediate: 'Intermediate CA', root: 'Root CA' };

interface ChainPathProps {
  readonly chain: readonly ChainLink[];
  /** Opens an authority of this vault (links that have an authorityId). */
  readonly onOpenAuthority?: (id: string) => void;
  /** The id of the authority whose pane this is: not a link to itself. */
  readonly selfId?: string;
}

/** The certification path, first to last (leaf → root), each link with its status and note. */
export function ChainPath({ chain, onOpenAuthority, selfId }: ChainPathProps) {
  return (
    <section className="chain" aria-labelledby="chain-title">
      <h3 id="chain-title" className="section-title">
        Chain
      </h3>
      <p className="visually-hidden">{chain.map((l) => l.commonName).join(' → ')}</p>
      <ol className="chain-list" aria-label="Certification path">
        {chain.map((link, i) => (
          <li key={`${link.serialNumberHex}-${i}`} className={`chain-link chain-${link.role}`}>
            <span className="chain-dot" aria-hidden="true" />
            <div className="chain-body">
              <div className="chain-head">
                <span className="chain-role">{ROLE[link.role]}</span>
                {link.authorityId && onOpenAuthority && link.authorityId !== selfId ? (
                  <button type="button" className="link chain-name" onClick={() => onOpenAuthority(link.authorityId as string)}>
                    {link.commonName}
                  </button>
                ) : (
                  <span className="chain-name">{link.commonName}</span>
                )}
                <LinkStatusBadge status={link.status} />
              </div>
              <p className="chain-note">
                {link.note}
                {link.notAfter ? <span className="muted"> · expires {formatDate(link.notAfter)}</span> : null}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
