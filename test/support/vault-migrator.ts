/**
 * Child process for the migration crash test: opens the vault in argv[2] with the real store and
 * lock, says "ready", unlocks (which migrates a format-1 vault), then says "done <records moved>".
 */
import { fileLock } from '../../electron/vault/lock.js';
import { confStores } from '../../electron/vault/store.js';
import { Vault } from '../../electron/vault/vault.js';

const [dir, passphrase] = [process.argv[2]!, process.argv[3]!];
const vault = new Vault({ stores: confStores(dir), lock: fileLock(dir), crypto: globalThis.crypto });
process.stdout.write('ready\n');
await vault.unlock(passphrase);
process.stdout.write(`done ${vault.unlockTimings?.migratedRecords ?? 0}\n`);
