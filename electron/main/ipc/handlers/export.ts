import type { Services } from '../../../services/index.js';
import type { Handlers } from '../handler.js';
import { destinationOf, type Platform } from './platform.js';
import { progressTo } from './progress.js';

type ExportHandlers = Pick<Handlers, 'certificate.export' | 'certificate.exportAll' | 'authority.saveCsr' | 'certificate.snippets' | 'certificate.prove'>;

export function exportHandlers({ exports }: Services, platform: Platform): ExportHandlers {
  return {
    'certificate.export': async (input) => exports.export(input, destinationOf(platform)),
    'certificate.exportAll': async (input, ctx) => exports.exportAll(input, destinationOf(platform), progressTo(ctx, input.operationId)),
    'authority.saveCsr': async ({ id }) => exports.saveCsr(id, destinationOf(platform)),
    'certificate.snippets': async ({ id }) => exports.snippets(id),
    'certificate.prove': async (input) => exports.prove(input),
  };
}
