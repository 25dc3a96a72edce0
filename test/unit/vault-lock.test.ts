import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileLock } from '../../electron/vault/lock.js';
import { tempDir } from '../support/temp.js';

test('an empty lock file left by a process killed while taking the lock is taken over once it is stale', async () => {
  const dir = await tempDir();
  const path = join(dir, 'vault.lock');
  writeFileSync(path, '');
  // Fresh: another process may be about to write its pid — wait, and then say the vault is busy.
  assert.throws(() => fileLock(dir, { waitMs: 200 }).withLock(() => 'no'), /The vault is busy/);
  // Older than a second: nobody is filling it any more.
  const past = new Date(Date.now() - 5_000);
  utimesSync(path, past, past);
  assert.equal(fileLock(dir, { waitMs: 200 }).withLock(() => 'written'), 'written');
});
