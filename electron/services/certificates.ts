/**
 * What a user does with leaf certificates: read one, issue one, a pair or a bulk, sign a CSR, list
 * them, see the dashboard, renew, and save the list as CSV or JSON.
 */
import type { CertificateDetail, CertificateSummary } from '../../shared/domain/certificate.js';
import type { DashboardData } from '../../shared/domain/expiry.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { checkDnsName, type SanEntry } from '../../shared/validation/san.js';
import type { UntrustedPool } from '../workers/pool.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import { certificatesCsv, certificatesJson } from './certificate-list-export.js';
import { buildDashboard } from './dashboard.js';
import type { ChooseDestination } from './destination.js';
import type { Issuing } from './issuing.js';
import { noProgress, steps, type OnProgress } from './progress.js';
import type { Renewing } from './renewing.js';
import type { Revoking } from './revoking.js';
import { writeBundle } from './write-bundle.js';

export class Certificates {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #revoking: Revoking;
  readonly #renewing: Renewing;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; revoking: Revoking; renewing: Renewing; untrusted: UntrustedPool; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#issuing = deps.issuing;
    this.#revoking = deps.revoking;
    this.#renewing = deps.renewing;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
  }

  get(id: string): Promise<CertificateDetail> {
    return this.#catalog.certificateDetail(this.#vault.getCertificate(id));
  }

  /** Every certificate's summary, in issue order (the CLI's list; the window pages through the inventory). */
  list(): Promise<CertificateSummary[]> {
    return Promise.all(this.#vault.listAllCertificates().map((r) => this.#catalog.certificateSummary(r)));
  }

  async issue(input: ValidInput<'certificate.issue'>, onProgress: OnProgress = noProgress): Promise<{ certificate: CertificateSummary; warnings: string[] }> {
    this.#vault.assertUnlocked();
    const progress = steps(onProgress, 3);
    const { records, warnings } = await this.#issuing.issueLeaves([input], progress);
    progress(3, 'Done');
    return { certificate: await this.#catalog.certificateSummary(records[0]!), warnings };
  }

  /** The server and the client certificate of one service, in one write. */
  async issuePair(input: ValidInput<'certificate.issuePair'>, onProgress: OnProgress = noProgress): Promise<{ server: CertificateSummary; client: CertificateSummary; warnings: string[] }> {
    this.#vault.assertUnlocked();
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
    progress(5, 'Done');
    const [server, client] = await Promise.all(records.map((r) => this.#catalog.certificateSummary(r)));
    return { server: server!, client: client!, warnings };
  }

  async issueBulk(input: ValidInput<'certificate.issueBulk'>, onProgress: OnProgress = noProgress): Promise<{ issued: number; authorityId: string; warnings: string[] }> {
    this.#vault.assertUnlocked();
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
    const { records, warnings } = await this.#issuing.issueLeaves(requests, progress);
    progress(total, 'Done');
    return { issued: records.length, authorityId: input.authorityId, warnings };
  }

  /** A CSR comes from outside: it is read and judged in the untrusted-input worker, for review and for signing alike. */
  async reviewCsr(csr: string) {
    return (await this.#untrusted.run('csr.review', { csr })).summary;
  }

  async signCsr(input: ValidInput<'csr.sign'>): Promise<{ certificate: CertificateSummary; warnings: string[] }> {
    this.#vault.assertUnlocked();
    const reviewed = await this.#untrusted.run('csr.review', { csr: input.csr });
    const { record, warnings } = await this.#issuing.signCsr(input, reviewed);
    return { certificate: await this.#catalog.certificateSummary(record), warnings };
  }

  async dashboard(): Promise<DashboardData> {
    const vault = this.#vault;
    const authorities = vault.listAuthorities();
    const crls = new Map(
      authorities.map((a) => {
        const latest = a.state === 'active' ? this.#revoking.latest(a.id) : null;
        return [a.id, { nextUpdate: latest?.nextUpdate ?? null, revocations: vault.revocations(a.id).entries.size }] as const;
      }),
    );
    return buildDashboard({
      now: this.#now(),
      settings: vault.appSettings().expiry,
      backup: vault.backupStatus(),
      authorities: await Promise.all(authorities.map((a) => this.#catalog.authoritySummary(a))),
      certificates: await this.list(),
      crls,
    });
  }

  async renew(input: ValidInput<'certificate.renew'>, onProgress: OnProgress = noProgress) {
    this.#vault.assertUnlocked();
    const { ids, expiringWithinDays, rekey, validity, revokeOldAfterDays } = input;
    const total = Math.max(1, expiringWithinDays !== null ? this.#renewing.expiringWithin(expiringWithinDays).length : ids.length);
    const { result, renewed } = await this.#renewing.renew({ ids, expiringWithinDays, rekey, ...(validity ? { validity } : {}), revokeOldAfterDays }, steps(onProgress, total));
    return { ...result, renewed: await Promise.all(renewed.map(async (r) => ({ replacedId: r.replacedId, certificate: await this.#catalog.certificateSummary(r.record) }))) };
  }

  /** The list (all of it, or the ids given) as CSV or JSON, written where `choose` says. */
  async exportList(input: ValidInput<'certificate.exportList'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const wanted = new Set(input.ids);
    const all = await this.list();
    const chosen = wanted.size === 0 ? all : all.filter((c) => wanted.has(c.id));
    const name = `certificates.${input.format}`;
    const out = await choose({ kind: 'file', title: `Save ${chosen.length} certificates as ${input.format.toUpperCase()}`, defaultName: name, extensions: [input.format] });
    if (out === null) return { cancelled: true, paths: [] };
    const contents = input.format === 'csv' ? certificatesCsv(chosen) : certificatesJson(chosen);
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
  }
}

/** The service name as its own DNS SAN (the schema has checked that it is one). */
function dnsSan(name: string): SanEntry[] {
  const check = checkDnsName(name);
  return check.ok ? [check.entry] : [];
}
