import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { confStores } from '../../electron/vault/store.js';
import { Vault } from '../../electron/vault/vault.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'crash test passphrase';

/** Runs the writer until it has written `writes` records plus a random moment more, then SIGKILLs it. */
function writeThenKill(dir: string, writes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/vault-writer.ts', dir, PASSPHRASE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let count = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      count += chunk.toString().split('\n').filter((l) => l.startsWith('wrote')).length;
      if (count === writes) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 8));
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(count) : reject(new Error(`writer exited with ${code}`))));
  });
}

test('a process killed in the middle of writing never leaves a torn vault file', { timeout: 60_000 }, async () => {
  const dir = await tempDir();
  let acknowledged = 0;
  for (const writes of [5, 20, 40]) {
    acknowledged += await writeThenKill(dir, writes);
    const files = new Map<string, string>();
    for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name), 'utf8'));
    for (const [name, text] of files) assert.doesNotThrow(() => JSON.parse(text), `${name} is whole JSON after a kill`);
    const vault = new Vault({ stores: confStores(dir), crypto: globalThis.crypto });
    await vault.unlock(PASSPHRASE);
    // Every write the writer acknowledged is there (one more may have landed just before the kill).
    const count = vault.listAuthorities().length;
    assert.ok(count >= acknowledged && count <= acknowledged + 1, `${count} records after ${acknowledged} acknowledged writes`);
    acknowledged = count;
  }
});
