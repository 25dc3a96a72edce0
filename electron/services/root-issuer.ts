/**
 * Roots sign only CAs: a leaf (issue, pair, bulk, a leaf CSR) signed by a root CA needs the input's
 * explicit acknowledgement. Enforced here, in main, for the window and the CLI alike; the window turns
 * the refusal's code into its confirmation, the CLI into its --from-root hint.
 */
import { FROM_ROOT_ACK, ROOT_SIGNS_ONLY_CAS } from '../../shared/domain/hierarchy.js';
import { CertwrightError } from '../../shared/errors.js';
import type { AuthorityRecord } from '../vault/records.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';

export function requireRootAcknowledged(vault: Vault, catalog: Catalog, authorityId: string, fromRoot: string | undefined): void {
  const record: AuthorityRecord = vault.getAuthority(authorityId);
  if (record.kind !== 'root' || fromRoot === FROM_ROOT_ACK) return;
  const name = record.certificateDerB64 ? (catalog.certificate(record.certificateDerB64).subjectName.getField('CN')[0] ?? 'This CA') : 'This CA';
  throw new CertwrightError(
    'ROOT_ISSUER_UNCONFIRMED',
    `fromRoot: ${name} is a root CA. ${ROOT_SIGNS_ONLY_CAS} Issue from an intermediate, or confirm that this root signs the leaf itself.`,
    { field: 'fromRoot' },
  );
}
