import type { SnippetView } from '../../../../shared/domain/export.js';
import { CertwrightError } from '../../../../shared/errors.js';
import { pemSet, pemSetInputFromDetail } from '../../../engine/export/pem-set.js';
import type { CertificateDetail } from '../../../../shared/domain/certificate.js';
import { assembleBundle, bundleSnippets, dialHost, safeName } from '../../../services/bundle.js';
import type { Catalog } from '../../../services/catalog.js';
import type { Issuing } from '../../../services/issuing.js';
import { proofHostname, throwawayClient, throwawayServer } from '../../../services/throwaway.js';
import { proveBundle, type PemBundle } from '../../../services/prove-bundle.js';
import { writeBundle } from '../../../services/write-bundle.js';
import { noDialogs } from '../../platform/dialogs.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type ExportHandlers = Pick<Handlers, 'certificate.export' | 'certificate.snippets' | 'certificate.prove'>;

export function exportHandlers({ vault, crypto, dialogs = noDialogs }: Services, catalog: Catalog, issuing: Issuing): ExportHandlers {
  /** A certificate's PEM bundle as the handshake proof takes it; the key stays in main. */
  async function pemBundle(id: string): Promise<{ bundle: PemBundle; caPem: string; authorityId: string; detail: CertificateDetail }> {
    const record = vault.getCertificate(id);
    const detail = await catalog.certificateDetail(record);
    if (!detail.hasPrivateKey) throw new CertwrightError('INVALID_INPUT', 'Certwright does not hold this certificate\'s key (it was signed from a request), so it cannot take part in a handshake here', { field: 'id' });
    const pkcs8 = await vault.exportPrivateKeyPkcs8(id);
    try {
      const files = pemSet(pemSetInputFromDetail(detail, pkcs8));
      const text = (name: string) => String(files.find((f) => f.name === name)?.contents ?? '');
      return { bundle: { certChainPem: text('fullchain.pem'), keyPem: text('key.pem') }, caPem: text('ca.pem'), authorityId: record.authorityId, detail };
    } finally {
      pkcs8.fill(0);
    }
  }

  return {
    'certificate.export': async ({ id, format, target, password, includeKey }) => {
      const record = vault.getCertificate(id);
      const detail = await catalog.certificateDetail(record);
      const withKey = includeKey && detail.hasPrivateKey && !['p7b', 'der', 'truststore'].includes(format);
      const name = safeName(detail.subject.commonName);
      const folder = format === 'pem' || format === 'truststore';
      const out = folder
        ? await dialogs.chooseFolder({ title: `Export ${detail.subject.commonName}`, defaultName: `${name}-${format === 'pem' ? detail.profile : 'truststore'}` })
        : await dialogs.chooseSaveFile({ title: `Export ${detail.subject.commonName}`, defaultName: `${name}.${format}`, extensions: [format] });
      if (out === null) return { cancelled: true, paths: [] };
      const pkcs8 = withKey ? await vault.exportPrivateKeyPkcs8(id, 'export') : null;
      try {
        const bundle = await assembleBundle(detail, pkcs8, { format, target, password, includeKey: withKey }, crypto);
        return { cancelled: false, paths: await writeBundle(bundle, out) };
      } finally {
        pkcs8?.fill(0);
      }
    },
    'certificate.snippets': async ({ id }) => {
      const detail = await catalog.certificateDetail(vault.getCertificate(id));
      const files = pemSet(pemSetInputFromDetail(detail, null));
      // The snippets name key.pem when the bundle will carry it; no key bytes are involved here.
      const withKeyName = detail.hasPrivateKey ? [...files, { name: 'key.pem', contents: '', secret: true, mode: 0o600 }] : files;
      return bundleSnippets(detail, withKeyName).map(
        (s): SnippetView => ({
          id: s.id,
          title: s.title,
          language: s.language,
          filename: s.filename,
          complete: s.complete,
          text: s.secret ? `# ${s.filename} embeds the private key, so it is written into the exported bundle\n# (snippets/${s.filename}) and never shown on screen.\n` : s.text,
        }),
      );
    },
    'certificate.prove': async ({ id, as, serverId }) => {
      const subject = await pemBundle(id);
      const role = as ?? (subject.detail.profile === 'server' ? 'server' : 'client');
      const issuer = await issuing.issuer(subject.authorityId);
      const from = { issuer, authorityId: subject.authorityId, vault };
      if (role === 'server') {
        // The client checks the server's name: dial the first name the certificate carries.
        return proveBundle({ server: subject.bundle, caPem: subject.caPem, hostname: dialHost(subject.detail), throwawayClient: { issue: () => throwawayClient(from, crypto) } });
      }
      if (serverId) {
        const server = await pemBundle(serverId);
        return proveBundle({ client: subject.bundle, server: server.bundle, caPem: subject.caPem, hostname: dialHost(server.detail) });
      }
      const hostname = proofHostname(issuer);
      return proveBundle({ client: subject.bundle, caPem: subject.caPem, hostname, throwawayServer: { issue: () => throwawayServer(from, hostname, crypto) } });
    },
  };
}
