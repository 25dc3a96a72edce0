/**
 * The vault's keys and files (format 3): lifecycle, the key hierarchy, sealed keys bound to their
 * record and public key, and tamper evidence — one test per kind of vault file, edited by hand,
 * an entry deleted, rolled back to an older copy, and (with the keys) two sealed keys swapped.
 */
import assert from 'node:assert/strict';
import { copyFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { Vault } from '../../electron/vault/vault.js';
import { editDoc, forgeDoc, readDoc } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

const crypto = globalThis.crypto;
const PASSPHRASE = 'correct horse battery staple';
const CHEAP = 2 ** 14;

function openVault(dir: string, scryptN: number | null = CHEAP) {
  return new Vault({ directory: dir, crypto, ...(scryptN ? { scryptN } : {}) });
}

async function newRoot(keyAlgorithm: 'p256' | 'ed25519' | 'rsa2048' = 'p256', commonName = 'Vault Test Root') {
  return createRootAuthority({ subject: { commonName }, keyAlgorithm, validityDays: 30, pathLength: null, now: new Date() }, crypto);
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

async function vaultWithRoot(keyAlgorithm: 'p256' | 'ed25519' | 'rsa2048' = 'p256') {
  const dir = await tempDir();
  const vault = openVault(dir);
  await vault.create(PASSPHRASE);
  const created = await newRoot(keyAlgorithm);
  const record = await vault.addAuthority({ kind: 'root', keyAlgorithm, certificateDer: new Uint8Array(created.certificate.rawData), privateKey: created.privateKey });
  return { dir, vault, record, created };
}

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

async function reopen(dir: string): Promise<Vault> {
  const vault = openVault(dir);
  await vault.unlock(PASSPHRASE);
  await vault.fullyVerified();
  return vault;
}

/**
 * A fresh instance refuses the vault as tampered, naming the file: at unlock, or — a certificate
 * shard, whose MAC is checked after unlock (docs/vault-format.md, "What is checked when") — by the
 * background check, after which it has locked itself and every call answers VAULT_TAMPERED, and
 * unlocking that instance again checks everything before it opens.
 */
async function refused(dir: string, message: RegExp): Promise<'at unlock' | 'in the background'> {
  const vault = openVault(dir);
  try {
    await vault.unlock(PASSPHRASE);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    assert.equal(e.code, 'VAULT_TAMPERED', e.message);
    assert.match(e.message ?? '', message);
    assert.equal(vault.state(), 'locked');
    return 'at unlock';
  }
  await rejectsWith(vault.fullyVerified(), 'VAULT_TAMPERED', message);
  assert.equal(vault.state(), 'locked');
  await rejectsWith(() => vault.listAuthorities(), 'VAULT_TAMPERED', message);
  await rejectsWith(() => vault.listAllCertificates(), 'VAULT_TAMPERED', message);
  await rejectsWith(vault.unlock(PASSPHRASE), 'VAULT_TAMPERED', message);
  return 'in the background';
}

describe('vault lifecycle', () => {
  test('a new directory is uninitialized; create leaves it unlocked; a new process finds it locked', async () => {
    const dir = await tempDir();
    const vault = openVault(dir);
    assert.equal(vault.state(), 'uninitialized');
    await rejectsWith(vault.unlock(PASSPHRASE), 'VAULT_MISSING');
    await vault.create(PASSPHRASE);
    assert.equal(vault.state(), 'unlocked');
    await rejectsWith(vault.create(PASSPHRASE), 'VAULT_EXISTS');
    assert.equal(openVault(dir).state(), 'locked');
    vault.lock();
    assert.equal(vault.state(), 'locked');
    await rejectsWith(() => vault.listAuthorities(), 'VAULT_LOCKED');
  });

  test('the header holds scrypt N=2^17, r=8, p=1 with a random salt, and only a wrapped master key', async () => {
    const dir = await tempDir();
    await openVault(dir, null).create(PASSPHRASE);
    const header = await readDoc(dir, 'vault');
    const kdf = header.kdf as Record<string, unknown>;
    assert.deepEqual({ N: kdf.N, r: kdf.r, p: kdf.p, name: kdf.name }, { N: 131072, r: 8, p: 1, name: 'scrypt' });
    assert.equal(Buffer.from(String(kdf.saltB64), 'base64').length, 16);
    assert.deepEqual(Object.keys(header).sort(), ['createdAt', 'formatVersion', 'kdf', 'wrappedKey']);
    assert.equal(header.formatVersion, 3);
  });

  test('KDF parameters read from disk are bounded: an edited header cannot make unlocking exhaust memory', async () => {
    const { dir } = await vaultWithRoot();
    for (const kdf of [{ N: 2 ** 24 }, { r: 1024 }, { p: 64 }, { N: 2 ** 20, r: 16 }, { N: 3 * 2 ** 14 }]) {
      const before = await readFile(join(dir, 'vault.cwv'), 'utf8');
      await editDoc(dir, 'vault', (doc) => Object.assign(doc.kdf, kdf));
      const started = Date.now();
      await rejectsWith(openVault(dir).unlock(PASSPHRASE), 'VAULT_TAMPERED', /vault\.cwv asks for key-derivation parameters/);
      assert.ok(Date.now() - started < 1000, `refused at once for ${JSON.stringify(kdf)}`);
      await writeFile(join(dir, 'vault.cwv'), before);
    }
    await reopen(dir);
  });

  test('passphrases are Unicode-normalized: composed and decomposed forms unlock alike', async () => {
    const dir = await tempDir();
    await openVault(dir).create('Grüße aus Köln 2026');
    const decomposed = 'Grüße aus Köln 2026'.normalize('NFD');
    assert.notEqual(decomposed, 'Grüße aus Köln 2026');
    await openVault(dir).unlock(decomposed);
  });

  test('a wrong passphrase says so, changes no vault file, and is counted into the audit log at the next unlock', async () => {
    const { dir } = await vaultWithRoot();
    const vaultFiles = async () => Object.fromEntries(Object.entries(await snapshot(dir)).filter(([name]) => name.endsWith('.cwv') || name === 'audit.log'));
    const before = await vaultFiles();
    const vault = openVault(dir);
    await rejectsWith(vault.unlock('not the passphrase at all'), 'WRONG_PASSPHRASE');
    await rejectsWith(vault.unlock('nor this one either'), 'WRONG_PASSPHRASE');
    assert.equal(vault.state(), 'locked');
    assert.deepEqual(await vaultFiles(), before);
    await vault.unlock(PASSPHRASE);
    const [entry] = vault.auditEntries({ kinds: ['vault.unlockFailed'] }).entries;
    assert.equal(entry?.details.count, 2);
    assert.ok(!(await readdir(dir)).includes('unlock-failures.log'), 'the count moved into the audit log');
  });
});

describe('passphrase change', () => {
  test('re-wraps only the master key: the new passphrase opens, the old one no longer does, keys still sign', async () => {
    const { dir, vault, record } = await vaultWithRoot();
    const before = await snapshot(dir);
    await rejectsWith(vault.changePassphrase('wrong current passphrase', 'a brand new passphrase'), 'WRONG_PASSPHRASE');
    await vault.changePassphrase(PASSPHRASE, 'a brand new passphrase');
    const after = await snapshot(dir);
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]).sort();
    assert.deepEqual(changed, ['audit.log', 'manifest.cwv', 'vault.cwv']);
    await rejectsWith(openVault(dir).unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    const reopened = openVault(dir);
    await reopened.unlock('a brand new passphrase');
    await reopened.signingKey(record.id);
    assert.equal(reopened.auditEntries({ kinds: ['vault.passphraseChanged'] }).total, 1);
  });
});

describe('sealed keys', () => {
  test('round trip: a reopened vault signs with the same key the certificate was made for', async () => {
    const { dir, record, created } = await vaultWithRoot('p256');
    const reopened = await reopen(dir);
    const key = await reopened.signingKey(record.id);
    assert.equal(key.extractable, false, 'the in-memory key is non-extractable');
    const data = new TextEncoder().encode('proof of possession');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
    const publicKey = await created.certificate.publicKey.export(crypto);
    assert.ok(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data));
    assert.deepEqual(reopened.listAuthorities().map((a) => a.id), [record.id]);
  });

  test('no file in the vault holds a private key in clear', async () => {
    const { dir, vault } = await vaultWithRoot('rsa2048');
    const leaf = await newRoot('p256', 'Leaf stand-in');
    const [cert] = await vault.addCertificates(vault.listAuthorities()[0]!.id, [{ profile: 'client', certificateDer: new Uint8Array(leaf.certificate.rawData), serialNumberHex: '01', keyAlgorithm: 'p256', privateKey: leaf.privateKey }]);
    const pkcs8 = await vault.exportPrivateKeyPkcs8(cert!.id);
    const { findKeyMaterial, filesBelow } = await import('../support/key-material.js');
    assert.deepEqual(findKeyMaterial(await filesBelow(dir), [pkcs8]), []);
    // And the finder does find it when it is there (the check itself can fail).
    assert.ok(findKeyMaterial([{ where: 'probe', bytes: Buffer.from(Buffer.from(pkcs8).toString('base64')) }], [pkcs8]).length > 0);
  });

  test('the folder is 0700 and every file 0600', async () => {
    const { dir } = await vaultWithRoot();
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const name of await readdir(dir)) assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, name);
  });

  test('a key is not handed out for an authority: export looks only at certificate records', async () => {
    const { vault, record } = await vaultWithRoot();
    await rejectsWith(vault.exportPrivateKeyPkcs8(record.id), 'NOT_FOUND');
  });

  test('with the keys, two authorities\' sealed keys swapped: neither opens, and nothing signs', async () => {
    const { dir, vault, record } = await vaultWithRoot();
    const other = await newRoot('p256', 'Second Root');
    const second = await vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: new Uint8Array(other.certificate.rawData), privateKey: other.privateKey });
    await forgeDoc(dir, 'authorities', (doc) => {
      [doc[second.id].sealedKey, doc[record.id].sealedKey] = [doc[record.id].sealedKey, doc[second.id].sealedKey];
    }, PASSPHRASE);
    const reopened = await reopen(dir);
    await rejectsWith(reopened.signingKey(second.id), 'VAULT_TAMPERED', /sealed key/);
    await rejectsWith(reopened.signingKey(record.id), 'VAULT_TAMPERED', /sealed key/);
  });

  test('with the keys, an authority\'s certificate swapped for another: its key is not opened for it', async () => {
    const { dir, record } = await vaultWithRoot();
    const other = await newRoot('p256', 'Impostor Root');
    await forgeDoc(dir, 'authorities', (doc) => {
      doc[record.id].certificateDerB64 = Buffer.from(other.certificate.rawData).toString('base64');
    }, PASSPHRASE);
    await rejectsWith((await reopen(dir)).signingKey(record.id), 'VAULT_TAMPERED');
  });

  test('with the keys, a certificate record planted under an authority\'s id with its sealed key exports nothing', async () => {
    const { dir, vault, record } = await vaultWithRoot();
    const authorities = await readDoc(dir, 'authorities');
    const sealed = (authorities[record.id] as { sealedKey: unknown }).sealedKey;
    const [leaf] = await vault.addCertificates(record.id, [{ profile: 'client', certificateDer: new Uint8Array((await newRoot()).certificate.rawData), serialNumberHex: '0a', keyAlgorithm: null, privateKey: null }]);
    const bucket = `certificates-${leaf!.id.slice(0, 2)}`;
    await forgeDoc(dir, bucket, (doc) => {
      const planted = { ...doc[leaf!.id], id: record.id, sealedKey: sealed, keyAlgorithm: 'p256', certificateDerB64: (authorities[record.id] as { certificateDerB64: string }).certificateDerB64 };
      delete doc[leaf!.id];
      if (record.id.slice(0, 2) === leaf!.id.slice(0, 2)) doc[record.id] = planted;
    }, PASSPHRASE);
    const reopened = await reopen(dir);
    await assert.rejects(reopened.exportPrivateKeyPkcs8(record.id), (e: { code?: string }) => e.code === 'NOT_FOUND' || e.code === 'VAULT_TAMPERED');
  });
});

