import type { InspectionReport } from '../../../../shared/domain/inspect.js';
import { CertwrightError } from '../../../../shared/ipc/errors.js';
import { inspectCertificates, inspectInput, objectTree } from '../../../engine/inspect/inspect.js';
import { InputError } from '../../../engine/inspect/read-input.js';
import { toPem } from '../../../engine/pem.js';
import type { Catalog } from '../../pki/catalog.js';
import { addToVault, inspectContext } from '../../pki/inspecting.js';
import { describeEndpoint } from '../../pki/endpoint.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type InspectHandlers = Pick<Handlers, 'inspect.input' | 'inspect.endpoint' | 'inspect.addToVault' | 'inspect.asn1'>;

function bytesOf(content: string, encoding: 'text' | 'base64'): Uint8Array {
  return encoding === 'text' ? new Uint8Array(Buffer.from(content, 'utf8')) : new Uint8Array(Buffer.from(content, 'base64'));
}

/** A whole input that cannot be read is the user's input problem, said in words. */
async function readable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError) throw new CertwrightError('INVALID_INPUT', `content: ${error.message}`, { field: 'content' });
    throw error;
  }
}

export function inspectHandlers({ vault, crypto, now }: Services, catalog: Catalog): InspectHandlers {
  return {
    'inspect.input': async ({ content, encoding, password, hostCheck, role, useSystemStore }): Promise<InspectionReport> =>
      readable(() => inspectInput(bytesOf(content, encoding), { password, hostCheck, role, useSystemStore }, inspectContext(vault, crypto, now()))),
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
      return describeEndpoint(request, client, (served, inputName, options) => inspectCertificates(served, options, inspectContext(vault, crypto, now()), inputName, 'Served certificate'));
    },
    'inspect.asn1': async ({ content, encoding, password, objectIndex }) => readable(() => objectTree(bytesOf(content, encoding), password, objectIndex, crypto)),
    'inspect.addToVault': async ({ content, encoding, password, objectIndex }) => readable(() => addToVault(vault, bytesOf(content, encoding), password, objectIndex, crypto)),
  };
}
