import type { EngineCrypto } from '../../../engine/webcrypto.js';
import type { Vault } from '../../../vault/vault.js';
import type { Timer } from '../../../services/expiry-watch.js';
import type { Dialogs } from '../../platform/dialogs.js';
import type { Notifier } from '../../../services/notifier.js';
import type { AutoLock } from '../../../services/auto-lock.js';
import type { UntrustedPool } from '../../../workers/pool.js';

/** What handlers work with. Tests pass real ones; only the platform (dialogs) is ever faked. */
export interface Services {
  readonly vault: Vault;
  readonly crypto: EngineCrypto;
  readonly now: () => Date;
  /** Native save/folder dialogs (absent in the CLI, which takes paths as arguments). */
  readonly dialogs?: Dialogs;
  /** OS notifications (the app only): with one, expiry is watched while the vault is unlocked. */
  readonly notifier?: Notifier;
  /** The daily tick of the expiry watch (tests pass their own). */
  readonly timer?: Timer;
  /**
   * The app's auto-lock (and the e2e harness's): started on create/unlock, the lock channel goes
   * through it, `vault.activity` touches it. Without one (the CLI) the vault locks only when asked.
   */
  readonly autoLock?: AutoLock;
  /**
   * Where outside input is read (files, pastes, CSRs, CRLs, TLS endpoints): the process's pool of
   * untrusted-input workers by default; tests pass one with other limits.
   */
  readonly untrusted?: UntrustedPool;
}