describe('CRLs recorded out of order', () => {
  test('a CRL overtaken by a higher number goes into the history only, and says so (the caller signs a fresh one)', async () => {
    const { vault, record } = await vaultWithRoot();
    const crl = (number: number) => ({ number, thisUpdate: '2026-12-01T00:00:00.000Z', nextUpdate: '2026-12-08T00:00:00.000Z', entries: 0, sha256: String(number) });
    assert.equal(vault.recordCrl(record.id, crl(2), new Uint8Array([2])), true);
    assert.equal(vault.recordCrl(record.id, crl(1), new Uint8Array([1])), false);
    const book = vault.revocations(record.id);
    assert.deepEqual(book.history.map((h) => h.number), [1, 2]);
    assert.equal(book.latestCrlDerB64, Buffer.from([2]).toString('base64'));
    const logged = vault.auditEntries({ kinds: ['crl.published'] }).entries.map((e) => [e.details.number, e.details.latest]);
    assert.deepEqual(logged, [[1, false], [2, true]]);
  });
});

describe('tamper evidence: every kind of vault file', () => {
  /** A vault with every kind of file: authorities, a certificate bucket, revocations, CRLs, trusted CAs, settings. */
  async function fullVault() {
    const { dir, vault, record } = await vaultWithRoot();
    const [leaf] = await vault.addCertificates(record.id, [{ profile: 'client', certificateDer: new Uint8Array((await newRoot()).certificate.rawData), serialNumberHex: '0b', keyAlgorithm: null, privateKey: null }]);
    vault.updateRevocations(record.id, (book) => ({ entries: new Map([...book.entries, ['0b', { serialNumberHex: '0b', reason: 'keyCompromise', revokedAt: '2026-12-01T00:00:00.000Z', invalidityDate: null, certificateId: leaf!.id }]]), lastCrlNumber: 1, result: null }));
    vault.recordCrl(record.id, { number: 1, thisUpdate: '2026-12-01T00:00:00.000Z', nextUpdate: '2026-12-08T00:00:00.000Z', entries: 1, sha256: 'ab' }, new Uint8Array([0x30, 0x00]));
    vault.addTrustedCa(new Uint8Array((await newRoot('p256', 'Outside CA')).certificate.rawData));
    vault.updateAppSettings({ ...vault.appSettings(), security: { autoLockMinutes: 5, backupReminderDays: 3 } });
    const files = {
      authorities: 'authorities',
      certificates: `certificates-${leaf!.id.slice(0, 2)}`,
      revocations: `revocations-${record.id}`,
      crls: `crls-${record.id}`,
      trusted: 'trusted',
      settings: 'settings',
      header: 'vault',
    };
    return { dir, vault, record, leaf: leaf!, files };
  }

  for (const kind of ['authorities', 'certificates', 'revocations', 'crls', 'trusted', 'settings', 'header'] as const) {
    test(`${kind}: an edit, a deleted entry, an older copy and a deleted file are each refused with the file named (at unlock; a certificate bucket's contents just after)`, async () => {
      const { dir, vault, files } = await fullVault();
      const name = files[kind];
      const path = join(dir, `${name}.cwv`);
      const pristine = await readFile(path);
      const older = join(dir, 'older-copy');
      await copyFile(path, older);
      // One more write of that file, so the copy is a real older version.
      if (kind === 'header') await vault.changePassphrase(PASSPHRASE, PASSPHRASE);
      else if (kind === 'settings') vault.updateAppSettings({ ...vault.appSettings(), security: { autoLockMinutes: 6, backupReminderDays: 3 } });
      else if (kind === 'trusted') vault.addTrustedCa(new Uint8Array((await newRoot('p256', 'Another Outside CA')).certificate.rawData));
      else if (kind === 'crls') vault.recordCrl(vault.listAuthorities()[0]!.id, { number: 2, thisUpdate: '2026-12-02T00:00:00.000Z', nextUpdate: '2026-12-09T00:00:00.000Z', entries: 1, sha256: 'cd' }, new Uint8Array([0x30, 0x00]));
      else if (kind === 'revocations') vault.updateRevocations(vault.listAuthorities()[0]!.id, (book) => ({ lastCrlNumber: book.lastCrlNumber + 1, result: null }));
      else if (kind === 'certificates') vault.updateCertificates(vault.listAuthorities()[0]!.id, [{ id: vault.listAllCertificates()[0]!.id, scheduledRevocation: '2027-01-01T00:00:00.000Z' }]);
      else vault.updateAuthority(vault.listAuthorities()[0]!.id, { settings: { ...vault.listAuthorities()[0]!.settings, crlUrl: 'http://crl.example.test/x.crl' } });
      const current = await readFile(path);
      assert.notDeepEqual(current, pristine);
      const attempts: Array<[string, () => Promise<void>]> = [
        ['edited', () => editDoc(dir, name, (doc) => (kind === 'header' ? (doc.createdAt = '2020-01-01T00:00:00.000Z') : (doc.tampered = true)))],
        ['entry deleted', () => editDoc(dir, name, (doc) => {
          const key = kind === 'revocations' ? 'entries' : kind === 'crls' ? 'history' : Object.keys(doc)[0]!;
          if (kind === 'revocations') doc.entries = {};
          else if (kind === 'crls') doc.history = [];
          else delete doc[key];
        })],
        ['rolled back', () => copyFile(older, path)],
        ['deleted', () => rm(path)],
      ];
      for (const [what, tamper] of attempts) {
        await tamper();
        // A certificate bucket's MAC is checked after unlock; that it is there, at unlock.
        const when = await refused(dir, new RegExp(`${name}\\.cwv.*Restore it from a backup`));
        assert.equal(when, kind === 'certificates' && what !== 'deleted' ? 'in the background' : 'at unlock', `${kind} ${what}`);
        await writeFile(path, current);
        await reopen(dir).catch((error: Error) => assert.fail(`${kind} ${what}: the untouched file opens again (${error.message})`));
      }
    });
  }

  test('the manifest itself: edited, rolled back or deleted, the vault does not open', async () => {
    const { dir, vault, record } = await fullVault();
    const path = join(dir, 'manifest.cwv');
    const older = await readFile(path);
    vault.updateAuthority(record.id, { settings: { ...record.settings, crlUrl: 'http://crl.example.test/y.crl' } });
    vault.updateAuthority(record.id, { settings: { ...record.settings, crlUrl: 'http://crl.example.test/z.crl' } });
    const current = await readFile(path);
    await editDoc(dir, 'manifest', (doc) => (doc.files.authorities = 1));
    await rejectsWith(openVault(dir).unlock(PASSPHRASE), 'VAULT_TAMPERED', /manifest/);
    await writeFile(path, older);
    await rejectsWith(openVault(dir).unlock(PASSPHRASE), 'VAULT_TAMPERED', /authorities\.cwv.*manifest was rolled back/);
    await writeFile(path, current);
    await reopen(dir);
  });

  test('a file copied over another name does not check', async () => {
    const { dir, files } = await fullVault();
    await copyFile(join(dir, `${files.trusted}.cwv`), join(dir, `${files.settings}.cwv`));
    await rejectsWith(openVault(dir).unlock(PASSPHRASE), 'VAULT_TAMPERED', /settings\.cwv holds the contents of trusted\.cwv/);
  });

  test('a tampered vault refuses to sign, publish or export even for an instance already open', async () => {
    const { dir, vault, record, files } = await fullVault();
    await editDoc(dir, files.revocations, (doc) => (doc.entries = {}));
    await rejectsWith(() => vault.revocations(record.id), 'VAULT_TAMPERED', /revocations-/);
  });
});
