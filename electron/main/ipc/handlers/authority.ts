import { KEY_ALGORITHM_INFO } from '../../../../shared/domain/keys.js';
import { createRootAuthority } from '../../../engine/root-ca.js';
import type { Catalog } from '../../../services/catalog.js';
import type { Issuing } from '../../../services/issuing.js';
import type { Handlers } from '../handler.js';
import { progressReporter } from './progress.js';
import type { Services } from './services.js';

type AuthorityHandlers = Pick<
  Handlers,
  'authority.list' | 'authority.get' | 'authority.createRoot' | 'authority.createIntermediate' | 'authority.createPending' | 'authority.activate' | 'authority.updateSettings'
>;

export function authorityHandlers({ vault, crypto, now }: Services, catalog: Catalog, issuing: Issuing): AuthorityHandlers {
  return {
    'authority.list': async () => Promise.all(vault.listAuthorities().map((r) => catalog.authoritySummary(r))),
    'authority.get': async ({ id }) => catalog.authorityDetail(vault.getAuthority(id)),
    'authority.createRoot': async (input, ctx) => {
      vault.assertUnlocked(); // before spending seconds on an RSA key
      const label = KEY_ALGORITHM_INFO[input.keyAlgorithm].label;
      const steps = [`Generating ${label} key`, 'Signing the certificate', 'Sealing the key in the vault'];
      const progress = progressReporter(ctx, input.operationId, steps.length);
      const report = (done: number) => progress(done, steps[done] ?? 'Done');
      const created = await createRootAuthority({ ...input, now: now(), onStep: (step) => report(step === 'key' ? 0 : 1) }, crypto);
      report(2);
      const record = await vault.addAuthority({
        kind: 'root',
        keyAlgorithm: input.keyAlgorithm,
        certificateDer: new Uint8Array(created.certificate.rawData),
        serialNumberHex: created.certificate.serialNumber.toLowerCase(),
        privateKey: created.privateKey,
        commonName: input.subject.commonName,
      });
      report(3);
      return catalog.authoritySummary(record);
    },
    'authority.createIntermediate': async (input, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, input.operationId, 3);
      const { record, clampedTo } = await issuing.createIntermediate(input, progress);
      progress(3, 'Done');
      return { authority: await catalog.authoritySummary(record), clampedTo: clampedTo?.toISOString() ?? null };
    },
    'authority.createPending': async (input, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, input.operationId, 3);
      const record = await issuing.createPending(input, progress);
      progress(3, 'Done');
      const detail = await catalog.authorityDetail(record);
      return { authority: await catalog.authoritySummary(record), csrPem: detail.csrPem ?? '' };
    },
    'authority.activate': async ({ id, certificatePem }) => catalog.authoritySummary(await issuing.activate(id, certificatePem)),
    'authority.updateSettings': async ({ id, settings }) => catalog.authoritySummary(vault.updateAuthority(id, { settings })),
  };
}
