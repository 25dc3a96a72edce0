/**
 * Inspecting a CA bundle, against OpenSSL measured in the same run (npm run bench; not part of npm test).
 *   certwright: inspectInput on Debian's /etc/ssl/certs/ca-certificates.crt, in process (read every
 *               PEM block, parse and describe every certificate, pick the leaf, build its chain, diagnose)
 *   openssl:    `openssl storeutl -noout -text -certs` on the same file, one process (reads and prints
 *               every certificate as text); process start-up is part of what a user waits for
 * Both must see the same number of certificates. Prints the medians and the ratio certwright / openssl
 * (target: ≤ 1.0); beside openssl's total, the time `openssl version` takes (its process start-up,
 * which the total includes) and, for information, the ratio with that start-up taken out — how the
 * parsing itself compares. Also for information: a single PEM certificate and the corpus's PKCS#12
 * files. Absolute times depend on the machine. BENCH_INSPECT_BUNDLE, BENCH_INSPECT_ROUNDS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectInput, type InspectContext, type InspectRequest } from '../../electron/engine/inspect/inspect.js';
import { makeCorpus } from '../support/inspect-corpus.js';

const BUNDLE = process.env.BENCH_INSPECT_BUNDLE ?? '/etc/ssl/certs/ca-certificates.crt';
const ROUNDS = Math.max(15, Number(process.env.BENCH_INSPECT_ROUNDS ?? 21));
const WARM_UP = 3;

const context = (): InspectContext => ({ vault: [], system: () => [], now: new Date(), crypto: globalThis.crypto, revocationOf: () => null });
const request = (password: string | null): InspectRequest => ({ password, hostCheck: null, role: 'any', useSystemStore: false });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median milliseconds of `rounds` runs after `warmUp` unmeasured ones. */
async function measure(work: () => unknown, rounds = ROUNDS, warmUp = WARM_UP): Promise<number> {
  for (let i = 0; i < warmUp; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

async function main() {
  const bundle = new Uint8Array(await readFile(BUNDLE));
  const first = await inspectInput(bundle, request(null), context());
  const ours = first.objects.filter((o) => o.kind === 'certificate').length;
  if (first.problems.length > 0) throw new Error(`problems reading ${BUNDLE}: ${JSON.stringify(first.problems.slice(0, 3))}`);
  const opensslArgs = ['storeutl', '-noout', '-text', '-certs', BUNDLE];
  const text = execFileSync('openssl', opensslArgs, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  const theirs = (text.match(/^\d+: Certificate$/gm) ?? []).length;
  if (ours !== theirs || ours === 0) throw new Error(`certificate counts differ: certwright ${ours}, openssl ${theirs}`);

  console.log(`Inspecting ${BUNDLE} (${ours} certificates, ${(bundle.length / 1024).toFixed(0)} KiB); median of ${ROUNDS} runs after ${WARM_UP} warm-up runs`);
  const inProcess = await measure(() => inspectInput(bundle, request(null), context()));
  const openssl = await measure(() => execFileSync('openssl', opensslArgs, { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }));
  const floor = await measure(() => execFileSync('openssl', ['version'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const ratio = inProcess / openssl;
  const work = Math.max(openssl - floor, 0.01);
  console.log(`${'certwright inspectInput, in process'.padEnd(52)} ${ms(inProcess).padStart(10)}   (${((inProcess * 1000) / ours).toFixed(0)} µs per certificate)`);
  console.log(`${'openssl storeutl -noout -text -certs, one process'.padEnd(52)} ${ms(openssl).padStart(10)}   of which start-up ${ms(floor)} (\`openssl version\`), the rest ${ms(work)}`);
  console.log(`certwright / openssl: ${ratio.toFixed(2)}   (target: ≤ 1.0)   ${ratio <= 1 ? 'PASS' : 'MISS'}`);
  console.log(`certwright / openssl without its start-up: ${(inProcess / work).toFixed(2)}   (for information: the reading itself)`);
  if (ratio > 1) process.exitCode = 1;

  // Informational: a single certificate, and the PKCS#12 files (their MAC and decryption dominate).
  const dir = await mkdtemp(join(tmpdir(), 'certwright-inspect-bench-'));
  try {
    const corpus = await makeCorpus(dir);
    console.log('');
    console.log('For information (in process, median):');
    for (const name of ['PEM certificate (openssl)', 'PEM chain with its key', 'PKCS#12 (OpenSSL 3 default, AES)', 'PKCS#12 legacy (3DES/RC2)']) {
      const item = corpus.find((c) => c.name === name);
      if (!item) throw new Error(`no corpus item ${name}`);
      const bytes = new Uint8Array(await readFile(item.file));
      const report = await inspectInput(bytes, request(item.password), context());
      if (report.problems.length > 0) throw new Error(`${name}: ${JSON.stringify(report.problems)}`);
      const time = await measure(() => inspectInput(bytes, request(item.password), context()));
      console.log(`  ${name.padEnd(50)} ${ms(time).padStart(10)}   (${report.objects.map((o) => o.kind).join(', ')})`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
