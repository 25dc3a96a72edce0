/** Why the unlock screen is showing, in words. Pure. */
import type { LockReason } from '../../shared/domain/vault.js';

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
      return idleMinutes ? `Locked after ${idleMinutes} ${idleMinutes === 1 ? 'minute' : 'minutes'} without use.` : 'Locked after the time without use set in Settings → Security.';
    case 'suspend':
      return 'Locked because the computer went to sleep.';
    case 'screen-locked':
      return 'Locked because the screen was locked.';
    case 'windows-closed':
      return 'Locked because the last window closed.';
  }
}
