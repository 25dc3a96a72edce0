/**
 * The vault (format 3) with 10,000 certificates (npm run bench; not part of npm test). The targets,
 * from the issues "inventories of 10,000 certificates" and 12 (tamper-evident, crash-safe vault):
 *   open:        a fresh Vault + handlers, `vault.unlock` through the router (which verifies every
 *                vault file's MAC against the manifest and the audit log's head, and applies due
 *                scheduled revocations, reading every record) minus the scrypt KDF — ≤ 300 ms
 *   issue:       one more `certificate.issue` (P-256 client: keygen, sign, seal, persist, summary),
 *                median of 21 — ≤ 10 ms, the durable writes included: the bucket, the audit append
 *                and the manifest, each fsynced (and the directory after each rename); the vault
 *                write alone (addCertificates) is shown beside it
 *   list:        `certificate.list`, all summaries, as the Certificates view loads it: the first call
 *                after opening (nothing cached) and again (median of 5) — well under 1 s
 * Also shown: the bulk issue that builds the inventory, a lookup by id, and the one-time migration
 * of an inventory of the same size written in format 2 (plain JSON, test/support/vault-fixtures.ts).
 *
 * The inventory is built with certificate.issueBulk (10,000 per call at most), under one root.
 * BENCH_VAULT_N changes the size.
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openBackend } from '../support/backend.js';
import { FIXTURE_PASSPHRASE, writeLegacyVault } from '../support/vault-fixtures.js';

const N = Number(process.env.BENCH_VAULT_N ?? 10_000);
const OPEN_ROUNDS = 5;
const ISSUES = 21;
const LIST_ROUNDS = 5;
const PASSPHRASE = 'vault benchmark passphrase';
const OPEN_TARGET_MS = 300;
const ISSUE_TARGET_MS = 10;
const LIST_TARGET_MS = 1000;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(label: string, ms: number, target: number | null, extra = '') {
  const verdict = target === null ? '' : ms <= target ? 'PASS' : 'MISS';
  const goal = target === null ? ''.padEnd(17) : `target ≤ ${String(target).padStart(4)} ms`;
  console.log(`${label.padEnd(62)} ${ms.toFixed(1).padStart(8)} ms   ${goal}   ${verdict}${extra ? `   ${extra}` : ''}`);
  return verdict !== 'MISS';
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** A fresh Vault and handlers on `dir`, unlocked through the router; the KDF is taken out. */
async function open(dir: string, passphrase = PASSPHRASE) {
  const { ms, value: backend } = await timed(async () => {
    const backend = openBackend(dir);
    await backend.call('vault.unlock', { passphrase });
    return backend;
  });
  const timings = backend.vault.unlockTimings!;
  return { backend, openMs: ms - timings.kdfMs, kdfMs: timings.kdfMs, migrated: timings.migratedRecords };
}

