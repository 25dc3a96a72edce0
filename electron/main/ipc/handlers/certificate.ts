import { checkDnsName, type SanEntry } from '../../../../shared/validation/san.js';
import type { Catalog } from '../../../services/catalog.js';
import type { Issuing } from '../../../services/issuing.js';
import type { Handlers } from '../handler.js';
import { progressReporter } from './progress.js';
import type { Services } from './services.js';

type CertificateHandlers = Pick<Handlers, 'certificate.get' | 'certificate.issue' | 'certificate.issuePair' | 'certificate.issueBulk'>;

export function certificateHandlers({ vault }: Services, catalog: Catalog, issuing: Issuing): CertificateHandlers {
  return {
    'certificate.get': async ({ id }) => catalog.certificateDetail(vault.getCertificate(id)),
    'certificate.issue': async (input, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, input.operationId, 3);
      const { records, warnings } = await issuing.issueLeaves([input], progress);
      progress(3, 'Done');
      return { certificate: await catalog.certificateSummary(records[0]!), warnings };
    },
    'certificate.issuePair': async (input, ctx) => {
      vault.assertUnlocked();
      const progress = progressReporter(ctx, input.operationId, 5);
      const subject = { commonName: input.serviceName };
      const serverSans = [...input.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...input.ipAddresses.map((value) => ({ type: 'ip' as const, value }))];
      const clientSans = input.clientUri ? [{ type: 'uri' as const, value: input.clientUri }] : [];
      const common = { authorityId: input.authorityId, subject, keyAlgorithm: input.keyAlgorithm, ...(input.validity ? { validity: input.validity } : {}) };
      const { records, warnings } = await issuing.issueLeaves(
        [
          { ...common, profile: 'server', sans: serverSans },
          { ...common, profile: 'client', sans: clientSans },
        ],
        progress,
      );
      progress(5, 'Done');
      const [server, client] = await Promise.all(records.map((r) => catalog.certificateSummary(r)));
      return { server: server!, client: client!, warnings };
    },
    'certificate.issueBulk': async (input, ctx) => {
      vault.assertUnlocked();
      const total = input.serviceNames.length * 2 + 1;
      const progress = progressReporter(ctx, input.operationId, total);
      const requests = input.serviceNames.map((name) => ({
        authorityId: input.authorityId,
        profile: input.profile,
        subject: { commonName: name },
        sans: input.profile === 'client' ? [] : dnsSan(name),
        keyAlgorithm: input.keyAlgorithm,
        ...(input.validity ? { validity: input.validity } : {}),
      }));
      const { records, warnings } = await issuing.issueLeaves(requests, progress);
      progress(total, 'Done');
      return { issued: records.length, authorityId: input.authorityId, warnings };
    },
  };
}

/** The service name as its own DNS SAN (the schema has checked that it is one). */
function dnsSan(name: string): SanEntry[] {
  const check = checkDnsName(name);
  return check.ok ? [check.entry] : [];
}
