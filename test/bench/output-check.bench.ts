/**
 * What checking answers against the contract costs (node --import tsx test/bench/output-check.bench.ts;
 * not part of npm test): `certificate.list` over a vault of 10,000 certificates, bulk-issued through
 * the real router as test/bench/list.bench.ts does, answered by a router with `checkOutputs` on (every
 * development and test build) and off (a packaged app). Both routers share one vault and its caches,
 * and take turns, so the difference is the check and nothing else.
 *
 * For information (no target; not part of npm run bench). CERTWRIGHT_BENCH_INVENTORY sets the number
 * of certificates (default 10,000); BENCH_RUNS the runs (default 31).
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createRouter, looksLikePrivateKey } from '../../electron/main/ipc/router.js';
import { contract } from '../../shared/ipc/contract.js';
import { openBackend, TEST_ORIGIN, TRUSTED_CALLER } from '../support/backend.js';
import { tempDir } from '../support/temp.js';

const N = Number(process.env.CERTWRIGHT_BENCH_INVENTORY ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const dir = await tempDir();
try {
  const backend = openBackend(dir);
  await backend.call('vault.create', { passphrase: 'output check benchmark' });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Bench Root CA' }, keyAlgorithm: 'p256' });
  const started = performance.now();
  const issued = await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: N }, (_, i) => `svc-${i}`), keyAlgorithm: 'p256' });
  console.log(`setup: ${issued.issued.toLocaleString('en-US')} certificates issued in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const handlers = backend.handlers;
  const checked = createRouter({ handlers, trustedOrigin: TEST_ORIGIN, emit: () => undefined, checkOutputs: true });
  const unchecked = createRouter({ handlers, trustedOrigin: TEST_ORIGIN, emit: () => undefined, checkOutputs: false });
  const list = await unchecked.invoke('certificate.list', {}, TRUSTED_CALLER); // warms the caches
  if (!list.ok) throw new Error(list.error.message);
  const answer = list.value as unknown[];
  const json = JSON.stringify(answer);

  const on: number[] = [];
  const off: number[] = [];
  const schema: number[] = [];
  const header: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    on.push(await time(async () => {
      const result = await checked.invoke('certificate.list', {}, TRUSTED_CALLER);
      if (!result.ok) throw new Error(result.error.message);
    }));
    off.push(await time(() => unchecked.invoke('certificate.list', {}, TRUSTED_CALLER)));
    schema.push(await time(() => contract['certificate.list'].output.parse(answer)));
    header.push(await time(() => looksLikePrivateKey(JSON.stringify(answer))));
  }
  const row = (label: string, ms: number, extra = '') => console.log(`${label.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms${extra ? `   ${extra}` : ''}`);
  console.log(`\ncertificate.list, ${answer.length.toLocaleString('en-US')} summaries (${(json.length / 1e6).toFixed(1)} MB as JSON), median of ${RUNS} runs, caches warm\n`);
  row('router, checkOutputs: false (packaged)', median(off));
  row('router, checkOutputs: true (development, tests)', median(on), `+${(median(on) - median(off)).toFixed(1)} ms, ×${(median(on) / median(off)).toFixed(2)}`);
  row('   of which the output schema alone (zod parse)', median(schema), `${((median(schema) * 1000) / answer.length).toFixed(2)} µs per summary`);
  row('   the private-key header check (both builds: stringify + regex)', median(header));
} finally {
  await rm(dir, { recursive: true, force: true });
}
