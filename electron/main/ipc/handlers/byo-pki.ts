import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';

type ByoPkiHandlers = Pick<Handlers, 'authority.import' | 'csr.signCa' | 'authority.exportIstio'>;

export function byoPkiHandlers({ byoPki }: Services, platform: Platform): ByoPkiHandlers {
  return {
    'authority.import': async (input) => byoPki.importAuthority(input),
    'csr.signCa': async (input) => byoPki.signSubCa(input),
    'authority.exportIstio': async ({ id }) => byoPki.exportIstio(id, destinationOf(platform)),
  };
}
