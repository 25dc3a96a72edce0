import { inspectCsr, parseCsr } from '../../../engine/csr.js';
import type { Catalog } from '../../pki/catalog.js';
import type { Issuing } from '../../pki/issuing.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type CsrHandlers = Pick<Handlers, 'csr.inspect' | 'csr.sign'>;

export function csrHandlers({ vault, crypto }: Services, catalog: Catalog, issuing: Issuing): CsrHandlers {
  return {
    'csr.inspect': async ({ csr }) => inspectCsr(parseCsr(csr), crypto),
    'csr.sign': async (input) => {
      vault.assertUnlocked();
      const { record, warnings } = await issuing.signCsr(input);
      return { certificate: await catalog.certificateSummary(record), warnings };
    },
  };
}