async function sizes(dir: string) {
  let total = 0;
  let largest = 0;
  let pending = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith('certificates-')) continue;
    const { size } = await stat(join(dir, name));
    if (name === 'certificates-batch.cwv') pending = size;
    else largest = Math.max(largest, size);
    total += size;
  }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  return `certificates on disk ${kb(total)}, largest bucket ${kb(largest)}, pending batch ${kb(pending)}`;
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'certwright-vault-bench-'));
  const dir = join(root, 'vault');
  let ok = true;
  try {
    const setup = openBackend(dir);
    await setup.call('vault.create', { passphrase: PASSPHRASE });
    const ca = await setup.call('authority.createRoot', { subject: { commonName: 'Bench Root' } });
    const bulk = await timed(async () => {
      for (let start = 0; start < N; start += 10_000) {
        const serviceNames = Array.from({ length: Math.min(10_000, N - start) }, (_, i) => `service-${start + i}`);
        await setup.call('certificate.issueBulk', { authorityId: ca.id, profile: 'client', serviceNames });
      }
    });
    console.log(`Vault with ${N.toLocaleString('en-US')} certificates (P-256 client, one root)`);
    report(`bulk issue of ${N.toLocaleString('en-US')} (keygen, sign, seal, one atomic write)`, bulk.ms, null, `${(N / (bulk.ms / 1000)).toFixed(0)} certs/s`);
    console.log(`  after the bulk issue: ${await sizes(dir)}`);

    // Open, issue, list — as the app does after starting.
    const opens: number[] = [];
    let kdf = 0;
    let backend = setup;
    for (let i = 0; i < OPEN_ROUNDS; i++) {
      const opened = await open(dir);
      opens.push(opened.openMs);
      kdf = opened.kdfMs;
      backend = opened.backend;
    }
    ok = report(`open (unlock minus KDF), median of ${OPEN_ROUNDS}`, median(opens), OPEN_TARGET_MS, `first ${opens[0]!.toFixed(0)} ms; KDF ${kdf.toFixed(0)} ms not counted`) && ok;

    const cold = await timed(() => backend.call('certificate.list'));
    if (cold.value.length !== N) throw new Error(`listed ${cold.value.length}, expected ${N}`);
    ok = report('certificate.list, first call after opening (nothing cached)', cold.ms, LIST_TARGET_MS, `${cold.value.length} summaries`) && ok;
    const warm: number[] = [];
    for (let i = 0; i < LIST_ROUNDS; i++) warm.push((await timed(() => backend.call('certificate.list'))).ms);
    ok = report(`certificate.list again, median of ${LIST_ROUNDS}`, median(warm), LIST_TARGET_MS) && ok;

    // The vault write inside each issuance, timed where it happens.
    const writes: number[] = [];
    const vault = backend.vault;
    const add = vault.addCertificates.bind(vault);
    vault.addCertificates = async (...args) => {
      const start = performance.now();
      const records = await add(...args);
      writes.push(performance.now() - start);
      return records;
    };
    const issues: number[] = [];
    for (let i = 0; i < ISSUES; i++) {
      issues.push((await timed(() => backend.call('certificate.issue', { authorityId: ca.id, profile: 'client', subject: { commonName: `one-more-${i}` } }))).ms);
    }
    ok = report(`issue one more (certificate.issue end to end), median of ${ISSUES}`, median(issues), ISSUE_TARGET_MS, `max ${Math.max(...issues).toFixed(1)} ms`) && ok;
    ok = report('  of which the vault write (seal + persist one record)', median(writes), ISSUE_TARGET_MS) && ok;

    const some = cold.value[Math.floor(N / 2)]!.id;
    const lookups: number[] = [];
    for (let i = 0; i < 21; i++) lookups.push((await timed(async () => vault.getCertificate(some))).ms);
    report('lookup by id (vault.getCertificate), median of 21', median(lookups), null, `${(median(lookups) * 1000).toFixed(0)} µs`);

    // A pair spans two buckets: it folds the bulk batch into the buckets (once).
    const fold = await timed(() => backend.call('certificate.issuePair', { authorityId: ca.id, serviceName: 'pair', dnsNames: ['pair.bench.test'], ipAddresses: [] }));
    report('issue a pair right after the bulk (folds the bulk batch)', fold.ms, null);
    console.log(`  after the fold: ${await sizes(dir)}`);
    const folded: number[] = [];
    for (let i = 0; i < OPEN_ROUNDS; i++) folded.push((await open(dir)).openMs);
    ok = report(`open once folded, median of ${OPEN_ROUNDS}`, median(folded), OPEN_TARGET_MS) && ok;

    // An inventory of the same size as format 2 wrote it: the first unlock migrates it.
    const old = join(root, 'format2');
    await mkdir(old, { mode: 0o700 });
    await writeLegacyVault(old, { format: 2, authorities: 1, certificatesEach: N });
    const migrated = await open(old, FIXTURE_PASSPHRASE);
    report(`one-time migration from format 2 (open minus KDF)`, migrated.openMs, null, `${migrated.migrated} records moved`);
    const after = await open(old, FIXTURE_PASSPHRASE);
    ok = report('open after the migration', after.openMs, OPEN_TARGET_MS) && ok;

    console.log('');
    console.log(ok ? 'vault: every target met' : 'vault: a target was missed');
    if (!ok) process.exitCode = 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
