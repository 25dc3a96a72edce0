/**
 * A lock file that serialises writes to one vault across processes (the app and any number of CLI
 * runs). conf re-reads a shard from disk on every write, so a read-modify-write inside the lock sees
 * the other process's last write: both writes land, or the loser gets VAULT_BUSY after a short wait.
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CertwrightError } from '../../shared/ipc/errors.js';

export interface VaultLock {
  /** Runs `fn` while holding the lock; re-entrant within one process. */
  withLock<T>(fn: () => T): T;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An empty lock file older than this was left by a process killed while taking the lock. */
const UNFILLED_STALE_MS = 1000;

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export function fileLock(directory: string, options: { waitMs?: number } = {}): VaultLock {
  const path = join(directory, 'vault.lock');
  const waitMs = options.waitMs ?? 3000;
  let depth = 0;

  function acquire(): void {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // A lock left by a process that died is stale: take it over.
      let holder: number;
      try {
        holder = Number(readFileSync(path, 'utf8'));
      } catch {
        continue; // released between our open and read
      }
      // A process killed between creating the file and writing its pid leaves it empty: stale once
      // it is older than any live writer would take to fill it.
      const unfilled = !(Number.isInteger(holder) && holder > 0) && ageMs(path) > UNFILLED_STALE_MS;
      if (unfilled || (Number.isInteger(holder) && holder > 0 && !alive(holder))) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else took it over first */
        }
        continue;
      }
      if (Date.now() >= deadline) {
        throw new CertwrightError('VAULT_BUSY', `The vault is busy: another Certwright process (pid ${Number.isNaN(holder) ? '?' : holder}) is writing to it. Try again in a moment`);
      }
      sleep(10 + Math.floor(Math.random() * 20));
    }
  }

  return {
    withLock(fn) {
      if (depth === 0) acquire();
      depth++;
      try {
        return fn();
      } finally {
        depth--;
        if (depth === 0) {
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
        }
      }
    },
  };
}

/** For stores that live in one process only (never shared). */
export const noLock: VaultLock = { withLock: (fn) => fn() };
