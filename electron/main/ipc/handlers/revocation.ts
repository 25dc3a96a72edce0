import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';
import { progressTo } from './progress.js';

type RevocationHandlers = Pick<
  Handlers,
  'certificate.revoke' | 'certificate.release' | 'authority.crl' | 'authority.crlEntries' | 'authority.publishCrl' | 'authority.exportCrl' | 'authority.revoke' | 'authority.revocationImpact' | 'crl.inspect' | 'authority.ocspStart' | 'authority.ocspStop' | 'authority.ocspStatus'
>;

export function revocationHandlers({ revocations, ocsp }: Services, platform: Platform): RevocationHandlers {
  return {
    'certificate.revoke': async (input, ctx) => revocations.revoke(input, progressTo(ctx, input.operationId)),
    'certificate.release': async ({ id }) => revocations.release(id),
    'authority.revoke': async (input, ctx) => revocations.revokeAuthority(input, progressTo(ctx, input.operationId)),
    'authority.revocationImpact': async ({ id }) => revocations.impact(id),
    'authority.crl': async ({ id }) => revocations.latestCrl(id),
    'authority.crlEntries': async (input) => revocations.crlEntries(input),
    'authority.publishCrl': async ({ id }) => revocations.publishCrl(id),
    'authority.exportCrl': async (input) => revocations.exportCrl(input, destinationOf(platform)),
    'crl.inspect': async ({ crl }) => revocations.inspectCrl(crl),
    'authority.ocspStart': async ({ id, port, delegated }) => ocsp.start(id, { port, delegated }),
    'authority.ocspStop': async ({ id }) => ocsp.stop(id),
    'authority.ocspStatus': async ({ id }) => ocsp.status(id),
  };
}
