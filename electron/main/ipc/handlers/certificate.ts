import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';
import { progressTo } from './progress.js';

type CertificateHandlers = Pick<
  Handlers,
  'certificate.list' | 'certificate.get' | 'certificate.issue' | 'certificate.issuePair' | 'certificate.issueBulk' | 'certificate.renew' | 'certificate.exportList' | 'dashboard.get' | 'csr.inspect' | 'csr.sign'
>;

export function certificateHandlers({ certificates }: Services, platform: Platform): CertificateHandlers {
  return {
    'certificate.list': async () => certificates.list(),
    'certificate.get': async ({ id }) => certificates.get(id),
    'certificate.issue': async (input, ctx) => certificates.issue(input, progressTo(ctx, input.operationId)),
    'certificate.issuePair': async (input, ctx) => certificates.issuePair(input, progressTo(ctx, input.operationId)),
    'certificate.issueBulk': async (input, ctx) => certificates.issueBulk(input, progressTo(ctx, input.operationId)),
    'certificate.renew': async (input, ctx) => certificates.renew(input, progressTo(ctx, input.operationId)),
    'certificate.exportList': async (input) => certificates.exportList(input, destinationOf(platform)),
    'dashboard.get': async () => certificates.dashboard(),
    'csr.inspect': async ({ csr }) => certificates.reviewCsr(csr),
    'csr.sign': async (input) => certificates.signCsr(input),
  };
}
