/**
 * Watched endpoints at the limit (issue 19): 5,000 endpoints (WATCH_MAX_ENDPOINTS) imported into a
 * vault, then 49 rounds of results recorded for all of them (full history: 48 results each) through
 * Vault.recordProbes, as the schedule records a round; then Watching.list (warm and after an unlock),
 * deployed and one endpoint's history. Results are synthetic (the probing itself is watch.bench.ts):
 * this measures the storage. Twice: results that repeat (a steady endpoint) and results that all
 * differ (the worst case for the history's size). Exits 1 when a target is missed.
 *   node --import tsx test/bench/watch-store.bench.ts
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../electron/services/index.js';
import { WATCH_HISTORY_RESULTS, WATCH_MAX_ENDPOINTS, type ProbeOutcome } from '../../shared/domain/watch.js';
import { msg } from '../../shared/i18n/message.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

const TARGETS = { listWarmMs: 200, listColdMs: 1000, recordRoundMs: 8000 };
let missed = false;
const check = (what: string, ms: number, target: number) => {
  const ok = ms <= target;
  if (!ok) missed = true;
  console.log(`${what.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   target ≤ ${target} ms ${ok ? 'met' : 'MISSED'}`);
};

async function run(varying: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-watch-store-bench-'));
  try {
    const vault = await cheapVault(dir);
    const services = createServices({ vault });
    let t = performance.now();
    const imported = await services.watching.import(Array.from({ length: WATCH_MAX_ENDPOINTS }, (_, i) => `host-${i}.example:${1 + (i % 60000)}`).join('\n'));
    console.log(`import of ${imported.added.length} endpoints (one transaction, one audit entry each): ${(performance.now() - t).toFixed(0)} ms`);
    const outcome = (round: number): ProbeOutcome => ({
      at: new Date(Date.now() - (WATCH_HISTORY_RESULTS - round) * 3_600_000).toISOString(),
      durationMs: 12 + round,
      reached: 'ok',
      failure: null,
      leaf: { sha256: 'AB'.repeat(32), serialHex: '0123456789abcdef0123456789abcdef', subjectCommonName: 'host.example', issuerCommonName: 'Issuing CA', notAfter: '2027-01-01T00:00:00.000Z', vaultCertificateId: 'c'.repeat(32) },
      servedCount: 2,
      earliestNotAfter: '2027-01-01T00:00:00.000Z',
      effectiveNotAfter: '2027-01-01T00:00:00.000Z',
      clientCertificateRequested: false,
      servedIsLatest: true,
      latest: null,
      findings: [{ id: 'expires-soon', severity: 'warning', text: msg('watch:finding.expiresSoon', { count: varying ? 100 - round : 20, date: '2027-01-01' }) }],
    });
    const ids = vault.endpoints().list.map((e) => e.id);
    let longest = 0;
    let last = performance.now();
    const watchdog = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    let lastRound = 0;
    for (let round = 0; round <= WATCH_HISTORY_RESULTS; round++) {
      t = performance.now();
      await vault.recordProbes(new Map(ids.map((id) => [id, outcome(round)])));
      lastRound = performance.now() - t;
    }
    clearInterval(watchdog);
    check(`record a round of ${ids.length} (full history)`, lastRound, TARGETS.recordRoundMs);
    console.log(`longest block of the event loop while recording: ${longest.toFixed(0)} ms; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    const bytes = (prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix)).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 1e6;
    console.log(`stored: status ${bytes('watch-status').toFixed(1)} MB, history ${bytes('watch-history').toFixed(1)} MB`);
    services.watching.list();
    t = performance.now();
    services.watching.list();
    check(`list of ${ids.length} (warm)`, performance.now() - t, TARGETS.listWarmMs);
    t = performance.now();
    services.watching.deployed();
    console.log(`deployed summary: ${(performance.now() - t).toFixed(0)} ms`);
    t = performance.now();
    const history = services.watching.history(ids[17]!);
    console.log(`one endpoint's history (${history.results.length} results): ${(performance.now() - t).toFixed(0)} ms`);
    vault.lock();
    await vault.unlock(FIXTURE_PASSPHRASE);
    t = performance.now();
    services.watching.list();
    check(`list of ${ids.length} (first after an unlock)`, performance.now() - t, TARGETS.listColdMs);
    await services.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('--- results that repeat (a steady endpoint)');
await run(false);
console.log('--- results that all differ (worst case)');
await run(true);
process.exitCode = missed ? 1 : 0;
