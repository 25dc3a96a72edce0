/**
 * Child process for the migration crash test: opens the vault in argv[2] with the real lock, says
 * "ready", unlocks (which migrates a format-1 or format-2 vault to format 3), then says
 * "done <records moved>". Lines go out with writeSync, before the next step starts.
 */
import { writeSync } from 'node:fs';
import { fileLock } from '../../electron/vault/lock.js';
import { Vault } from '../../electron/vault/vault.js';

const [dir, passphrase] = [process.argv[2]!, process.argv[3]!];
const vault = new Vault({ directory: dir, lock: fileLock(dir), crypto: globalThis.crypto });
writeSync(1, 'ready\n');
await vault.unlock(passphrase);
writeSync(1, `done ${vault.unlockTimings?.migratedRecords ?? 0}\n`);
