/**
 * Renewal (same key, new validity) and rekeying (a new key pair), one certificate or everything
 * expiring within N days. The new certificate links to the one it replaces; the old one can be
 * revoked as superseded after an overlap, applied whenever the vault is unlocked and daily while
 * the app runs.
 */
import { RENEW_CANCELLED_REASON, type RenewResult } from '../../shared/domain/expiry.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { Bytes } from '../engine/webcrypto.js';
import type { CertificateRecord } from '../vault/records.js';
import type { Vault } from '../vault/vault.js';
import type { Catalog } from './catalog.js';
import type { Issuing, LeafRequest } from './issuing.js';
import { noProgress, steps, type OnProgress } from './progress.js';
import type { Revoking } from './revoking.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { english } from '../../shared/i18n/english.js';

const DAY_MS = 86_400_000;
/** Certificates renewed per vault write at most: a progress step each, and a failure loses at most one batch. */
const BATCH = 100;
/** The first batch renews one certificate; each next one twice as many, up to BATCH: a cancel lands within a certificate or two of the start. */
const FIRST_BATCH = 1;

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

  /**
   * `signal` (operation.cancel) is checked between batches, never inside one: each batch's new
   * certificates and the links from the old ones are written before the next check, so every
   * certificate is either wholly renewed or not touched; those not reached are listed in `skipped`.
   */
  async renew(
    options: RenewOptions,
    onProgress: OnProgress = noProgress,
    signal?: AbortSignal,
  ): Promise<{ result: Omit<RenewResult, 'renewed'>; renewed: Array<{ replacedId: string; record: CertificateRecord }> }> {
    // Activity from the first moment: finding what expires reads every certificate of a big inventory.
    onProgress(0, 1, options.expiringWithinDays !== null ? msg('renew:progress.finding') : msg('renew:progress.reading'));
    const targets = options.expiringWithinDays !== null ? this.expiringWithin(options.expiringWithinDays) : options.ids.map((id) => this.#vault.getCertificate(id));
    const skipped: Skip[] = [];
    const progress = steps(onProgress, Math.max(1, targets.length));
    const eligible = targets.filter((record) => {
      const reason = this.#refusal(record, options.rekey);
      if (reason) skipped.push({ id: record.id, commonName: this.#commonName(record), reason });
      return reason === null;
    });
    if (options.ids.length > 0 && eligible.length === 0 && skipped.length > 0) throw new CertwrightError('INVALID_INPUT', atField('ids', 'errors:renewing.noneEligible', { skipped: skipped.map((s) => `${s.commonName}: ${english(s.reason)}`).join('; ') }), { field: 'ids' });
    const now = this.#now();
    const revokeOldAt = options.revokeOldAfterDays === null ? null : new Date(now.getTime() + options.revokeOldAfterDays * DAY_MS).toISOString();
    const renewed: Array<{ replacedId: string; record: CertificateRecord }> = [];
    const warnings = new Map<string, Msg>();
    const total = eligible.length;
    let size = FIRST_BATCH;
    let cancelled = false;
    for (const [authorityId, records] of byAuthority(eligible)) {
      for (let start = 0; start < records.length && !cancelled; start += size, size = Math.min(BATCH, size * 2)) {
        cancelled = signal?.aborted === true;
        if (cancelled) break;
        const batch = records.slice(start, start + size);
        // A lock between batches ends the renewal with VAULT_LOCKED; the batches before it are whole.
        this.#vault.assertUnlocked();
        // Progress counts every target (skipped ones are done at once), so the bar ends at 100%.
        const which = { from: renewed.length + 1, to: renewed.length + batch.length, total };
        const key = options.rekey ? (batch.length === 1 ? 'renew:progress.rekeyingOne' : 'renew:progress.rekeyingRange') : batch.length === 1 ? 'renew:progress.renewingOne' : 'renew:progress.renewingRange';
        progress(skipped.length + renewed.length, msg(key, which));
        const requests = await Promise.all(batch.map((record) => this.#request(record, options)));
        const { records: made, warnings: w } = await this.#issuing.issueLeaves(requests);
        w.forEach((x) => warnings.set(JSON.stringify(x), x));
        this.#vault.updateCertificates(authorityId, batch.map((old, i) => ({ id: old.id, replacedById: made[i]!.id, scheduledRevocation: revokeOldAt })));
        batch.forEach((old, i) => renewed.push({ replacedId: old.id, record: made[i]! }));
        // A turn of the event loop between batches, so a cancel (and the window's other calls) get in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (cancelled) {
      const done = new Set(renewed.map((r) => r.replacedId));
      for (const record of eligible) if (!done.has(record.id)) skipped.push({ id: record.id, commonName: this.#commonName(record), reason: RENEW_CANCELLED_REASON });
    }
    progress(targets.length, cancelled ? msg('renew:progress.cancelled') : msg('renew:progress.done'));
    // Those renewed before a cancel are whole renewals: their old certificates are revoked as asked.
    if (options.revokeOldAfterDays === 0) await this.applyScheduled();
    return { result: { skipped, revokeOldAt, warnings: [...warnings.values()], cancelled }, renewed };
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

  /** The same rules and words (renew:refusal.*) as the wizard's review (renderer/wizards/renew/model.ts). */
  #refusal(record: CertificateRecord, rekey: boolean): Msg | null {
    const revoked = this.#catalog.revocationOf(record);
    if (revoked) return msg('renew:refusal.revoked');
    if (record.profile === 'ca') return msg('renew:refusal.subCa');
    if (record.replacedById) return msg('renew:refusal.renewed');
    if (rekey && !record.keyAlgorithm) return msg('renew:refusal.noKey');
    return null;
  }

  async #request(record: CertificateRecord, options: RenewOptions): Promise<LeafRequest> {
    // Refused in #refusal; checked here too so a sub-CA can never be renewed as a leaf.
    if (record.profile === 'ca') throw new CertwrightError('INVALID_INPUT', msg('errors:renewing.subCa'), { field: 'ids' });
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
