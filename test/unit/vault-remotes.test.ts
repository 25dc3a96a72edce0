/**
 * The vault's remote authorities (remotes-file.ts, Vault.addRemote): a step-ca server and the
 * authority record of its issuing CA written in one transaction with one audit entry; names unique;
 * the provisioner's key sealed for that record and its public key only.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import type { NewRemote, Vault } from '../../electron/vault/vault.js';
import { cheapVault, FIXTURE_PASSPHRASE, forgeDoc, openVault } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

const crypto = globalThis.crypto;

async function root(commonName: string) {
  return createRootAuthority({ subject: { commonName }, keyAlgorithm: 'p256', validityDays: 30, pathLength: null, now: new Date() }, crypto);
}

/** A remote as Remotes.connect hands it over (the "intermediate" here is any CA certificate: the vault does not judge it). */
async function newRemote(name: string, rootDer: Uint8Array): Promise<NewRemote> {
  const intermediate = await root('Online Intermediate');
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    name,
    urls: ['https://ca1.test:9000', 'https://ca2.test:9000'],
    rootDer,
    provisioner: 'certwright',
    kid: 'kid-1',
    keyAlgorithm: 'p256',
    jwsAlgorithm: 'ES256',
    spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    pkcs8: new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })),
    intermediateDer: new Uint8Array(intermediate.certificate.rawData),
    intermediateKeyAlgorithm: 'p256',
    intermediateSerialHex: intermediate.certificate.serialNumber,
    intermediateCommonName: 'Online Intermediate',
    rootFingerprint: 'ab'.repeat(32),
  };
}

async function vaultWithRoot(): Promise<{ dir: string; vault: Vault; rootId: string; rootDer: Uint8Array }> {
  const dir = await tempDir();
  const vault = await cheapVault(dir);
  const made = await root('Team Root');
  const rootDer = new Uint8Array(made.certificate.rawData);
  const record = await vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: rootDer, privateKey: made.privateKey });
  return { dir, vault, rootId: record.id, rootDer };
}

describe('remote authorities in the vault', () => {
  test('a remote and its issuing CA: one transaction, under the vault root, no key, one audit entry; the key sealed, wiped, and signing', async () => {
    const { vault, rootId, rootDer } = await vaultWithRoot();
    const input = await newRemote('team-ca', rootDer);
    const spki = input.spki;
    const { remote, authority } = await vault.addRemote(input);
    assert.ok(input.pkcs8.every((b) => b === 0), 'the PKCS#8 is wiped once sealed');
    assert.deepEqual(vault.listRemotes().map((r) => r.id), [remote.id]);
    assert.equal(authority.remoteId, remote.id);
    assert.equal(authority.sealedKey, undefined);
    assert.equal(authority.parentId, rootId);
    assert.deepEqual(authority.externalChainDerB64, []);
    assert.equal(remote.authorityId, authority.id);
    assert.equal(vault.getAuthority(authority.id).remoteId, remote.id);
    const [entry] = vault.auditEntries({ kinds: ['remote.connected'] }).entries;
    assert.equal(entry?.authorityId, authority.id);
    assert.equal(entry?.details['urls'], 'https://ca1.test:9000 https://ca2.test:9000');

    const { key } = await vault.remoteProvisionerKey(remote.id);
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode('token')));
    assert.ok(verify('sha256', Buffer.from('token'), { key: Buffer.from(spki), format: 'der', type: 'spki', dsaEncoding: 'ieee-p1363' }, signature));
  });

  test('a name already taken is refused at its field, and nothing is written', async () => {
    const { vault, rootDer } = await vaultWithRoot();
    await vault.addRemote(await newRemote('team-ca', rootDer));
    const before = { remotes: vault.listRemotes().length, authorities: vault.listAuthorities().length, audit: vault.auditEntries({}).total };
    await assert.rejects(vault.addRemote(await newRemote('team-ca', rootDer)), (e: { code?: string; details?: { field?: string } }) => e.code === 'INVALID_INPUT' && e.details?.field === 'name');
    assert.deepEqual({ remotes: vault.listRemotes().length, authorities: vault.listAuthorities().length, audit: vault.auditEntries({}).total }, before);
  });

  test('a root the vault does not hold becomes the issuing CA’s outside chain', async () => {
    const dir = await tempDir();
    const vault = await cheapVault(dir);
    const outside = new Uint8Array((await root('Outside Root')).certificate.rawData);
    const { authority } = await vault.addRemote(await newRemote('other-ca', outside));
    assert.equal(authority.parentId, null);
    assert.deepEqual(authority.externalChainDerB64, [Buffer.from(outside).toString('base64')]);
  });

  test('with the keys, a remote’s public key swapped: its sealed key does not open', async () => {
    const { dir, vault, rootDer } = await vaultWithRoot();
    const { remote } = await vault.addRemote(await newRemote('team-ca', rootDer));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    await forgeDoc(dir, 'remotes', (doc) => (doc[remote.id].spkiDerB64 = other), FIXTURE_PASSPHRASE);
    const reopened = openVault(dir);
    await reopened.unlock(FIXTURE_PASSPHRASE);
    await reopened.fullyVerified();
    await assert.rejects(reopened.remoteProvisionerKey(remote.id), (e: { code?: string; message?: string }) => e.code === 'VAULT_TAMPERED' && /remotes/.test(e.message ?? ''));
  });
});
