/** Why the unlock screen is showing, in words. Pure. */
import type { LockReason } from '../../shared/domain/vault.js';
import { t } from '../i18n/instance.js';

/**
 * The sentence the unlock screen opens with after the vault locked itself; undefined after the
 * user locked it (or at start), when there is nothing to explain. `idleMinutes` when known.
 */
export function lockedBecauseText(reason: LockReason | undefined, idleMinutes?: number | null): string | undefined {
  switch (reason) {
    case undefined:
    case 'user':
      return undefined;
    case 'idle':
      return idleMinutes ? t('auth:locked.idle', { count: idleMinutes }) : t('auth:locked.idleUnknown');
    case 'suspend':
      return t('auth:locked.suspend');
    case 'screen-locked':
      return t('auth:locked.screenLocked');
    case 'windows-closed':
      return t('auth:locked.windowsClosed');
  }
}
