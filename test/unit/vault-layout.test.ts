/**
 * The vault's certificate storage at scale (format 3, electron/vault/certificates.ts and files.ts):
 * bucket files, the pending batch, issue order, readers in other processes, a write failing at any
 * of its steps, and the migration from the plain-JSON formats 1 and 2 (electron/vault/migrate.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bucketOf, FOLD_AT_ONCE_BUCKETS } from '../../electron/vault/certificates.js';
import { parseEnvelope } from '../../electron/vault/files.js';
import { openBackend } from '../support/backend.js';
import { addAuthority, certificateFiles, cheapVault, editDoc, fakeCertificates, FIXTURE_PASSPHRASE, fileVersions, forgeDoc, openVault, readDoc, writeLegacyVault } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

async function rejectsWith(promise: Promise<unknown> | (() => unknown), code: string, message?: RegExp) {
  await assert.rejects(
    async () => (typeof promise === 'function' ? promise() : promise),
    (e: { code?: string; message?: string }) => {
      assert.equal(e.code, code, e.message);
      if (message) assert.match(e.message ?? '', message);
      return true;
    },
  );
}

/** Every record id of the vault in list order (authorities oldest first, each in issue order). */
function listed(vault: ReturnType<typeof openVault>): string[] {
  return vault.listAuthorities().flatMap((a) => vault.listCertificates(a.id).map((c) => c.id));
}

async function reopened(dir: string) {
  const vault = openVault(dir);
  await vault.unlock(FIXTURE_PASSPHRASE);
  await vault.fullyVerified();
  return vault;
}

/** Every file in the folder with its bytes. */
async function contents(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) out.set(name, await readFile(join(dir, name)));
  return out;
}

/**
 * Makes the `failAt`-th durable step of the vault fail with EIO, as a full disk or a dying device
 * would: a file's rename into place (the step that makes a write of writeFileDurable visible) or an
 * append to the audit log. Returns how many steps were attempted; `restore` puts node:fs back.
 */
function failingWrites(failAt: number): { steps: () => number; restore: () => void } {
  const original = { renameSync: fs.renameSync, openSync: fs.openSync };
  let steps = 0;
  const step = () => {
    if (++steps === failAt) throw Object.assign(new Error(`EIO: injected failure at step ${failAt}`), { code: 'EIO' });
  };
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    step();
    return original.renameSync(from, to);
  }) as typeof fs.renameSync;
  fs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
    const flags = args[1];
    if (typeof flags === 'number' && (flags & fs.constants.O_APPEND) !== 0) step();
    return original.openSync(...args);
  }) as typeof fs.openSync;
  syncBuiltinESMExports();
  return {
    steps: () => steps,
    restore: () => {
      fs.renameSync = original.renameSync;
      fs.openSync = original.openSync;
      syncBuiltinESMExports();
    },
  };
}

