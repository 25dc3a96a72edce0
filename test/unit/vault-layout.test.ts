/**
 * The vault's certificate storage at scale (format 2, electron/vault/certificates.ts): bucket shards,
 * the pending batch, issue order, readers in other processes, and the migration from format 1.
 */
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bucketOf, FOLD_AT_ONCE_BUCKETS } from '../../electron/vault/certificates.js';
import { openBackend } from '../support/backend.js';
import { addAuthority, certificateFiles, cheapVault, fakeCertificates, failingStores, FIXTURE_PASSPHRASE, fileVersions, openVault, toFormat1 } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

async function rejectsWith(promise: Promise<unknown> | (() => unknown), code: string) {
  await assert.rejects(async () => (typeof promise === 'function' ? promise() : promise), (e: { code?: string }) => e.code === code);
}

/** Every record id of the vault in list order (authorities oldest first, each in issue order). */
function listed(vault: ReturnType<typeof openVault>): string[] {
  return vault.listAuthorities().flatMap((a) => vault.listCertificates(a.id).map((c) => c.id));
}

async function reopened(dir: string) {
  const vault = openVault(dir);
  await vault.unlock(FIXTURE_PASSPHRASE);
  return vault;
}

describe('certificate buckets', () => {
  test('issuing one certificate rewrites one bucket — about 1/256 of the inventory — and no other file', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const backend = openBackend(dir);
    await backend.call('vault.create', { passphrase: 'layout passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Layout Root' } });
    await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: 1500 }, (_, i) => `svc-${i}`) });
    // A pair spans two buckets: it folds the bulk batch into the buckets first.
    await backend.call('certificate.issuePair', { authorityId: root.id, serviceName: 'pair', dnsNames: ['pair.layout.test'], ipAddresses: [] });
    const before = await fileVersions(dir);
    const { certificate } = await backend.call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'one-more' } });
    const after = await fileVersions(dir);
    const changed = [...after].filter(([name, v]) => before.get(name)?.version !== v.version).map(([name]) => name);
    assert.deepEqual(changed, [`certificates-${bucketOf(certificate.id)}.json`]);
    const total = [...after].filter(([name]) => name.startsWith('certificates-')).reduce((sum, [, v]) => sum + v.size, 0);
    const written = after.get(changed[0]!)!.size;
    assert.ok(written < total / 64, `${written} bytes rewritten of ${total}`);
    // The pair's fold left the pending batch empty.
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'certificates-batch.json'), 'utf8')).records, {});
    assert.equal((await backend.call('certificate.list')).length, 1503);
  });

  test('records keep their issue order across batches, buckets and reopening; lookups by id find them', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const [a, b] = [await addAuthority(vault), await addAuthority(vault)];
    const expected: string[] = [];
    const add = async (authority: { id: string }, count: number) => {
      const records = await vault.addCertificates(authority.id, fakeCertificates(count));
      return records.map((r) => r.id);
    };
    const fromA = [...(await add(a, 1)), ...(await add(a, 300)), ...(await add(a, 2)), ...(await add(a, 1))];
    const fromB = [...(await add(b, 5)), ...(await add(b, 40))];
    fromA.push(...(await add(a, 3)));
    expected.push(...fromA, ...fromB);
    assert.deepEqual(listed(vault), expected);
    const again = await reopened(dir);
    assert.deepEqual(listed(again), expected);
    for (const id of [fromA[0]!, fromA[150]!, fromB.at(-1)!]) assert.equal(again.getCertificate(id).id, id);
    assert.equal(again.getCertificate(fromB[0]!).authorityId, b.id);
    await rejectsWith(() => again.getCertificate('0'.repeat(32)), 'NOT_FOUND');
    await rejectsWith(() => again.getCertificate('not an id'), 'NOT_FOUND');
    await rejectsWith(() => again.updateCertificates(a.id, [{ id: fromB[0]!, replacedById: fromA[0]! }]), 'NOT_FOUND');
    assert.deepEqual(again.listCertificates('f'.repeat(32)), []);
    assert.equal(again.usedSerials(a.id).size, fromA.length);
  });

  test('records handed out are frozen: changing one cannot change what the vault holds', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const [record] = await vault.addCertificates(authority.id, fakeCertificates(1));
    assert.throws(() => {
      (vault.getCertificate(record!.id) as { replacedById: string | null }).replacedById = 'x';
    }, TypeError);
    assert.throws(() => {
      (vault.getAuthority(authority.id).settings as { crlUrl: string | null }).crlUrl = 'x';
    }, TypeError);
  });

  test('a big batch stays pending until a write needs it folded; a change to one of its records folds it first', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const bulk = await vault.addCertificates(authority.id, fakeCertificates(200));
    const pending = () => readFile(join(dir, 'certificates-batch.json'), 'utf8').then((t) => Object.keys(JSON.parse(t).records).length);
    assert.equal(await pending(), 200);
    // One more in one bucket: written there, the batch stays pending.
    await vault.addCertificates(authority.id, fakeCertificates(1));
    assert.equal(await pending(), 200);
    // Renewal links on a pending record: folded, then the change lands in its bucket.
    const target = bulk[17]!;
    vault.updateCertificates(authority.id, [{ id: target.id, replacedById: bulk[18]!.id, scheduledRevocation: '2030-01-01T00:00:00.000Z' }]);
    assert.equal(await pending(), 0);
    const bucket = JSON.parse(await readFile(join(dir, `certificates-${bucketOf(target.id)}.json`), 'utf8'));
    assert.equal(bucket[target.id].replacedById, bulk[18]!.id);
    const again = await reopened(dir);
    assert.equal(again.getCertificate(target.id).scheduledRevocation, '2030-01-01T00:00:00.000Z');
    assert.equal(again.listCertificates(authority.id).length, 201);
    // Links across many buckets: one write of the pending shard.
    again.updateCertificates(authority.id, bulk.slice(0, 50).map((r) => ({ id: r.id, scheduledRevocation: null })));
    assert.equal(await pending(), 50);
    assert.equal((await reopened(dir)).getCertificate(target.id).scheduledRevocation, null);
  });

  test('a change is seen at once by the instance that made it, within the same synchronous run', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const [record] = await vault.addCertificates(authority.id, fakeCertificates(1));
    // Read first, so this run has seen the files' versions; then change them; then read again.
    vault.listAuthorities();
    vault.listCertificates(authority.id);
    vault.updateAuthority(authority.id, { settings: { ...authority.settings, defaultValidityDays: 7 } });
    assert.equal(vault.getAuthority(authority.id).settings.defaultValidityDays, 7);
    assert.equal(vault.listAuthorities()[0]!.settings.defaultValidityDays, 7);
    vault.updateCertificates(authority.id, [{ id: record!.id, scheduledRevocation: '2031-01-01T00:00:00.000Z' }]);
    assert.equal(vault.listCertificates(authority.id)[0]!.scheduledRevocation, '2031-01-01T00:00:00.000Z');
    assert.equal(vault.getCertificate(record!.id).scheduledRevocation, '2031-01-01T00:00:00.000Z');
  });

  test('another process sees new records and changes; an unchanged vault is not read again', async () => {
    const dir = await tempDir();
    const mine = await cheapVault(dir);
    const authority = await addAuthority(mine);
    await mine.addCertificates(authority.id, fakeCertificates(30));
    const theirs = await reopened(dir);
    assert.equal(theirs.listCertificates(authority.id).length, 30);
    const first = theirs.listCertificates(authority.id)[0]!;
    const added = await mine.addCertificates(authority.id, fakeCertificates(1));
    mine.updateCertificates(authority.id, [{ id: first.id, replacedById: added[0]!.id }]);
    await mine.addCertificates(authority.id, fakeCertificates(100));
    await new Promise((resolve) => setImmediate(resolve));
    const seen = theirs.listCertificates(authority.id);
    assert.equal(seen.length, 131);
    assert.equal(seen[0]!.replacedById, added[0]!.id);
    assert.equal(theirs.getCertificate(added[0]!.id).id, added[0]!.id);
    // Unchanged files: the same (shared) records come back.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(theirs.listCertificates(authority.id)[5], seen[5]);
  });

  test('a damaged record in a bucket is reported, not dropped', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const [record] = await vault.addCertificates(authority.id, fakeCertificates(1));
    const file = join(dir, `certificates-${bucketOf(record!.id)}.json`);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc[record!.id].profile = 'nonsense';
    await writeFile(file, JSON.stringify(doc));
    const again = await reopened(dir);
    await rejectsWith(() => again.listCertificates(authority.id), 'VAULT_CORRUPT');
    await rejectsWith(() => again.getCertificate(record!.id), 'VAULT_CORRUPT');
  });

  for (const [label, size] of [
    ['a small batch (folded at once)', 6],
    ['a big batch after another big one (which it folds first)', 40],
  ] as const) {
    test(`${label}: a crash at any of its writes leaves all of it or none, and the vault goes on`, { timeout: 120_000 }, async () => {
      const base = await tempDir();
      const vault = await cheapVault(base);
      const authority = await addAuthority(vault);
      await vault.addCertificates(authority.id, fakeCertificates(size > FOLD_AT_ONCE_BUCKETS ? 30 : 3));
      const before = listed(vault);
      const batch = fakeCertificates(size);
      for (let failAt = 1; ; failAt++) {
        const dir = await tempDir();
        await cp(base, dir, { recursive: true });
        const faulty = failingStores(dir, failAt);
        const crashing = openVault(dir, faulty.stores);
        await crashing.unlock(FIXTURE_PASSPHRASE);
        let crashed = false;
        try {
          await crashing.addCertificates(authority.id, batch);
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'STORAGE_FAILURE');
          crashed = true;
        }
        const after = await reopened(dir);
        const ids = listed(after);
        assert.deepEqual(ids.slice(0, before.length), before, `write ${failAt}: what was there stays`);
        assert.ok(ids.length === before.length || ids.length === before.length + size, `write ${failAt}: ${ids.length - before.length} of ${size} landed`);
        if (!crashed) assert.equal(ids.length, before.length + size);
        for (const file of await certificateFiles(dir)) {
          const text = await readFile(join(dir, file), 'utf8');
          assert.doesNotThrow(() => JSON.parse(text), file);
        }
        // And it goes on: one more batch and one more record land.
        await after.addCertificates(authority.id, fakeCertificates(size));
        await after.addCertificates(authority.id, fakeCertificates(1));
        assert.equal(listed(await reopened(dir)).length, ids.length + size + 1);
        if (!crashed) break;
      }
    });
  }
});

