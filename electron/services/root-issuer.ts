/**
 * Roots sign only CAs: a leaf (issue, pair, bulk, a leaf CSR) signed by a root CA needs the input's
 * explicit acknowledgement. Enforced here, in main, for the window and the CLI alike; the window turns
 * the refusal's code into its confirmation, the CLI into its --from-root hint.
 */
import { FROM_ROOT_ACK } from '../../shared/domain/hierarchy.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { AuthorityRecord } from '../vault/records.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';

export function requireRootAcknowledged(vault: Vault, catalog: Catalog, authorityId: string, fromRoot: string | undefined): void {
  const record: AuthorityRecord = vault.getAuthority(authorityId);
  if (record.kind !== 'root' || fromRoot === FROM_ROOT_ACK) return;
  const name = record.certificateDerB64 ? catalog.certificate(record.certificateDerB64).subjectName.getField('CN')[0] : undefined;
  throw new CertwrightError(
    'ROOT_ISSUER_UNCONFIRMED',
    name === undefined ? atField('fromRoot', 'errors:issuing.rootIssuerUnnamed') : atField('fromRoot', 'errors:issuing.rootIssuer', { name }),
    { field: 'fromRoot' },
  );
}
