import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { fileLock } from '../../electron/vault/lock.js';
import { tempDir } from '../support/temp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LINUX = process.platform === 'linux';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holder(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-holder.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Calls `onLine` for each line the child prints. */
function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const line of parts) onLine(line);
  });
}

function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    lines(child, (line) => line === text && resolve());
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before printing ${text}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await exited(child);
  return child.pid!;
}

const token = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
const lockJson = (fields: { token?: string; pid: number; start?: string | null; host?: string }) =>
  JSON.stringify({ token: fields.token ?? token(), pid: fields.pid, start: fields.start ?? null, host: fields.host ?? hostname(), at: new Date().toISOString() });
const ownStart = () => {
  const text = readFileSync('/proc/self/stat', 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19]!;
};

test('while fn runs vault.lock names this process and a fresh token; afterwards nothing is left', async () => {
  const dir = join(await tempDir(), 'not-yet');
  const lock = fileLock(dir);
  const seen = lock.withLock(() => JSON.parse(readFileSync(join(dir, 'vault.lock'), 'utf8')));
  assert.match(seen.token, /^[0-9a-f]{32}$/);
  assert.equal(seen.pid, process.pid);
  assert.equal(seen.host, hostname());
  if (LINUX) assert.equal(seen.start, ownStart());
  assert.deepEqual(readdirSync(dir), []);
  const again = lock.withLock(() => JSON.parse(readFileSync(join(dir, 'vault.lock'), 'utf8')));
  assert.notEqual(again.token, seen.token);
});

test('a nested withLock does not take the lock again; the outer one releases it, also when fn throws', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  const [a, b] = [fileLock(dir, { waitMs: 100 }), fileLock(dir, { waitMs: 100 })];
  const result = a.withLock(() => {
    const outer = readFileSync(path, 'utf8');
    const inner = a.withLock(() => b.withLock(() => readFileSync(path, 'utf8')));
    assert.equal(inner, outer);
    assert.ok(existsSync(path), 'still held after the inner withLock returns');
    return 'done';
  });
  assert.equal(result, 'done');
  assert.ok(!existsSync(path));
  assert.throws(() => a.withLock(() => a.withLock(() => { throw new Error('boom'); })), /boom/);
  assert.ok(!existsSync(path), 'released after a throw');
});

test('an unreadable lock file is never taken over: VAULT_BUSY names the file, and nothing is removed', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  for (const garbage of ['', 'not json at all', '{"pid": 0}']) {
    writeFileSync(path, garbage);
    const started = Date.now();
    assert.throws(() => fileLock(dir, { waitMs: 150 }).withLock(() => 'no'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'VAULT_BUSY');
      assert.ok(error.message.includes(path), error.message);
      assert.match(error.message, /unreadable/);
      return true;
    });
    assert.ok(Date.now() - started >= 150, 'waited before giving up');
    assert.equal(readFileSync(path, 'utf8'), garbage);
  }
});

test('release never removes another holder’s lock', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  const other = lockJson({ pid: process.pid });
  fileLock(dir).withLock(() => writeFileSync(path, other));
  assert.equal(readFileSync(path, 'utf8'), other);
});

test('a lock from another host is never judged stale', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  const foreign = lockJson({ pid: await deadPid(), host: 'elsewhere.example' });
  writeFileSync(path, foreign);
  assert.throws(() => fileLock(dir, { waitMs: 100 }).withLock(() => 'no'), /The vault is busy: another Certwright process \(pid \d+ on host elsewhere\.example\)/);
  assert.equal(readFileSync(path, 'utf8'), foreign);
});

test('a lock whose pid is alive but whose start time differs (a reused pid) is taken over', { skip: !LINUX && 'start times are read from /proc' }, async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  writeFileSync(path, lockJson({ pid: process.pid, start: String(Number(ownStart()) + 1) }));
  const mine = fileLock(dir, { waitMs: 200 }).withLock(() => JSON.parse(readFileSync(path, 'utf8')));
  assert.equal(mine.start, ownStart());
  assert.ok(!existsSync(path));
  // The right start time: alive, so not taken over.
  const live = lockJson({ pid: process.pid, start: ownStart() });
  writeFileSync(path, live);
  assert.throws(() => fileLock(dir, { waitMs: 100 }).withLock(() => 'no'), new RegExp(`\\(pid ${process.pid}\\)`));
  assert.equal(readFileSync(path, 'utf8'), live);
});

