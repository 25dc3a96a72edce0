import { toPem } from '../../../engine/pem.js';
import { CertwrightError } from '../../../../shared/errors.js';
import type { Catalog } from '../../../services/catalog.js';
import { addToVault, authorityCertificates, inspectionScope, revocationAnswer } from '../../../services/inspecting.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';
import { untrustedPool } from '../../../workers/pool.js';

type InspectHandlers = Pick<Handlers, 'inspect.input' | 'inspect.endpoint' | 'inspect.addToVault' | 'inspect.asn1'>;

/** The input's bytes in a buffer of their own, handed to the worker rather than copied. */
function bytesOf(content: string, encoding: 'text' | 'base64'): Uint8Array<ArrayBuffer> {
  return encoding === 'text' ? new Uint8Array(Buffer.from(content, 'utf8')) : new Uint8Array(Buffer.from(content, 'base64'));
}

/** Everything here reads outside input, so it runs in the untrusted-input worker (electron/workers/). */
export function inspectHandlers({ vault, now, untrusted = untrustedPool() }: Services, catalog: Catalog): InspectHandlers {
  const answers = { revocations: (serials: readonly string[]) => revocationAnswer(vault, serials) };
  return {
    'inspect.input': async ({ content, encoding, password, hostCheck, role, useSystemStore }) => {
      const bytes = bytesOf(content, encoding);
      return untrusted.run('inspect.input', { bytes, request: { password, hostCheck, role, useSystemStore }, scope: inspectionScope(vault, now()) }, { answers, transfer: [bytes.buffer] });
    },
    'inspect.endpoint': async (request) => {
      let client = null;
      if (request.clientCertificateId) {
        vault.assertUnlocked();
        const detail = await catalog.certificateDetail(vault.getCertificate(request.clientCertificateId));
        if (!detail.hasPrivateKey) throw new CertwrightError('INVALID_INPUT', 'clientCertificateId: Certwright does not hold the key of that certificate (it was signed from a CSR)', { field: 'clientCertificateId' });
        const pkcs8 = await vault.exportPrivateKeyPkcs8(request.clientCertificateId);
        client = { certificatePem: detail.certificatePem + detail.chainPem, keyPem: toPem('PRIVATE KEY', pkcs8), commonName: detail.subject.commonName };
        pkcs8.fill(0);
      }
      // With a client certificate, its key goes to a worker of its own that ends with the probe:
      // the shared workers, which read every other input, never see a key.
      return untrusted.run('inspect.endpoint', { request, client, scope: inspectionScope(vault, now()) }, { answers, dedicated: client !== null });
    },
    'inspect.asn1': async ({ content, encoding, password, objectIndex }) => {
      const bytes = bytesOf(content, encoding);
      return untrusted.run('inspect.asn1', { bytes, password, objectIndex }, { transfer: [bytes.buffer] });
    },
    'inspect.addToVault': async ({ content, encoding, password, objectIndex }) => {
      vault.assertUnlocked();
      const bytes = bytesOf(content, encoding);
      const candidate = await untrusted.run('inspect.addToVault', { bytes, password, objectIndex, authorities: authorityCertificates(vault) }, { transfer: [bytes.buffer] });
      return addToVault(vault, candidate);
    },
  };
}
