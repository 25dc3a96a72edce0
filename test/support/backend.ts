/** The real main-side stack (vault, services from createServices, handlers, router) over a directory, for tests. */
import { createServices } from '../../electron/services/index.js';
import { FROM_ROOT_ACK } from '../../shared/domain/hierarchy.js';
import type { Channel, Input, Output } from '../../shared/ipc/contract.js';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import type { Notifier } from '../../electron/services/notifier.js';
import type { Timer } from '../../electron/services/expiry-watch.js';
import type { UntrustedPool } from '../../electron/workers/pool.js';
import { createHandlers } from '../../electron/main/ipc/handlers/index.js';
import type { Caller } from '../../electron/main/ipc/handler.js';
import { createRouter, type RouterOptions } from '../../electron/main/ipc/router.js';
import { fileLock } from '../../electron/vault/lock.js';
import { Vault } from '../../electron/vault/vault.js';
import { CHEAP_SCRYPT_N } from './vault-fixtures.js';

/** The channels that sign leaves, which a root does only with the input's acknowledgement. */
const LEAF_CHANNELS = ['certificate.issue', 'certificate.issuePair', 'certificate.issueBulk', 'csr.sign'] as const;

export const TEST_ORIGIN = 'app://certwright';
export const TRUSTED_CALLER: Caller = { url: `${TEST_ORIGIN}/index.html`, isMainFrame: true, isOwnWindow: true };

/**
 * `scryptN`: the KDF cost of a vault created (or a passphrase changed) here; the header keeps it, so
 * every later unlock of that vault, by any process, costs the same. By default the cheapest a header
 * may have (CHEAP_SCRYPT_N): the app's 2^17 is proven in test/unit/vault.test.ts, and at that cost
 * each create and unlock took a test half a second of CPU or more. `null`: the app's own default.
 */
export function openBackend(directory: string, options: { now?: () => Date; emit?: RouterOptions['emit']; log?: RouterOptions['log']; dialogs?: Dialogs; notifier?: Notifier; timer?: Timer; untrusted?: UntrustedPool; scryptN?: number | null } = {}) {
  const crypto = globalThis.crypto;
  const now = options.now ?? (() => new Date());
  const scryptN = options.scryptN === undefined ? CHEAP_SCRYPT_N : options.scryptN;
  const vaultOption = scryptN === null ? {} : { vault: new Vault({ directory, lock: fileLock(directory), crypto, now, scryptN }) };
  const services = createServices({ directory, crypto, now, ...vaultOption, ...(options.notifier ? { notifier: options.notifier } : {}), ...(options.timer ? { timer: options.timer } : {}), ...(options.untrusted ? { untrusted: options.untrusted } : {}) });
  const { vault } = services;
  const handlers = createHandlers(services, options.dialogs ? { dialogs: options.dialogs } : {});
  const router = createRouter({ handlers, trustedOrigin: TEST_ORIGIN, emit: options.emit ?? (() => undefined), log: options.log });
  /**
   * Calls a channel as the trusted window would, and unwraps the result (throws on error). Leaf
   * issuance carries the root acknowledgement (as the window's confirmation adds it), so tests may
   * issue from a root for brevity; root-issuer.test.ts proves the refusal without it (router.invoke).
   */
  async function call<C extends Channel>(channel: C, ...[input]: Record<string, never> extends Input<C> ? [Input<C>?] : [Input<C>]): Promise<Output<C>> {
    const result = await router.invoke(channel, withRootAcknowledged(channel, input ?? {}), TRUSTED_CALLER);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as Output<C>;
  }
  return { vault, services, handlers, router, call };
}

/**
 * A leaf-issuing input with the root acknowledgement added (as the window's confirmation adds it),
 * unless the test set fromRoot itself: tests may issue from a root for brevity.
 */
export function withRootAcknowledged(channel: string, input: object): object {
  return (LEAF_CHANNELS as readonly string[]).includes(channel) && !('fromRoot' in input) ? { ...input, fromRoot: FROM_ROOT_ACK } : input;
}