describe('migration from format 1 (one certificates-<authorityId> shard per authority)', () => {
  /** A format-1 vault with two authorities, 120 + 15 records, a sealed key among them. */
  async function format1Vault() {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const a = await addAuthority(vault);
    const b = await addAuthority(vault);
    const { generateKeyPair } = await import('../../electron/engine/keys.js');
    const keys = await generateKeyPair('p256', globalThis.crypto);
    const withKey = await vault.addCertificates(a.id, [{ profile: 'server', certificateDer: new Uint8Array([1, 2, 3]), serialNumberHex: '01', keyAlgorithm: 'p256', privateKey: keys.privateKey }]);
    await vault.addCertificates(a.id, fakeCertificates(100));
    await vault.addCertificates(b.id, fakeCertificates(15));
    await vault.addCertificates(a.id, fakeCertificates(19));
    const order = listed(vault);
    const pkcs8 = await vault.exportPrivateKeyPkcs8(withKey[0]!.id);
    await toFormat1(dir);
    assert.deepEqual((await certificateFiles(dir)).sort(), [`certificates-${a.id}.json`, `certificates-${b.id}.json`].sort());
    return { dir, a, b, order, keyed: withKey[0]!.id, pkcs8 };
  }

  test('an old vault opens: records move to buckets in their order, old shards go, keys still open', async () => {
    const { dir, a, order, keyed, pkcs8 } = await format1Vault();
    const vault = await reopened(dir);
    assert.equal(vault.unlockTimings?.migratedRecords, order.length);
    assert.deepEqual(listed(vault), order);
    const files = await certificateFiles(dir);
    assert.ok(files.every((f) => /^certificates-[0-9a-f]{2}\.json$/.test(f)), files.join(' '));
    assert.equal(JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')).meta.formatVersion, 2);
    assert.deepEqual(await vault.exportPrivateKeyPkcs8(keyed), pkcs8);
    assert.equal(vault.getCertificate(order[60]!).authorityId, a.id);
    // Opening again migrates nothing.
    const again = await reopened(dir);
    assert.equal(again.unlockTimings?.migratedRecords, 0);
    assert.deepEqual(listed(again), order);
  });

  test('a wrong passphrase migrates nothing', async () => {
    const { dir } = await format1Vault();
    const before = await fileVersions(dir);
    await rejectsWith(openVault(dir).unlock('not the passphrase'), 'WRONG_PASSPHRASE');
    assert.deepEqual(await fileVersions(dir), before);
  });

  test('a crash at any write of the migration leaves a vault that opens whole, in order, each record once', { timeout: 300_000 }, async () => {
    const { dir: base, order, keyed, pkcs8 } = await format1Vault();
    let writes: number;
    for (let failAt = 1; ; failAt++) {
      const dir = await tempDir();
      await cp(base, dir, { recursive: true });
      const faulty = failingStores(dir, failAt);
      let crashed = false;
      try {
        await openVault(dir, faulty.stores).unlock(FIXTURE_PASSPHRASE);
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'STORAGE_FAILURE');
        crashed = true;
      }
      writes = faulty.writes();
      const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')).meta;
      assert.equal(header.formatVersion, crashed ? 1 : 2, `write ${failAt}: the version is raised only by the last write`);
      const vault = await reopened(dir);
      assert.deepEqual(listed(vault), order, `write ${failAt}`);
      assert.deepEqual(await vault.exportPrivateKeyPkcs8(keyed), pkcs8);
      assert.ok((await certificateFiles(dir)).every((f) => /^certificates-[0-9a-f]{2}\.json$/.test(f)));
      if (!crashed) break;
    }
    assert.ok(writes > 50, `${writes} writes`);
  });

  test('old shards left after the commit (a crash before they were removed) go at the next unlock, without duplicates', async () => {
    const { dir, a, b, order } = await format1Vault();
    const oldFiles = await Promise.all([a.id, b.id].map(async (id) => [id, await readFile(join(dir, `certificates-${id}.json`))] as const));
    await reopened(dir);
    for (const [id, bytes] of oldFiles) await writeFile(join(dir, `certificates-${id}.json`), bytes, { mode: 0o600 });
    const vault = await reopened(dir);
    assert.deepEqual(listed(vault), order);
    assert.ok((await certificateFiles(dir)).every((f) => /^certificates-[0-9a-f]{2}\.json$/.test(f)));
  });

  test('a damaged record in an old shard still unlocks, and is reported where it is read, as before', async () => {
    const { dir, a, order } = await format1Vault();
    const file = join(dir, `certificates-${a.id}.json`);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc[order[3]!].serialNumberHex = 7;
    await writeFile(file, JSON.stringify(doc));
    const vault = await reopened(dir);
    await rejectsWith(() => vault.listCertificates(a.id), 'VAULT_CORRUPT');
  });
});
