import { safeName } from '../../pki/bundle.js';
import { writeBundle } from '../../pki/write-bundle.js';
import { toPem } from '../../../engine/pem.js';
import type { Catalog } from '../../pki/catalog.js';
import type { Revoking } from '../../pki/revoking.js';
import { noDialogs } from '../../platform/dialogs.js';
import type { Handlers } from '../handler.js';
import { progressReporter } from './progress.js';
import type { Services } from './services.js';

type RevocationHandlers = Pick<Handlers, 'certificate.revoke' | 'certificate.release' | 'authority.crl' | 'authority.crlEntries' | 'authority.publishCrl' | 'authority.exportCrl'>;

export function revocationHandlers({ vault, dialogs = noDialogs }: Services, catalog: Catalog, revoking: Revoking): RevocationHandlers {
  return {
    'certificate.revoke': async ({ ids, reason, invalidityDate, operationId }, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, operationId, 2 * new Set(ids.map((id) => vault.getCertificate(id).authorityId)).size);
      const { records, crls } = await revoking.revoke({ ids, reason, invalidityDate: invalidityDate ? new Date(invalidityDate) : null }, progress);
      return { revoked: await Promise.all(records.map((r) => catalog.certificateSummary(r))), crls };
    },
    'certificate.release': async ({ id }) => {
      const { record, crl } = await revoking.release(id);
      return { certificate: await catalog.certificateSummary(record), crl };
    },
    'authority.crl': async ({ id }) => revoking.latest(id),
    'authority.crlEntries': async ({ id, query, offset, limit }) => revoking.entries(id, query, offset, limit),
    'authority.publishCrl': async ({ id }) => {
      await revoking.publish(id);
      return revoking.latestOrFirst(id);
    },
    'authority.exportCrl': async ({ id, format }) => {
      const der = await revoking.latestDer(id);
      const detail = await catalog.authoritySummary(vault.getAuthority(id));
      const base = safeName(detail.subject.commonName);
      const extension = format === 'der' ? 'crl' : 'crl.pem';
      const out = await dialogs.chooseSaveFile({ title: `Save the CRL of ${detail.subject.commonName}`, defaultName: `${base}.${extension}`, extensions: [format === 'der' ? 'crl' : 'pem'] });
      if (out === null) return { cancelled: true, paths: [] };
      const contents = format === 'der' ? der : toPem('X509 CRL', der);
      return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name: `${base}.${extension}`, contents, secret: false, mode: 0o644 }] }, out) };
    },
  };
}
