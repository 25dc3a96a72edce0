/**
 * Child process for the crash test: opens (or creates) a vault in argv[2] and adds authorities in a
 * loop, printing a line after each write, until it is killed.
 */
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { fileLock } from '../../electron/vault/lock.js';
import { confStores } from '../../electron/vault/store.js';
import { Vault } from '../../electron/vault/vault.js';

const [dir, passphrase] = [process.argv[2]!, process.argv[3]!];
const crypto = globalThis.crypto;
const vault = new Vault({ stores: confStores(dir), lock: fileLock(dir), crypto });
if (vault.state() === 'uninitialized') await vault.create(passphrase);
else await vault.unlock(passphrase);
for (let i = 0; ; i++) {
  const { certificate, privateKey } = await createRootAuthority(
    { subject: { commonName: `Crash ${i}` }, keyAlgorithm: 'p256', validityDays: 1, pathLength: null, now: new Date() },
    crypto,
  );
  await vault.addAuthority({ kind: 'root', keyAlgorithm: 'p256', certificateDer: new Uint8Array(certificate.rawData), privateKey });
  process.stdout.write(`wrote ${i}\n`);
}
