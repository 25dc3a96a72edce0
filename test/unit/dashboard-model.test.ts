/** The dashboard's pure logic: screen choice, tile tones from the settings, week labels, chart rows, sentences. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_EXPIRY_SETTINGS, TIMELINE_WEEKS, type CrlDue, type DashboardData } from '../../shared/domain/expiry.js';
import {
  blastRadiusSentence,
  chartData,
  chartSummary,
  crlLine,
  dashboardState,
  daysLeftTone,
  expiryTiles,
  inWords,
  SERIES_COLOURS,
  statusCells,
  weekLabels,
  weekStarts,
  windowTone,
} from '../../renderer/views/dashboard/model.js';

const NOW = '2026-03-03T09:30:00.000Z';
const utc = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const label = (d: Date) => utc.format(d);
const counts = (total: number): DashboardData['counts'] => ({ valid: total, expired: 0, 'not-yet-valid': 0, revoked: 0, total });
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('dashboard model', () => {
  test('an empty vault points to a new root; authorities without certificates get their own state', () => {
    assert.equal(dashboardState({ counts: counts(0) }, 0), 'no-authorities');
    assert.equal(dashboardState({ counts: counts(0) }, 2), 'no-certificates');
    assert.equal(dashboardState({ counts: counts(5) }, 1), 'ready');
  });

  test('tile tones follow the thresholds, and nothing to renew is calm whatever the window', () => {
    const s = { warningDays: 30, urgentDays: 7 };
    assert.equal(windowTone(7, 3, s), 'urgent');
    assert.equal(windowTone(30, 3, s), 'warning');
    assert.equal(windowTone(90, 3, s), 'neutral');
    assert.equal(windowTone(7, 0, s), 'clear');
    // Thresholds moved: 30 days is urgent now, 90 a warning.
    const wide = { warningDays: 90, urgentDays: 30 };
    assert.deepEqual([7, 30, 90].map((d) => windowTone(d, 1, wide)), ['urgent', 'urgent', 'warning']);
    const narrow = { warningDays: 14, urgentDays: 3 };
    assert.deepEqual([7, 30, 90].map((d) => windowTone(d, 1, narrow)), ['warning', 'neutral', 'neutral']);
    assert.deepEqual([0, 7, 8, 30, 31].map((d) => daysLeftTone(d, s)), ['urgent', 'urgent', 'warning', 'warning', 'neutral']);
  });

  test('expiry tiles carry their count, tone, words and the Certificates filter', () => {
    const tiles = expiryTiles({
      settings: DEFAULT_EXPIRY_SETTINGS,
      expiring: [
        { days: 7, count: 1 },
        { days: 30, count: 2 },
        { days: 90, count: 0 },
      ],
    });
    assert.deepEqual(
      tiles.map((t) => [t.label, t.count, t.tone]),
      [
        ['Expiring within 7 days', 1, 'urgent'],
        ['Expiring within 30 days', 2, 'warning'],
        ['Expiring within 90 days', 0, 'clear'],
      ],
    );
    assert.deepEqual(tiles[1]!.filter, { expiringWithinDays: 30 });
    assert.equal(tiles[2]!.note, 'Nothing to renew');
  });

  test('status cells: total first (unfiltered), then each status with its filter', () => {
    const cells = statusCells({ valid: 6, expired: 1, 'not-yet-valid': 0, revoked: 2, total: 9 });
    assert.deepEqual(
      cells.map((c) => [c.label, c.count]),
      [
        ['Total', 9],
        ['Valid', 6],
        ['Expired', 1],
        ['Not yet valid', 0],
        ['Revoked', 2],
      ],
    );
    assert.equal(cells[0]!.filter, undefined);
    assert.deepEqual(cells[4]!.filter, { status: 'revoked' });
  });

  test('week labels are dates, week 0 being today, a week apart', () => {
    const starts = weekStarts(NOW);
    assert.equal(starts.length, TIMELINE_WEEKS);
    assert.equal(starts[0]!.toISOString(), NOW);
    assert.equal(starts[1]!.getTime() - starts[0]!.getTime(), 7 * 86_400_000);
    const labels = weekLabels(NOW, TIMELINE_WEEKS, label);
    assert.deepEqual(labels.slice(0, 5), ['Mar 3', 'Mar 10', 'Mar 17', 'Mar 24', 'Mar 31']);
    assert.equal(labels[25], 'Aug 25');
    // The default formatter gives one short label per week too.
    assert.equal(weekLabels(NOW).length, TIMELINE_WEEKS);
  });

  test('chart data: one row per week, one stacked series per authority, totals', () => {
    const weeks = (hits: Record<number, number>) => Array.from({ length: TIMELINE_WEEKS }, (_, i) => hits[i] ?? 0);
    const chart = chartData(
      {
        authorities: [
          { authorityId: A, commonName: 'Acme Issuing CA', weeks: weeks({ 0: 1, 2: 1, 8: 2 }) },
          { authorityId: B, commonName: 'Acme Root', weeks: weeks({ 2: 3 }) },
        ],
      },
      weekLabels(NOW, TIMELINE_WEEKS, label),
    );
    assert.deepEqual(
      chart.series.map((s) => [s.name, s.total, s.colour]),
      [
        ['Acme Issuing CA', 4, 0],
        ['Acme Root', 3, 1],
      ],
    );
    assert.equal(chart.rows.length, TIMELINE_WEEKS);
    assert.deepEqual(chart.rows[2], { week: 2, label: 'Mar 17', total: 4, [`ca_${A}`]: 1, [`ca_${B}`]: 3 });
    assert.equal(chart.rows[25]!.total, 0);
    assert.equal(chart.total, 7);
    assert.equal(
      chartSummary(chart),
      'Expiry timeline, next 26 weeks: 7 certificates expire, most in the week of Mar 17 (4). By authority: Acme Issuing CA 4, Acme Root 3.',
    );
    assert.equal(chartSummary(chartData({ authorities: [] }, weekLabels(NOW, TIMELINE_WEEKS, label))), 'Expiry timeline, next 26 weeks: no certificate expires.');
  });

  test('series colours cycle through the palette', () => {
    const many = Array.from({ length: SERIES_COLOURS + 2 }, (_, i) => ({ authorityId: String(i).repeat(32).slice(0, 32), commonName: `CA ${i}`, weeks: [1] }));
    assert.deepEqual(
      chartData({ authorities: many }, ['Mar 3']).series.map((s) => s.colour),
      [0, 1, 2, 3, 4, 5, 0, 1],
    );
  });

  test('the blast radius sentence', () => {
    assert.equal(blastRadiusSentence({ certificates: 312, authorities: 2 }), 'Takes 312 certificates and 2 CAs with it.');
    assert.equal(blastRadiusSentence({ certificates: 1, authorities: 1 }), 'Takes 1 certificate and 1 CA with it.');
    assert.equal(blastRadiusSentence({ certificates: 5, authorities: 0 }), 'Takes 5 certificates with it.');
    assert.equal(blastRadiusSentence({ certificates: 0, authorities: 3 }), 'Takes 3 CAs with it.');
    assert.equal(blastRadiusSentence({ certificates: 12_000, authorities: 0 }), 'Takes 12,000 certificates with it.');
    assert.equal(blastRadiusSentence({ certificates: 0, authorities: 0 }), 'Nothing in service depends on it.');
  });

  test('CRLs due, in words', () => {
    const fmt = (iso: string) => iso.slice(0, 16);
    const base = { authorityId: A, commonName: 'Acme Issuing CA' };
    const overdue: CrlDue = { ...base, nextUpdate: '2026-03-02T09:30:00.000Z', state: 'overdue' };
    assert.deepEqual(crlLine(overdue, NOW, fmt), { tone: 'urgent', status: 'Overdue', detail: 'Clients checking it have refused it since 2026-03-02T09:30. Publish a new CRL.' });
    const due: CrlDue = { ...base, nextUpdate: '2026-03-04T03:00:00.000Z', state: 'due' };
    assert.deepEqual(crlLine(due, NOW, fmt), { tone: 'warning', status: 'Due in 17 hours', detail: 'Next update 2026-03-04T03:00.' });
    const never: CrlDue = { ...base, nextUpdate: null, state: 'unpublished' };
    assert.equal(crlLine(never, NOW, fmt).status, 'Never published');
    assert.deepEqual([inWords(86_400_000), inWords(3_600_000 * 5), inWords(90_000), inWords(0)], ['in 1 day', 'in 5 hours', 'in 1 minute', 'in 1 minute']);
  });
});
