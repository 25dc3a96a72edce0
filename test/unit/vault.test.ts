import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { confStores } from '../../electron/vault/store.js';
import { Vault } from '../../electron/vault/vault.js';
import { tempDir } from '../support/temp.js';

const crypto = globalThis.crypto;
const PASSPHRASE = 'correct horse battery staple';

function openVault(dir: string) {
  return new Vault({ stores: confStores(dir), crypto });
}

async function newRoot(keyAlgorithm: 'p256' | 'ed25519' | 'rsa2048' = 'p256') {
  return createRootAuthority({ subject: { commonName: 'Vault Test Root' }, keyAlgorithm, validityDays: 30, pathLength: null, now: new Date() }, crypto);
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

async function rejectsWith(promise: Promise<unknown> | (() => unknown), code: string) {
  await assert.rejects(async () => (typeof promise === 'function' ? promise() : promise), (e: { code?: string }) => e.code === code);
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

  test('stores the scrypt parameters (N=2^17, r=8, p=1) and a random salt', async () => {
    const dir = await tempDir();
    await openVault(dir).create(PASSPHRASE);
    const meta = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')).meta;
    assert.deepEqual({ N: meta.kdf.N, r: meta.kdf.r, p: meta.kdf.p, name: meta.kdf.name }, { N: 131072, r: 8, p: 1, name: 'scrypt' });
    assert.equal(Buffer.from(meta.kdf.saltB64, 'base64').length, 16);
  });

  test('unlocks with older, stored KDF parameters (so they can be upgraded later)', async () => {
    const { dir, record } = await vaultWithRoot();
    // Re-create the vault header with a cheaper N, as an older version might have written it.
    const { freshScryptParams, deriveKeyEncryptionKey } = await import('../../electron/vault/kdf.js');
    const { seal, open } = await import('../../electron/vault/seal.js');
    const file = join(dir, 'vault.json');
    const meta = JSON.parse(await readFile(file, 'utf8')).meta;
    const oldKek = await deriveKeyEncryptionKey(PASSPHRASE, meta.kdf, crypto);
    const params = { ...freshScryptParams(), N: 2 ** 15 };
    const newKek = await deriveKeyEncryptionKey(PASSPHRASE, params, crypto);
    const check = await seal(newKek, await open(oldKek, meta.check, 'certwright:vault-check:v1', crypto), 'certwright:vault-check:v1', crypto);
    await writeFile(file, JSON.stringify({ meta: { ...meta, kdf: params, check } }));
    const reopened = openVault(dir);
    await reopened.unlock(PASSPHRASE);
    assert.equal(reopened.state(), 'unlocked');
    // The sealed key was sealed under the old KEK, so it must not open under the new one.
    await rejectsWith(reopened.signingKey(record.id), 'VAULT_CORRUPT');
  });

  test('passphrases are Unicode-normalized: composed and decomposed forms unlock alike', async () => {
    const dir = await tempDir();
    await openVault(dir).create('Grüße aus Köln 2026');
    const decomposed = 'Grüße aus Köln 2026'.normalize('NFD');
    assert.notEqual(decomposed, 'Grüße aus Köln 2026');
    await openVault(dir).unlock(decomposed);
  });
});

describe('sealed keys', () => {
  test('round trip: a reopened vault signs with the same key the certificate was made for', async () => {
    const { dir, record, created } = await vaultWithRoot('p256');
    const reopened = openVault(dir);
    await reopened.unlock(PASSPHRASE);
    const key = await reopened.signingKey(record.id);
    assert.equal(key.extractable, false, 'the in-memory key is non-extractable');
    const data = new TextEncoder().encode('proof of possession');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
    const publicKey = await created.certificate.publicKey.export(crypto);
    assert.ok(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data));
    assert.deepEqual(reopened.listAuthorities().map((a) => a.id), [record.id]);
  });

  test('no file in the vault holds the private key in clear', async () => {
    const { dir, vault, record } = await vaultWithRoot('rsa2048');
    const pkcs8 = await vault.exportPrivateKeyPkcs8(record.id);
    const { findKeyMaterial, filesBelow } = await import('../support/key-material.js');
    assert.deepEqual(findKeyMaterial(await filesBelow(dir), [pkcs8]), []);
    // And the finder does find it when it is there (the check itself can fail).
    assert.ok(findKeyMaterial([{ where: 'probe', bytes: Buffer.from(Buffer.from(pkcs8).toString('base64')) }], [pkcs8]).length > 0);
  });

  test('files are owner-only (0600)', async () => {
    const { dir } = await vaultWithRoot();
    for (const name of await readdir(dir)) {
      assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, name);
    }
  });

  test('a wrong passphrase says so and changes nothing on disk', async () => {
    const { dir } = await vaultWithRoot();
    const before = await snapshot(dir);
    const vault = openVault(dir);
    await rejectsWith(vault.unlock('not the passphrase at all'), 'WRONG_PASSPHRASE');
    assert.equal(vault.state(), 'locked');
    assert.deepEqual(await snapshot(dir), before);
  });

  test('tampered ciphertext is rejected, not decrypted', async () => {
    const { dir, record } = await vaultWithRoot();
    const file = join(dir, 'authorities.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const bytes = Buffer.from(doc[record.id].sealedKey.ciphertextB64, 'base64');
    bytes[10]! ^= 0x01;
    doc[record.id].sealedKey.ciphertextB64 = bytes.toString('base64');
    await writeFile(file, JSON.stringify(doc));
    const vault = openVault(dir);
    await vault.unlock(PASSPHRASE);
    await rejectsWith(vault.signingKey(record.id), 'VAULT_CORRUPT');
  });

  test('a sealed key moved to another record does not open there (record id is bound as associated data)', async () => {
    const { dir, vault, record } = await vaultWithRoot();
    const other = await newRoot();
    const second = await vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: new Uint8Array(other.certificate.rawData), privateKey: other.privateKey });
    const file = join(dir, 'authorities.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc[second.id].sealedKey = doc[record.id].sealedKey;
    await writeFile(file, JSON.stringify(doc));
    const reopened = openVault(dir);
    await reopened.unlock(PASSPHRASE);
    await rejectsWith(reopened.signingKey(second.id), 'VAULT_CORRUPT');
    await reopened.signingKey(record.id);
  });

  test('a damaged record is reported, not silently dropped', async () => {
    const { dir } = await vaultWithRoot();
    const file = join(dir, 'authorities.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc[Object.keys(doc)[0]!].certificateDerB64 = 42;
    await writeFile(file, JSON.stringify(doc));
    const vault = openVault(dir);
    await vault.unlock(PASSPHRASE);
    await rejectsWith(() => vault.listAuthorities(), 'VAULT_CORRUPT');
  });

  test('a file that is not JSON is an error, and the file is left as it was', async () => {
    const { dir } = await vaultWithRoot();
    const file = join(dir, 'authorities.json');
    await writeFile(file, '{"truncated": ');
    assert.throws(() => openVault(dir), (e: { code?: string }) => e.code === 'VAULT_CORRUPT');
    assert.equal(await readFile(file, 'utf8'), '{"truncated": ');
  });
});
