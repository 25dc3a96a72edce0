/**
 * The dashboard's "Deployed" panel in words (issue 19): what the watched endpoints serve, counted by
 * health, and the findings to act on as sentences. No React, no IPC: unit-tested on its own.
 */
import { DEPLOYED_MAX_FINDINGS, type DeployedSummary, type WatchHealth } from '../../../shared/domain/watch.js';
import { t, wordOf } from '../../i18n/instance.js';
import type { Tone } from './model.js';

/** empty: nothing watched (the invitation); findings: something to act on; clear: probed, nothing found; unprobed: no probe yet. */
export type DeployedState = 'empty' | 'findings' | 'clear' | 'unprobed';

export function deployedState(summary: DeployedSummary): DeployedState {
  if (summary.watched === 0) return 'empty';
  // Counted errors or warnings are findings even when the list is empty: never call that clear.
  if (summary.findings.length > 0 || summary.health.error + summary.health.warning > 0) return 'findings';
  return summary.health.unprobed === summary.watched ? 'unprobed' : 'clear';
}

export interface HealthCell {
  readonly health: WatchHealth;
  readonly count: number;
  readonly label: string;
  /** urgent/warning only when there are some; a zero is calm. */
  readonly tone: Tone;
}

/** Worst first: what needs action, warnings, fine, not probed yet. */
const HEALTH_ORDER: readonly WatchHealth[] = ['error', 'warning', 'ok', 'unprobed'];

export function healthCells(summary: DeployedSummary): HealthCell[] {
  const words: Readonly<Record<WatchHealth, string>> = {
    error: t('dashboard:deployed.health.error'),
    warning: t('dashboard:deployed.health.warning'),
    ok: t('dashboard:deployed.health.ok'),
    unprobed: t('dashboard:deployed.health.unprobed'),
  };
  return HEALTH_ORDER.map((health) => {
    const count = summary.health[health];
    const tone: Tone = count === 0 ? 'clear' : health === 'error' ? 'urgent' : health === 'warning' ? 'warning' : 'neutral';
    return { health, count, label: words[health], tone };
  });
}

export interface FindingRow {
  /** Unique in the list: one endpoint may have several findings, each id at most once. */
  readonly key: string;
  readonly endpointId: string;
  readonly target: string;
  readonly sentence: string;
  readonly tone: 'urgent' | 'warning';
  readonly severity: string;
}

/** The findings as the panel lists them, in the order main gave (errors first). */
export function findingRows(summary: DeployedSummary): FindingRow[] {
  return summary.findings.map(({ endpointId, target, finding }) => ({
    key: `${endpointId}:${finding.id}`,
    endpointId,
    target,
    sentence: wordOf(finding.text),
    tone: finding.severity === 'error' ? 'urgent' : 'warning',
    severity: finding.severity === 'error' ? t('dashboard:deployed.severity.error') : t('dashboard:deployed.severity.warning'),
  }));
}

/** Under the title: how many are watched and when they were last probed. `formatDateTime` formats the instant. */
export function deployedSub(summary: DeployedSummary, formatDateTime: (iso: string) => string): string | undefined {
  if (summary.watched === 0) return undefined;
  const watched = t('dashboard:deployed.watched', { count: summary.watched });
  return summary.lastRoundAt === null ? t('dashboard:deployed.subNever', { watched }) : t('dashboard:deployed.sub', { watched, at: formatDateTime(summary.lastRoundAt) });
}

/** What the panel says when there is no finding to list; null when there are findings (or nothing is watched). */
export function quietSentence(summary: DeployedSummary): string | null {
  switch (deployedState(summary)) {
    case 'unprobed':
      return t('dashboard:deployed.unprobed');
    case 'clear': {
      const probed = summary.watched - summary.health.unprobed;
      return summary.health.unprobed === 0 ? t('dashboard:deployed.allClear', { count: probed }) : t('dashboard:deployed.clearSoFar', { count: probed });
    }
    default:
      return null;
  }
}

/** The list is cut at DEPLOYED_MAX_FINDINGS: then the panel says so and points at the Endpoints view. */
export const findingsCut = (summary: DeployedSummary): boolean => summary.findings.length >= DEPLOYED_MAX_FINDINGS;
