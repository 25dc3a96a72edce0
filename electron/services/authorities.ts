/** What a user does with authorities: list and read them, create roots, intermediates and pending intermediates, activate, change settings. */
import type { AuthorityDetail, AuthoritySummary } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { generateKeyPair } from '../engine/keys.js';
import { createRootAuthority } from '../engine/root-ca.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import type { Issuing } from './issuing.js';
import { abandonOnCancel, Operations } from './operations.js';
import { noProgress, steps, type OnProgress } from './progress.js';
import { msg } from '../../shared/i18n/message.js';

export class Authorities {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  readonly #operations: Operations;

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; crypto: EngineCrypto; now: () => Date; operations?: Operations }) {
    this.#operations = deps.operations ?? new Operations();
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#issuing = deps.issuing;
    this.#crypto = deps.crypto;
    this.#now = deps.now;
  }

  list(): Promise<AuthoritySummary[]> {
    return Promise.all(this.#vault.listAuthorities().map((r) => this.#catalog.authoritySummary(r)));
  }

  get(id: string): Promise<AuthorityDetail> {
    return this.#catalog.authorityDetail(this.#vault.getAuthority(id));
  }

  async createRoot(input: ValidInput<'authority.createRoot'>, onProgress: OnProgress = noProgress): Promise<AuthoritySummary> {
    this.#vault.assertUnlocked(); // before spending seconds on an RSA key
    const label = KEY_ALGORITHM_INFO[input.keyAlgorithm].label;
    const names = [msg('newRoot:progress.generatingKey', { algorithm: label }), msg('newRoot:progress.signing'), msg('newRoot:progress.sealing')];
    const report = (done: number) => onProgress(done, names.length, names[done] ?? msg('newRoot:progress.done'));
    // operation.cancel abandons the key generation (nothing is written before it ends); once signed, it completes.
    const created = await this.#operations.run(input.operationId, async (signal) => {
      report(0);
      const keys = await abandonOnCancel(generateKeyPair(input.keyAlgorithm, this.#crypto), signal, msg('errors:operations.cancelledRoot', { label }));
      // The key step was reported above, before its generation began.
      return createRootAuthority({ ...input, keys, now: this.#now(), onStep: (step) => (step === 'sign' ? report(1) : undefined) }, this.#crypto);
    });
    report(2);
    const record = await this.#vault.addAuthority({
      kind: 'root',
      keyAlgorithm: input.keyAlgorithm,
      certificateDer: new Uint8Array(created.certificate.rawData),
      serialNumberHex: created.certificate.serialNumber.toLowerCase(),
      privateKey: created.privateKey,
      commonName: input.subject.commonName,
      ...(input.settings ? { settings: input.settings } : {}),
    });
    report(3);
    return this.#catalog.authoritySummary(record);
  }

  async createIntermediate(input: ValidInput<'authority.createIntermediate'>, onProgress: OnProgress = noProgress): Promise<{ authority: AuthoritySummary; clampedTo: string | null }> {
    this.#vault.assertUnlocked();
    const progress = steps(onProgress, 3);
    const { record, clampedTo } = await this.#operations.run(input.operationId, (signal) => this.#issuing.createIntermediate(input, progress, signal));
    progress(3, msg('newIntermediate:progress.done'));
    return { authority: await this.#catalog.authoritySummary(record), clampedTo: clampedTo?.toISOString() ?? null };
  }

  async createPending(input: ValidInput<'authority.createPending'>, onProgress: OnProgress = noProgress): Promise<{ authority: AuthoritySummary; csrPem: string; csrSha256: string }> {
    this.#vault.assertUnlocked();
    const progress = steps(onProgress, 3);
    const record = await this.#operations.run(input.operationId, (signal) => this.#issuing.createPending(input, progress, signal));
    progress(3, msg('newIntermediate:progress.done'));
    const detail = await this.#catalog.authorityDetail(record);
    return { authority: await this.#catalog.authoritySummary(record), csrPem: detail.csrPem ?? '', csrSha256: detail.csrSha256 ?? '' };
  }

  async activate(id: string, certificatePem: string): Promise<AuthoritySummary> {
    return this.#catalog.authoritySummary(await this.#issuing.activate(id, certificatePem));
  }

  async updateSettings(input: ValidInput<'authority.updateSettings'>): Promise<AuthoritySummary> {
    return this.#catalog.authoritySummary(this.#vault.updateAuthority(input.id, { settings: input.settings }));
  }
}
