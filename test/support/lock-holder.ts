/**
 * Child process for the vault lock tests. Prints with writeSync on fd 1 so a line is out before the
 * process blocks (Atomics.wait) or is killed.
 *
 *   hold  DIR                       take the lock, print "held", wait forever (until killed)
 *   count DIR COUNTER N             N times: under the lock read COUNTER, sleep 0–2 ms, write it + 1;
 *                                   print "done" after each completed increment, rest 0–3 ms (so the
 *                                   lock is sometimes free when the others wake up)
 *   churn DIR                       print "ready", then forever: take the lock, print "in", hold
 *                                   2–15 ms, print "out"
 *   replay DIR LOG ID N GATE HOLDMS N times under the lock append "enter ID", hold HOLDMS ms, append
 *                                   "exit ID" to LOG. Replays the interleaving that broke the old
 *                                   read-pid/unlink/create takeover: right after its first read of
 *                                   vault.lock (where any implementation judges the holder) this
 *                                   process creates GATE/read-ID and stops until GATE/turn-ID exists,
 *                                   so every child has judged the same stale lock before any acts,
 *                                   and the parent then lets them act one at a time.
 */
import fs, { appendFileSync, existsSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';
import { fileLock } from '../../electron/vault/lock.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);
const say = (line: string) => writeSync(1, `${line}\n`);
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** Runs `fn` under the lock, trying again after VAULT_BUSY (contention is expected here). */
function locked(lock: ReturnType<typeof fileLock>, fn: () => void): void {
  for (;;) {
    try {
      lock.withLock(fn);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'VAULT_BUSY') throw error;
    }
  }
}

const [mode, dir] = [process.argv[2], process.argv[3]!];
const lock = fileLock(dir);

switch (mode) {
  case 'hold':
    lock.withLock(() => {
      say('held');
      sleep(60_000);
    });
    break;
  case 'count': {
    const [counter, n] = [process.argv[4]!, Number(process.argv[5])];
    for (let i = 0; i < n; i++) {
      locked(lock, () => {
        const value = Number(readFileSync(counter, 'utf8'));
        sleep(random(0, 2));
        writeFileSync(counter, String(value + 1));
      });
      say('done');
      sleep(random(0, 3));
    }
    break;
  }
  case 'churn':
    say('ready');
    for (;;) {
      locked(lock, () => {
        say('in');
        sleep(random(2, 15));
        say('out');
      });
      sleep(random(0, 2));
    }
  case 'replay': {
    const [log, id, n, gate, holdMs] = [process.argv[4]!, process.argv[5]!, Number(process.argv[6]), process.argv[7]!, Number(process.argv[8])];
    const realRead = fs.readFileSync;
    let gated = false;
    (fs as { readFileSync: unknown }).readFileSync = (...args: Parameters<typeof realRead>) => {
      const result = realRead(...args);
      if (!gated && typeof args[0] === 'string' && basename(args[0]) === 'vault.lock') {
        gated = true;
        writeFileSync(join(gate, `read-${id}`), '');
        while (!existsSync(join(gate, `turn-${id}`))) sleep(1);
      }
      return result;
    };
    syncBuiltinESMExports(); // the lock module's `import { readFileSync } from 'node:fs'` now sees the gate
    for (let i = 0; i < n; i++) {
      locked(lock, () => {
        appendFileSync(log, `enter ${id}\n`);
        sleep(holdMs);
        appendFileSync(log, `exit ${id}\n`);
      });
    }
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
