/**
 * The service policy (`service-policy.cwv`): who may call which service's actions
 * (shared/domain/service-policy.ts), stored parsed and checked, with when it last changed.
 */
import { CertwrightError } from '../../shared/errors.js';
import { EMPTY_POLICY, formatPolicy, parsePolicy, type ServicePolicy } from '../../shared/domain/service-policy.js';
import type { VaultFiles } from './files.js';
import { msg } from '../../shared/i18n/message.js';

export const SERVICE_POLICY = 'service-policy';

export class ServicePolicyFile {
  readonly #files: VaultFiles;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  read(): { policy: ServicePolicy; updatedAt: string | null } {
    const doc = this.#files.read(SERVICE_POLICY)?.doc;
    if (!doc) return { policy: EMPTY_POLICY, updatedAt: null };
    // Stored as the checked policy; read back through the same parser, so a damaged file never grants anything.
    const parsed = parsePolicy(JSON.stringify(doc.policy ?? null));
    if (!parsed.ok) throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.damagedPolicy'));
    return { policy: parsed.policy, updatedAt: typeof doc.updatedAt === 'string' ? doc.updatedAt : null };
  }

  /** Inside a transaction. */
  write(policy: ServicePolicy, at: Date): void {
    this.#files.write(SERVICE_POLICY, { policy: JSON.parse(formatPolicy(policy)) as unknown, updatedAt: at.toISOString() });
  }
}
