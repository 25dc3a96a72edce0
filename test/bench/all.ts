/**
 * npm run bench: every benchmark with a target, one after the other, each in its own process (so
 * one's caches and heap do not flatter the next); all run even when one misses. Prints a summary
 * and exits non-zero when any missed a target or failed. Environment variables (README,
 * "Benchmarks") pass through: CERTWRIGHT_BENCH_INVENTORY (inventory size, default 10,000),
 * BENCH_N (certificates per round of the issuance benchmark, default 1,000), and each benchmark's own
 * (jwt: BENCH_JWT_N, BENCH_JWT_SERVICE_N; acme: BENCH_ACME_N, BENCH_ACME_LEGO_N; watch: BENCH_WATCH_N,
 * BENCH_WATCH_CONCURRENCY).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const BENCHES = (process.env.BENCH_ONLY ?? 'issue,crl,inspect,list,vault,jwt,acme,watch,watch-store').split(',').map((b) => b.trim()).filter(Boolean);

const results: Array<{ name: string; status: number | null; seconds: number }> = [];
for (const name of BENCHES) {
  console.log(`\n=== ${name} ${'='.repeat(70 - name.length)}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', `test/bench/${name}.bench.ts`], { stdio: 'inherit', env: process.env });
  results.push({ name, status: run.status, seconds: (performance.now() - start) / 1000 });
}
console.log(`\n=== summary (inventory ${Number(process.env.CERTWRIGHT_BENCH_INVENTORY ?? 10_000).toLocaleString('en-US')}) ${'='.repeat(40)}`);
for (const { name, status, seconds } of results) console.log(`${name.padEnd(10)} ${status === 0 ? 'every target met' : status === 1 ? 'MISS (a target was missed, or it failed)' : `FAILED (exit ${status})`}   ${seconds.toFixed(0)} s`);
if (results.some((r) => r.status !== 0)) process.exitCode = 1;