test('a takeover claimed by a living process is left to it; claims by dead processes are stepped over and cleaned up', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  const dead = await deadPid();
  const stale = token();
  const staleLock = lockJson({ token: stale, pid: dead });
  writeFileSync(path, staleLock);
  // Level 0 is claimed by a living process (this one, as another acquisition): nobody else may replace the lock.
  const claim0 = join(dir, `vault.lock.takeover-${stale}-0`);
  writeFileSync(claim0, lockJson({ pid: process.pid, start: LINUX ? ownStart() : null }));
  assert.throws(() => fileLock(dir, { waitMs: 100 }).withLock(() => 'no'), new RegExp(`\\(pid ${process.pid}\\)`));
  assert.equal(readFileSync(path, 'utf8'), staleLock);
  // Its claimant died too: level 1 is free. Leftovers: an older token's marker, a dead writer's temp file.
  writeFileSync(claim0, lockJson({ pid: dead }));
  const older = join(dir, `vault.lock.takeover-${token()}-3`);
  writeFileSync(older, lockJson({ pid: dead }));
  const deadTemp = join(dir, `vault.lock.tmp-${token()}`);
  writeFileSync(deadTemp, lockJson({ pid: dead }));
  const liveTemp = join(dir, `vault.lock.tmp-${token()}`);
  writeFileSync(liveTemp, lockJson({ pid: process.pid }));
  const during = fileLock(dir, { waitMs: 100 }).withLock(() => ({ lock: JSON.parse(readFileSync(path, 'utf8')), files: readdirSync(dir).sort() }));
  assert.equal(during.lock.pid, process.pid);
  assert.notEqual(during.lock.token, stale);
  assert.deepEqual(during.files, ['vault.lock', liveTemp.slice(dir.length + 1)].sort());
});

test('a lock held by a living process, even a stopped one, is never taken: VAULT_BUSY once waitMs has passed', { timeout: 10_000 }, async () => {
  const dir = await tempDir();
  const child = holder('hold', dir);
  try {
    await printed(child, 'held');
    const busy = new RegExp(`The vault is busy: another Certwright process \\(pid ${child.pid}\\) is writing to it\\. Try again in a moment$`);
    let started = Date.now();
    assert.throws(() => fileLock(dir, { waitMs: 300 }).withLock(() => 'no'), busy);
    const waited = Date.now() - started;
    assert.ok(waited >= 300 && waited < 1500, `gave up after ${waited} ms`);
    // Stopped (SIGSTOP, a suspended laptop) for longer than anyone waits: still alive, still its lock.
    child.kill('SIGSTOP');
    await delay(400);
    started = Date.now();
    assert.throws(() => fileLock(dir, { waitMs: 300 }).withLock(() => 'no'), busy);
    assert.ok(Date.now() - started >= 300);
    assert.equal(JSON.parse(readFileSync(join(dir, 'vault.lock'), 'utf8')).pid, child.pid);
  } finally {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited(child);
  }
});

test('a lock whose holder was SIGKILLed is taken over by the next process', async () => {
  const dir = await tempDir();
  const child = holder('hold', dir);
  await printed(child, 'held');
  child.kill('SIGKILL');
  await exited(child);
  const path = join(dir, 'vault.lock');
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, child.pid);
  assert.equal(fileLock(dir, { waitMs: 200 }).withLock(() => JSON.parse(readFileSync(path, 'utf8')).pid), process.pid);
  assert.deepEqual(readdirSync(dir), []);
});

