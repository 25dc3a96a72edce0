import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';

type ExportHandlers = Pick<Handlers, 'certificate.export' | 'certificate.snippets' | 'certificate.prove'>;

export function exportHandlers({ exports }: Services, platform: Platform): ExportHandlers {
  return {
    'certificate.export': async (input) => exports.export(input, destinationOf(platform)),
    'certificate.snippets': async ({ id }) => exports.snippets(id),
    'certificate.prove': async (input) => exports.prove(input),
  };
}
