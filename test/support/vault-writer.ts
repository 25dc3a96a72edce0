/**
 * Child process for the crash and concurrency tests (test/unit/vault-crash.test.ts). Lines go out with
 * writeSync on fd 1, so a line the parent reads names a write that had returned (acknowledged).
 *
 *   app DIR PASSPHRASE OPS AUTHORITY_IDS LABEL
 *       The app's side: the real handlers behind the real router and file lock (backend.ts). OPS
 *       times, a random mix over the authorities (comma-separated ids) of
 *         certificate.issue                          → `issued <authorityId> <id> <serial>`
 *         certificate.revoke of one it issued        → `revoked <authorityId> <serial>`, `crl <authorityId> <n>`
 *         authority.publishCrl                       → `crl <authorityId> <n>` (the authority's CRL now)
 *       A VAULT_BUSY refusal is printed as `busy` (not acknowledged: tried again); any other
 *       refusal as `failed <code> <message>`. Prints `done` at the end.
 *
 *   passphrase DIR CURRENT NEXT
 *       Unlocks with CURRENT (cheap scrypt for the new header too), prints `ready`, changes the
 *       passphrase to NEXT, prints `changed`.
 */
import { writeSync } from 'node:fs';

const say = (line: string) => writeSync(1, `${line}\n`);
const [mode, dir] = [process.argv[2], process.argv[3]!];

// Each mode imports only what it uses: a child that starts quickly leaves more of the test to the writes.
if (mode === 'passphrase') {
  const [{ fileLock }, { Vault }] = await Promise.all([import('../../electron/vault/lock.js'), import('../../electron/vault/vault.js')]);
  /** As test/support/vault-fixtures.ts's CHEAP_SCRYPT_N (not imported: it loads the certificate engine). */
  const CHEAP_SCRYPT_N = 2 ** 14;
  const [current, next] = [process.argv[4]!, process.argv[5]!];
  const vault = new Vault({ directory: dir, lock: fileLock(dir), crypto: globalThis.crypto, scryptN: CHEAP_SCRYPT_N });
  await vault.unlock(current);
  say('ready');
  await vault.changePassphrase(current, next);
  say('changed');
} else if (mode === 'app') {
  const [{ openBackend }, { normalizeSerial }] = await Promise.all([import('./backend.js'), import('../../electron/vault/revocations.js')]);
  const [passphrase, opsText, idsText, label, holdText] = [process.argv[4]!, process.argv[5]!, process.argv[6]!, process.argv[7]!, process.argv[8]];
  // With a number: after that many writes, take the vault lock, say "holding" and keep it until killed
  // (the test SIGKILLs a holder for certain, not only when a poll happens to catch one).
  const holdAfter = holdText === undefined ? -1 : Number(holdText);
  const authorities = idsText.split(',');
  const backend = openBackend(dir);
  await backend.call('vault.unlock', { passphrase });
  const mine: Array<{ id: string; authorityId: string }> = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
  for (let op = 0; op < Number(opsText); ) {
    if (op === holdAfter) {
      const { fileLock } = await import('../../electron/vault/lock.js');
      fileLock(dir).withLock(() => {
        say('holding');
        const sleeper = new Int32Array(new SharedArrayBuffer(4));
        for (;;) Atomics.wait(sleeper, 0, 0, 1000);
      });
    }
    const roll = Math.random();
    const authorityId = pick(authorities);
    try {
      if (roll < 0.5 || mine.length === 0) {
        const { certificate } = await backend.call('certificate.issue', { authorityId, profile: 'client', subject: { commonName: `${label}-${op}` } });
        mine.push({ id: certificate.id, authorityId });
        say(`issued ${authorityId} ${certificate.id} ${normalizeSerial(certificate.serialNumberHex)}`);
      } else if (roll < 0.75) {
        const target = mine.splice(Math.floor(Math.random() * mine.length), 1)[0]!;
        const result = await backend.call('certificate.revoke', { ids: [target.id], reason: 'keyCompromise' });
        for (const revoked of result.revoked) say(`revoked ${revoked.authorityId} ${normalizeSerial(revoked.serialNumberHex)}`);
        for (const crl of result.crls) say(`crl ${crl.authorityId} ${crl.number}`);
      } else {
        const detail = await backend.call('authority.publishCrl', { id: authorityId });
        say(`crl ${authorityId} ${detail.number}`);
      }
      op++;
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      say(code === 'VAULT_BUSY' ? 'busy' : `failed ${code} ${message}`);
      if (code !== 'VAULT_BUSY') op++;
    }
  }
  say('done');
} else {
  throw new Error(`vault-writer: unknown mode ${mode}`);
}
