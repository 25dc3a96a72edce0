import { CertwrightError } from '../../../../shared/errors.js';
import { safeName } from '../../../services/bundle.js';
import { untrustedPool } from '../../../workers/pool.js';
import { crlIssuers } from '../../../services/inspecting.js';
import type { Issuing } from '../../../services/issuing.js';
import type { OcspSigner } from '../../../services/ocsp-responder.js';
import { startOcspResponder, type RunningOcspServer } from '../../../services/ocsp-server.js';
import { ListenerRegistry } from '../../../services/listeners/registry.js';
import { writeBundle } from '../../../services/write-bundle.js';
import { toPem } from '../../../engine/pem.js';
import type { Catalog } from '../../../services/catalog.js';
import type { Revoking } from '../../../services/revoking.js';
import { noDialogs } from '../../platform/dialogs.js';
import type { Handlers } from '../handler.js';
import { progressReporter } from './progress.js';
import type { Services } from './services.js';

type RevocationHandlers = Pick<
  Handlers,
  'certificate.revoke' | 'certificate.release' | 'authority.crl' | 'authority.crlEntries' | 'authority.publishCrl' | 'authority.exportCrl' | 'authority.revoke' | 'authority.revocationImpact' | 'crl.inspect' | 'authority.ocspStart' | 'authority.ocspStop' | 'authority.ocspStatus'
>;

export function revocationHandlers({ vault, crypto, now, dialogs = noDialogs, untrusted = untrustedPool() }: Services, catalog: Catalog, issuing: Issuing, revoking: Revoking): RevocationHandlers {
  /**
   * Running responders by authority: one per CA however calls interleave (two starts share one
   * listener; a stop waits for a start in flight). They end with the process (the app quitting).
   */
  const responders = new ListenerRegistry<RunningOcspServer & { readonly signer: OcspSigner }>();
  const status = (id: string) => {
    const running = responders.get(id);
    return { running: running !== null, url: running?.url ?? null, signer: running?.signer ?? null };
  };
  return {
    'authority.ocspStart': async ({ id, port, delegated }) => {
      const authority = vault.getAuthority(id);
      if (authority.state !== 'active') throw new CertwrightError('INVALID_INPUT', 'id: This intermediate is waiting for its signed certificate; it cannot answer OCSP yet', { field: 'id' });
      const signer: OcspSigner = delegated ? 'delegated' : 'ca';
      try {
        // A start already running or in flight wins: this call answers with its status.
        await responders.start(id, async () => {
          const server = await startOcspResponder({ vault, issuing, authorityId: id, crypto, now, signer, ...(port === undefined ? {} : { port }) });
          try {
            vault.recordAudit([{ kind: 'ocsp.started', authorityId: id, details: { url: server.url, signer } }]);
          } catch (error) {
            await server.close();
            throw error;
          }
          return server;
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CertwrightError('INVALID_INPUT', `port: Port ${port} on 127.0.0.1 is in use; choose another`, { field: 'port' });
        throw error;
      }
      return status(id);
    },
    'authority.ocspStop': async ({ id }) => {
      const stopped = await responders.stop(id);
      if (stopped && vault.state() === 'unlocked') vault.recordAudit([{ kind: 'ocsp.stopped', authorityId: id, details: { url: stopped.url } }]);
      return status(id);
    },
    'authority.ocspStatus': async ({ id }) => status(id),
    'authority.revoke': async ({ id, reason, invalidityDate, operationId }, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, operationId, 2);
      progress(0, 'Revoking the CA certificate');
      const { record, crl } = await revoking.revokeAuthority(id, reason, invalidityDate ? new Date(invalidityDate) : null);
      progress(2, 'Done');
      return { authority: await catalog.authoritySummary(record), crl };
    },
    'authority.revocationImpact': async ({ id }) => revoking.impact(id),
    // A CRL from outside is read in the untrusted-input worker, against the vault's CAs as data.
    'crl.inspect': async ({ crl }) => untrusted.run('crl.inspect', { crl, known: crlIssuers(vault), now: now().getTime() }),
    'certificate.revoke': async ({ ids, reason, invalidityDate, operationId }, ctx) => {
      vault.assertUnlocked();
      const records = revoking.find(ids);
      const progress = progressReporter(ctx, operationId, 2 * new Set(records.map((r) => r.authorityId)).size);
      const crls = await revoking.revoke(records, { reason, invalidityDate: invalidityDate ? new Date(invalidityDate) : null }, progress);
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
