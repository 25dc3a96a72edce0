import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileLock } from '../../electron/vault/lock.js';
import { confStores } from '../../electron/vault/store.js';
import { Vault } from '../../electron/vault/vault.js';
import { addAuthority, certificateFiles, cheapVault, fakeCertificates, FIXTURE_PASSPHRASE, toFormat1 } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'crash test passphrase';

/** Runs the writer until it has written `writes` records plus a random moment more, then SIGKILLs it. */
function writeThenKill(dir: string, writes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/vault-writer.ts', dir, PASSPHRASE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let count = 0;
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      count += chunk.toString().split('\n').filter((l) => l.startsWith('wrote')).length;
      // One chunk may carry several lines: `count` can step over `writes`.
      if (!killing && count >= writes) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 8));
      }
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
    // Every vault file is whole. Not judged: the lock (a pid, possibly empty after a kill — the next
    // writer takes it over) and a write's temporary file cut short (never read; the rename did not happen).
    for (const name of await readdir(dir)) if (name.endsWith('.json')) files.set(name, await readFile(join(dir, name), 'utf8'));
    for (const [name, text] of files) assert.doesNotThrow(() => JSON.parse(text), `${name} is whole JSON after a kill`);
    const vault = new Vault({ stores: confStores(dir), crypto: globalThis.crypto });
    await vault.unlock(PASSPHRASE);
    // Every write the writer acknowledged is there (one more may have landed just before the kill).
    const count = vault.listAuthorities().length;
    assert.ok(count >= acknowledged && count <= acknowledged + 1, `${count} records after ${acknowledged} acknowledged writes`);
    acknowledged = count;
  }
});

/**
 * Starts the migrating child on `dir` and SIGKILLs it once `buckets` bucket files exist (or when it
 * says it is done). Resolves true when it was killed before finishing.
 */
function migrateThenKill(dir: string, buckets: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/vault-migrator.ts', dir, FIXTURE_PASSPHRASE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let watching = false;
    const watch = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const written = readdirSync(dir).filter((n) => /^certificates-[0-9a-f]{2}\.json$/.test(n)).length;
      if (written >= buckets) child.kill('SIGKILL');
      else setImmediate(watch);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!watching && output.includes('ready')) {
        watching = true;
        watch();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(!output.includes('done'));
      else if (code === 0) resolve(false);
      else reject(new Error(`migrator exited with ${code}`));
    });
  });
}

test('a process killed in the middle of migrating a format-1 vault leaves one that opens whole', { timeout: 180_000 }, async () => {
  const base = await tempDir();
  const seed = await cheapVault(base);
  const [a, b] = [await addAuthority(seed), await addAuthority(seed)];
  await seed.addCertificates(a.id, fakeCertificates(2500));
  await seed.addCertificates(b.id, fakeCertificates(400));
  await seed.addCertificates(a.id, fakeCertificates(100));
  const order = seed.listAuthorities().flatMap((x) => seed.listCertificates(x.id).map((c) => c.id));
  await toFormat1(base);
  let interrupted = 0;
  for (const buckets of [1, 40, 128, 200, 255, 256, 1000]) {
    const dir = await tempDir();
    await cp(base, dir, { recursive: true });
    if (await migrateThenKill(dir, buckets)) interrupted++;
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const text = await readFile(join(dir, name), 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), `${name} is whole JSON after a kill`);
    }
    // The next process takes the dead one's lock over and finishes (or redoes) the migration.
    const vault = new Vault({ stores: confStores(dir), lock: fileLock(dir, { waitMs: 500 }), crypto: globalThis.crypto });
    await vault.unlock(FIXTURE_PASSPHRASE);
    assert.deepEqual(vault.listAuthorities().flatMap((x) => vault.listCertificates(x.id).map((c) => c.id)), order, `killed at ${buckets} buckets`);
    assert.equal(JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')).meta.formatVersion, 2);
    assert.ok((await certificateFiles(dir)).every((f) => /^certificates-[0-9a-f]{2}\.json$/.test(f)));
  }
  assert.ok(interrupted >= 3, `${interrupted} kills landed during the migration`);
});
