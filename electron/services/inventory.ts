/**
 * The certificate inventory as main keeps it (DESIGN.md §6: lists never cross IPC whole): one
 * {@link CertificateListIndex} of every certificate's summary, kept current with the vault, that
 * the Certificates view asks for windows of rows (filtered, sorted and counted here), bulk actions
 * ask for the ids of "every one matching", wizards for the few summaries they work on, and the
 * dashboard for its figures.
 *
 * Kept current cheaply: before each answer the vault's records, revocation entries and authorities
 * are compared by identity with those the index was built from (the vault hands out the same frozen
 * objects until they change), and the clock with the next moment a certificate's status changes by
 * itself (one becomes valid or expires). Only when something differs are summaries made again —
 * for the records that changed, those whose revocation changed, and those whose status the clock
 * moved — and the index takes the new list (see CertificateListIndex.reset: unchanged rows and every
 * sort key's ranks are kept). Building from nothing (after unlock: {@link Inventory.warm}) goes in
 * slices, so main keeps answering other calls meanwhile.
 */
import { CertwrightError } from '../../shared/errors.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { CertificateListIndex, type CertificateSelection, type CertificateWindow, type TableView } from '../../shared/domain/certificate-query.js';
import type { DashboardData } from '../../shared/domain/expiry.js';
import type { DeployedSummary } from '../../shared/domain/watch.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import type { AuthorityRecord, CertificateRecord } from '../vault/records.js';
import { normalizeSerial, type Revocation } from '../vault/revocations.js';
import type { Vault } from '../vault/vault.js';
import type { AutoLock } from './auto-lock.js';
import type { Catalog } from './catalog.js';
import { certificatesCsv, certificatesJson } from './certificate-list-export.js';
import { buildDashboard, type DashboardAuthority } from './dashboard.js';
import type { ChooseDestination } from './destination.js';
import type { Revoking } from './revoking.js';
import { writeBundle } from './write-bundle.js';
import { msg } from '../../shared/i18n/message.js';

/** How many records are summarised between two pauses when building. */
const SLICE = 2000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One certificate as the index last saw it. */
interface Entry {
  readonly record: CertificateRecord;
  /** Its revocation entry when the summary was made (undefined: not revoked). */
  readonly revocation: Revocation | undefined;
  readonly summary: CertificateSummary;
  /** When its status changes by the clock alone (becomes valid, expires); Infinity: never. */
  readonly changesAt: number;
}

/** What the index was built from. */
interface Seen {
  readonly authorities: readonly AuthorityRecord[];
  /** Each authority's revocation entries (the map object: a new one whenever they change). */
  readonly books: ReadonlyMap<string, ReadonlyMap<string, Revocation>>;
  /** Each authority's records, in issue order. */
  readonly records: ReadonlyMap<string, readonly CertificateRecord[]>;
  readonly entries: ReadonlyMap<string, Entry>;
  /** The earliest changesAt of all. */
  readonly nextChange: number;
}

/** A query of the list with its defaults applied (the contract's CertificateListQuery). */
export type ListQuery = ValidInput<'certificate.select'>;

export interface InventoryDeps {
  readonly vault: Vault;
  readonly catalog: Catalog;
  readonly revoking: Revoking;
  readonly now: () => Date;
  /** With one, everything is dropped the moment the vault locks (else at the next call). */
  readonly autoLock?: AutoLock | null;
  /** The watched endpoints' summary for the dashboard's "Deployed" panel (watch/watching.ts). */
  readonly deployed?: () => DeployedSummary;
}

export class Inventory {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #revoking: Revoking;
  readonly #now: () => Date;
  readonly #deployed: (() => DeployedSummary) | null;
  readonly #index = new CertificateListIndex({ pause });
  #seen: Seen | null = null;
  /** The build under way; every caller waits for the same one. */
  #building: Promise<CertificateListIndex> | null = null;
  /** Counts clear(): a build started before a lock does not keep what it made. */
  #generation = 0;
  #lastFullBuildMs: number | null = null;
  #lastRankMs: number | null = null;

