import type { CertificateSummary } from '../../../../shared/domain/certificate.js';
import { certificatesCsv, certificatesJson } from '../../../services/certificate-list-export.js';
import type { Catalog } from '../../../services/catalog.js';
import { buildDashboard } from '../../../services/dashboard.js';
import type { Renewing } from '../../../services/renewing.js';
import type { Revoking } from '../../../services/revoking.js';
import { writeBundle } from '../../../services/write-bundle.js';
import { noDialogs } from '../../platform/dialogs.js';
import type { Handlers } from '../handler.js';
import { progressReporter } from './progress.js';
import type { Services } from './services.js';

type ExpiryHandlers = Pick<Handlers, 'certificate.list' | 'dashboard.get' | 'certificate.renew' | 'certificate.exportList' | 'settings.get' | 'settings.updateExpiry'>;

export function expiryHandlers({ vault, now, dialogs = noDialogs }: Services, catalog: Catalog, revoking: Revoking, renewing: Renewing): ExpiryHandlers {
  const summaries = async (): Promise<CertificateSummary[]> => {
    return Promise.all(vault.listAllCertificates().map((r) => catalog.certificateSummary(r)));
  };
  return {
    'certificate.list': summaries,
    'dashboard.get': async () => {
      const authorities = vault.listAuthorities();
      const crls = new Map(
        authorities.map((a) => {
          const latest = a.state === 'active' ? revoking.latest(a.id) : null;
          return [a.id, { nextUpdate: latest?.nextUpdate ?? null, revocations: vault.revocations(a.id).entries.size }] as const;
        }),
      );
      return buildDashboard({
        now: now(),
        settings: vault.appSettings().expiry,
        backup: vault.backupStatus(),
        authorities: await Promise.all(authorities.map((a) => catalog.authoritySummary(a))),
        certificates: await summaries(),
        crls,
      });
    },
    'certificate.renew': async ({ ids, expiringWithinDays, rekey, validity, revokeOldAfterDays, operationId }, ctx) => {
      vault.assertUnlocked();
      const total = expiringWithinDays !== null ? renewing.expiringWithin(expiringWithinDays).length : ids.length;
      const progress = progressReporter(ctx, operationId, Math.max(1, total));
      const { result, renewed } = await renewing.renew({ ids, expiringWithinDays, rekey, ...(validity ? { validity } : {}), revokeOldAfterDays }, progress);
      return { ...result, renewed: await Promise.all(renewed.map(async (r) => ({ replacedId: r.replacedId, certificate: await catalog.certificateSummary(r.record) }))) };
    },
    'certificate.exportList': async ({ format, ids }) => {
      const wanted = new Set(ids);
      const all = await summaries();
      const chosen = wanted.size === 0 ? all : all.filter((c) => wanted.has(c.id));
      const name = `certificates.${format}`;
      const out = await dialogs.chooseSaveFile({ title: `Save ${chosen.length} certificates as ${format.toUpperCase()}`, defaultName: name, extensions: [format] });
      if (out === null) return { cancelled: true, paths: [] };
      const contents = format === 'csv' ? certificatesCsv(chosen) : certificatesJson(chosen);
      return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
    },
    'settings.get': async () => vault.appSettings(),
    'settings.updateExpiry': async (expiry) => vault.updateAppSettings({ ...vault.appSettings(), expiry }),
  };
}
