/** Taking trust back: revoke and release certificates, revoke a CA, publish and export CRLs, read a CRL from outside. */
import type { ValidInput } from '../../shared/ipc/contract.js';
import { toPem } from '../engine/pem.js';
import type { UntrustedPool } from '../workers/pool.js';
import type { Vault } from '../vault/vault.js';
import { safeName } from './bundle.js';
import type { Catalog } from './catalog.js';
import type { ChooseDestination } from './destination.js';
import { crlIssuers } from './inspecting.js';
import { noProgress, steps, type OnProgress } from './progress.js';
import type { Revoking } from './revoking.js';
import { writeBundle } from './write-bundle.js';
import { msg } from '../../shared/i18n/message.js';

export class Revocations {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #revoking: Revoking;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; catalog: Catalog; revoking: Revoking; untrusted: UntrustedPool; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#revoking = deps.revoking;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
  }

  /** Revokes the certificates and signs a CRL for each authority they belong to. */
  async revoke(input: Omit<ValidInput<'certificate.revoke'>, 'operationId'>, onProgress: OnProgress = noProgress) {
    this.#vault.assertUnlocked();
    const records = this.#revoking.find(input.ids);
    const progress = steps(onProgress, 2 * new Set(records.map((r) => r.authorityId)).size);
    const crls = await this.#revoking.revoke(records, { reason: input.reason, invalidityDate: input.invalidityDate ? new Date(input.invalidityDate) : null }, progress);
    return { revoked: await Promise.all(records.map((r) => this.#catalog.certificateSummary(r))), crls };
  }

  /** Lifts a certificate hold. */
  async release(id: string) {
    const { record, crl } = await this.#revoking.release(id);
    return { certificate: await this.#catalog.certificateSummary(record), crl };
  }

  async revokeAuthority(input: Omit<ValidInput<'authority.revoke'>, 'operationId'>, onProgress: OnProgress = noProgress) {
    this.#vault.assertUnlocked();
    const progress = steps(onProgress, 2);
    progress(0, msg('revoke:progress.revokingCa'));
    const { record, crl } = await this.#revoking.revokeAuthority(input.id, input.reason, input.invalidityDate ? new Date(input.invalidityDate) : null);
    progress(2, msg('revoke:progress.done'));
    return { authority: await this.#catalog.authoritySummary(record), crl };
  }

  impact(id: string) {
    return this.#revoking.impact(id);
  }

  latestCrl(id: string) {
    return this.#revoking.latest(id);
  }

  crlEntries(input: ValidInput<'authority.crlEntries'>) {
    return this.#revoking.entries(input.id, input.query, input.offset, input.limit);
  }

  async publishCrl(id: string) {
    await this.#revoking.publish(id);
    return this.#revoking.latestOrFirst(id);
  }

  /** The current CRL (signed first if there is none yet), DER or PEM. */
  async crlBytes(id: string, format: 'der' | 'pem'): Promise<Uint8Array | string> {
    const der = await this.#revoking.latestDer(id);
    return format === 'der' ? der : toPem('X509 CRL', der);
  }

  async exportCrl(input: ValidInput<'authority.exportCrl'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const { id, format } = input;
    const contents = await this.crlBytes(id, format);
    const detail = await this.#catalog.authoritySummary(this.#vault.getAuthority(id));
    const base = safeName(detail.subject.commonName);
    const name = `${base}.${format === 'der' ? 'crl' : 'crl.pem'}`;
    const out = await choose({ kind: 'file', title: msg('menu:dialog.saveCrl', { name: detail.subject.commonName }), defaultName: name, extensions: [format === 'der' ? 'crl' : 'pem'] });
    if (out === null) return { cancelled: true, paths: [] };
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
  }

  /** A CRL from outside is read in the untrusted-input worker, against the vault's CAs as data. */
  inspectCrl(crl: ValidInput<'crl.inspect'>['crl']) {
    return this.#untrusted.run('crl.inspect', { crl, known: crlIssuers(this.#vault), now: this.#now().getTime() });
  }
}
