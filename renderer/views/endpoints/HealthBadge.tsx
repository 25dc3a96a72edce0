import type { WatchHealth } from '../../../shared/domain/watch.js';
import { Icon, type IconName } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';

/** Each health its own colour and icon, as the certificate statuses (StatusBadge): never colour alone. */
const LOOK: Readonly<Record<WatchHealth, { readonly tone: string; readonly icon: IconName }>> = {
  ok: { tone: 'ok', icon: 'check' },
  warning: { tone: 'soon', icon: 'alert' },
  error: { tone: 'expired', icon: 'alert' },
  unprobed: { tone: 'lapsed', icon: 'clock' },
};

export function HealthBadge({ health }: { readonly health: WatchHealth }) {
  const t = useT();
  const look = LOOK[health];
  return (
    <span className={`tag tag-${look.tone} tag-status`}>
      <Icon name={look.icon} size={12} />
      {t(`watch:view.health.${health}`)}
    </span>
  );
}

/** A finding's severity, worded and coloured like the health it gives. */
export function SeverityBadge({ severity }: { readonly severity: 'error' | 'warning' }) {
  const t = useT();
  const look = LOOK[severity];
  return (
    <span className={`tag tag-${look.tone} tag-status`}>
      <Icon name={look.icon} size={12} />
      {t(`watch:view.detail.severity.${severity}`)}
    </span>
  );
}
