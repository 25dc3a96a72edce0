/**
 * `npm test` after the peers: the checks, then every suite, using both of the machine's cores (CI
 * has two; each suite alone keeps about one busy, and together they took 22 minutes one after the
 * other).
 *
 *  1. typecheck, lint, build and the step-ca lab's binary, side by side;
 *  2. the few Node test files that measure time (a median, a latency, a bound), alone, so nothing
 *     else on the machine moves their figures;
 *  3. every other Node test file and the Chromium end-to-end suite, side by side.
 *
 * Each step's output goes to test-output/suites/<name>.log and is printed whole when the step ends
 * (two suites' lines interleaved would be unreadable); a line a minute says how far each has got.
 * Every step runs to its end, so one failure does not hide another; the exit code is 1 if any failed.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOGS = 'test-output/suites';

/**
 * Node test files whose assertions measure time: they run alone. A new test that asserts a
 * duration or a latency goes here.
 */
const TIMED = [
  'test/unit/audit-log.test.ts', // the median append time
  'test/unit/service-policy.test.ts', // a 1 MiB policy refused within 50 ms
  'test/unit/vault-lock.test.ts', // a busy lock given up within its window
  'test/interop/inspect-fuzz.interop.test.ts', // hostile inputs within their bounds
  'test/interop/untrusted-worker.interop.test.ts', // IPC latency while a worker parses
  'test/interop/prove-bundle.interop.test.ts', // a proof within 2 s
  'test/interop/tls-probe.interop.test.ts', // timeouts kept
  'test/interop/revocation-scale.interop.test.ts', // main's event loop lag
  'test/interop/ocsp.interop.test.ts', // the signature budget per second
  'test/unit/watch-import.test.ts', // 5,000 lines within a second
  'test/interop/watch-probe.interop.test.ts', // each probe within its timeout
  'test/interop/watch-probe-batch.interop.test.ts', // a round's time against the one-task-per-probe path
];

const nodeTest = (files: readonly string[]) => ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]] as const;

function testFiles(): string[] {
  const files = ['test/unit', 'test/interop'].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
  const missing = TIMED.filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`run-suites: timed test files not found: ${missing.join(', ')}`);
  return files.filter((file) => !TIMED.includes(file));
}

interface Step {
  readonly name: string;
  readonly command: readonly [string, readonly string[]];
  /** How far it has got, read off its log so far. */
  readonly progress?: (log: string) => string;
}

interface Outcome {
  readonly name: string;
  readonly code: number;
  readonly seconds: number;
}

const count = (log: string, pattern: RegExp) => (log.match(pattern) ?? []).length;
const nodeProgress = (log: string) => `${count(log, /^\s*✔/gm)} passed, ${count(log, /^\s*✖/gm)} failed`;
const playwrightProgress = (log: string) => `${count(log, /^\s*✓/gm)} passed, ${count(log, /^\s*✘/gm)} failed`;

function run(step: Step): Promise<Outcome> {
  const started = Date.now();
  const path = join(LOGS, `${step.name}.log`);
  const log = createWriteStream(path);
  const [command, args] = step.command;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve) => {
    const finish = (code: number) => {
      log.end(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        process.stdout.write(`\n===== ${step.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s =====\n`);
        process.stdout.write(readFileSync(path, 'utf8'));
        resolve({ name: step.name, code, seconds });
      });
    };
    child.on('error', (error) => {
      log.write(`run-suites: ${step.name} could not start: ${error.message}\n`);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/** Runs steps side by side, saying once a minute how far each has got. */
async function together(steps: readonly Step[]): Promise<Outcome[]> {
  const started = Date.now();
  const running = new Set(steps.map((s) => s.name));
  const heartbeat = setInterval(() => {
    const minutes = Math.round((Date.now() - started) / 60_000);
    const parts = steps
      .filter((s) => running.has(s.name))
      .map((s) => {
        let log = '';
        try {
          log = readFileSync(join(LOGS, `${s.name}.log`), 'utf8');
        } catch {
          // not written yet
        }
        return s.progress ? `${s.name}: ${s.progress(log)}` : `${s.name}: running`;
      });
    process.stdout.write(`[${minutes} min] ${parts.join('; ')}\n`);
  }, 60_000);
  try {
    return await Promise.all(
      steps.map(async (step) => {
        const outcome = await run(step);
        running.delete(step.name);
        return outcome;
      }),
    );
  } finally {
    clearInterval(heartbeat);
  }
}

async function main(): Promise<number> {
  mkdirSync(LOGS, { recursive: true });
  const outcomes: Outcome[] = [];
  const started = Date.now();

  const checks = await together([
    { name: 'typecheck', command: ['npm', ['run', '--silent', 'typecheck']] },
    { name: 'lint', command: ['npm', ['run', '--silent', 'lint']] },
    { name: 'build', command: ['npm', ['run', '--silent', 'build']] },
    // The step-ca lab's binary, built once here so no step-ca test file waits for Go (test/support/step-ca.ts).
    { name: 'step-ca', command: ['node', ['--import', 'tsx', 'test/support/step-ca/build.ts']] },
  ]);
  outcomes.push(...checks);
  if (checks.find((c) => c.name === 'build')?.code !== 0) {
    process.stdout.write('\nrun-suites: the build failed, so the suites cannot run.\n');
  } else {
    outcomes.push(...(await together([{ name: 'timed', command: nodeTest(TIMED), progress: nodeProgress }])));
    outcomes.push(
      ...(await together([
        { name: 'unit', command: nodeTest(testFiles()), progress: nodeProgress },
        { name: 'e2e', command: ['npx', ['playwright', 'test']], progress: playwrightProgress },
      ])),
    );
  }

  process.stdout.write(`\n===== summary (${Math.round((Date.now() - started) / 1000)} s) =====\n`);
  for (const o of outcomes) process.stdout.write(`${o.code === 0 ? 'passed' : 'FAILED'}  ${o.name} (${o.seconds} s)\n`);
  return outcomes.every((o) => o.code === 0) ? 0 : 1;
}

process.exitCode = await main();
