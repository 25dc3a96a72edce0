/**
 * Expiry notifications: when the vault is unlocked (the app's start) and then daily while it stays
 * unlocked, certificates in service whose effective expiry crossed the warning threshold (default 30
 * days) or the urgent one (7) since the last look are announced in one OS notification. The same
 * daily tick applies scheduled "revoke as superseded" after renewals.
 */
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import type { Vault } from '../vault/vault.js';
import type { Notice, NoticeGroup, Notifier } from './notifier.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import type { Catalog } from './catalog.js';
import { daysUntil, inService } from './dashboard.js';
import type { Renewing } from './renewing.js';

const DAY_MS = 86_400_000;
const NAMES_SHOWN = 3;

type Level = 'warning' | 'urgent';

export interface Timer {
  /** Calls `tick` every `ms`; returns a function that stops it. Must not keep a process alive on its own. */
  every(ms: number, tick: () => void): () => void;
}

export const realTimer: Timer = {
  every(ms, tick) {
    const handle = setInterval(tick, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

/** One notification for what crossed a threshold, as data main words in the user's language; null when nothing did. */
export function expiryNotice(crossed: ReadonlyArray<{ summary: CertificateSummary; level: Level }>, warningDays: number, urgentDays: number, now: Date): Notice | null {
  if (crossed.length === 0) return null;
  const urgent = crossed.filter((c) => c.level === 'urgent');
  const rest = crossed.filter((c) => c.level === 'warning');
  const group = (label: Msg, list: typeof crossed): NoticeGroup => ({
    label,
    names: list.slice(0, NAMES_SHOWN).map(({ summary }) => ({ name: summary.subject.commonName, days: daysUntil(summary.effectiveNotAfter, now) })),
    more: Math.max(0, list.length - NAMES_SHOWN),
  });
  const title = urgent.length > 0 ? msg('menu:notification.title', { count: urgent.length, days: urgentDays }) : msg('menu:notification.title', { count: crossed.length, days: warningDays });
  const groups = [...(urgent.length > 0 ? [group(msg('menu:notification.urgent'), urgent)] : []), ...(rest.length > 0 ? [group(msg('menu:notification.within', { days: warningDays }), rest)] : [])];
  return { title, groups, closing: msg('menu:notification.renew'), urgent: urgent.length > 0 };
}

export class ExpiryWatch {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #renewing: Renewing;
  readonly #notifier: Notifier;
  readonly #now: () => Date;
  readonly #timer: Timer;
  /** What each certificate was last announced as, so a crossing is announced once. */
  readonly #announced = new Map<string, Level>();
  #stop: (() => void) | null = null;

  constructor(deps: { vault: Vault; catalog: Catalog; renewing: Renewing; notifier: Notifier; now: () => Date; timer?: Timer }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#renewing = deps.renewing;
    this.#notifier = deps.notifier;
    this.#now = deps.now;
    this.#timer = deps.timer ?? realTimer;
  }

  /** Looks now, then daily until stopped. Idempotent. */
  start(): void {
    if (this.#stop) return;
    this.#stop = this.#timer.every(DAY_MS, () => void this.tick());
    void this.tick();
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#announced.clear();
  }

  /** One look: apply due revocations, then announce new crossings. Returns what was announced. */
  async tick(): Promise<Notice | null> {
    if (this.#vault.state() !== 'unlocked') return null;
    try {
      await this.#renewing.applyScheduled();
    } catch {
      // A CA that cannot sign right now: tomorrow's tick tries again.
    }
    const { warningDays, urgentDays, notifications } = this.#vault.appSettings().expiry;
    const now = this.#now();
    const crossed: Array<{ summary: CertificateSummary; level: Level }> = [];
    for (const record of this.#vault.listAllCertificates()) {
      const summary = await this.#catalog.certificateSummary(record);
      if (!inService(summary)) continue;
      const left = Date.parse(summary.effectiveNotAfter) - now.getTime();
      const level: Level | null = left <= urgentDays * DAY_MS ? 'urgent' : left <= warningDays * DAY_MS ? 'warning' : null;
      // Announced once per level; a certificate already announced as urgent is not announced again as a warning.
      const before = this.#announced.get(summary.id);
      if (level === null || before === level || (level === 'warning' && before === 'urgent')) continue;
      this.#announced.set(summary.id, level);
      crossed.push({ summary, level });
    }
    const notice = expiryNotice(crossed.sort((a, b) => a.summary.effectiveNotAfter.localeCompare(b.summary.effectiveNotAfter)), warningDays, urgentDays, now);
    if (notice && notifications) this.#notifier.notify(notice);
    return notice;
  }
}
