/**
 * What a user does with leaf certificates: read one, issue one, a pair or a bulk, sign a CSR, list
 * them (all of them: the CLI; the window pages through the Inventory), and renew.
 */
import { PROFILES, type CertificateDetail, type CertificateSummary } from '../../shared/domain/certificate.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { checkDnsName, type SanEntry } from '../../shared/validation/san.js';
import type { UntrustedPool } from '../workers/pool.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import type { Issuing } from './issuing.js';
import { Operations } from './operations.js';
import { noProgress, steps, type OnProgress } from './progress.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import type { Renewing } from './renewing.js';
import { requireRootAcknowledged } from './root-issuer.js';

export class Certificates {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #renewing: Renewing;
  readonly #untrusted: UntrustedPool;
  readonly #operations: Operations;

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; renewing: Renewing; untrusted: UntrustedPool; operations?: Operations }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#issuing = deps.issuing;
    this.#renewing = deps.renewing;
    this.#untrusted = deps.untrusted;
    this.#operations = deps.operations ?? new Operations();
  }

  get(id: string): Promise<CertificateDetail> {
    return this.#catalog.certificateDetail(this.#vault.getCertificate(id));
  }

  /** Every certificate's summary, in issue order (the CLI's list; the window pages through the inventory). */
  list(): Promise<CertificateSummary[]> {
    return Promise.all(this.#vault.listAllCertificates().map((r) => this.#catalog.certificateSummary(r)));
  }

  async issue(input: ValidInput<'certificate.issue'>, onProgress: OnProgress = noProgress): Promise<{ certificate: CertificateSummary; warnings: Msg[] }> {
    this.#vault.assertUnlocked();
    requireRootAcknowledged(this.#vault, this.#catalog, input.authorityId, input.fromRoot);
    const progress = steps(onProgress, 3);
    const { records, warnings } = await this.#issuing.issueLeaves([input], progress);
    progress(3, msg('issue:progress.done'));
    return { certificate: await this.#catalog.certificateSummary(records[0]!), warnings };
  }

  /** The server and the client certificate of one service, in one write. */
  async issuePair(input: ValidInput<'certificate.issuePair'>, onProgress: OnProgress = noProgress): Promise<{ server: CertificateSummary; client: CertificateSummary; warnings: Msg[] }> {
    this.#vault.assertUnlocked();
    requireRootAcknowledged(this.#vault, this.#catalog, input.authorityId, input.fromRoot);
    const progress = steps(onProgress, 5);
    const subject = { commonName: input.serviceName };
    const serverSans = [...input.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...input.ipAddresses.map((value) => ({ type: 'ip' as const, value }))];
    const clientSans = input.clientUri ? [{ type: 'uri' as const, value: input.clientUri }] : [];
    const common = { authorityId: input.authorityId, subject, keyAlgorithm: input.keyAlgorithm, ...(input.validity ? { validity: input.validity } : {}) };
    const { records, warnings } = await this.#issuing.issueLeaves(
      [
        { ...common, profile: 'server', sans: serverSans },
        { ...common, profile: 'client', sans: clientSans },
      ],
      progress,
    );
    progress(5, msg('issue:progress.done'));
    const [server, client] = await Promise.all(records.map((r) => this.#catalog.certificateSummary(r)));
    return { server: server!, client: client!, warnings };
  }

  /** Stored 1,000 at a time; `operation.cancel` with its operationId stops it between batches, keeping those stored. */
  async issueBulk(input: ValidInput<'certificate.issueBulk'>, onProgress: OnProgress = noProgress): Promise<{ issued: number; ids: string[]; authorityId: string; warnings: Msg[]; cancelled: boolean }> {
    this.#vault.assertUnlocked();
    requireRootAcknowledged(this.#vault, this.#catalog, input.authorityId, input.fromRoot);
    const total = input.serviceNames.length * 2 + 1;
    const progress = steps(onProgress, total);
    const requests = input.serviceNames.map((name) => ({
      authorityId: input.authorityId,
      profile: input.profile,
      subject: { commonName: name },
      sans: input.profile === 'client' ? [] : dnsSan(name),
      keyAlgorithm: input.keyAlgorithm,
      ...(input.validity ? { validity: input.validity } : {}),
    }));
    const { issued, ids, warnings, cancelled } = await this.#operations.run(input.operationId, (signal) => this.#issuing.issueLeaves(requests, progress, { collect: false, ...(signal ? { signal } : {}) }));
    progress(total, cancelled ? msg('issue:progress.cancelled') : msg('issue:progress.done'));
    return { issued, ids, authorityId: input.authorityId, warnings, cancelled };
  }

  /** A CSR comes from outside: it is read and judged in the untrusted-input worker, for review and for signing alike. */
  async reviewCsr(csr: string) {
    return (await this.#untrusted.run('csr.review', { csr })).summary;
  }

  async signCsr(input: ValidInput<'csr.sign'>): Promise<{ certificate: CertificateSummary; warnings: Msg[] }> {
    this.#vault.assertUnlocked();
    // A leaf profile only: a sub-CA is exactly what a root should sign.
    if ((PROFILES as readonly string[]).includes(input.profile)) requireRootAcknowledged(this.#vault, this.#catalog, input.authorityId, input.fromRoot);
    const reviewed = await this.#untrusted.run('csr.review', { csr: input.csr });
    const { record, warnings } = await this.#issuing.signCsr(input, reviewed);
    return { certificate: await this.#catalog.certificateSummary(record), warnings };
  }

  async renew(input: ValidInput<'certificate.renew'>, onProgress: OnProgress = noProgress) {
    this.#vault.assertUnlocked();
    const { ids, expiringWithinDays, rekey, validity, revokeOldAfterDays } = input;
    // `operation.cancel` with its operationId stops it between certificates (see Renewing.renew).
    const { result, renewed } = await this.#operations.run(input.operationId, (signal) => this.#renewing.renew({ ids, expiringWithinDays, rekey, ...(validity ? { validity } : {}), revokeOldAfterDays }, onProgress, signal));
    return { ...result, renewed: await Promise.all(renewed.map(async (r) => ({ replacedId: r.replacedId, certificate: await this.#catalog.certificateSummary(r.record) }))) };
  }
}

/** The service name as its own DNS SAN (the schema has checked that it is one). */
function dnsSan(name: string): SanEntry[] {
  const check = checkDnsName(name);
  return check.ok ? [check.entry] : [];
}
