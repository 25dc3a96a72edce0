/**
 * Renewal (same key, new validity) and rekeying (a new key pair), one certificate or everything
 * expiring within N days. The new certificate links to the one it replaces; the old one can be
 * revoked as superseded after an overlap, applied whenever the vault is unlocked and daily while
 * the app runs.
 */
import type { RenewResult } from '../../shared/domain/expiry.js';
import { CertwrightError } from '../../shared/errors.js';
import type { Bytes } from '../engine/webcrypto.js';
import type { CertificateRecord } from '../vault/records.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import type { Issuing, LeafRequest, Progress } from './issuing.js';
import type { Revoking } from './revoking.js';

const DAY_MS = 86_400_000;
/** Certificates renewed per vault write: a progress step each, and a failure loses at most one batch. */
const BATCH = 100;

export interface RenewOptions {
  readonly ids: readonly string[];
  readonly expiringWithinDays: number | null;
  readonly rekey: boolean;
  readonly validity?: { days: number } | { notAfter: string };
  readonly revokeOldAfterDays: number | null;
}

type Skip = RenewResult['skipped'][number];

function byAuthority(records: readonly CertificateRecord[]): Map<string, CertificateRecord[]> {
  const groups = new Map<string, CertificateRecord[]>();
  for (const r of records) {
    const group = groups.get(r.authorityId);
    if (group) group.push(r);
    else groups.set(r.authorityId, [r]);
  }
  return groups;
}

export class Renewing {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #revoking: Revoking;
  readonly #now: () => Date;

  constructor(vault: Vault, catalog: Catalog, issuing: Issuing, revoking: Revoking, now: () => Date) {
    this.#vault = vault;
    this.#catalog = catalog;
    this.#issuing = issuing;
    this.#revoking = revoking;
    this.#now = now;
  }

  /** Valid, not yet replaced certificates whose effective expiry is within `days`. */
  expiringWithin(days: number): CertificateRecord[] {
    const limit = this.#now().getTime() + days * DAY_MS;
    return this.#vault.listAllCertificates().filter((record) => {
      if (record.replacedById || this.#catalog.revocationOf(record)) return false;
      const leaf = this.#catalog.leaf(record.certificateDerB64);
      return leaf.notAfter > this.#now() && this.#catalog.effectiveNotAfter(record, leaf).getTime() <= limit;
    });
  }

  async renew(options: RenewOptions, progress: Progress = () => undefined): Promise<{ result: Omit<RenewResult, 'renewed'>; renewed: Array<{ replacedId: string; record: CertificateRecord }> }> {
    const targets = options.expiringWithinDays !== null ? this.expiringWithin(options.expiringWithinDays) : options.ids.map((id) => this.#vault.getCertificate(id));
    const skipped: Skip[] = [];
    const eligible = targets.filter((record) => {
      const reason = this.#refusal(record, options.rekey);
      if (reason) skipped.push({ id: record.id, commonName: this.#commonName(record), reason });
      return reason === null;
    });
    if (options.ids.length > 0 && eligible.length === 0 && skipped.length > 0) throw new CertwrightError('INVALID_INPUT', `ids: ${skipped.map((s) => `${s.commonName}: ${s.reason}`).join('; ')}`, { field: 'ids' });
    const now = this.#now();
    const revokeOldAt = options.revokeOldAfterDays === null ? null : new Date(now.getTime() + options.revokeOldAfterDays * DAY_MS).toISOString();
    const renewed: Array<{ replacedId: string; record: CertificateRecord }> = [];
    const warnings = new Set<string>();
    const total = eligible.length;
    for (const [authorityId, records] of byAuthority(eligible)) {
      for (let start = 0; start < records.length; start += BATCH) {
        const batch = records.slice(start, start + BATCH);
        // A lock between batches ends the renewal with VAULT_LOCKED; the batches before it are whole.
        this.#vault.assertUnlocked();
        // Progress counts every target (skipped ones are done at once), so the bar ends at 100%.
        progress(skipped.length + renewed.length, `${options.rekey ? 'Rekeying' : 'Renewing'} ${renewed.length + 1}–${renewed.length + batch.length} of ${total}`);
        const requests = await Promise.all(batch.map((record) => this.#request(record, options)));
        const { records: made, warnings: w } = await this.#issuing.issueLeaves(requests);
        w.forEach((x) => warnings.add(x));
        this.#vault.updateCertificates(authorityId, batch.map((old, i) => ({ id: old.id, replacedById: made[i]!.id, scheduledRevocation: revokeOldAt })));
        batch.forEach((old, i) => renewed.push({ replacedId: old.id, record: made[i]! }));
      }
    }
    progress(targets.length, 'Done');
    if (options.revokeOldAfterDays === 0) await this.applyScheduled();
    return { result: { skipped, revokeOldAt, warnings: [...warnings] }, renewed };
  }

  /** Revokes (as superseded) every replaced certificate whose overlap has ended. Returns how many. */
  async applyScheduled(): Promise<number> {
    // From the vault's small index, not every record: this runs at every unlock (issue 14).
    const due = this.#vault.dueScheduledRevocations(this.#now());
    if (due.length === 0) return 0;
    const toRevoke = due.filter((r) => !this.#catalog.revocationOf(r));
    if (toRevoke.length > 0) await this.#revoking.revoke(toRevoke, { reason: 'superseded', invalidityDate: null });
    for (const [authorityId, records] of byAuthority(due)) {
      this.#vault.updateCertificates(authorityId, records.map((r) => ({ id: r.id, scheduledRevocation: null })));
    }
    return toRevoke.length;
  }

  #commonName(record: CertificateRecord): string {
    return this.#catalog.leaf(record.certificateDerB64).subject.commonName || record.id;
  }

  #refusal(record: CertificateRecord, rekey: boolean): string | null {
    const revoked = this.#catalog.revocationOf(record);
    if (revoked) return 'it is revoked; issue a new certificate instead';
    if (record.replacedById) return 'it was already renewed';
    if (rekey && !record.keyAlgorithm) return 'Certwright does not hold its key (it was signed from a CSR): rekeying needs a new CSR from its owner; renewing keeps its key';
    return null;
  }

  async #request(record: CertificateRecord, options: RenewOptions): Promise<LeafRequest> {
    const leaf = this.#catalog.leaf(record.certificateDerB64);
    let existingKey: LeafRequest['existingKey'];
    if (!options.rekey) {
      const pkcs8: Bytes | null = record.sealedKey ? await this.#vault.exportPrivateKeyPkcs8(record.id) : null;
      existingKey = { spki: leaf.spki, pkcs8, keyAlgorithm: record.keyAlgorithm };
    }
    return {
      authorityId: record.authorityId,
      profile: record.profile,
      subject: leaf.subject,
      sans: leaf.sans,
      // Rekeying keeps the key type; a certificate from a CSR cannot be rekeyed (refused above).
      keyAlgorithm: record.keyAlgorithm ?? 'p256',
      ...(options.validity ? { validity: options.validity } : {}),
      ...(existingKey ? { existingKey } : {}),
      replacesId: record.id,
    };
  }
}