describe('certificate buckets', () => {
  test('issuing one certificate rewrites one bucket — about 1/256 of the inventory — the manifest and the audit log, nothing else', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const backend = openBackend(dir);
    await backend.call('vault.create', { passphrase: 'layout passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Layout Root' } });
    await backend.call('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: Array.from({ length: 1500 }, (_, i) => `svc-${i}`) });
    // A pair spans two buckets: a pending batch of its own, folded at once; the bulk's two batches stay pending.
    await backend.call('certificate.issuePair', { authorityId: root.id, serviceName: 'pair', dnsNames: ['pair.layout.test'], ipAddresses: [] });
    const pendingFiles = async () => (await readdir(dir)).filter((f) => /^certificates-batch(-\d+)?\.cwv$/.test(f)).map((f) => f.slice(0, -4));
    const pendingCount = async () => (await Promise.all((await pendingFiles()).map(async (f) => Object.keys((await readDoc(dir, f)).records as object).length))).reduce((a, b) => a + b, 0);
    assert.equal(await pendingCount(), 1500);
    // A change to one of the bulk's records folds every pending batch into the buckets.
    const some = backend.vault.listCertificates(root.id)[700]!;
    backend.vault.updateCertificates(root.id, [{ id: some.id, replacedById: null }]);
    assert.equal(await pendingCount(), 0);
    const before = await fileVersions(dir);
    const { certificate } = await backend.call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'one-more' } });
    const after = await fileVersions(dir);
    const changed = [...after].filter(([name, v]) => before.get(name)?.version !== v.version).map(([name]) => name).sort();
    assert.deepEqual(changed, ['audit.log', `certificates-${bucketOf(certificate.id)}.cwv`, 'manifest.cwv'].sort());
    assert.deepEqual([...before.keys()].filter((name) => !after.has(name)), [], 'no file went away');
    const total = [...after].filter(([name]) => name.startsWith('certificates-')).reduce((sum, [, v]) => sum + v.size, 0);
    const written = after.get(`certificates-${bucketOf(certificate.id)}.cwv`)!.size;
    assert.ok(written < total / 64, `${written} bytes rewritten of ${total}`);
    const manifest = after.get('manifest.cwv')!.size;
    assert.ok(manifest < 64 * 1024, `the manifest is ${manifest} bytes at 1,503 certificates`);
    assert.equal(await pendingCount(), 0);
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
    const used = again.usedSerials(a.id);
    assert.equal([...used.values()].length, fromA.length);
    for (const id of fromA) assert.ok(used.has(again.getCertificate(id).serialNumberHex));
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
    const pending = async () => Object.keys((await readDoc(dir, 'certificates-batch')).records as object).length;
    assert.equal(await pending(), 200);
    // One more in one bucket: written there, the batch stays pending.
    await vault.addCertificates(authority.id, fakeCertificates(1));
    assert.equal(await pending(), 200);
    // Renewal links on a pending record: folded, then the change lands in its bucket.
    const target = bulk[17]!;
    vault.updateCertificates(authority.id, [{ id: target.id, replacedById: bulk[18]!.id, scheduledRevocation: '2030-01-01T00:00:00.000Z' }]);
    assert.equal(await pending(), 0);
    const bucket = await readDoc(dir, `certificates-${bucketOf(target.id)}`);
    assert.equal((bucket[target.id] as { replacedById: string }).replacedById, bulk[18]!.id);
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

  test('a bucket edited by hand is refused as tampered; a damaged record under a valid MAC is reported, not dropped', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const [record] = await vault.addCertificates(authority.id, fakeCertificates(1));
    const bucket = `certificates-${bucketOf(record!.id)}`;
    const path = join(dir, `${bucket}.cwv`);
    const pristine = await readFile(path);
    // By hand (without the keys): the file no longer checks. Its first read refuses it, before
    // the background check has come to it; the background check locks the vault.
    await editDoc(dir, bucket, (doc) => (doc[record!.id].profile = 'nonsense'));
    const early = openVault(dir);
    await early.unlock(FIXTURE_PASSPHRASE);
    await rejectsWith(() => early.getCertificate(record!.id), 'VAULT_TAMPERED', new RegExp(`${bucket}\\.cwv`));
    await rejectsWith(early.fullyVerified(), 'VAULT_TAMPERED', new RegExp(`${bucket}\\.cwv`));
    await rejectsWith(() => early.listAuthorities(), 'VAULT_TAMPERED', new RegExp(`${bucket}\\.cwv`));
    await rejectsWith(reopened(dir), 'VAULT_TAMPERED', new RegExp(`${bucket}\\.cwv`));
    // With the keys (a valid MAC, one generation on): the file checks, the record itself does not parse.
    await writeFile(path, pristine);
    await forgeDoc(dir, bucket, (doc) => (doc[record!.id].profile = 'nonsense'));
    const again = await reopened(dir);
    await rejectsWith(() => again.listCertificates(authority.id), 'VAULT_CORRUPT');
    await rejectsWith(() => again.getCertificate(record!.id), 'VAULT_CORRUPT');
  });

  test('big batches each take a pending batch of their own; order, lookups and a fresh reader agree; a change folds them all', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const batches = [];
    for (let i = 0; i < 4; i++) batches.push(await vault.addCertificates(authority.id, fakeCertificates(60)));
    const files = (await readdir(dir)).filter((f) => f.startsWith('certificates-batch')).sort();
    assert.deepEqual(files, ['certificates-batch-1.cwv', 'certificates-batch-2.cwv', 'certificates-batch-3.cwv', 'certificates-batch.cwv']);
    const order = batches.flat().map((r) => r.id);
    assert.deepEqual(listed(vault), order);
    const fresh = await reopened(dir);
    assert.deepEqual(listed(fresh), order);
    assert.equal(fresh.getCertificate(batches[2]![7]!.id).id, batches[2]![7]!.id);
    // A small batch (a pair: ≤ 16 buckets) is folded at once and leaves the big ones pending.
    await fresh.addCertificates(authority.id, fakeCertificates(2));
    assert.equal(Object.keys((await readDoc(dir, 'certificates-batch-2')).records as object).length, 60);
    // A change to a pending record folds every pending batch.
    fresh.updateCertificates(authority.id, [{ id: batches[1]![0]!.id, replacedById: batches[3]![0]!.id }]);
    for (const file of files) assert.deepEqual((await readDoc(dir, file.slice(0, -4))).records, {}, file);
    const last = await reopened(dir);
    assert.equal(listed(last).length, 242);
    assert.equal(last.getCertificate(batches[1]![0]!.id).replacedById, batches[3]![0]!.id);
  });

  test('scheduled revocations come from a small index, each confirmed by its record; a vault without the index gets one at unlock', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    const records = await vault.addCertificates(authority.id, fakeCertificates(40));
    const soon = '2020-01-01T00:00:00.000Z';
    const later = '2999-01-01T00:00:00.000Z';
    vault.updateCertificates(authority.id, [{ id: records[3]!.id, scheduledRevocation: soon }, { id: records[9]!.id, scheduledRevocation: later }, { id: records[20]!.id, scheduledRevocation: soon }]);
    assert.deepEqual(await readDoc(dir, 'scheduled-revocations'), { [records[3]!.id]: soon, [records[9]!.id]: later, [records[20]!.id]: soon });
    assert.deepEqual(vault.dueScheduledRevocations(new Date('2026-01-01T00:00:00Z')).map((r) => r.id), [records[3]!.id, records[20]!.id]);
    // Cleared: out of the index too.
    vault.updateCertificates(authority.id, [{ id: records[3]!.id, scheduledRevocation: null }]);
    assert.deepEqual(Object.keys(await readDoc(dir, 'scheduled-revocations')).sort(), [records[9]!.id, records[20]!.id].sort());
    // An entry its record does not confirm — as a crash after the index's write and before the
    // record's leaves it, one generation ahead of the manifest — is passed over.
    await forgeDoc(dir, 'scheduled-revocations', (doc) => (doc[records[5]!.id] = soon));
    assert.deepEqual((await reopened(dir)).dueScheduledRevocations(new Date('2026-01-01T00:00:00Z')).map((r) => r.id), [records[20]!.id]);
    // Without the index (a vault from before it): built at the next unlock, from the records.
    const manifestless = await tempDir();
    const old = await cheapVault(manifestless);
    const ca = await addAuthority(old);
    const [a] = await old.addCertificates(ca.id, fakeCertificates(3));
    old.updateCertificates(ca.id, [{ id: a!.id, scheduledRevocation: soon }]);
    await fs.promises.rm(join(manifestless, 'scheduled-revocations.cwv'));
    await forgeDoc(manifestless, 'manifest', (doc) => delete doc.files['scheduled-revocations']);
    const reopenedOld = await reopened(manifestless);
    assert.deepEqual(await readDoc(manifestless, 'scheduled-revocations'), { [a!.id]: soon });
    assert.deepEqual(reopenedOld.dueScheduledRevocations(new Date()).map((r) => r.id), [a!.id]);
  });

  test('the background check: fullyVerified resolves once every shard is checked; a lock first ends it (VAULT_LOCKED), and a fresh unlock starts it again', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const authority = await addAuthority(vault);
    await vault.addCertificates(authority.id, fakeCertificates(300));
    const a = openVault(dir);
    await a.unlock(FIXTURE_PASSPHRASE);
    a.lock();
    await rejectsWith(a.fullyVerified(), 'VAULT_LOCKED');
    await a.unlock(FIXTURE_PASSPHRASE);
    await a.fullyVerified();
    assert.equal(a.listCertificates(authority.id).length, 300);
  });

  for (const [label, size] of [
    ['a small batch (folded at once)', 6],
    ['a big batch after another big one (each in a pending batch of its own)', 40],
  ] as const) {
    test(`${label}: a write failing at any of its steps leaves all of it or none, the vault opens, and it goes on`, { timeout: 180_000 }, async () => {
      const base = await tempDir();
      const vault = await cheapVault(base);
      const authority = await addAuthority(vault);
      await vault.addCertificates(authority.id, fakeCertificates(size > FOLD_AT_ONCE_BUCKETS ? 30 : 3));
      const before = listed(vault);
      const batch = fakeCertificates(size);
      let steps: number;
      for (let failAt = 1; ; failAt++) {
        const dir = await tempDir();
        await cp(base, dir, { recursive: true });
        const crashing = await reopened(dir);
        const faulty = failingWrites(failAt);
        let failed = false;
        try {
          await crashing.addCertificates(authority.id, batch);
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'STORAGE_FAILURE', String(error));
          failed = true;
        } finally {
          faulty.restore();
        }
        steps = faulty.steps();
        // A fresh instance, as after a restart: every file checks at unlock.
        const after = await reopened(dir);
        const ids = listed(after);
        assert.deepEqual(ids.slice(0, before.length), before, `step ${failAt}: what was there stays`);
        assert.ok(ids.length === before.length || ids.length === before.length + size, `step ${failAt}: ${ids.length - before.length} of ${size} landed`);
        if (!failed) assert.equal(ids.length, before.length + size);
        for (const file of await certificateFiles(dir)) assert.ok(parseEnvelope(await readFile(join(dir, file), 'utf8')), `${file} is a whole vault file`);
        assert.equal(after.verifyAudit().ok, true, `step ${failAt}: the audit log verifies`);
        // The audit log records every use of a CA key: a batch that landed has its entries.
        const audited = new Set(after.auditEntries({ kinds: ['certificate.issued', 'csr.signed'], limit: 1000 }).entries.map((e) => e.details.certificateId));
        assert.deepEqual(ids.filter((id) => !audited.has(id)), [], `step ${failAt}: every record held has its audit entry`);
        // And it goes on: one more batch and one more record land.
        await after.addCertificates(authority.id, fakeCertificates(size));
        await after.addCertificates(authority.id, fakeCertificates(1));
        const last = await reopened(dir);
        assert.equal(listed(last).length, ids.length + size + 1);
        assert.equal(last.verifyAudit().ok, true);
        if (!failed) break;
      }
      assert.ok(steps >= 3, `${steps} durable steps in the batch`);
    });
  }
});

