/**
 * Vaults for the storage tests (test/unit/vault-*.test.ts): a header with a cheap KDF (many opens per
 * test), stand-in certificate records (the vault never parses DER), the format-1 layout written by
 * hand, and stores that fail at a chosen write — a crash at that point, as far as the disk can tell.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair } from '../../electron/engine/keys.js';
import { deriveKeyEncryptionKey, freshScryptParams } from '../../electron/vault/kdf.js';
import type { AuthorityRecord } from '../../electron/vault/records.js';
import { seal } from '../../electron/vault/seal.js';
import { confStores, type KeyValueStore, type StoreFactory } from '../../electron/vault/store.js';
import { Vault, type NewCertificate } from '../../electron/vault/vault.js';

export const FIXTURE_PASSPHRASE = 'vault fixture passphrase';
const crypto = globalThis.crypto;

export function openVault(dir: string, stores: StoreFactory = confStores(dir)): Vault {
  return new Vault({ stores, crypto });
}

/** A new vault whose header asks for scrypt N=2^14 (the lowest the schema takes), unlocked. */
export async function cheapVault(dir: string): Promise<Vault> {
  const kdf = { ...freshScryptParams(), N: 2 ** 14 };
  const kek = await deriveKeyEncryptionKey(FIXTURE_PASSPHRASE, kdf, crypto);
  const check = await seal(kek, new TextEncoder().encode('certwright vault check v1'), 'certwright:vault-check:v1', crypto);
  await writeFile(join(dir, 'vault.json'), JSON.stringify({ meta: { formatVersion: 2, createdAt: new Date().toISOString(), kdf, check } }), { mode: 0o600 });
  const vault = openVault(dir);
  await vault.unlock(FIXTURE_PASSPHRASE);
  return vault;
}

/** An authority with a real sealed P-256 key and stand-in certificate bytes. */
export async function addAuthority(vault: Vault): Promise<AuthorityRecord> {
  const keys = await generateKeyPair('p256', crypto);
  return vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: randomBytes(64), privateKey: keys.privateKey });
}

/** Stand-in leaves: random bytes for DER, no key (as if signed from a CSR), distinct serials. */
export function fakeCertificates(count: number): NewCertificate[] {
  return Array.from({ length: count }, () => ({ profile: 'client', certificateDer: randomBytes(48), serialNumberHex: randomBytes(16).toString('hex'), keyAlgorithm: null, privateKey: null }));
}

/** Certificate shards on disk: buckets, the pending batch and format-1 shards (not the temporary files of writes cut short). */
export async function certificateFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('certificates-') && n.endsWith('.json')).sort();
}

/**
 * Rewrites the vault's certificates the way format 1 stored them — one `certificates-<authorityId>`
 * shard per authority, records in issue order, no `seq` — and marks the header format 1.
 */
export async function toFormat1(dir: string): Promise<void> {
  const records: Array<Record<string, unknown> & { seq: number; authorityId: string; id: string }> = [];
  for (const name of await certificateFiles(dir)) {
    const doc = JSON.parse(await readFile(join(dir, name), 'utf8'));
    records.push(...Object.values(name === 'certificates-batch.json' ? doc.records : doc) as typeof records);
    await rm(join(dir, name));
  }
  const unique = new Map(records.map((r) => [r.id, r]));
  const shards = new Map<string, Record<string, unknown>>();
  for (const { seq: _seq, ...record } of [...unique.values()].sort((a, b) => a.seq - b.seq)) {
    const shard = shards.get(record.authorityId) ?? {};
    shard[record.id] = record;
    shards.set(record.authorityId, shard);
  }
  for (const [authorityId, shard] of shards) await writeFile(join(dir, `certificates-${authorityId}.json`), JSON.stringify(shard), { mode: 0o600 });
  const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'));
  header.meta.formatVersion = 1;
  await writeFile(join(dir, 'vault.json'), JSON.stringify(header), { mode: 0o600 });
}

/** Stores that throw at the `failAt`-th write (1-based; 0: never), as a process dying there would stop. */
export function failingStores(dir: string, failAt: number): { stores: StoreFactory; writes: () => number } {
  const base = confStores(dir);
  let writes = 0;
  const tick = () => {
    writes++;
    if (writes === failAt) throw Object.assign(new Error(`injected failure at write ${failAt}`), { code: 'EIO' });
  };
  const stores: StoreFactory = (name) => {
    const store = base(name);
    const wrapped: KeyValueStore = {
      get: (key) => store.get(key),
      set: ((key: string | Record<string, unknown>, value?: unknown) => {
        tick();
        if (typeof key === 'string') store.set(key, value);
        else store.set(key);
      }) as KeyValueStore['set'],
      has: (key) => store.has(key),
      delete: (key) => {
        tick();
        store.delete(key);
      },
      get store() {
        return store.store;
      },
      set store(value) {
        tick();
        store.store = value;
      },
      get path() {
        return store.path;
      },
    };
    return wrapped;
  };
  return { stores, writes: () => writes };
}

/** Each file's size and version, to tell which files a step rewrote. */
export async function fileVersions(dir: string): Promise<Map<string, { size: number; version: string }>> {
  const out = new Map<string, { size: number; version: string }>();
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name));
    out.set(name, { size: info.size, version: `${info.mtimeMs}:${info.ino}:${info.size}` });
  }
  return out;
}