test('six counting processes and a holder SIGKILLed at random moments never overlap: every increment lands', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir();
  const counter = join(dir, 'counter');
  writeFileSync(counter, '0');
  const PER_CHILD = 150;
  let completed = 0;
  const counters = Array.from({ length: 6 }, () => {
    const child = holder('count', dir, counter, String(PER_CHILD));
    lines(child, (line) => line === 'done' && completed++);
    return exited(child);
  });
  let running = true;
  const allCounted = Promise.all(counters).finally(() => (running = false));

  // The seventh: takes the lock over and over; killed after its 1st–3rd "in" plus 0–10 ms (mostly
  // while holding, sometimes while releasing or taking it again). Staggered so startups overlap.
  let killedHolding = 0;
  let kills = 0;
  const churn = async (wait: number) => {
    await delay(wait);
    if (!running) return;
    const child = holder('churn', dir);
    let entered = 0;
    let holding = false;
    const target = 1 + Math.floor(Math.random() * 3);
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      lines(child, (line) => {
        if (line === 'ready') timer = setTimeout(resolve, 3000); // starved by the counters: kill it wherever it is
        holding = line === 'in';
        if (line === 'in' && ++entered === target) {
          clearTimeout(timer);
          setTimeout(resolve, Math.floor(Math.random() * 11));
        }
      });
      child.on('exit', () => resolve());
    });
    child.kill('SIGKILL');
    await exited(child);
    kills++;
    if (holding) killedHolding++;
  };
  await Promise.all(Array.from({ length: 10 }, (_, i) => churn(i * 250)));
  const results = await allCounted;

  t.diagnostic(`${kills} churners killed, ${killedHolding} while holding the lock`);
  for (const r of results) assert.deepEqual(r, { code: 0, signal: null });
  assert.equal(completed, 6 * PER_CHILD);
  assert.equal(Number(readFileSync(counter, 'utf8')), completed, 'no two holders ever overlapped');
  assert.ok(kills >= 5 && killedHolding >= 1, `${kills} churners killed, ${killedHolding} while holding the lock`);
  // The last holder may have been a killed churner: its lock stays until the next acquirer takes it over.
  // Taking it sweeps the dead processes' takeover markers and temp files, except a temp file cut
  // short by a kill between its creation and its write (never linked, never judged).
  fileLock(dir, { waitMs: 500 }).withLock(() => undefined);
  for (const name of readdirSync(dir).filter((n) => n !== 'counter')) {
    assert.ok(name.startsWith('vault.lock.tmp-') && !readFileSync(join(dir, name), 'utf8').endsWith('}\n'), `${name} is left behind`);
  }
});

test('a stale lock judged dead by several processes at once, who then act one after another, has exactly one holder at any time', { timeout: 30_000 }, async () => {
  const dir = await tempDir();
  const gate = join(dir, 'gate');
  mkdirSync(gate);
  const log = join(dir, 'log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'vault.lock'), lockJson({ pid: await deadPid() }));
  const [CHILDREN, ROUNDS, HOLD_MS, TURN_MS] = [6, 3, 60, 15];
  const children = Array.from({ length: CHILDREN }, (_, id) => holder('replay', dir, log, String(id), String(ROUNDS), gate, String(HOLD_MS)));
  const done = Promise.all(children.map(exited));
  // Every child has read the stale lock (and stopped right there) before any of them acts on it…
  while (readdirSync(gate).length < CHILDREN) await delay(5);
  // …then they go one by one, each while the one before it may still be inside `fn`. The old lock let
  // the second one unlink the first one's fresh lock and create its own: two holders at once.
  for (let id = 0; id < CHILDREN; id++) {
    writeFileSync(join(gate, `turn-${id}`), '');
    await delay(TURN_MS);
  }
  for (const r of await done) assert.deepEqual(r, { code: 0, signal: null });
  const entries = readFileSync(log, 'utf8').trimEnd().split('\n');
  assert.equal(entries.length, CHILDREN * ROUNDS * 2);
  for (let i = 0; i < entries.length; i += 2) {
    const id = /^enter (\d)$/.exec(entries[i]!)?.[1];
    assert.ok(id !== undefined, `line ${i + 1} is an enter: ${entries[i]}`);
    assert.equal(entries[i + 1], `exit ${id}`, `line ${i + 2}: the holder leaves before anyone else enters`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['gate', 'log']);
});