describe('migration from formats 1 and 2 (plain JSON)', () => {
  /** A legacy vault: two authorities with real roots, `each` stand-in records apiece, the records in issue order. */
  async function legacyVault(format: 1 | 2, each = 120) {
    const dir = await tempDir();
    const written = await writeLegacyVault(dir, { format, authorities: 2, certificatesEach: each });
    const authorityIds = Object.keys(written.authorities);
    const order = authorityIds.flatMap((id) => written.certificates.filter((c) => c.authorityId === id).map((c) => c.id));
    return { dir, authorityIds, order, certificates: written.certificates };
  }

  const jsonFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const cwvFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.cwv'));

  for (const format of [1, 2] as const) {
    test(`format ${format}: records move in order, keys open, old files go, settings and CRL numbers carry over, the audit log says so`, { timeout: 60_000 }, async () => {
      const { dir, authorityIds, order } = await legacyVault(format);
      const vault = await reopened(dir);
      assert.equal(vault.unlockTimings?.migratedRecords, order.length);
      assert.deepEqual(vault.listAuthorities().map((a) => a.id), authorityIds);
      assert.deepEqual(listed(vault), order);
      assert.equal(vault.getCertificate(order[60]!).authorityId, authorityIds[0]);
      // Keys open under the new key hierarchy, checked against their certificates, and sign.
      for (const id of authorityIds) {
        const key = await vault.signingKey(id);
        const data = new TextEncoder().encode(`migrated ${id}`);
        const signature = await globalThis.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
        const { X509Certificate } = await import('@peculiar/x509');
        const publicKey = await new X509Certificate(Buffer.from(vault.getAuthority(id).certificateDerB64!, 'base64')).publicKey.export(globalThis.crypto);
        assert.ok(await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data), `authority ${id} signs with its own key`);
      }
      assert.deepEqual(await jsonFiles(dir), [], 'the old files are gone');
      assert.equal((await readDoc(dir, 'vault')).formatVersion, 3);
      assert.ok((await certificateFiles(dir)).every((f) => /^certificates-([0-9a-f]{2}|batch)\.cwv$/.test(f)));
      const settings = vault.appSettings();
      assert.equal(settings.expiry.warningDays, 21);
      assert.equal(settings.expiry.urgentDays, 5);
      for (const id of authorityIds) assert.equal(vault.revocations(id).lastCrlNumber, 3, 'the last CRL number carries over');
      const migrated = vault.auditEntries({ kinds: ['vault.migrated'] });
      assert.equal(migrated.total, 1);
      assert.equal(migrated.entries[0]!.details.fromFormat, format);
      assert.equal(migrated.entries[0]!.details.certificates, order.length);
      assert.equal(vault.verifyAudit().ok, true);
      // The next write and the next opening go on from there; nothing migrates twice.
      const [added] = await vault.addCertificates(authorityIds[1]!, fakeCertificates(1));
      const again = await reopened(dir);
      assert.equal(again.unlockTimings?.migratedRecords, 0);
      assert.deepEqual(listed(again), [...order, added!.id]);
      assert.equal(again.auditEntries({ kinds: ['vault.migrated'] }).total, 1);
    });
  }

  test('format 2: a record in the pending batch wins over its bucket copy, and is moved once', async () => {
    const { dir, order } = await legacyVault(2, 30);
    const id = order[7]!;
    const bucketFile = join(dir, `certificates-${id.slice(0, 2)}.json`);
    const bucket = JSON.parse(await readFile(bucketFile, 'utf8'));
    const newer = { ...bucket[id], scheduledRevocation: '2031-02-03T00:00:00.000Z' };
    await writeFile(join(dir, 'certificates-batch.json'), JSON.stringify({ generation: 2, records: { [id]: newer } }));
    const vault = await reopened(dir);
    assert.deepEqual(listed(vault), order);
    assert.equal(vault.getCertificate(id).scheduledRevocation, '2031-02-03T00:00:00.000Z');
  });

  test('a wrong passphrase migrates nothing: the old files are byte-identical and no format-3 file appears', async () => {
    const { dir, order } = await legacyVault(2);
    const before = await contents(dir);
    await rejectsWith(openVault(dir).unlock('not the passphrase'), 'WRONG_PASSPHRASE');
    const after = await contents(dir);
    for (const [name, bytes] of before) assert.deepEqual(after.get(name), bytes, `${name} is untouched`);
    // Only the count of failed unlocks may be new (it goes into the audit log once the vault opens).
    const added = [...after.keys()].filter((name) => !before.has(name));
    assert.ok(added.every((name) => name === 'unlock-failures.log'), added.join(' '));
    assert.deepEqual(await cwvFiles(dir), []);
    assert.ok(!after.has('audit.log'));
    // The right passphrase still migrates it, and the failure is not lost.
    const vault = await reopened(dir);
    assert.deepEqual(listed(vault), order);
    const again = await reopened(dir);
    assert.equal(again.auditEntries({ kinds: ['vault.unlockFailed'] }).entries[0]?.details.count, 1);
  });

  test('old files left after the commit (a crash before they were removed) go at the next unlock, without duplicates', async () => {
    const { dir, authorityIds, order } = await legacyVault(2);
    const oldFiles = new Map<string, Buffer>();
    for (const name of await jsonFiles(dir)) oldFiles.set(name, await readFile(join(dir, name)));
    const first = await reopened(dir);
    assert.deepEqual(listed(first), order);
    assert.deepEqual(await jsonFiles(dir), []);
    // As if the migrating process died after writing the header, before removing the old files.
    for (const [name, bytes] of oldFiles) await writeFile(join(dir, name), bytes, { mode: 0o600 });
    const vault = await reopened(dir);
    assert.equal(vault.unlockTimings?.migratedRecords, 0);
    assert.deepEqual(listed(vault), order);
    assert.deepEqual(await jsonFiles(dir), [], 'the leftovers are removed');
    assert.equal(vault.auditEntries({ kinds: ['vault.migrated'] }).total, 1);
    for (const id of authorityIds) await vault.signingKey(id);
    assert.deepEqual(listed(await reopened(dir)), order);
  });

  test('a crash at any point of the old files\' removal, in any directory order: the rest go at the next unlock', { timeout: 120_000 }, async () => {
    const { dir: base, order } = await legacyVault(2, 10);
    const count = (await jsonFiles(base)).length;
    // Directory order depends on the file system (and on the vault's history): try it as listed here and reversed.
    for (const reversed of [false, true]) {
      for (let dieAt = 1; dieAt <= count; dieAt++) {
        const dir = await tempDir();
        await cp(base, dir, { recursive: true });
        // The migrating process dies at its dieAt-th removal.
        const { unlinkSync, readdirSync } = fs;
        let removed = 0;
        fs.unlinkSync = ((path: fs.PathLike) => {
          if (String(path).endsWith('.json') && ++removed === dieAt) throw Object.assign(new Error('killed'), { code: 'EIO' });
          return unlinkSync(path);
        }) as typeof fs.unlinkSync;
        fs.readdirSync = ((path: fs.PathLike, options?: unknown) => {
          const names = (readdirSync as (path: fs.PathLike, options?: unknown) => unknown[])(path, options);
          return reversed && String(path) === dir ? [...names].reverse() : names;
        }) as unknown as typeof fs.readdirSync;
        syncBuiltinESMExports();
        try {
          await openVault(dir).unlock(FIXTURE_PASSPHRASE);
        } catch {
          /* died while removing */
        } finally {
          Object.assign(fs, { unlinkSync, readdirSync });
          syncBuiltinESMExports();
        }
        const where = `died at removal ${dieAt} of ${count}${reversed ? ', directory listed the other way round' : ''}`;
        const vault = await reopened(dir);
        assert.deepEqual(listed(vault), order, where);
        assert.deepEqual(await jsonFiles(dir), [], `${where}: no plain-JSON copy of the records (nor the old sealed keys) stays in the vault folder`);
      }
    }
  });

  test('a damaged legacy sealed key refuses the migration as tampered and leaves the old vault intact', async () => {
    const { dir, authorityIds } = await legacyVault(1, 20);
    const file = join(dir, 'authorities.json');
    const pristine = await readFile(file, 'utf8');
    const [a, b] = authorityIds as [string, string];
    const damaged = JSON.parse(pristine);
    const ciphertext = Buffer.from(damaged[b].sealedKey.ciphertextB64, 'base64');
    ciphertext[5]! ^= 0x01;
    damaged[b].sealedKey.ciphertextB64 = ciphertext.toString('base64');
    await writeFile(file, JSON.stringify(damaged));
    const before = await contents(dir);
    await rejectsWith(openVault(dir).unlock(FIXTURE_PASSPHRASE), 'VAULT_TAMPERED', new RegExp(b));
    assert.deepEqual(await contents(dir), before, 'nothing was written or removed');
    assert.deepEqual(await cwvFiles(dir), []);
    // Two sealed keys swapped between authorities: refused the same way.
    const swapped = JSON.parse(pristine);
    [swapped[a].sealedKey, swapped[b].sealedKey] = [swapped[b].sealedKey, swapped[a].sealedKey];
    await writeFile(file, JSON.stringify(swapped));
    const beforeSwap = await contents(dir);
    await rejectsWith(openVault(dir).unlock(FIXTURE_PASSPHRASE), 'VAULT_TAMPERED');
    assert.deepEqual(await contents(dir), beforeSwap);
    assert.deepEqual(await cwvFiles(dir), []);
  });
});
