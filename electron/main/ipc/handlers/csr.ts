import { untrustedPool } from '../../../workers/pool.js';
import type { Catalog } from '../../../services/catalog.js';
import type { Issuing } from '../../../services/issuing.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type CsrHandlers = Pick<Handlers, 'csr.inspect' | 'csr.sign'>;

/** A CSR comes from outside: it is read and judged in the untrusted-input worker, for review and for signing alike. */
export function csrHandlers({ vault, untrusted = untrustedPool() }: Services, catalog: Catalog, issuing: Issuing): CsrHandlers {
  return {
    'csr.inspect': async ({ csr }) => (await untrusted.run('csr.review', { csr })).summary,
    'csr.sign': async (input) => {
      vault.assertUnlocked();
      const reviewed = await untrusted.run('csr.review', { csr: input.csr });
      const { record, warnings } = await issuing.signCsr(input, reviewed);
      return { certificate: await catalog.certificateSummary(record), warnings };
    },
  };
}
