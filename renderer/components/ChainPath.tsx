import type { ChainLink } from '../../shared/domain/certificate.js';
import { formatDate } from '../app/format.js';
import { wordOf } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';
import { LinkStatusBadge } from './StatusBadge.js';

interface ChainPathProps {
  readonly chain: readonly ChainLink[];
  /** Opens an authority of this vault (links that have an authorityId). */
  readonly onOpenAuthority?: (id: string) => void;
  /** The id of the authority whose pane this is: not a link to itself. */
  readonly selfId?: string;
}

/** The certification path, first to last (leaf → root), each link with its status and note. */
export function ChainPath({ chain, onOpenAuthority, selfId }: ChainPathProps) {
  const t = useT();
  return (
    <section className="chain" aria-labelledby="chain-title">
      <h3 id="chain-title" className="section-title">
        {t('app:chain.title')}
      </h3>
      <p className="visually-hidden">{chain.map((l) => l.commonName).join(' → ')}</p>
      <ol className="chain-list" aria-label={t('app:chain.path')}>
        {chain.map((link, i) => (
          <li key={`${link.serialNumberHex}-${i}`} className={`chain-link chain-${link.role}`}>
            <span className="chain-dot" aria-hidden="true" />
            <div className="chain-body">
              <div className="chain-head">
                <span className="chain-role">{t(`common:role.${link.role}`)}</span>
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
                {wordOf(link.note)}
                {link.notAfter ? <span className="muted"> · {t('app:chain.expires', { date: formatDate(link.notAfter) })}</span> : null}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
