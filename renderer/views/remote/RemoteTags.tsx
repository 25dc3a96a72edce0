import type { RemoteHealth, RemoteSummary } from '../../../shared/domain/remote.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { HEALTH_LOOK } from './model.js';

/**
 * "step-ca" on a remote authority wherever it is listed, "step-ca · team-ca" (`named`) on what it
 * issued; its title names the server.
 */
export function StepCaTag({ remote, named = false }: { readonly remote: RemoteSummary | undefined; readonly named?: boolean }) {
  const t = useT();
  return (
    <span className="tag tag-remote" title={remote ? t('remote:view.badgeTitle', { name: remote.name }) : t('remote:view.badgeUnnamed')}>
      {named && remote ? t('remote:view.serverTag', { name: remote.name }) : t('remote:view.badge')}
    </span>
  );
}

/** A server's (or one URL's) health: its own colour and icon, as the endpoints' health. */
export function RemoteHealthTag({ health }: { readonly health: RemoteHealth }) {
  const t = useT();
  const look = HEALTH_LOOK[health];
  return (
    <span className={`tag tag-${look.tone} tag-status`}>
      <Icon name={look.icon} size={12} />
      {t(`remote:view.health.${health}`)}
    </span>
  );
}
