/**
 * Failed unlocks, counted while the vault is locked (so nothing can be authenticated yet): one line
 * per failure in `unlock-failures.log`, appended durably. The next successful unlock moves the count
 * into the audit log and removes the file. Deleting the file hides failures from the count, which is
 * information, not protection: the passphrase's scrypt cost is what slows guessing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendFileDurable, ensurePrivateDirectory, removeFileDurable } from './durable.js';

const FILE = 'unlock-failures.log';
/** Lines kept at most (a script hammering the vault must not fill the disk). */
const MAX_LINES = 10_000;

export function recordUnlockFailure(directory: string, at: Date): void {
  try {
    const path = join(directory, FILE);
    if (countLines(path) >= MAX_LINES) return;
    ensurePrivateDirectory(directory);
    appendFileDurable(path, `${at.toISOString()}\n`);
  } catch {
    /* counting is best effort: a read-only vault still says the passphrase was wrong */
  }
}

function countLines(path: string): number {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

export interface UnlockFailures {
  readonly count: number;
  readonly first: string;
  readonly last: string;
  /** Removes the file (call inside the transaction that records the count). */
  clear(): void;
}

export function countUnlockFailures(directory: string): UnlockFailures | null {
  const path = join(directory, FILE);
  let lines: string[];
  try {
    lines = readFileSync(path, 'utf8').split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(l));
  } catch {
    return null;
  }
  if (lines.length === 0) {
    removeFileDurable(path);
    return null;
  }
  return { count: lines.length, first: lines[0]!, last: lines.at(-1)!, clear: () => removeFileDurable(path) };
}
