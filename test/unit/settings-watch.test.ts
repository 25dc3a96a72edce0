/**
 * Settings → Watching's pure model (issue 19): the draft as typed, what it asks main for, which fields
 * are not whole numbers, and the scrape line the card shows — which `promtool check config` accepts
 * (the peer is run, not quoted) with Prometheus scraping exactly 127.0.0.1:PORT/metrics.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_WATCH_SETTINGS } from '../../shared/domain/watch.js';
import { WatchSettingsInput } from '../../shared/ipc/contract.js';
import { sameWatch, scrapeConfigLine, watchDraft, watchInput, wholeNumber } from '../../renderer/views/settings/model.js';

describe('watching settings model', () => {
  test('the defaults round-trip and are what main takes', () => {
    const draft = watchDraft(DEFAULT_WATCH_SETTINGS);
    assert.deepEqual(draft, { intervalMinutes: '60', concurrency: '16', timeoutSeconds: '8', metricsServe: false, metricsPort: '9469' });
    const input = watchInput(draft);
    assert.ok(input.ok);
    assert.deepEqual(input.value, DEFAULT_WATCH_SETTINGS);
    assert.deepEqual(WatchSettingsInput.parse(input.value), DEFAULT_WATCH_SETTINGS);
    assert.equal(sameWatch(draft, DEFAULT_WATCH_SETTINGS), true);
  });

  test('five-digit fields: a week of minutes and a high port are whole numbers here', () => {
    const input = watchInput({ intervalMinutes: '10080', concurrency: '256', timeoutSeconds: ' 60 ', metricsServe: true, metricsPort: '65535' });
    assert.ok(input.ok);
    assert.deepEqual(input.value, { intervalMinutes: 10080, concurrency: 256, timeoutSeconds: 60, metricsServe: true, metricsPort: 65535 });
    // The four-digit fields elsewhere keep their limit.
    assert.equal(wholeNumber('10080'), null);
    assert.equal(wholeNumber('10080', 5), 10080);
  });

  test('what is not a whole number is named at its field; ranges are left to main', () => {
    const input = watchInput({ intervalMinutes: '1.5', concurrency: '', timeoutSeconds: 'ten', metricsServe: true, metricsPort: '-1' });
    assert.equal(input.ok, false);
    assert.ok(!input.ok);
    assert.deepEqual(input.errors, {
      intervalMinutes: 'Give the interval in whole minutes',
      concurrency: 'Give a whole number of probes',
      timeoutSeconds: 'Give the timeout in whole seconds',
      metricsPort: 'Give the port as a whole number',
    });
    // In range or not is main's word (the contract refuses at the field): 80 is a whole number here.
    const low = watchInput({ ...watchDraft(DEFAULT_WATCH_SETTINGS), metricsPort: '80' });
    assert.ok(low.ok);
    const refused = WatchSettingsInput.safeParse(low.value);
    assert.equal(refused.success, false);
    assert.deepEqual(refused.error?.issues[0]?.path, ['metricsPort']);
  });

  test('a change is a change; an unreadable draft never counts as unchanged', () => {
    const draft = watchDraft(DEFAULT_WATCH_SETTINGS);
    assert.equal(sameWatch({ ...draft, metricsServe: true }, DEFAULT_WATCH_SETTINGS), false);
    assert.equal(sameWatch({ ...draft, intervalMinutes: '30' }, DEFAULT_WATCH_SETTINGS), false);
    assert.equal(sameWatch({ ...draft, intervalMinutes: '060' }, DEFAULT_WATCH_SETTINGS), true);
    assert.equal(sameWatch({ ...draft, intervalMinutes: 'x' }, DEFAULT_WATCH_SETTINGS), false);
  });

  test('promtool accepts the scrape line under scrape_configs, scraping 127.0.0.1:PORT/metrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-scrape-'));
    try {
      const file = join(dir, 'prometheus.yml');
      writeFileSync(file, `scrape_configs:\n  ${scrapeConfigLine(9469)}\n`);
      // Throws (and fails the test) when promtool rejects the file.
      const out = execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8', timeout: 10_000 });
      assert.match(out, /SUCCESS/);
      // The same line with a wrong key is refused: the check can fail.
      writeFileSync(file, `scrape_configs:\n  ${scrapeConfigLine(9469).replace('static_configs', 'static_config')}\n`);
      assert.throws(() => execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