  constructor(deps: InventoryDeps) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#revoking = deps.revoking;
    this.#now = deps.now;
    this.#deployed = deps.deployed ?? null;
    deps.autoLock?.onLock(() => this.clear());
  }

  /** A window of the list as `input` asks (filters, order, offset, limit), with its counts. */
  async query(input: ValidInput<'certificate.query'>): Promise<CertificateWindow> {
    const index = await this.current();
    return index.query(this.#view(input), input.sort, input.offset, input.limit);
  }

  /** The revocable certificates `input` matches (of `among`, when given), and which can be renewed. */
  async select(input: ValidInput<'certificate.select'>): Promise<CertificateSelection> {
    const index = await this.current();
    return index.select(this.#view(input), input.sort, input.among);
  }

  /** Every certificate `query` shows, in its order. */
  async shown(query: ListQuery): Promise<CertificateSummary[]> {
    const index = await this.current();
    return index.matching(this.#view(query), query.sort);
  }

  /**
   * The summaries a wizard works on: those of `ids` (in that order, unknown ones left out), or every
   * certificate a renewal of "expiring within N days" would take (as Renewing.expiringWithin decides).
   */
  async summaries(input: ValidInput<'certificate.summaries'>): Promise<CertificateSummary[]> {
    const index = await this.current();
    if (input.expiringWithinDays !== null) {
      const now = this.#now().getTime();
      const limit = now + input.expiringWithinDays * 86_400_000;
      const effective = index.effectiveNotAfterMs();
      return index.summaries().filter((c, i) => effective[i]! <= limit && c.replacedById === null && c.revocation === null && Date.parse(c.notAfter) > now);
    }
    return input.ids.map((id) => index.get(id)).filter((c): c is CertificateSummary => c !== undefined);
  }

  /** Every certificate's summary, in list order (authorities as created, each one's as issued). */
  async list(): Promise<CertificateSummary[]> {
    return [...(await this.current()).summaries()];
  }

  /** The dashboard's figures, from the index's summaries. */
  async dashboard(): Promise<DashboardData> {
    const index = await this.current();
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
      authorities: await Promise.all(authorities.map((a) => this.#authority(a))),
      certificates: index.summaries(),
      effectiveNotAfterMs: index.effectiveNotAfterMs(),
      crls,
      ...(this.#deployed ? { deployed: this.#deployed() } : {}),
    });
  }

  /**
   * What the dashboard reads of an authority, as its summary says it (Catalog.authoritySummary) but
   * without the counts, which go over every certificate it issued.
   */
  async #authority(record: AuthorityRecord): Promise<DashboardAuthority> {
    const base = { id: record.id, kind: record.kind, state: record.state, parentId: record.parentId, revocation: this.#catalog.authorityRevocation(record) };
    // A pending one has no certificate: only its place in the tree is read (the rest is about active ones).
    if (!record.certificateDerB64) return { ...base, subject: { commonName: '' }, notAfter: '' };
    const facts = await this.#catalog.facts(record.certificateDerB64);
    return { ...base, subject: facts.subject, notAfter: facts.notAfter };
  }

  /** The list as shown (or the ids given; none: all) as CSV or JSON, written where `choose` says. */
  async exportList(input: ValidInput<'certificate.exportList'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    let chosen: CertificateSummary[];
    if (input.shown !== null) chosen = await this.shown({ ...input.shown, among: null });
    else {
      const all = await this.list();
      const wanted = new Set(input.ids);
      chosen = wanted.size === 0 ? all : all.filter((c) => wanted.has(c.id));
    }
    const name = `certificates.${input.format}`;
    const out = await choose({ kind: 'file', title: msg('menu:dialog.saveList', { count: chosen.length, format: input.format.toUpperCase() }), defaultName: name, extensions: [input.format] });
    if (out === null) return { cancelled: true, paths: [] };
    const contents = input.format === 'csv' ? certificatesCsv(chosen) : certificatesJson(chosen);
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents, secret: false, mode: 0o644 }] }, out) };
  }

  /**
   * Builds the index (when the vault is unlocked) and every sort key's ranks, in slices: for the
   * vault's opening to start, so the first visit to the list and the dashboard finds it ready (the
   * dashboard shown after unlock asks for the index anyway, and a build from nothing ranks every key
   * after it). Never rejects.
   */
  async warm(): Promise<void> {
    try {
      const index = await this.current();
      await index.warm();
    } catch {
      // Locked meanwhile, or the vault refused: the next call builds (and says why).
    }
  }

  async #rankAll(generation: number): Promise<void> {
    const started = performance.now();
    try {
      await this.#index.warm();
      if (this.#generation === generation) this.#lastRankMs = performance.now() - started;
    } catch {
      // Locked meanwhile: the next build starts again.
    }
  }

  /** How long ranking every sort key took after the last build from nothing (ms). */
  get lastRankMs(): number | null {
    return this.#lastRankMs;
  }

  /** How long the last build from nothing took (ms): for diagnostics and the benchmark. */
  get lastFullBuildMs(): number | null {
    return this.#lastFullBuildMs;
  }

  /** Drops the index and everything it holds (the vault locked). */
  clear(): void {
    this.#generation++;
    this.#seen = null;
    void this.#index.reset([]);
  }

  /** The index as of now: checked against the vault, brought up to date when it changed. */
  async current(): Promise<CertificateListIndex> {
    if (this.#vault.state() !== 'unlocked') {
      if (this.#seen !== null) this.clear();
      this.#vault.assertUnlocked();
    }
    for (;;) {
      if (this.#building) {
        await this.#building;
        continue;
      }
      if (this.#unchanged()) return this.#index;
      const build = this.#build();
      this.#building = build;
      try {
        return await build;
      } finally {
        if (this.#building === build) this.#building = null;
      }
    }
  }

  #view(query: ListQuery | ValidInput<'certificate.query'>): TableView {
    return { query: query.query, status: query.status, showRetired: query.showRetired, filter: query.filter, pinnedId: query.pinnedId, withKey: query.withKey, now: this.#now() };
  }

  /** Nothing changed since the index was built: same authorities, revocations and records, and no status changed with the clock. */
  #unchanged(): boolean {
    const seen = this.#seen;
    if (seen === null || this.#now().getTime() >= seen.nextChange) return false;
    const authorities = this.#vault.listAuthorities();
    if (authorities.length !== seen.authorities.length || authorities.some((a, i) => a !== seen.authorities[i])) return false;
    for (const a of authorities) {
      if (this.#vault.revocations(a.id).entries !== seen.books.get(a.id)) return false;
      // Per authority (listAllCertificates flattens them all into a new array: ~20 ms at 100,000).
      const records = this.#vault.listCertificates(a.id);
      const before = seen.records.get(a.id);
      if (!before || records.length !== before.length) return false;
      for (let i = 0; i < records.length; i++) if (records[i] !== before[i]) return false;
    }
    return true;
  }

  /** Summaries for what changed (all of them the first time), then the index takes the list. */
  async #build(): Promise<CertificateListIndex> {
    const started = performance.now();
    const generation = this.#generation;
    const vault = this.#vault;
    const before = this.#seen;
    const authorities = vault.listAuthorities();
    const books = new Map(authorities.map((a) => [a.id, vault.revocations(a.id).entries] as const));
    // As listAllCertificates orders them (authorities as created, each one's as issued), without its flattening copy.
    const byAuthority = new Map(authorities.map((a) => [a.id, vault.listCertificates(a.id)] as const));
    const records: CertificateRecord[] = [];
    for (const list of byAuthority.values()) for (const record of list) records.push(record);
    const now = this.#now().getTime();
    const entries = new Map<string, Entry>();
    const list = new Array<CertificateSummary>(records.length);
    let nextChange = Infinity;
    for (let start = 0; start < records.length; start += SLICE) {
      if (start > 0 && before === null) {
        await pause();
        if (this.#generation !== generation) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedListing'));
      }
      const end = Math.min(records.length, start + SLICE);
      // The summaries a slice needs are all asked for in one synchronous run, awaited after: the
      // vault then checks each file once for the slice, not once per certificate (Catalog.certificateSummary).
      const made: Array<{ readonly at: number; readonly revocation: Revocation | undefined; readonly summary: Promise<CertificateSummary> }> = [];
      for (let i = start; i < end; i++) {
        const record = records[i]!;
        const previous = before?.entries.get(record.id);
        const book = books.get(record.authorityId);
        const revocation = previous && before?.books.get(record.authorityId) === book ? previous.revocation : book && book.size > 0 ? book.get(normalizeSerial(record.serialNumberHex)) : undefined;
        if (previous && previous.record === record && previous.revocation === revocation && now < previous.changesAt) {
          entries.set(record.id, previous);
          list[i] = previous.summary;
          if (previous.changesAt < nextChange) nextChange = previous.changesAt;
        } else made.push({ at: i, revocation, summary: this.#catalog.certificateSummary(record) });
      }
      // All awaited at once: a record that fails (a damaged certificate) rejects this build, and
      // no other summary's rejection is left without a handler.
      const summaries = await Promise.all(made.map((m) => m.summary));
      for (let k = 0; k < made.length; k++) {
        const { at, revocation } = made[k]!;
        const record = records[at]!;
        const summary = summaries[k]!;
        const entry: Entry = { record, revocation, summary, changesAt: changesAt(summary, now) };
        entries.set(record.id, entry);
        list[at] = summary;
        if (entry.changesAt < nextChange) nextChange = entry.changesAt;
      }
    }
    if (this.#generation !== generation) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedListing'));
    await this.#index.reset(list);
    if (this.#generation !== generation) throw new CertwrightError('VAULT_LOCKED', msg('errors:vault.lockedListing'));
    this.#seen = { authorities, books, records: byAuthority, entries, nextChange };
    if (before === null) {
      this.#lastFullBuildMs = performance.now() - started;
      // Built from nothing (the vault just opened): every sort key's ranks next, in slices, so no
      // first click on a column waits for them.
      void this.#rankAll(generation);
    }
    return this.#index;
  }
}

/** When the clock alone changes the certificate's status: it becomes valid, or expires. A revoked one stays revoked. */
function changesAt(c: CertificateSummary, now: number): number {
  if (c.status === 'revoked') return Infinity;
  const notBefore = Date.parse(c.notBefore);
  if (now < notBefore) return notBefore;
  const notAfter = Date.parse(c.notAfter);
  return now < notAfter ? notAfter : Infinity;
}

