/**
 * Inspecting anything the user is handed: pasted or dropped input, a live endpoint, an ASN.1 tree,
 * and adding what was inspected to the vault. Everything here reads outside input, so it runs in
 * the untrusted-input worker (electron/workers/); the vault answers its questions as data.
 */
import { CertwrightError, atField } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { toPem } from '../engine/pem.js';
import type { UntrustedPool } from '../workers/pool.js';
import type { ClientBundle } from '../workers/protocol.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import { addToVault, authorityCertificates, inspectionScope, revocationAnswer } from './inspecting.js';

/** The input's bytes in a buffer of their own, handed to the worker rather than copied. */
export function bytesOf(content: string, encoding: 'text' | 'base64'): Uint8Array<ArrayBuffer> {
  return encoding === 'text' ? new Uint8Array(Buffer.from(content, 'utf8')) : new Uint8Array(Buffer.from(content, 'base64'));
}

/**
 * A vault certificate and its key, to present to an mTLS endpoint (the live inspection, the endpoint
 * watch). The caller hands it to a dedicated worker only (UntrustedPool.run with `dedicated`).
 */
export async function clientBundle(vault: Vault, catalog: Catalog, certificateId: string): Promise<ClientBundle> {
  vault.assertUnlocked();
  const detail = await catalog.certificateDetail(vault.getCertificate(certificateId));
  if (!detail.hasPrivateKey) throw new CertwrightError('INVALID_INPUT', atField('clientCertificateId', 'errors:inspecting.noClientKey'), { field: 'clientCertificateId' });
  const pkcs8 = await vault.exportPrivateKeyPkcs8(certificateId);
  try {
    return { certificatePem: detail.certificatePem + detail.chainPem, keyPem: toPem('PRIVATE KEY', pkcs8), commonName: detail.subject.commonName };
  } finally {
    pkcs8.fill(0);
  }
}

export class Inspection {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;
  readonly #answers: { revocations: (serials: readonly string[]) => ReturnType<typeof revocationAnswer> };

  constructor(deps: { vault: Vault; catalog: Catalog; untrusted: UntrustedPool; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
    this.#answers = { revocations: (serials) => revocationAnswer(this.#vault, serials) };
  }

  input(input: ValidInput<'inspect.input'>) {
    const { content, encoding, password, hostCheck, role, useSystemStore } = input;
    const bytes = bytesOf(content, encoding);
    return this.#untrusted.run('inspect.input', { bytes, request: { password, hostCheck, role, useSystemStore }, scope: inspectionScope(this.#vault, this.#now()) }, { answers: this.#answers, transfer: [bytes.buffer] });
  }

  async endpoint(request: ValidInput<'inspect.endpoint'>) {
    const client = request.clientCertificateId ? await clientBundle(this.#vault, this.#catalog, request.clientCertificateId) : null;
    // With a client certificate, its key goes to a worker of its own that ends with the probe:
    // the shared workers, which read every other input, never see a key.
    return this.#untrusted.run('inspect.endpoint', { request, client, scope: inspectionScope(this.#vault, this.#now()) }, { answers: this.#answers, dedicated: client !== null });
  }

  asn1(input: ValidInput<'inspect.asn1'>) {
    const bytes = bytesOf(input.content, input.encoding);
    return this.#untrusted.run('inspect.asn1', { bytes, password: input.password, objectIndex: input.objectIndex }, { transfer: [bytes.buffer] });
  }

  async addToVault(input: ValidInput<'inspect.addToVault'>) {
    this.#vault.assertUnlocked();
    const bytes = bytesOf(input.content, input.encoding);
    const candidate = await this.#untrusted.run('inspect.addToVault', { bytes, password: input.password, objectIndex: input.objectIndex, authorities: authorityCertificates(this.#vault) }, { transfer: [bytes.buffer] });
    return addToVault(this.#vault, candidate);
  }
}
