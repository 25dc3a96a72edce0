import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { progressTo } from './progress.js';

type CertificateHandlers = Pick<
  Handlers,
  'certificate.list' | 'certificate.get' | 'certificate.issue' | 'certificate.issuePair' | 'certificate.issueBulk' | 'certificate.renew' | 'csr.inspect' | 'csr.sign'
>;

export function certificateHandlers({ certificates }: Services): CertificateHandlers {
  return {
    'certificate.list': async () => certificates.list(),
    'certificate.get': async ({ id }) => certificates.get(id),
    'certificate.issue': async (input, ctx) => certificates.issue(input, progressTo(ctx, input.operationId)),
    'certificate.issuePair': async (input, ctx) => certificates.issuePair(input, progressTo(ctx, input.operationId)),
    'certificate.issueBulk': async (input, ctx) => certificates.issueBulk(input, progressTo(ctx, input.operationId)),
    'certificate.renew': async (input, ctx) => certificates.renew(input, progressTo(ctx, input.operationId)),
    'csr.inspect': async ({ csr }) => certificates.reviewCsr(csr),
    'csr.sign': async (input) => certificates.signCsr(input),
  };
}
